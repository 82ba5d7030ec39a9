"""What the URL walk in test_url_security.py needs to know about each URL. Add your URLs here.

- PUBLIC: URL names anyone may open without signing in. Everything else must send an anonymous
  visitor to sign in, and the walk fails on any URL that does neither.
- URL_OBJECTS: for every URL with arguments, a function `(organisation) -> kwargs` that creates the
  object(s) in that organisation and returns the URL's arguments. The walk calls it for another
  organisation (org B) and checks that org A's members get 403 or 404, never the object; and that
  org B's own manager does not get 404 (so the function really makes a working object). Put the
  organisation's name into any name or text you create: the walk checks it never shows in org A.
- CSRF_EXEMPT: views that may take a POST without a CSRF token. Webhook receivers only, each
  verifying a signature instead.
- OWN_ACCOUNT: URL names about the signed-in person's own account (sign-in steps, profile, password),
  open to anyone signed in. Every other URL that is not PUBLIC must go through
  `@member_required(capability)`: the walk reads the capability it names (`harbour_capability`) and
  checks that each role without it gets 403.
"""

import uuid

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from harbour.accounts import services as accounts
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Course, CourseKind, Membership, TrainingRecord, UserSession
from tests.cast import make_member, propose

PUBLIC = {
    "console:healthz",
    "console:readyz",
    "console:security_txt",
    "accounts:login",
    "accounts:logout",  # POST only; signing out needs no sign-in
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    "channels_public:disclaimer",
    "consent_public:answer",  # a consent request's link: the token is the key (tests/consent/test_requests.py)
    "publishing_public:media",  # signed, only while posting (tests/publishing/test_public_media.py)
    # Discussion boards and "report a problem": no account (tests/consultation/test_board_pages.py)
    "consultation_public:post",
    "consultation_public:report",
    "consultation_public:appeal",
    "consultation_public:problem",
    "consultation_public:problem_sent",
    # Young people's consultation pages: no account (tests/consultation/test_public_pages.py)
    "consultation_public:start",
    "consultation_public:help",
    "consultation_public:privacy_general",
    "consultation_public:consultation",
    "consultation_public:thanks",
    "consultation_public:privacy",
    "consultation_public:feedback",  # "you said, we did", once published (tests/consultation/test_results_pages.py)
    "hooks:receive",  # signed by the sender instead (tests/inbox)
    "hooks:meta",  # signed by Meta instead (tests/channels/test_meta_webhooks.py)
    "hooks:threads",
}

CSRF_EXEMPT: set[str] = {"hooks:receive", "hooks:meta", "hooks:threads"}

OWN_ACCOUNT = {
    "console:home",  # shows a person with no membership what to do next
    "accounts:two_factor",
    "accounts:enrol",
    "accounts:enrol_confirmed",
    "accounts:backup_codes",
    "accounts:confirm_two_factor",
    "accounts:profile",
    "accounts:change_password",
    "accounts:regenerate_backup_codes",
    "accounts:replace_authenticator",
    "accounts:end_session",
}


def manager_of(org) -> Membership:
    """The organisation's first active manager; one is made if there is none."""
    membership = org.memberships.filter(role=Role.MANAGER, is_active=True).select_related("user").first()
    if membership is None:
        membership = make_member(org, Role.MANAGER, f"manager-{uuid.uuid4().hex[:8]}@{org.slug}.example",
                                 f"{org.name} Manager")  # fmt: skip
    return membership


def member_of(org) -> Membership:
    """A new viewer of the organisation."""
    return make_member(
        org, Role.VIEWER, f"member-{uuid.uuid4().hex[:8]}@{org.slug}.example", f"{org.name} Member"
    )


def make_invitation(org):
    """(invitation, token): the token is the last part of the link the invitee is sent."""
    invitation, link = accounts.invite_member(
        org,
        f"invitee-{uuid.uuid4().hex[:8]}@{org.slug}.example",
        Role.MODERATOR,
        by=manager_of(org),
        base_url="https://harbour.example",
    )
    return invitation, link.rstrip("/").rsplit("/", 1)[1]


def make_course(org) -> Course:
    return Course.objects.create(
        organisation=org,
        kind=CourseKind.SOCIAL_MEDIA,
        name=f"{org.name} course {uuid.uuid4().hex[:6]}",
        valid_months=12,
    )


