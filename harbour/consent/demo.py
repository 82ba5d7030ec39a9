"""The demo's consent register for `harbour seed_demo`: made-up young people, their parents and carers, a
youth worker, the groups they belong to and the consents each has given, so that the register, the
publishing gate and the takedowns have something real to show at once.

- Maya Okafor (14) and her mother: photographs and first name, both consents in force.
- Leo Brennan (15): his own consent, his father's missing (a consent request waits for him: its link is in
  the e-mail `harbour seed_demo` prints).
- Aisha Rahman (13): both consents; a post with her photo went out on the demo feed; then her mother
  withdrew consent for photographs, and the post was taken down through the connector.
- Jordan Price (12): never publish (set by the safeguarding lead; authors see only "do not publish"); the
  library's five-a-side picture shows him, so it says "Do not publish".
- Ellie Shaw (17): her own and her carer's consent for photographs, video and her full name.
- Sam Taylor: a youth worker who agreed to appear in photographs.

The media library holds pictures drawn here for the demo (simple figures, nobody real), each tagged with
who it stands for: the youth council (Maya and Ellie: free to post), the youth council's film (Ellie and
her grandfather consented to video, Maya's family only to photographs: not yet), the Tuesday club (Leo: not yet),
the climbing wall (Sam), five-a-side (Jordan: never) and games night (Aisha: taken down). A draft about
the Tuesday club is held back by the consent check until Leo's father answers.

Everyone here is invented. Made through the services with the demo's people as actors. Safe to run again:
a person is added only if nobody of that name is in the register.
"""

import datetime
import io
import math
import random

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.consent import deleting, media, requests, services, video
from harbour.consent.models import (
    Decision,
    EvidenceKind,
    Group,
    NeverPublishReason,
    Person,
    PersonKind,
    Takedown,
    Use,
)
from harbour.publishing import sending
from harbour.publishing import services as publishing
from harbour.publishing.demo import demo_channel
from harbour.publishing.models import Publication, PublicationState, Shows, Source

GIVEN = Decision.GIVEN
GROUPS = ("Youth council", "Tuesday youth club")


SIGN_IN_URL = "http://127.0.0.1:8000/"  # seed_demo's default: where the request's link points


def seed(organisation, members) -> None:
    try:
        groups = _groups(organisation, members[Role.AUTHOR])
        _people(organisation, members, groups)
    except NotAllowed:
        # Someone using the demo changed a demo person's role: the register stays as it is.
        return


def _groups(organisation, author) -> dict[str, Group]:
    have = {g.name: g for g in Group.objects.for_org(organisation)}
    for name in GROUPS:
        if name not in have:
            have[name] = services.add_group(organisation, by=author, name=name)
    return have


