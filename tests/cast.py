"""The shared cast and helpers for every test, imported one way: `from tests.cast import ...`.

The fixtures that hand these out (`org`, `manager`, `members`, `client_for`, ...) live in tests/conftest.py;
this module holds the plain functions they and the tests call:

- people: `make_member`, `sign_in` (two-factor done, code of conduct acknowledged), `acknowledge_conduct`,
  `give_training`, and for the sign-in tests `enter_password`, `add_authenticator`, `add_backup_codes`,
  `totp_code`;
- channels: `CHANNEL_VALUES`, `propose` and `make_ready` (through the channel services, the readiness
  checklist included: `complete_readiness`), and `active_channel` (an active channel made directly, for
  tests that need items rather than the approval steps);
- consultations: `consultation_channel` (an active channel on the consultation platform) and
  `make_consultation` (a survey, poll or board built through the builder's services, ready to publish);
- items: `make_item` (a screened item with the verdict it would carry), `make_author` and `finding`;
- `database_url()`, the test database for a subprocess (a worker) that must use the same one;
- images: `gps_tagged_jpeg()` (a photo that says where it was taken) and `png_claiming(w, h)` (a bomb's header).
"""

import io
import struct
import time
import zlib
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.conduct import current_code
from harbour.accounts.models import (
    ConductAcknowledgement,
    Course,
    Membership,
    Organisation,
    TrainingRecord,
    User,
)
from harbour.accounts.sessions import two_factor_checked
from harbour.channels import readiness
from harbour.channels import services as channel_services
from harbour.channels.models import Channel, Outcome, ReadinessConfirmation, Status
from harbour.inbox.models import Author, Item
from tests.inbox import inbox_sources  # noqa: F401  registers test_paged, active_channel's default platform

PASSWORD = "Harb0ur!Test-Pass"


# People


def make_member(org: Organisation, role: str, email: str, name: str) -> Membership:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    return Membership.objects.create(user=user, organisation=org, role=role)


def sign_in(client, user: User):
    """Sign in as if the password and a TOTP code had both been entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    two_factor_checked(session)  # just now, as the sign-in's step records it
    session.save()
    for membership in user.memberships.active():
        acknowledge_conduct(membership)
    return client


def acknowledge_conduct(membership: Membership) -> None:
    """Acknowledge the organisation's current code of conduct, as every member must before using the console."""
    code = current_code(membership.organisation)
    if code.pk is None:
        code.save()
    ConductAcknowledgement.objects.get_or_create(membership=membership, code=code)


def give_training(membership: Membership, *permissions: str, completed_on=None) -> list[TrainingRecord]:
    """Record current training for each course kind that `permissions` need (see access.TRAINING_FOR)."""
    records = []
    for kind in {kind for p in permissions for kind in TRAINING_FOR[p].kinds}:
        course = Course.objects.filter(organisation=membership.organisation, kind=kind).first()
        if course is None:
            course = Course.objects.create(
                organisation=membership.organisation, kind=kind, name=f"Test course ({kind})", valid_months=12
            )
        records.append(
            TrainingRecord.objects.create(
                organisation=membership.organisation,
                membership=membership,
                course=course,
                completed_on=completed_on or timezone.localdate(),
                verified_at=timezone.now(),  # only verified training passes @trained_for
            )
        )
    return records


def enter_password(client, email: str, password: str = PASSWORD, **extra):
    """The first sign-in step, through the real form."""
    return client.post(reverse("accounts:login"), {"email": email, "password": password, **extra})


def add_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def add_backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


# Channels