def make_training(org) -> TrainingRecord:
    manager = manager_of(org)
    return TrainingRecord.objects.create(
        organisation=org,
        membership=manager,
        course=make_course(org),
        completed_on=timezone.localdate(),
        evidence=SimpleUploadedFile(
            "certificate.pdf", b"%PDF-1.4 certificate", content_type="application/pdf"
        ),
        evidence_name="certificate.pdf",
        recorded_by=manager.user,
    )


def make_channel(org):
    from harbour.channels import services as channels

    manager = manager_of(org)
    # The organisation's name in every name, so another organisation's page that shows it is caught.
    channel = propose(
        org, manager, name=f"{org.name} on Bluesky", handle=f"@{org.slug}.bsky.social", display_name=org.name,
        aims=f"Tell young people about {org.name} and hear what they think.", contact_email=f"youth@{org.slug}.example",
        suitability="Young people here use it, and reply controls keep conversations manageable.",
    )  # fmt: skip
    channels.approve_channel(channel, by=manager)
    channels.publish_disclaimer(channel, f"# About {org.name}\n\nWe check this account daily.", by=manager)
    channel.refresh_from_db()
    return channel


def active_channel(org, platform: str):
    """An active channel on a platform that needs no approval journey here (an import or webhook)."""
    from harbour.channels.models import Channel, Status

    return Channel.objects.create(
        organisation=org,
        platform=platform,
        name=f"{org.name} {platform}",
        display_name=org.name,
        in_organisation_name=True,
        aims="Hear from young people",
        suitability="Our own system",
        audience_min_age=13,
        audience_max_age=19,
        response_hours=24,
        moderation_hours="daily",
        status=Status.ACTIVE,
    )


def channel(org) -> dict:
    return {"pk": make_channel(org).pk}


def channel_plan(org):
    """A channel with its engagement plan, the organisation's name in its aims."""
    import datetime

    from harbour.planning import services as planning

    made = make_channel(org)
    values = {
        "aims": f"Hear what young people at {org.name} think",
        "objectives": "Two polls a term",
        "audience": "13 to 19",
        "success_measures": "Replies a week",
        "review_date": datetime.date(2030, 1, 1),
    }
    return planning.save_plan(org, values, by=manager_of(org), channel=made)


def plan_resource(org) -> dict:
    from harbour.planning import services as planning

    plan = channel_plan(org)
    resource = planning.add_resource(plan, f"Youth worker at {org.name}", 4, by=manager_of(org))
    return {"pk": plan.pk, "resource_pk": resource.pk}


def policy(org) -> dict:
    """An uploaded policy document, its title naming the organisation."""
    import datetime

    from harbour.planning import services as planning

    values = {
        "kind": "safeguarding",
        "title": f"{org.name} safeguarding",
        "url": "",
        "review_date": datetime.date(2030, 1, 1),
    }
    upload = SimpleUploadedFile("safeguarding.pdf", b"%PDF-1.4\n%%EOF\n")
    return {"pk": planning.add_policy(org, values, by=manager_of(org), upload=upload).pk}


def readiness_confirmed(org) -> dict:
    """A channel with one readiness point confirmed, where it is written naming the organisation."""
    from harbour.channels import readiness

    made = make_channel(org)
    readiness.confirm_point(made, "aims", f"{org.name} engagement plan", by=manager_of(org))
    return {"pk": made.pk, "key": "aims"}


def meta_channel(org) -> dict:
    """A proposed channel on Instagram: one of Meta's platforms, which connect from their page."""
    manager = manager_of(org)
    made = propose(
        org, manager, platform="instagram", name=f"{org.name} on Instagram", display_name=org.name,
        handle=f"@{org.slug}", platform_minimum_age=13, contact_email=f"youth@{org.slug}.example",
    )  # fmt: skip
    return {"pk": made.pk}


def privacy_review(org) -> dict:
    from harbour.channels import services as channels

    made = make_channel(org)
    review = channels.start_privacy_review(made, by=manager_of(org))
    return {"pk": made.pk, "review_pk": review.pk}


