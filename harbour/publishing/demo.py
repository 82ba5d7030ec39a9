"""The demo's posts for `harbour seed_demo`, on the demo feed (harbour/channels/demo.py): posts already
published, one approved and scheduled for later this week, and one waiting for proof reading, so the
publishing pages, the calendar and the proof reader's work all have something to show at once.

Made through the services with the demo's people: the author writes and submits, the reviewer (whose
social media training seed_demo records, verified) approves, and harbour/publishing/sending.py posts it
on the demo feed, whose connector is Harbour itself. The published posts therefore carry the time the demo
was first loaded. Safe to run again: a post is added only where one is missing (a post of that title, or
for the scheduled and waiting ones, any post in that state), so after someone has approved the waiting
post or the scheduled one has gone out, the next load offers a fresh one.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel, Status
from harbour.channels.platforms import Platform
from harbour.publishing import sending, services
from harbour.publishing.models import Post, PostState, Publication, PublicationState, Shows, Source

# Each: the title (unique among the demo's posts) and the words. Two invite a reply, one is plain news.
PUBLISHED = [
    (
        "Youth council: what next?",
        (
            "Thanks to everyone who came to youth council on Tuesday. We talked about the skate park and bus "
            "fares. What should we ask the city council about next? Reply and tell us."
        ),
    ),
    (
        "Summer at the centre",
        (
            "Our summer list is out: climbing, film making and cooking on Thursdays. Which one would you try "
            "first?"
        ),
    ),
    (
        "Closed on Monday",
        "The youth centre is closed on Monday for the bank holiday. We open again on Tuesday at 4pm.",
    ),
]
SCHEDULED = [
    (
        "Youth survey opens",
        (
            "Our youth survey opens today. It takes five minutes and you can skip any question. What would make "
            "the centre better for you? The link is on our website."
        ),
    ),
    (
        "Games night",
        (
            "Games night is back on Friday from 6pm to 8pm, with board games and a quiz. Which game should we "
            "bring?"
        ),
    ),
]
AWAITING = [
    (
        "Volunteering fair",
        (
            "Want to try volunteering? Come to our fair on Saturday from 11am to 2pm and meet local groups. "
            "Tell us what you would like to help with."
        ),
    ),
    (
        "Music room bookings",
        (
            "You can now book the music room after school on Wednesdays. Which instruments would you like us to "
            "have?"
        ),
    ),
]
IMAGE_FOR = "Summer at the centre"
IMAGE_ALT = "A teal poster that says Summer at the centre in large yellow letters."
SCHEDULED_AT = datetime.time(16, 0)  # the scheduled post goes out at 4pm, two days after the demo loads


def demo_channel(organisation) -> Channel | None:
    """The demo feed the posts go to, if it is active (someone using the demo may have retired it)."""
    channels = Channel.objects.for_org(organisation).filter(platform=Platform.DEMO, status=Status.ACTIVE)
    return channels.order_by("pk").first()


def seed(organisation, members) -> None:
    author, reviewer = members[Role.AUTHOR], members[Role.REVIEWER]
    channel = demo_channel(organisation)
    if channel is None:
        return
    try:
        for title, text in PUBLISHED:
            if not _exists(organisation, title):
                _publish(_write(author, channel, title, text), reviewer)
        if not _waiting(organisation, PostState.SCHEDULED) and (spec := _unused(organisation, SCHEDULED)):
            _approve(_write(author, channel, *spec, publish_at=_later()), reviewer)
        if not _waiting(organisation, PostState.SUBMITTED) and (spec := _unused(organisation, AWAITING)):
            post = _write(author, channel, *spec)
            services.submit(post, by=author, revision=post.revision)
    except NotAllowed:
        # Someone using the demo changed a demo person's role, or the checks now refuse a demo post: the
        # posts stay as they are (`harbour run` must still start).
        return


def _exists(organisation, title: str) -> bool:
    return Post.objects.for_org(organisation).filter(title=title).exists()


def _unused(organisation, specs) -> tuple[str, str] | None:
    return next((spec for spec in specs if not _exists(organisation, spec[0])), None)


def _waiting(organisation, state: PostState) -> bool:
    return Post.objects.for_org(organisation).filter(state=state).exists()


def _later() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=2)
    return timezone.make_aware(datetime.datetime.combine(day, SCHEDULED_AT))


def _write(author, channel, title: str, text: str, publish_at=None) -> Post:
    post = services.create_post(
        by=author, title=title, text=text, channel_ids=[channel.pk], publish_at=publish_at
    )
    if title == IMAGE_FOR:
        services.add_image(post, by=author, revision=post.revision, asset=_poster_asset(author, title))
        post.refresh_from_db()
    return post


def _poster_asset(author, title: str):
    """The poster in the media library (added once; the library keeps it for the next post)."""
    from harbour.consent import media
    from harbour.consent.models import MediaAsset

    found = (
        MediaAsset.objects.for_org(author.organisation).filter(title=title, archived_at__isnull=True).first()
    )
    return found or media.add_asset(
        author.organisation,
        by=author,
        upload=poster(title),
        title=title,
        alt_text=IMAGE_ALT,
        shows=Shows.NOBODY,
        source=Source.OWN,
    )


def _approve(post: Post, reviewer) -> None:
    services.submit(post, by=post.author, revision=post.revision)
    post.refresh_from_db()
    services.review(post, by=reviewer, version_number=post.current_version.number, approve=True)


def _publish(post: Post, reviewer) -> None:
    _approve(post, reviewer)
    for publication in Publication.objects.filter(post=post, state=PublicationState.PENDING):
        sending.publish(publication.pk)


def poster(title: str) -> SimpleUploadedFile:
    """A plain poster for the demo's image: the title in yellow on teal, drawn here (nobody in it)."""
    image = Image.new("RGB", (1200, 675), (0, 110, 110))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=96)
    box = draw.textbbox((0, 0), title, font=font)
    at = ((1200 - (box[2] - box[0])) // 2, (675 - (box[3] - box[1])) // 2)
    draw.text(at, title, fill=(255, 221, 0), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("summer-poster.png", buffer.getvalue(), content_type="image/png")