CHANNEL_VALUES = {
    "platform": "bluesky",
    "name": "Youth Council on Bluesky",
    "handle": "@derbyyouth.bsky.social",
    "display_name": "Derby Youth Council",
    "in_organisation_name": True,
    "config": {},
    "aims": "Tell young people about youth council meetings and hear what they think.",
    "platform_minimum_age": 13,
    "suitability": "Young people in Derby use it; reply controls let us keep conversations manageable.",
    "audience_min_age": 13,
    "audience_max_age": 19,
    "response_hours": 24,
    "moderation_hours": "every day from 9am to 8pm",
    "checks_per_day": 3,
    "contact_email": "youth@derby.example.org",
    "contact_phone": "01332 000000",
    "contact_url": "",
    "privacy_review_days": 90,
}


def propose(org, by, **changes):
    values = {**CHANNEL_VALUES, **changes}
    return channel_services.propose_channel(org, values, owners=[by], moderators=[], by=by)


def bluesky_channel(org, manager, moderator, account, service, app_password=None):
    """An active channel on a Bluesky account of the local network (tests/bluesky.py), signed in with its
    real app password (or `app_password`), made through the channel services."""
    channel = propose(org, manager, handle=f"@{account.handle}", config={"service": service})
    make_ready(channel, manager=manager, moderator=moderator)
    channel_services.set_credential(channel, "app_password", app_password or account.app_password, by=manager)
    return channel_services.activate_channel(channel, by=manager)


def make_ready(channel, *, manager, moderator):
    """Approve (by `manager`), name a moderator, publish a disclaimer, enter the credential and
    complete a privacy review, leaving the channel approved and ready to go active."""
    if channel.status == "proposed":
        channel_services.approve_channel(channel, by=manager)
    channel_services.update_channel(
        channel, {}, owners=list(channel.owners.all()), moderators=[moderator], by=manager
    )
    channel_services.publish_disclaimer(channel, "# About this account\n\nWe check it daily.", by=manager)
    channel_services.set_credential(channel, "app_password", "abcd-efgh-ijkl-mnop", by=manager)
    review = channel_services.start_privacy_review(channel, by=manager)
    channel_services.record_privacy_checks(
        review, {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}, by=manager
    )
    complete_readiness(channel, by=manager)
    channel.refresh_from_db()
    return channel


def complete_readiness(channel, *, by):
    """Confirm every point of the readiness checklist that is confirmed by hand, through the service."""
    for point in readiness.CONFIRMED_POINTS:
        readiness.confirm_point(channel, point.key, f"Test policy, section on {point.key}", by=by)


def active_channel(org, platform="test_paged", **config) -> Channel:
    """An active channel made directly, without the approval steps."""
    channel = Channel.objects.create(
        organisation=org,
        platform=platform,
        name=f"Test feed ({platform})",
        display_name="Derby Youth Service",
        in_organisation_name=True,
        aims="Testing",
        suitability="Testing",
        audience_min_age=13,
        audience_max_age=19,
        response_hours=24,
        moderation_hours="daily",
        status=Status.ACTIVE,
        config=config,
    )
    # Made directly, like the channel: the points confirmed by hand, so only what Harbour sees is missing.
    ReadinessConfirmation.objects.bulk_create(
        ReadinessConfirmation(organisation=org, channel=channel, point=point.key, note="Test policy")
        for point in readiness.CONFIRMED_POINTS
    )
    return channel


# Consultations

SURVEY_QUESTIONS = [
    {
        "kind": "single",
        "text": "How often do you go to a youth club?",
        "choices": ["Every week", "Every month", "Less often", "Never", "Not sure"],
    },
    {
        "kind": "scale",
        "text": "How safe do you feel in the park?",
        "scale_low": "Very unsafe",
        "scale_high": "Very safe",
    },
    {"kind": "free_text", "text": "What one thing would make the park better for you?"},
]
POLL_QUESTION = {
    "kind": "single",
    "text": "Which night should the youth club open next?",
    "choices": ["Tuesday", "Thursday", "Saturday", "Not sure"],
}