def inbox_item(org) -> dict:
    from harbour.inbox.models import Item
    from tests.cast import make_author

    channel = active_channel(org, "file_import")
    item = Item.objects.create(
        organisation=org,
        channel=channel,
        platform_id=uuid.uuid4().hex,
        kind="comment",
        text=f"A reply to {org.name}",
        author=make_author(channel, "author-1", "", f"{org.name} follower"),
        received_at=timezone.now(),
        severity=3,
        action="hide",
        verdict={
            "severity": 3,
            "action": "hide",
            "findings": [
                {"category": "bullying", "severity": 3, "span": [0, 7], "reason": "Test", "detector": "test"}
            ],
        },
    )
    return {"pk": item.pk}


def rota_shift(org) -> dict:
    import datetime

    from harbour.rota import services as rota

    made = make_channel(org)  # its manager owns it, so may be on its rota
    manager = manager_of(org)
    shifts = rota.add_shifts(
        made, member=manager, days=[0], starts=datetime.time(9), ends=datetime.time(17), by=manager
    )
    return {"pk": shifts[0].pk}


def moderation_action(org) -> dict:
    """A "mark done" on one of the organisation's items: what an undo undoes."""
    from harbour.inbox.models import Item
    from harbour.moderation.models import ModerationAction

    item = Item.objects.get(pk=inbox_item(org)["pk"])
    action = ModerationAction.objects.create(
        organisation=org, item=item, kind="done", by=manager_of(org), item_version=1, state="done"
    )
    return {"pk": action.pk}


def saved_reply(org) -> dict:
    from harbour.replies.models import SavedReply

    reply = SavedReply.objects.create(
        organisation=org, title=f"{org.name} reply", text=f"Thanks for writing to {org.name}.", kind="general"
    )
    return {"pk": reply.pk}


def concern(org) -> dict:
    """A concern the organisation's manager raised by hand (so its receipt is theirs), its text naming the
    organisation."""
    from harbour.safeguarding import services as safeguarding
    from tests.cast import give_training

    manager = manager_of(org)
    give_training(manager, "raise_concerns")
    raised = safeguarding.raise_concern(
        org, by=manager, summary=f"Worried about a child at {org.name}", category="disclosure", severity=3
    )
    return {"pk": raised.pk}


def closed_concern(org) -> dict:
    from harbour.safeguarding import services as safeguarding
    from harbour.safeguarding.models import Concern

    lead = org.memberships.filter(role=Role.SAFEGUARDING_LEAD, is_active=True).first() or make_member(
        org, Role.SAFEGUARDING_LEAD, f"lead-{uuid.uuid4().hex[:8]}@{org.slug}.example", f"{org.name} Lead"
    )
    raised = Concern.objects.get(pk=concern(org)["pk"])
    safeguarding.close(raised, by=lead, version=raised.version, outcome=f"{org.name} outcome", reason="Done")
    return {"pk": raised.pk}


def lead_of(org) -> Membership:
    """The organisation's first active safeguarding lead; one is made if there is none."""
    return org.memberships.filter(role=Role.SAFEGUARDING_LEAD, is_active=True).first() or make_member(
        org, Role.SAFEGUARDING_LEAD, f"lead-{uuid.uuid4().hex[:8]}@{org.slug}.example", f"{org.name} Lead"
    )


def destination(org) -> dict:
    from harbour.safeguarding.models import Destination

    made = Destination.objects.create(
        organisation=org, kind="childrens_social_care", name=f"{org.name} front door"
    )
    return {"pk": made.pk}


def referral(org) -> dict:
    """A referral on one of the organisation's concerns, to one of its contacts, with no reference yet."""
    from harbour.safeguarding import services as safeguarding
    from harbour.safeguarding.models import Concern, Destination

    raised = Concern.objects.get(pk=concern(org)["pk"])
    made = safeguarding.record_referral(
        raised, by=lead_of(org), version=raised.version, made_at=timezone.now(),
        destination=Destination.objects.get(pk=destination(org)["pk"]), lawful_basis="safeguarding",
        shared=f"What {org.name} shared", reason=f"Why {org.name} referred it",
    )  # fmt: skip
    return {"pk": raised.pk, "referral_pk": made.pk}


