"""The saved replies library: managers add, change and retire replies; moderators read them; each text
is screened as an outgoing draft and its reading age measured; privacy advice above age 11 is refused."""

import pytest

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.replies import services
from harbour.replies.models import AdviceTopic, ReplyKind, SavedReply
from harbour.screening.detectors.readability import measure

pytestmark = pytest.mark.django_db

EASY = "Hi, we have hidden your post because it had your phone number in it. Please keep it private."
HARD = (
    "Regrettably, we have temporarily concealed your contribution, considering that publicising personal "
    "identification information constitutes a considerable organisational safeguarding vulnerability."
)


def new_reply(org, text=EASY, kind=ReplyKind.PRIVACY_ADVICE, title="Phone", topic=AdviceTopic.PHONE):
    return SavedReply(organisation=org, title=title, text=text, kind=kind, topic=topic)


def test_a_manager_adds_advice_with_its_measured_reading_age_and_an_audit_event(org, manager):
    reply = services.save_reply(new_reply(org), by=manager)
    assert 5 <= reply.reading_age <= 11
    assert float(reply.reading_age) == round(measure(EASY).reading_age, 1)  # the readability detector's
    assert reply.created_by == manager and reply.updated_by == manager
    assert reply.action == "allow"
    event = AuditEvent.objects.get(action="saved_reply.added")
    assert event.detail == {"kind": "privacy_advice", "reading_age": float(reply.reading_age)}
    assert EASY not in str(event.detail) and event.object_label == f"Saved reply #{reply.pk}"


def test_privacy_advice_that_reads_above_11_is_refused_saying_its_reading_age(org, manager):
    with pytest.raises(
        services.ReplyRefused, match=r"reading age of about \d+\. Privacy advice must be easy"
    ):
        services.save_reply(new_reply(org, HARD), by=manager)
    assert not SavedReply.objects.exists()


def test_a_general_reply_may_read_above_11_and_shows_its_reading_age(org, manager):
    reply = services.save_reply(new_reply(org, HARD, kind=ReplyKind.GENERAL), by=manager)
    assert reply.whole_reading_age > 11 and reply.topic == AdviceTopic.ANY


def test_a_text_that_screening_would_hold_back_is_refused(org, manager):
    with pytest.raises(services.ReplyRefused, match="Screening would hold this reply back"):
        services.save_reply(
            new_reply(org, "you are a stupid idiot and nobody likes you", kind="general"), by=manager
        )


@pytest.mark.parametrize("role", ["safeguarding_lead", "moderator", "author", "reviewer", "viewer"])
def test_only_a_manager_changes_the_library(org, members, role):
    with pytest.raises(NotAllowed):
        services.save_reply(new_reply(org), by=members[role])
    reply = services.save_reply(new_reply(org), by=members["manager"])
    with pytest.raises(NotAllowed):
        services.set_active(reply, False, by=members[role])


def test_another_organisations_manager_cannot_change_it(org, manager, outsider):
    reply = services.save_reply(new_reply(org), by=manager)
    with pytest.raises(NotAllowed):
        services.set_active(reply, False, by=outsider)
    reply.title = "Changed"
    with pytest.raises(NotAllowed):
        services.save_reply(reply, by=outsider)


def test_retiring_and_using_again_are_audited(org, manager):
    reply = services.save_reply(new_reply(org), by=manager)
    services.set_active(reply, False, by=manager)
    services.set_active(reply, False, by=manager)  # already retired: nothing to record
    services.set_active(reply, True, by=manager)
    actions = list(
        AuditEvent.objects.filter(action__startswith="saved_reply.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["saved_reply.added", "saved_reply.retired", "saved_reply.restored"]


# The pages


def test_the_first_visit_offers_the_starter_library_and_writes_nothing(org, moderator, client_for):
    page = client_for(moderator).get("/replies/")
    assert page.status_code == 200
    assert not SavedReply.objects.exists()
    html = page.content.decode()
    assert "hidden your post because it named your school" in html and "about 10" in html
    assert "Ask a manager to add it" in html and "Add the starter privacy advice" not in html


def test_a_manager_adds_the_starter_library_and_a_moderator_reads_it(org, manager, moderator, client_for):
    page = client_for(manager).get("/replies/")
    assert "Add the starter privacy advice" in page.content.decode()
    assert client_for(manager).post("/replies/starters/").status_code == 302
    assert SavedReply.objects.for_org(org).filter(kind=ReplyKind.PRIVACY_ADVICE).count() == 6
    html = client_for(moderator).get("/replies/").content.decode()
    assert "hidden your post because it named your school" in html
    assert "about 10" in html  # the measured reading age
    assert "Add a saved reply" not in html and "Retire" not in html and "Ask a manager" not in html
    assert client_for(moderator).post("/replies/starters/").status_code == 403


def test_a_viewer_may_not_see_them_and_a_moderator_may_not_change_them(viewer, moderator, client_for):
    assert client_for(viewer).get("/replies/").status_code == 403
    assert client_for(moderator).get("/replies/add/").status_code == 403


def test_a_manager_adds_a_reply_on_the_page(org, manager, client_for):
    client = client_for(manager)
    data = {
        "title": "We will reply",
        "kind": "general",
        "topic": "",
        "text": "Thanks, we'll reply within a day.",
    }
    response = client.post("/replies/add/", data)
    assert response.status_code == 302
    reply = SavedReply.objects.get(organisation=org, title="We will reply")
    assert "Retire" in client.get("/replies/").content.decode()
    response = client.post(f"/replies/{reply.pk}/active/", {"active": "0"})
    reply.refresh_from_db()
    assert not reply.active


def test_hard_advice_is_refused_on_the_page_with_the_words_kept(org, manager, client_for):
    data = {"title": "Hard", "kind": "privacy_advice", "topic": "phone", "text": HARD}
    response = client_for(manager).post("/replies/add/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Privacy advice must be easy to read at age 11 or under" in html
    assert "Regrettably, we have temporarily concealed" in html
    assert not SavedReply.objects.filter(title="Hard").exists()


def test_another_organisations_reply_is_not_found(org, manager, outsider, client_for):
    reply = services.save_reply(new_reply(org), by=manager)
    client = client_for(outsider)
    assert client.get(f"/replies/{reply.pk}/").status_code == 404
    assert client.post(f"/replies/{reply.pk}/active/", {"active": "0"}).status_code == 404
    reply.refresh_from_db()
    assert reply.active
