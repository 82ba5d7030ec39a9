"""The manager's dashboard as figures: for each measure (measures.py), the organisation's figure in a sentence,
its chart per channel (harbour/lib/charts.py `bar_chart`: the drawing and a table with the same numbers)
and where it is fixed. Who sees what: the open concerns by age to everyone who may count concerns
(Capability.COUNT_CONCERNS: managers and the safeguarding leads); everything else to managers
(Capability.MANAGE_CHANNELS), since it is theirs to fix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.channels.models import Channel
from harbour.channels.readiness import POINTS
from harbour.consultation.complaints import open_complaints
from harbour.dashboard import measures
from harbour.lib.charts import BarChart, bar_chart
from harbour.responses.times import WEEKS


@dataclass(frozen=True)
class Link:
    text: str  # a channel's name is typed text: the page isolates it (<bdi>)
    url: str
    detail: str = ""  # words after it, outside the isolation


@dataclass(frozen=True)
class Figure:
    key: str  # the section's id on the page
    heading: str
    summary: str  # the organisation's figure, in a sentence
    charts: tuple[BarChart, ...] = ()
    fix: Link | None = None  # where the figure is fixed
    notes: tuple[str, ...] = ()  # what the figure does not count
    links: tuple[Link, ...] = ()  # the particular things to fix, where a chart does not list them


@dataclass
class Dashboard:
    figures: list[Figure] = field(default_factory=list)
    channels: int = 0
    period: int = measures.PERIOD
    shows_channels: bool = False


def plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _readiness_url(channel: Channel) -> str:
    return reverse("channels:readiness", args=[channel.pk])


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "none"


def readiness_figure(channels, today) -> Figure:
    found = measures.readiness_of(channels, today)
    complete = sum(1 for state in found.values() if state.complete)
    rows = [
        (f"{c.name}: {found[c.pk].done} of {found[c.pk].total}", found[c.pk].done, _readiness_url(c))
        for c in channels
    ]
    total = len(POINTS)
    chart = bar_chart(
        "Readiness checklist points done, by channel",
        rows,
        unit="points done",
        caption=f"Each channel's readiness checklist (the guidance's Points to Consider) has {total} points.",
        scale_to=total,
    )
    missing = [
        Link(
            c.name, _readiness_url(c), f": {found[c.pk].left} {plural(found[c.pk].left, 'point')} to confirm"
        )
        for c in channels
        if not found[c.pk].complete
    ]
    return Figure(
        "readiness",
        "Readiness",
        f"{complete} of {len(channels)} active {plural(len(channels), 'channel')} "
        f"{'has' if len(channels) == 1 else 'have'} every readiness point confirmed and current.",
        (chart,),
        Link("Open the channels", reverse("channels:index")),
        ("A confirmation goes stale after a year, or at the channel's engagement plan review date.",),
        tuple(missing),
    )


def coverage_figure(organisation, channels, today) -> Figure:
    found = measures.coverage_of(organisation, channels, today)
    first, last = measures.period_days(today)
    rows = [
        (
            f"{c.name}: {found[c.pk].signed_off} of {found[c.pk].active_days} {plural(found[c.pk].active_days, 'day')}",
            found[c.pk].share,
            reverse("rota:channel", args=[c.pk]),
        )
        for c in channels
    ]
    signed = sum(f.signed_off for f in found.values())
    active = sum(f.active_days for f in found.values())
    chart = bar_chart(
        "Days signed off on the rota, by channel",
        rows,
        unit="days signed off",
        caption=f"The days from {first:%-d %B} to {last:%-d %B} on which each active channel's queue was "
        "signed off by a moderator on its rota, as a share of the days it was active.",
        suffix="%",
        scale_to=100,
        suppressed="Not active then",
    )
    return Figure(
        "coverage",
        "Moderation coverage",
        f"{signed} of {active} channel {plural(active, 'day')} signed off in the last {measures.PERIOD} days "
        f"({_percent(signed, active)}).",
        (chart,),
        Link("Open the rota", reverse("rota:index")),
        ("Today is not counted until it is over.",),
    )


def responses_figure(by, channels, now) -> Figure:
    found = measures.answers_of(by, channels, now)
    within_rows = [
        (
            (
                f"{c.name}: {found[c.pk].within} of {found[c.pk].answered} within {found[c.pk].promised_hours} "
                f"{plural(found[c.pk].promised_hours, 'hour')}"
            ),
            found[c.pk].share,
            reverse("responses:index") + f"#channel-{c.pk}",
        )
        for c in channels
    ]
    overdue_rows = [
        (c.name, found[c.pk].overdue, reverse("inbox:index") + f"?queue=overdue&channel={c.pk}")
        for c in channels
    ]
    answered = sum(f.answered for f in found.values())
    within = sum(f.within for f in found.values())
    overdue = sum(f.overdue for f in found.values())
    charts = (
        bar_chart(
            "Messages answered within the promised time, by channel",
            within_rows,
            unit="answered in time",
            caption=f"Answers sent from Harbour in the last {WEEKS} weeks, and how many came within the "
            "time each channel promises in its disclaimer.",
            suffix="%",
            scale_to=100,
            suppressed="No answers yet",
        ),
        bar_chart(
            "Messages past their promised time now, by channel",
            overdue_rows,
            unit="overdue now",
            caption="Messages that need a reply, past the promised time, neither answered nor done.",
        ),
    )
    return Figure(
        "responses",
        "Response times",
        f"{within} of {answered} {plural(answered, 'answer')} in the last {WEEKS} weeks came within the "
        f"promised time ({_percent(within, answered)}); {overdue} {plural(overdue, 'message')} "
        f"{'is' if overdue == 1 else 'are'} overdue now.",
        charts,
        Link("Open the response times", reverse("responses:index")),
    )


def concerns_figure(by: Membership, now) -> Figure:
    by_age = measures.concerns_by_age(by, now)
    url = reverse("safeguarding:index" if by.can(Capability.HANDLE_CONCERNS) else "safeguarding:counts")
    total = sum(n for _, n in by_age)
    chart = bar_chart(
        "Open concerns by how long they have been open",
        [(label, n, url) for label, n in by_age],
        unit="open concerns",
        caption="Numbers only: what a concern is about is for the safeguarding leads.",
    )
    return Figure(
        "concerns",
        "Open safeguarding concerns",
        f"{total} open {plural(total, 'concern')}.",
        (chart,),
        Link(
            "Open the concerns" if by.can(Capability.HANDLE_CONCERNS) else "Open the concern numbers",
            url,
        ),
        ("A concern about you is not counted in your numbers.",),
    )


def image_consent_figure(organisation, channels, now, publications) -> Figure:
    found = measures.image_consent_of(organisation, channels, now, publications)
    shown = [c for c in channels if found[c.pk].published]
    takedowns = reverse("consent:takedowns")

    def label(channel) -> str:
        figure = found[channel.pk]
        gone = f" ({figure.taken_down} taken down)" if figure.taken_down else ""
        return f"{channel.name}: {figure.standing} of {figure.published}{gone}"

    rows = [(label(c), found[c.pk].share, takedowns) for c in shown]
    published = sum(f.published for f in found.values())
    standing = sum(f.standing for f in found.values())
    lapsed = published - standing
    taken_down = sum(f.taken_down for f in found.values())
    chart = bar_chart(
        "Published images whose people's consent stands, by channel",
        rows,
        unit="consent stands",
        caption=f"Images and videos published in the last {measures.PERIOD} days, and how many of them "
        "still have consent today from everyone shown in them (and their parents or carers, for under 18s).",
        suffix="%",
        scale_to=100,
    )
    what = "image or video" if published == 1 else "images and videos"
    summary = (
        f"Consent stands for {standing} of {published} {what} published in the last {measures.PERIOD} days "
        f"({_percent(standing, published)})."
    )
    if lapsed:
        summary += f" Of the {lapsed} without it, {taken_down} {'has' if taken_down == 1 else 'have'} been taken down."
    return Figure(
        "consent",
        "Consent for published images",
        summary,
        (chart,),
        Link("Open the consent register", reverse("consent:index")),
        (
            (
                "An image counts once for each channel it went out on. One that shows nobody in the consent "
                "register needs no one's consent, so it counts as standing. One whose consent ended since it "
                "went out stays counted after it is taken down."
            ),
        ),
    )


def takedowns_figure(by, channels, now) -> Figure:
    found = measures.takedowns_of(by, channels, now)
    elsewhere = measures.takedowns_elsewhere(by, channels)
    url = reverse("consent:takedowns")
    rows = [(c.name, found[c.pk].open, url) for c in channels]
    if elsewhere:
        rows.append(("Channels no longer active", elsewhere, url))
    outstanding = sum(f.open for f in found.values()) + elsewhere
    overdue = sum(f.overdue for f in found.values())
    chart = bar_chart(
        "Takedowns outstanding, by channel",
        rows,
        unit="takedowns outstanding",
        caption="Posts to take down because consent ended, not yet confirmed gone.",
    )
    return Figure(
        "takedowns",
        "Takedowns outstanding",
        f"{outstanding} {plural(outstanding, 'takedown')} outstanding"
        + (
            f", {overdue} past the day {'it was' if overdue == 1 else 'they were'} due by."
            if overdue
            else "."
        ),
        (chart,),
        Link("Open the takedowns", url),
    )


def complaints_figure(organisation) -> Figure:
    waiting = open_complaints(organisation)
    return Figure(
        "complaints",
        "Complaints from consultations",
        f"{waiting} {plural(waiting, 'complaint')} from consultation pages waiting for a decision.",
        fix=Link("Open the complaints", reverse("consultation:complaints")),
        notes=(
            (
                "Reports of board posts, problems with a consultation's pages and appeals about held posts, "
                "from young people without an account (the Online Safety Act's complaints route)."
            ),
        ),
    )


def privacy_figure(organisation, channels, now) -> Figure:
    found = measures.privacy_reviews_of(organisation, channels, now)
    chart = bar_chart(
        "Privacy-settings reviews, active channels",
        [
            ("Overdue, or never done", len(found.overdue)),
            ("Due in the next 30 days", len(found.due_soon)),
            ("Not due for 30 days or more", len(found.later)),
        ],
        unit="channels",
        caption="Each channel's privacy and safety settings are checked against its platform's checklist "
        "every so many days (set on the channel).",
    )
    links = [
        Link(c.name, reverse("channels:privacy_reviews", args=[c.pk]), ": overdue") for c in found.overdue
    ] + [
        Link(
            c.name,
            reverse("channels:privacy_reviews", args=[c.pk]),
            f": due {timezone.localdate(due):%-d %B}",
        )
        for c, due in found.due_soon
    ]
    n = len(found.overdue)
    return Figure(
        "privacy",
        "Privacy reviews",
        f"{n} {plural(n, 'channel')} overdue for a privacy-settings review, {len(found.due_soon)} due in the "
        "next 30 days.",
        (chart,),
        Link("Open the channels", reverse("channels:index")),
        links=tuple(links),
    )


def training_figure(organisation, today) -> Figure:
    found = measures.training_of(organisation, today)
    url = reverse("accounts:training")
    chart = bar_chart(
        "Members' training",
        [
            ("Up to date", found.up_to_date, url),
            ("Never done a course their role needs", found.never_done, url),
            ("A course their role needs has expired", found.expired, url),
            ("Waiting for a manager to verify", found.awaiting_verification, url),
            ("A course expires in the next 30 days", found.expiring, url),
        ],
        unit="members",
        caption="Active members, by the training their role needs (guidance section 7). A member may be in "
        "more than one row.",
    )
    due = found.members - found.up_to_date
    return Figure(
        "training",
        "Training",
        f"{found.up_to_date} of {found.members} active {plural(found.members, 'member')} up to date; {due} with "
        "training due or expired.",
        (chart,),
        Link("Open the training records", url),
    )


def posting_figures(organisation, channels, now, publications) -> list[Figure]:
    posting = measures.posting_channels(channels)
    found = measures.posting_of(organisation, posting, now, publications)
    calendar = reverse("publishing:calendar")
    regular = [
        (
            f"{c.name}: target {found[c.pk].target} a week" if found[c.pk].target else f"{c.name}: no target",
            found[c.pk].per_week,
            calendar,
        )
        for c in posting
    ]
    on_target = sum(1 for c in posting if found[c.pk].target and found[c.pk].per_week >= found[c.pk].target)
    with_target = sum(1 for c in posting if found[c.pk].target)
    posts = sum(f.posts for f in found.values())
    two_way = sum(f.two_way for f in found.values())
    regularity = Figure(
        "posting",
        "Posting regularity",
        f"{on_target} of {with_target} {plural(with_target, 'channel')} with a posting target met it on "
        f"average over the last {measures.PERIOD} days.",
        (
            bar_chart(
                "Posts a week, by channel",
                regular,
                unit="posts a week",
                caption=f"Posts published in the last {measures.PERIOD} days, as an average a week, beside "
                "each channel's target. The longest bar is the highest target or figure.",
                scale_to=max(
                    [f.target for f in found.values()] + [f.per_week for f in found.values()], default=0
                )
                or None,
            ),
        ),
        Link("Open the publishing calendar", calendar),
        ("Only channels Harbour posts to are counted.",),
    )
    two_way_figure = Figure(
        "two-way",
        "Two-way posts",
        f"{two_way} of {posts} {plural(posts, 'post')} in the last {measures.PERIOD} days invited young "
        f"people to reply ({_percent(two_way, posts)}).",
        (
            bar_chart(
                "Posts inviting a reply, by channel",
                [
                    (
                        f"{c.name}: {found[c.pk].two_way} of {found[c.pk].posts}",
                        found[c.pk].two_way_share,
                        calendar,
                    )
                    for c in posting
                ],
                unit="invited a reply",
                caption="Posts whose words, as they went out, ask a question or ask for replies (the same test "
                "as the check panel's 'Invites a response').",
                suffix="%",
                scale_to=100,
                suppressed="No posts yet",
            ),
        ),
        Link("Write a post", reverse("publishing:new")),
        (
            (
                "Publishing's records cannot tell whether a post answered young people's replies: answers are "
                "sent from the inbox, and the response times above count them."
            ),
        ),
    )
    return [regularity, two_way_figure]


def dashboard_for(by: Membership, now: datetime.datetime | None = None) -> Dashboard:
    """The figures `by` may see, in the page's order."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    organisation = by.organisation
    board = Dashboard()
    if by.can(Capability.MANAGE_CHANNELS):
        channels = measures.live_channels(organisation)
        publications = list(measures.published_in_period(organisation, channels, now))
        board.channels = len(channels)
        board.shows_channels = True
        board.figures += [
            readiness_figure(channels, today),
            coverage_figure(organisation, channels, today),
            responses_figure(by, channels, now),
        ]
    if by.can(Capability.COUNT_CONCERNS):
        board.figures.append(concerns_figure(by, now))
    if by.can(Capability.MANAGE_CHANNELS):
        board.figures += [
            image_consent_figure(organisation, channels, now, publications),
            takedowns_figure(by, channels, now),
            complaints_figure(organisation),
            privacy_figure(organisation, channels, now),
            training_figure(organisation, today),
            *posting_figures(organisation, channels, now, publications),
        ]
    return board