def media_evidence(org) -> dict:
    """A concern screening raised from an item with an image (withheld), and its evidence."""
    from harbour.inbox.models import Item
    from harbour.safeguarding import services as safeguarding

    item = Item.objects.get(pk=inbox_item(org)["pk"])
    item.media = [{"url": f"https://cdn.{org.slug}.example/a.jpg", "alt_text": "", "mime_type": "image/jpeg"}]
    item.save(update_fields=["media"])
    raised = safeguarding.raise_concern(
        org, by=None, item=item, summary=f"Screening at {org.name}", category="nude_images", severity=4,
        source="screening",
    )  # fmt: skip
    return {"pk": raised.pk, "evidence_pk": raised.evidence.get().pk}


def young_person(org) -> dict:
    """A young person's record, named for the organisation, with one of its channel's authors linked."""
    from harbour.safeguarding.models import YoungPerson
    from tests.cast import make_author

    record = YoungPerson.objects.create(
        organisation=org, name=f"{org.name} young person", created_by=manager_of(org)
    )
    record.authors.add(make_author(active_channel(org, "file_import"), "yp-1", "", f"{org.name} follower"))
    return {"pk": record.pk}


def submitted_post(org) -> dict:
    """A post of the organisation's, waiting for proof reading (the post's page and its actions)."""
    from harbour.publishing import services as publishing
    from tests.cast import active_channel as started_channel

    channel = started_channel(org, "demo", started_at=timezone.now().isoformat())
    channel.name = f"{org.name} demo channel"
    channel.save()
    writer = make_member(
        org, Role.AUTHOR, f"writer-{uuid.uuid4().hex[:8]}@{org.slug}.example", f"{org.name} Writer"
    )
    post = publishing.create_post(
        by=writer, title=f"{org.name} summer camp", text=f"{org.name} camp sign-ups open on Monday. Will you come?",
        channel_ids=[channel.pk],
    )  # fmt: skip
    publishing.submit(post, by=writer, revision=post.revision)
    return {"pk": post.pk}


def takedown(org) -> dict:
    """A takedown of a published post of the organisation's (the takedowns' pages and actions)."""
    from harbour.consent.models import Person, Takedown
    from harbour.publishing.models import Post, Publication, PublicationState

    post = Post.objects.get(pk=submitted_post(org)["pk"])
    published = Publication.objects.create(
        organisation=org, post=post, channel=post.variants.get().channel, version=post.versions.get(),
        publish_at=timezone.now(), state=PublicationState.PUBLISHED, finished_at=timezone.now(),
        platform_id=f"demo-published-{uuid.uuid4().hex}",
    )  # fmt: skip
    person = Person.objects.create(organisation=org, kind="young_person", first_name=f"{org.name} Kai")
    made = Takedown.objects.create(
        organisation=org, publication=published, person=person, reason="withdrawn",
        reasons=[["withdrawn", person.pk]], state="needs_hand", due_by=timezone.now(),
    )  # fmt: skip
    return {"pk": made.pk}


def publishing_post(org):
    """A draft post on a demo channel, its words naming the organisation, written by its manager."""
    from harbour.publishing import services as publishing

    made = active_channel(org, "demo")
    return publishing.create_post(
        by=manager_of(org), title=f"{org.name} summer camp", text=f"Summer camp at {org.name}: what would you like to do?",
        channel_ids=[made.pk],
    )  # fmt: skip


def media_asset(org, *, permission: bool = False):
    """An image in the organisation's media library (with the owner's permission file where asked),
    titled for the organisation, added by its manager."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from harbour.consent import media

    evidence = SimpleUploadedFile("permission.pdf", b"%PDF-1.4\n%%EOF\n") if permission else None
    return media.add_asset(
        org, by=manager_of(org), upload=SimpleUploadedFile("camp.png", png_image()), title=f"{org.name} camp",
        alt_text=f"The {org.name} camp site", shows="nobody", source="permission" if permission else "own",
        licence=f"{org.name}'s owner, by email" if permission else "", permission_upload=evidence,
    )  # fmt: skip


def media_tag(org) -> dict:
    """An image with a person from the register tagged in it (for untagging)."""
    from harbour.consent import media

    asset = media_asset(org)
    media.tag_person(asset, consent_person(org), by=manager_of(org))
    return {"pk": asset.pk}


def publishing_image(org) -> dict:
    """An image from the media library in one of the organisation's draft posts."""
    from harbour.publishing import services as publishing

    post = publishing_post(org)
    image = publishing.add_image(post, by=manager_of(org), revision=post.revision, asset=media_asset(org))
    return {"pk": image.pk}


