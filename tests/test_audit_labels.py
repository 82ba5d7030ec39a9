"""An audit event never carries what someone wrote (docs/audit.md): the object's label comes from the
model's audit_label() or is "Model #pk", never str(obj); a detail's keys are declared and its values short.
Safeguarding concerns come next and will hold what a young person disclosed: the log must not copy it."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from harbour.accounts.models import CodeOfConduct, Invitation
from harbour.audit.events import DETAIL_TEXT_LIMIT, AuditEventType, object_label
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.consent.models import (
    ConsentEvidence,
    ConsentRecord,
    ConsentRequest,
    Group,
    MediaAsset,
    NeverPublish,
    Person,
    Takedown,
)
from harbour.consultation.models import Complaint, Consultation, Question
from harbour.moderation.models import ModerationAction
from harbour.moderation.services import act
from harbour.privacy.models import ErasureRequest, RetentionPolicy, ReviewItem, SubjectAccessRequest
from harbour.publishing.models import Post, PostImage, PostVersion, Publication, Review
from harbour.rota.models import Rota
from harbour.safeguarding.models import Concern, YoungPerson
from tests.cast import active_channel, finding, give_training, make_item, sign_in

pytestmark = pytest.mark.django_db

# What a young person might write, with words found nowhere else in Harbour.
DISCLOSURE = (
    "Zephyrine told me not to tell anyone he meets me behind Quillfeather Library on Thursdays 07700900123"
)
WORDS = [word for word in DISCLOSURE.split() if len(word) >= 5]


def leaked(event: AuditEvent) -> list[str]:
    written = " ".join([event.object_label, event.actor_label, json.dumps(event.detail, ensure_ascii=False)])
    return [word for word in WORDS if word in written]


def test_events_about_an_item_hold_no_part_of_its_text(org, dsl):
    give_training(dsl, "moderate")
    item = make_item(active_channel(org), DISCLOSURE, findings=[finding("grooming", 4)], action="escalate")
    assert sign_in(Client(), dsl.user).get(reverse("inbox:item", args=[item.pk])).status_code == 200
    act(item, "done", by=dsl, version=0)
    events = list(AuditEvent.objects.filter(action__in=["inbox.item_viewed", "inbox.item_reviewed"]))
    assert len(events) == 2
    for event in events:
        assert not leaked(event), f"{event.action} copied the item's text"
        assert event.object_label == f"{item.get_kind_display()} #{item.pk}"
        assert event.object_id == str(item.pk)  # the event points at the item instead


def test_every_model_without_audit_label_is_labelled_by_its_name_and_number():
    """The default reads no field, so a model holding a young person's handle (an author) or words says
    nothing of them. A future concern model gets this unless it declares a label."""
    for model in apps.get_models():
        if not callable(getattr(model, "audit_label", None)):
            assert (
                object_label(model(pk=1))
                == f"{model._meta.verbose_name[:1].upper()}{model._meta.verbose_name[1:]} #1"
            )


def test_the_default_label_reads_no_field(org):
    class Note:  # stands for a future model with free text and no audit_label, such as a concern
        class _meta:
            verbose_name = "concern"

        pk = 7
        text = DISCLOSURE

        def __str__(self):
            return self.text

    assert object_label(Note()) == "Concern #7"


def models_with_a_label():
    return sorted(
        (model for model in apps.get_models() if callable(getattr(model, "audit_label", None))),
        key=lambda model: model._meta.label,
    )


def test_no_declared_label_reads_free_text(org, manager, moderator):
    """Every model that declares audit_label(), with each of its TextFields set to a disclosure: the label
    says none of it. A new model with a label is made here too, or this test fails."""
    channel = active_channel(org)
    training = give_training(moderator, "moderate")[0]
    consultation = Consultation(
        pk=23, organisation=org, channel=channel, kind="survey", code="ABC234", title=DISCLOSURE[:120]
    )
    instances = {
        "accounts.User": manager.user,
        "accounts.Organisation": org,
        "accounts.Membership": manager,
        "accounts.Invitation": Invitation(organisation=org, email="new.member@example.org", role="viewer"),
        "accounts.CodeOfConduct": CodeOfConduct(organisation=org, version=3),
        "accounts.Course": training.course,
        "accounts.TrainingRecord": training,
        "channels.Channel": channel,
        "inbox.Item": make_item(channel, "hello"),
        "moderation.ModerationAction": ModerationAction(
            organisation=org, item=make_item(channel, "hi"), kind="note", by=moderator, item_version=1
        ),
        "rota.Rota": Rota(organisation=org, channel=channel),
        # A concern's summary and outcome are TextFields (set below); a young person's name is not, so set here.
        "safeguarding.Concern": Concern(pk=7, organisation=org, category="disclosure", severity=3),
        "safeguarding.YoungPerson": YoungPerson(pk=3, organisation=org, name=DISCLOSURE[:200]),
        # A post's title is a CharField: set here too, as an author might put a young person's name in it.
        "publishing.Post": Post(pk=5, organisation=org, author=manager, title=DISCLOSURE[:120]),
        "publishing.PostImage": PostImage(pk=6, organisation=org, post_id=5, asset_id=17),
        "publishing.PostVersion": PostVersion(pk=8, post_id=5, number=2),
        "publishing.Review": Review(pk=9, organisation=org, post_id=5, verdict="approved"),
        "publishing.Publication": Publication(pk=4, organisation=org, post_id=5, channel=channel),
        # A person's names are CharFields: set here, as they are the very thing a label must not say.
        "consent.Person": Person(
            pk=11, organisation=org, first_name=DISCLOSURE[:100], last_name=DISCLOSURE[:100]
        ),
        "consent.Group": Group(pk=12, organisation=org, name=DISCLOSURE[:100]),
        "consent.NeverPublish": NeverPublish(pk=13, organisation=org, person_id=11, reason="court_order"),
        "consent.ConsentEvidence": ConsentEvidence(pk=14, organisation=org, signed_name=DISCLOSURE[:200]),
        "consent.ConsentRecord": ConsentRecord(pk=15, organisation=org, person_id=11, use="photo"),
        "consent.ConsentRequest": ConsentRequest(pk=16, organisation=org, person_id=11, sent_to_id=11),
        "consent.MediaAsset": MediaAsset(pk=17, organisation=org, title=DISCLOSURE[:120]),
        "consent.Takedown": Takedown(pk=18, organisation=org, publication_id=4, reason="withdrawn"),
        "privacy.RetentionPolicy": RetentionPolicy(pk=19, organisation=org, kind="media"),
        "privacy.ReviewItem": ReviewItem(pk=20, organisation=org, kind="post", label=DISCLOSURE[:120]),
        "privacy.SubjectAccessRequest": SubjectAccessRequest(
            pk=21, organisation=org, requester=DISCLOSURE[:200]
        ),
        "privacy.ErasureRequest": ErasureRequest(pk=22, organisation=org, requester=DISCLOSURE[:200]),
        # A consultation's title and a question's words are CharFields a young person's name could be put in.
        "consultation.Consultation": consultation,
        "consultation.Question": Question(
            pk=24, organisation=org, consultation=consultation, position=1, text=DISCLOSURE[:500]
        ),
        "consultation.Complaint": Complaint(pk=25, organisation=org, kind="report", reason="unkind"),
    }
    labelled = {model._meta.label for model in models_with_a_label()}
    assert labelled == set(instances), "add the new model with audit_label() to this test"
    for label, instance in instances.items():
        for field in instance._meta.get_fields():
            if isinstance(field, models.TextField):
                setattr(instance, field.attname, DISCLOSURE)
        text = object_label(instance)
        assert text and not any(word in text for word in WORDS), f"{label}.audit_label() says {text!r}"


@pytest.mark.parametrize(
    ("detail", "message"),
    [
        ({"text": DISCLOSURE}, "not declared"),
        ({"comments": "x" * (DETAIL_TEXT_LIMIT + 1)}, "no long text"),
        ({"comments": object()}, "give it as text"),
        ({"changed": [{"to": "x" * (DETAIL_TEXT_LIMIT + 1)}]}, "no long text"),
    ],
)
def test_record_refuses_a_detail_that_could_carry_content(org, detail, message):
    with pytest.raises(ValueError, match=message):
        record(AuditEventType.CHANNEL_UPDATED, organisation=org, detail=detail)
    assert not AuditEvent.objects.exists()