def _born(years: int, days: int = 40) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def _term() -> tuple[datetime.date, datetime.date]:
    """Consents from two months ago to the end of next summer."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), datetime.date(today.year + 1, 8, 31)


def _person(organisation, author, groups=(), **fields) -> Person | None:
    """The new person, or None if someone of that name is already in the register."""
    if (
        Person.objects.for_org(organisation)
        .filter(first_name=fields["first_name"], last_name=fields.get("last_name", ""))
        .exists()
    ):
        return None
    return services.add_person(organisation, by=author, groups=groups, **fields)


def _consent(person, author, given_by, uses, *, decision=GIVEN):
    starts, expires = _term()
    return services.record_consent(
        person,
        by=author,
        given_by=given_by,
        decisions={use: decision for use in uses},
        starts=starts,
        expires=expires,
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name=given_by.full_name,
    )


def _family(organisation, author, groups, child: dict, parent: dict, relationship: str):
    young = _person(organisation, author, groups=groups, kind=PersonKind.YOUNG_PERSON, **child)
    if young is None:
        return None, None
    carer = _person(organisation, author, kind=PersonKind.PARENT, **parent)
    if carer is None:
        carer = Person.objects.for_org(organisation).get(
            first_name=parent["first_name"], last_name=parent["last_name"]
        )
    services.link_guardian(young, carer, by=author, relationship=relationship)
    return young, carer


def _people(organisation, members, groups) -> None:
    author, lead = members[Role.AUTHOR], members[Role.SAFEGUARDING_LEAD]
    council, club = groups["Youth council"], groups["Tuesday youth club"]
    photo_and_name = [Use.PHOTO, Use.FIRST_NAME]

    maya, mother = _family(
        organisation,
        author,
        [council],
        {"first_name": "Maya", "last_name": "Okafor", "date_of_birth": _born(14)},
        {"first_name": "Grace", "last_name": "Okafor", "email": "grace.okafor@example.com"},
        "Mother",
    )
    if maya:
        _consent(maya, author, maya, photo_and_name)
        _consent(maya, author, mother, photo_and_name)

    leo, father = _family(
        organisation,
        author,
        [club],
        {"first_name": "Leo", "last_name": "Brennan", "date_of_birth": _born(15, days=200)},
        {"first_name": "Niall", "last_name": "Brennan", "email": "niall.brennan@example.com"},
        "Father",
    )
    if leo:
        _consent(leo, author, leo, photo_and_name)  # his father's is missing: asked for
        requests.send_request(
            leo,
            by=author,
            sent_to=father,
            uses=[Use.PHOTO, Use.FIRST_NAME],
            message="Leo is in our Tuesday club photos and would like to be in our posts about it.",
            base_url=SIGN_IN_URL,
        )

    aisha, her_mother = _family(
        organisation,
        author,
        [council, club],
        {"first_name": "Aisha", "last_name": "Rahman", "date_of_birth": _born(13, days=90)},
        {"first_name": "Farah", "last_name": "Rahman", "email": "farah.rahman@example.com"},
        "Mother",
    )
    if aisha:
        _consent(aisha, author, aisha, photo_and_name)
        given = _consent(aisha, author, her_mother, photo_and_name)
        _posted_then_taken_down(aisha, members, next(c for c in given if c.use == Use.PHOTO))

    jordan, _carer = _family(
        organisation,
        author,
        [club],
        {"first_name": "Jordan", "last_name": "Price", "date_of_birth": _born(12, days=150)},
        {"first_name": "Karen", "last_name": "Hughes"},
        "Foster carer",
    )
    if jordan:
        services.set_never_publish(
            jordan,
            by=lead,
            reason=NeverPublishReason.LOOKED_AFTER,
            note="Placement address must stay private.",
        )

    ellie, her_carer = _family(
        organisation,
        author,
        [council],
        {"first_name": "Ellie", "last_name": "Shaw", "age_band": "16_17"},
        {"first_name": "Tom", "last_name": "Shaw"},
        "Grandparent",
    )
    if ellie:
        _consent(ellie, author, ellie, [Use.PHOTO, Use.VIDEO, Use.FULL_NAME])
        _consent(ellie, author, her_carer, [Use.PHOTO, Use.VIDEO, Use.FULL_NAME])

    sam = _person(
        organisation, author, kind=PersonKind.ADULT, first_name="Sam", last_name="Taylor", role="Youth worker"
    )
    if sam:
        _consent(sam, author, sam, [Use.PHOTO, Use.FIRST_NAME])
    if maya and ellie:
        _picture(
            author,
            "Youth council",
            "Three young people with their arms raised, on a sunny field.",
            [maya, ellie],
        )
    if maya and ellie:
        _film(
            author,
            "Youth council: our film",
            "Three young people waving on a sunny field, cheering.",
            [maya, ellie],
        )
    if leo:
        tuesday = _picture(
            author, "Tuesday club", "Two young people at a table in the youth club, smiling.", [leo]
        )
        _draft(
            author, "Tuesday club cooking", "Pizza night at Tuesday club! Who is coming next week?", tuesday
        )
    if jordan:
        _picture(author, "Five-a-side", "Young people playing football on the field.", [jordan], figures=4)
    if sam:
        _picture(author, "Climbing wall", "A youth worker in a green top waving, with the sun behind.", [sam])


def _picture(author, title: str, alt_text: str, people, *, figures: int = 3):
    """A picture drawn for the demo, in the media library, tagged with who it stands for."""
    asset = media.add_asset(
        author.organisation,
        by=author,
        upload=drawing(f"{title}: drawn for the demo", figures, seed=title),
        title=title,
        alt_text=alt_text,
        shows=Shows.ADULTS if all(p.kind == PersonKind.ADULT for p in people) else Shows.YOUNG_PEOPLE,
        source=Source.OWN,
    )
    for person in people:
        media.tag_person(asset, person, by=author)
    return asset


def _film(author, title: str, alt_text: str, people):
    """A clip drawn for the demo, in the media library, prepared at once (the worker would do it a moment
    later), tagged with who it stands for."""
    asset = media.add_asset(
        author.organisation,
        by=author,
        upload=clip(f"{title}: drawn for the demo", 3, seed=title),
        title=title,
        alt_text=alt_text,
        shows=Shows.YOUNG_PEOPLE,
        source=Source.OWN,
    )
    video.prepare(asset.pk)
    for person in people:
        media.tag_person(asset, person, by=author)
    return asset


def _draft(author, title: str, text: str, asset) -> None:
    """A draft using `asset`, which the check panel holds back until the missing consent is recorded."""
    channel = demo_channel(author.organisation)
    if channel is None:
        return
    post = publishing.create_post(by=author, title=title, text=text, channel_ids=[channel.pk])
    publishing.add_image(post, by=author, revision=post.revision, asset=asset)


def _posted_then_taken_down(aisha, members, photo_consent) -> None:
    """Games night's photo of Aisha went out on the demo feed; her mother then withdrew consent for
    photographs, which opened a takedown, and the connector deleted the post."""
    author, reviewer = members[Role.AUTHOR], members[Role.REVIEWER]
    channel = demo_channel(aisha.organisation)
    asset = _picture(author, "Games night", "Young people round a board game, laughing.", [aisha], figures=2)
    if channel is None:
        return
    post = publishing.create_post(
        by=author,
        title="Games night photos",
        text="What a games night! Thanks to everyone who came. Same time next month?",
        channel_ids=[channel.pk],
    )
    publishing.add_image(post, by=author, revision=post.revision, asset=asset)
    post.refresh_from_db()
    publishing.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    publishing.review(post, by=reviewer, version_number=post.current_version.number, approve=True)
    for publication in Publication.objects.filter(post=post, state=PublicationState.PENDING):
        sending.publish(publication.pk)
    services.withdraw_consent(
        photo_consent, by=author, note="Mrs Rahman phoned the centre to withdraw consent for photographs."
    )
    for takedown in Takedown.objects.filter(publication__post=post):
        deleting.delete(takedown.pk)


def drawing(caption: str, figures: int, *, seed: str) -> SimpleUploadedFile:
    """Simple drawn figures in a sunny field with a caption: made here, nobody real in it."""
    buffer = io.BytesIO()
    _scene(caption, figures, seed=seed).save(buffer, format="PNG")
    return SimpleUploadedFile(
        f"{seed.lower().replace(' ', '-')}.png", buffer.getvalue(), content_type="image/png"
    )


def clip(caption: str, figures: int, *, seed: str, seconds: int = 4, rate: int = 12) -> SimpleUploadedFile:
    """The drawn figures waving, as a short MP4 made here (nobody real in it), as a phone would upload it:
    with where it was "filmed" in its metadata, which the library's preparing removes."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as video:
        video.metadata["location"] = "+52.9225-001.4746/"  # Derby: made up, and never kept
        stream = video.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 640, 426, "yuv420p"
        for step in range(seconds * rate):
            picture = _scene(caption, figures, seed=seed, wave=step / rate).resize((640, 426))
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                video.mux(packet)
        for packet in stream.encode():
            video.mux(packet)
    return SimpleUploadedFile(
        f"{seed.lower().replace(' ', '-')}.mp4", out.getvalue(), content_type="video/mp4"
    )