def public_media_token(org) -> dict:
    """The signed public address of an image in one of the organisation's posts while it is being posted
    (harbour/publishing/public_media.py)."""
    from harbour.publishing import public_media
    from harbour.publishing import services as publishing
    from harbour.publishing.models import PostImage, Publication, PublicationState

    image = PostImage.objects.select_related("post", "asset").get(pk=publishing_image(org)["pk"])
    post = image.post
    post.refresh_from_db()
    publishing.submit(post, by=manager_of(org), revision=post.revision)
    post.refresh_from_db()
    publication = Publication.objects.create(
        organisation=org, post=post, channel=post.channels.first(), version=post.current_version,
        publish_at=timezone.now(), state=PublicationState.RUNNING,
    )  # fmt: skip
    return {"token": public_media.token(publication, image)}


def publishing_person(org) -> dict:
    """A person from the register tagged in one of the organisation's draft posts."""
    from harbour.publishing import services as publishing

    post = publishing_post(org)
    tag = publishing.tag_person(
        post, by=manager_of(org), revision=post.revision, person=consent_person(org), use="first_name"
    )
    return {"pk": tag.pk}


def consent_person(org, kind="young_person"):
    """A person in the organisation's consent register, named for the organisation, with an email."""
    from harbour.consent import services as consent

    return consent.add_person(
        org, by=manager_of(org), kind=kind, first_name=f"{org.name} Kai", last_name="Morgan",
        age_band="13_15", email=f"kai@{org.slug}.example",
    )  # fmt: skip


def consent_family(org):
    """(child, parent): a young person and their linked parent, both in the register."""
    from harbour.consent import services as consent

    child = consent_person(org)
    parent = consent_person(org, kind="parent")
    return child, parent, consent.link_guardian(child, parent, by=manager_of(org), relationship="Mother")


def consent_record(org):
    """A consent the parent gave, with a signed form uploaded (a PNG) and a signature drawn."""
    import datetime

    from harbour.consent import services as consent

    child, parent, _ = consent_family(org)
    form = SimpleUploadedFile("form.png", png_image(), content_type="image/png")
    made = consent.record_consent(
        child, by=manager_of(org), given_by=parent, decisions={"photo": "given"},
        starts=datetime.date(2026, 1, 1), upload=form,
    )[0]  # fmt: skip
    drawn = consent.record_consent(
        child, by=manager_of(org), given_by=child, decisions={"photo": "given"}, evidence_kind="signature",
        starts=datetime.date(2026, 1, 1), signed_name=f"{org.name} Kai",
        signature=SimpleUploadedFile("signature.png", png_image(), content_type="image/png"),
    )[0]  # fmt: skip
    return {"pk": made.pk, "evidence_pk": made.evidence_id, "signature_pk": drawn.evidence_id}


def never_publish_flag(org) -> dict:
    from harbour.consent import services as consent

    flag = consent.set_never_publish(
        consent_person(org), by=manager_of(org), reason="court_order", note=f"{org.name} court order"
    )
    return {"pk": flag.pk}


def consent_request(org):
    """(request, link): a consent request emailed to a young person's parent."""
    from harbour.consent import requests

    child, parent, _ = consent_family(org)
    return requests.send_request(
        child, by=manager_of(org), sent_to=parent, uses=["photo"], message=f"{org.name} summer trip",
        base_url="http://testserver/",
    )  # fmt: skip


def png_image() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(out, "PNG")
    return out.getvalue()


def password_reset(org) -> dict:
    user = manager_of(org).user
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def privacy_person(org):
    """An adult in the consent register, named for the organisation (the data protection pages)."""
    from harbour.consent import services as consent

    return consent.add_person(
        org, by=manager_of(org), kind="adult", first_name=f"{org.name} Robin", last_name="Shaw",
        email=f"robin@{org.slug}.example",
    )  # fmt: skip


def privacy_access_request(org) -> dict:
    """A subject access request about a person in the register, waiting to be exported."""
    from harbour.privacy import services as privacy

    made = privacy.open_access_request(
        org, by=manager_of(org), person=privacy_person(org), requester=f"{org.name} Robin",
        received_on=timezone.localdate(),
    )  # fmt: skip
    return {"pk": made.pk}