def consultation_channel(org, name: str = "Youth Voice consultations", **fields) -> Channel:
    """An active channel on the consultation platform, made directly like `active_channel` (readiness
    confirmed); `fields` override the channel's (audience_min_age=11, ...)."""
    channel = active_channel(org, platform="consultation")
    channel.name = name
    for field, value in fields.items():
        setattr(channel, field, value)
    channel.save()
    return channel


def make_consultation(
    org, *, by, kind="survey", title=None, channel=None, questions=None, publish=False, **details
):
    """A consultation built through the builder's services by `by` (a manager or author): a survey with
    SURVEY_QUESTIONS, a poll with POLL_QUESTION or a board, its privacy details filled in, so that it can
    be published (publish=True does). `details` override those (edit_details' fields)."""
    from harbour.consultation import services as consultation_services

    channel = channel or consultation_channel(org)
    title = title or f"{org.name}: what young people think ({kind})"
    consultation = consultation_services.create_consultation(
        org, kind=kind, title=title, channel=channel, by=by
    )
    values = {
        "introduction": "Tell us what you think. It takes two minutes, and you can skip any question.",
        "purpose": "To decide what the youth service does next year.",
        "lawful_basis": "public_task",
        "lawful_basis_note": "Hearing young people's views is part of the council's youth work duty.",
        "answers_kept_until": timezone.localdate() + timedelta(days=365),
        **details,
    }
    consultation = consultation_services.edit_details(consultation, values, by=by)
    if questions is None:
        questions = {"survey": SURVEY_QUESTIONS, "poll": [POLL_QUESTION], "board": []}[kind]
    for question in questions:
        question = dict(question)
        choices = question.pop("choices", [])
        consultation_services.add_question(consultation, question, choices, by=by)
    if publish:
        consultation = consultation_services.publish(consultation, by=by)
    return consultation


# Items

_counter = iter(range(1, 10**9))


def finding(
    category="bullying",
    severity=2,
    span=(0, 4),
    reason="Name-calling",
    detector="bullying_classifier",
    **more,
):
    return {
        "category": category,
        "severity": severity,
        "span": list(span),
        "reason": reason,
        "detector": detector,
        **more,
    }


def make_item(
    channel, text="hello", *, findings=(), severity=None, action="allow", minutes_ago=10, **fields
) -> Item:
    """A screened item made directly, with the verdict it would carry."""
    findings = list(findings)
    if severity is None:
        severity = max((f["severity"] for f in findings), default=0)
    n = next(_counter)
    return Item.objects.create(
        organisation=channel.organisation,
        channel=channel,
        platform_id=f"item-{n}",
        kind=fields.pop("kind", "reply"),
        text=text,
        author=make_author(
            channel,
            fields.pop("author_id", f"author-{n}"),
            fields.pop("author_handle", f"@young.person{n}"),
            fields.pop("author_display_name", f"Young Person {n}"),
        ),
        received_at=timezone.now() - timedelta(minutes=minutes_ago),
        verdict={"severity": severity, "action": action, "findings": findings},
        severity=severity,
        action=action,
        **fields,
    )


def make_author(channel, author_id: str, handle: str = "", display_name: str = "") -> Author:
    """The channel's Author for that platform id, as ingest makes it (Author.objects.for_incoming)."""
    from types import SimpleNamespace

    from django.db import transaction

    seen = SimpleNamespace(author_id=author_id, author_handle=handle, author_display_name=display_name)
    with transaction.atomic():
        return Author.objects.for_incoming(channel, [seen], seen_at=timezone.now())[author_id]


def database_url() -> str:
    """The test database as a DATABASE_URL, for a subprocess (a worker) that must use the same one."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


# Images

GPS_IFD = 0x8825  # EXIF's GPS block


def gps_tagged_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotated, so the stored picture must be turned upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 55.0, 21.5), 3: "W", 4: (1.0, 28.0, 39.9)})
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "orange").save(out, "JPEG", exif=exif, comment=b"taken at the youth club")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels: a decompression bomb's first bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