def _scene(caption: str, figures: int, *, seed: str, wave: float = 0.0) -> Image.Image:
    """The drawing; `wave` (seconds) moves the arms and the sun, for a clip."""
    rng = random.Random(seed)
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), (135, 200, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * 0.62), width, height), fill=(90, 170, 90))
    sun = int(wave * 40)
    draw.ellipse((width - 220 - sun, 50, width - 90 - sun, 180), fill=(255, 214, 80))
    skins = [(241, 194, 125), (141, 85, 36), (255, 219, 172), (198, 134, 66)]
    tops = [(212, 53, 28), (29, 112, 184), (0, 112, 60), (244, 119, 56), (76, 44, 146)]
    span = width // (figures + 1)
    for number in range(1, figures + 1):
        skin, top, size = rng.choice(skins), rng.choice(tops), rng.uniform(0.9, 1.05)
        x, foot = span * number + rng.randint(-30, 30), int(height * 0.82) + rng.randint(-15, 15)
        body, head = int(260 * size), int(46 * size)
        draw.rounded_rectangle(
            (x - 55 * size, foot - body, x + 55 * size, foot - body * 0.35), radius=30, fill=top
        )
        legs = foot - body * 0.38
        draw.rectangle((x - 40 * size, legs, x - 8 * size, foot), fill=(50, 60, 90))
        draw.rectangle((x + 8 * size, legs, x + 40 * size, foot), fill=(50, 60, 90))
        lift = 1.15 - 0.2 * abs(math.sin(wave * 4 + number)) if wave else 1.15
        for side in (-1, 1):  # arms raised (waving, in a clip)
            arm = (x + side * 55 * size, foot - body * 0.9, x + side * 110 * size, foot - body * lift)
            draw.line(arm, fill=skin, width=int(22 * size))
        middle = foot - body - head
        draw.ellipse((x - head, middle - head, x + head, middle + head), fill=skin)
        draw.arc(
            (x - head * 0.5, middle - head * 0.1, x + head * 0.5, middle + head * 0.55),
            20,
            160,
            fill=(60, 30, 30),
            width=5,
        )
    font = ImageFont.load_default(size=52)
    box = draw.textbbox((0, 0), caption, font=font)
    draw.rectangle((0, height - 110, width, height), fill=(11, 12, 12))
    draw.text(((width - (box[2] - box[0])) // 2, height - 90), caption, fill=(255, 255, 255), font=font)
    return image