def privacy_review_item(org) -> dict:
    """A consent record of the register listed as due for review."""
    import datetime

    from harbour.consent import services as consent
    from harbour.privacy.models import ReviewItem

    person = privacy_person(org)
    [record] = consent.record_consent(
        person, by=manager_of(org), given_by=person, decisions={"photo": "given"}, starts=datetime.date(2020, 1, 1),
        expires=datetime.date(2020, 2, 1), evidence_kind="signature", signed_name=f"{org.name} Robin",
    )  # fmt: skip
    item = ReviewItem.objects.create(
        organisation=org,
        kind="consent",
        object_id=record.pk,
        label=record.audit_label(),
        due_on=timezone.localdate(),
    )
    return {"pk": item.pk}


def privacy_erasure(org) -> dict:
    """An erasure request carried out, with its statement."""
    from harbour.privacy import services as privacy

    done = privacy.erase(
        org, by=manager_of(org), person=privacy_person(org), requester=f"{org.name} Robin",
        received_on=timezone.localdate(),
    )  # fmt: skip
    return {"pk": done.pk}


def open_board(org) -> dict:
    """An open discussion board with one post on it, the organisation's name in its title, introduction and
    post: the public pages' objects are its code and the post."""
    from harbour.consultation import boards, codes, tokens
    from harbour.consultation.models import Consultation

    board = Consultation.objects.create(
        organisation=org, channel=active_channel(org, "consultation"), kind="board", code=codes.new_code(),
        title=f"{org.name} board", introduction=f"Talk about {org.name}.", state="open", created_by=manager_of(org),
    )  # fmt: skip
    post = boards.post_to_board(board, token=tokens.new_token(), text=f"More nights at {org.name} please")
    return {"code": board.code, "post": post.pk}


def board_complaint(org) -> dict:
    """A report of a post on the organisation's board, its words naming the organisation."""
    from harbour.consultation import complaints
    from harbour.consultation.models import BoardPost

    post = BoardPost.objects.select_related("consultation").get(pk=open_board(org)["post"])
    complaint = complaints.file_complaint(
        org,
        kind="report",
        consultation=post.consultation,
        post=post,
        reason="unkind",
        text=f"About {org.name}",
    )
    return {"pk": complaint.pk}


def open_poll(org) -> dict:
    """An open poll (with the age band question) on the organisation's consultation channel, the
    organisation's name in its title, question and choices: the public pages' object is its code."""
    from harbour.consultation import codes
    from harbour.consultation.models import Choice, Consultation, Question

    poll = Consultation.objects.create(
        organisation=org, channel=active_channel(org, "consultation"), kind="poll", code=codes.new_code(),
        title=f"{org.name} youth club nights", introduction=f"{org.name} wants to know.",
        purpose=f"{org.name} will choose the night.", asks_age_band=True, state="open", created_by=manager_of(org),
    )  # fmt: skip
    question = Question.objects.create(
        organisation=org, consultation=poll, position=1, kind="single", text=f"Which night at {org.name}?"
    )
    for position, night in enumerate(["Tuesday", f"{org.name} Saturday"], start=1):
        Choice.objects.create(organisation=org, question=question, position=position, text=night)
    return {"code": poll.code}


def closed_poll_with_feedback(org) -> dict:
    """A closed poll with 6 answers (the organisation's name in its question and a choice) and its "you said,
    we did" published through feedback.publish_feedback: the results pages' and the feedback page's object."""
    from harbour.consultation import feedback
    from harbour.consultation.models import Answer, Consultation, Response

    poll = Consultation.objects.get(code=open_poll(org)["code"])
    question = poll.questions.get()
    choice = question.choices.last()
    for n in range(6):
        response = Response.objects.create(organisation=org, consultation=poll, token_hash=f"{org.pk}-{n}")
        Answer.objects.create(organisation=org, response=response, question=question, choice=choice)
    poll.state = "closed"
    poll.save(update_fields=["state"])
    feedback.publish_feedback(poll, f"{org.name} heard you: Saturdays it is.", by=manager_of(org))
    return {"pk": poll.pk, "code": poll.code}


def draft_survey(org) -> dict:
    """A draft survey built through the builder's services, the organisation's name in its title and first
    question (tests/consultation/test_builder_pages.py)."""
    from tests.cast import make_consultation

    questions = [
        {
            "kind": "single",
            "text": f"How often do you go to {org.name}?",
            "choices": ["Weekly", f"{org.name} never"],
        },
        {"kind": "free_text", "text": f"What would make {org.name} better?"},
    ]
    survey = make_consultation(org, by=manager_of(org), questions=questions)
    return {"pk": survey.pk, "question_pk": survey.questions.first().pk}


URL_OBJECTS = {
    "consultation:consultation": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:details": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:add_question": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:check": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:question": draft_survey,
    "consultation:move_question": draft_survey,
    "consultation:remove_question": draft_survey,
    "consultation:publish": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:close": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation:qr": lambda org: {"pk": draft_survey(org)["pk"]},
    "consultation_public:consultation": open_poll,
    "consultation_public:thanks": open_poll,
    "consultation_public:privacy": open_poll,
    "accounts:password_reset_confirm": password_reset,
    "accounts:invitation": lambda org: {"token": make_invitation(org)[1]},
    "accounts:resend_invitation": lambda org: {"pk": make_invitation(org)[0].pk},
    "accounts:revoke_invitation": lambda org: {"pk": make_invitation(org)[0].pk},
    "accounts:member": lambda org: {"pk": member_of(org).pk},
    "accounts:end_member_sessions": lambda org: {"pk": member_of(org).pk},
    "accounts:end_session": lambda org: {
        "pk": UserSession.objects.create(user=manager_of(org).user, session_key=uuid.uuid4().hex).pk
    },
    "accounts:deactivate": lambda org: {"pk": member_of(org).pk},
    "accounts:unlock_member": lambda org: {"pk": member_of(org).pk},
    "accounts:training_edit": lambda org: {"pk": make_training(org).pk},
    "accounts:training_delete": lambda org: {"pk": make_training(org).pk},
    "accounts:training_verify": lambda org: {"pk": make_training(org).pk},
    "accounts:training_evidence": lambda org: {"pk": make_training(org).pk},
    "accounts:course_edit": lambda org: {"pk": make_course(org).pk},
    "accounts:enrol_confirmed": lambda org: {"token": accounts.enrol_token(manager_of(org).user)},
    "channels:detail": channel,
    "channels:edit": channel,
    "channels:decide": channel,
    "channels:activate": channel,
    "channels:retire": channel,
    "channels:resubmit": channel,
    "channels:credentials": channel,
    "channels:set_credential": lambda org: {**channel(org), "kind": "app_password"},
    "channels:privacy_reviews": channel,
    "channels:privacy_review": privacy_review,
    "channels:disclaimer": channel,
    "channels:readiness": channel,
    "channels:readiness_confirm": lambda org: {**channel(org), "key": "aims"},
    "channels:readiness_withdraw": readiness_confirmed,
    "planning:channel_plan": channel,
    "planning:edit_channel_plan": channel,
    "planning:add_resource": lambda org: {"pk": channel_plan(org).pk},
    "planning:remove_resource": plan_resource,
    "planning:edit_policy": policy,
    "planning:remove_policy": policy,
    "planning:policy_document": policy,
    "channels:meta_connect": meta_channel,
    "channels:meta_start": meta_channel,
    "channels:meta_pick": meta_channel,
    "inbox:import_items": lambda org: {"pk": active_channel(org, "file_import").pk},
    "channels_public:disclaimer": lambda org: {"slug": make_channel(org).public_slug},
    "inbox:item": inbox_item,
    "moderation:act": inbox_item,
    "moderation:undo": moderation_action,
    "replies:edit": saved_reply,
    "replies:set_active": saved_reply,
    "replies:send_advice": inbox_item,
    "replies:send_saved_reply": inbox_item,
    "hooks:receive": lambda org: {"channel_uuid": active_channel(org, "webhook").uuid},
    "consent:person": lambda org: {"pk": consent_person(org).pk},
    "consent:person_change": lambda org: {"pk": consent_person(org).pk},
    "consent:guardian_add": lambda org: {"pk": consent_person(org).pk},
    "consent:consent_add": lambda org: {"pk": consent_person(org).pk},
    "consent:never_publish": lambda org: {"pk": consent_person(org).pk},
    "consent:safeguarding_record": lambda org: {"pk": consent_person(org).pk},
    "consent:request_add": lambda org: {"pk": consent_person(org).pk},
    "consent:guardian_remove": lambda org: {"pk": consent_family(org)[2].pk},
    "consent:consent_withdraw": lambda org: {"pk": consent_record(org)["pk"]},
    "consent:evidence": lambda org: {"pk": consent_record(org)["evidence_pk"]},
    "consent:evidence_signature": lambda org: {"pk": consent_record(org)["signature_pk"]},
    "consent:never_publish_lift": never_publish_flag,
    "consent:request_resend": lambda org: {"pk": consent_request(org)[0].pk},
    "consent:request_cancel": lambda org: {"pk": consent_request(org)[0].pk},
    "consent_public:answer": lambda org: {"token": consent_request(org)[1].rstrip("/").rsplit("/", 1)[-1]},
    "publishing_public:media": public_media_token,
    "rota:channel": channel,
    "rota:add_shift": channel,
    "rota:sign_off_time": channel,
    "rota:sign_off": channel,
    "rota:remove_shift": rota_shift,
    "safeguarding:received": concern,
    "safeguarding:concern": concern,
    "safeguarding:add_entry": concern,
    "safeguarding:close": concern,
    "safeguarding:reopen": closed_concern,
    "safeguarding:chronology": young_person,
    "safeguarding:young_person_change": young_person,
    "safeguarding:young_person_authors": young_person,
    "safeguarding:young_person_link": concern,
    "safeguarding:refer": concern,
    "safeguarding:add_reference": referral,
    "safeguarding:open_media": media_evidence,
    "safeguarding:destination_edit": destination,
    "safeguarding:destination_active": destination,
    "safeguarding:retention_review": closed_concern,
    "safeguarding:retention_hold": concern,
    "publishing:edit": lambda org: {"pk": publishing_post(org).pk},
    "publishing:submit": lambda org: {"pk": publishing_post(org).pk},
    "publishing:image_add": lambda org: {"pk": publishing_post(org).pk},
    "publishing:image": publishing_image,
    "publishing:image_remove": publishing_image,
    "publishing:people": lambda org: {"pk": publishing_post(org).pk},
    "publishing:person_remove": publishing_person,
    "consent:media_asset": lambda org: {"pk": media_asset(org).pk},
    "consent:media_change": lambda org: {"pk": media_asset(org).pk},
    "consent:media_tag": lambda org: {"pk": media_asset(org).pk},
    "consent:media_untag": media_tag,
    "consent:media_archive": lambda org: {"pk": media_asset(org).pk},
    "consent:media_file": lambda org: {"pk": media_asset(org).pk},
    "consent:media_permission": lambda org: {"pk": media_asset(org, permission=True).pk},
    "publishing:post": submitted_post,
    "publishing:review": submitted_post,
    "publishing:schedule": submitted_post,
    "publishing:take_back": submitted_post,
    "publishing:try_again": submitted_post,
    "consent:takedown": takedown,
    "consent:takedown_confirm": takedown,
    "consent:takedown_try_again": takedown,
    "privacy:review_item": privacy_review_item,
    "privacy:access": privacy_access_request,
    "privacy:access_download": lambda org: {**privacy_access_request(org), "kind": "json"},
    "privacy:lead_review": privacy_access_request,
    "privacy:erasure": privacy_erasure,
    "consultation_public:post": lambda org: {"code": open_board(org)["code"]},
    "consultation_public:report": open_board,
    "consultation_public:appeal": open_board,
    "consultation_public:problem": lambda org: {"code": open_board(org)["code"]},
    "consultation_public:problem_sent": lambda org: {"code": open_board(org)["code"]},
    "consultation:complaint": board_complaint,
    "consultation:results": lambda org: {"pk": closed_poll_with_feedback(org)["pk"]},
    "consultation:results_csv": lambda org: {"pk": closed_poll_with_feedback(org)["pk"]},
    "consultation:results_pdf": lambda org: {"pk": closed_poll_with_feedback(org)["pk"]},
    "consultation:feedback": lambda org: {"pk": closed_poll_with_feedback(org)["pk"]},
    "consultation_public:feedback": lambda org: {"code": closed_poll_with_feedback(org)["code"]},
}
