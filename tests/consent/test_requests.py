"""Consent requests (harbour/consent/requests.py and the public page in public_views.py): a link emailed to
a parent or carer or to the young person, whose token is stored only as its SHA-256 and works for 14 days;
the public page asks in plain words, records the answer through services.record_consent with the request
as evidence and answers once (a reused link shows what was answered, and two answers at once record one);
the same link withdraws what it gave; expired, cancelled and unknown links get clear pages with 410 and
404; resending stops the old link; the public POST needs its CSRF token and is rate limited; each request,
answer, cancellation and withdrawal is audited."""

import datetime
import hashlib
import re
import socket

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import requests, services
from harbour.consent.models import (
    ConsentRecord,
    ConsentRequest,
    Decision,
    EvidenceKind,
    PersonKind,
    RequestState,
    Use,
)
from harbour.consent.rules import standing
from tests.cast import active_channel

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


@pytest.fixture
def family(org, author):
    child = services.add_person(
        org,
        by=author,
        kind=PersonKind.YOUNG_PERSON,
        first_name="Kai",
        last_name="Morgan",
        date_of_birth=datetime.date(2013, 4, 2),
        email="kai@example.org",
    )
    carer = services.add_person(
        org,
        by=author,
        kind=PersonKind.PARENT,
        first_name="Dana",
        last_name="Morgan",
        email="dana@example.org",
    )
    services.link_guardian(child, carer, by=author, relationship="Mother")
    return child, carer


def send(family, author, **kwargs):
    child, carer = family
    kwargs.setdefault("sent_to", carer)
    kwargs.setdefault("uses", [Use.PHOTO, Use.FIRST_NAME])
    return requests.send_request(child, by=author, base_url=BASE, **kwargs)


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


def answer(client, link, photo=Decision.GIVEN, first_name=Decision.GIVEN, name="Dana Morgan"):
    return client.post(
        path_of(link), {f"use_{Use.PHOTO}": photo, f"use_{Use.FIRST_NAME}": first_name, "signed_name": name}
    )


def test_a_request_is_emailed_with_a_link_whose_token_is_stored_only_as_its_hash(family, author):
    request, link = send(family, author, message="Photos of the summer trip")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 43 and request.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ConsentRequest.objects.values_list().get(pk=request.pk))
    assert request.expires_at - timezone.now() > datetime.timedelta(days=13, hours=23)
    assert request.expires_at - timezone.now() <= requests.VALID_FOR
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dana@example.org"]
    assert link in mail.outbox[0].body and "Kai" in mail.outbox[0].body
    assert "Photos of the summer trip" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="consent.request_sent")
    assert event.detail["sent_to"] == family[1].pk
    assert "summer" not in str(event.detail)  # the message is content: never in the audit log


def test_a_request_goes_only_to_the_person_or_a_linked_parent_with_an_email(org, family, author, reviewer):
    child, carer = family
    stranger = services.add_person(
        org, by=author, kind=PersonKind.PARENT, first_name="Sol", email="sol@example.org"
    )
    with pytest.raises(NotAllowed, match="linked to them"):
        send(family, author, sent_to=stranger)
    services.change_person(carer, by=author, email="")
    carer.refresh_from_db()
    with pytest.raises(NotAllowed, match="no email address"):
        send(family, author, sent_to=carer)
    with pytest.raises(NotAllowed, match="Choose what"):
        send(family, author, sent_to=child, uses=[])
    with pytest.raises(NotAllowed):
        send(family, reviewer, sent_to=child)
    request, _ = send(family, author, sent_to=child)  # the young person themselves
    assert request.email == "kai@example.org"
    assert ConsentRequest.objects.count() == 1


def test_the_parent_answers_on_the_public_page_and_the_register_records_it(family, author):
    child, carer = family
    channel = active_channel(child.organisation)
    request, link = send(family, author, channels=[channel], expires_consent=datetime.date(2031, 8, 31))
    client = Client()
    page = client.get(path_of(link))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Can we share photos of" in text and "Kai" in text and "Send" in text
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    response = answer(client, link, first_name=Decision.REFUSED)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ANSWERED and request.answered_at is not None
    records = {r.use: r for r in ConsentRecord.objects.filter(person=child)}
    assert (
        records[Use.PHOTO].decision == Decision.GIVEN and records[Use.FIRST_NAME].decision == Decision.REFUSED
    )
    photo = records[Use.PHOTO]
    assert photo.given_by == carer and photo.recorded_by is None
    assert photo.evidence.kind == EvidenceKind.REQUEST and photo.evidence.request == request
    assert photo.evidence.signed_name == "Dana Morgan"
    assert photo.expires == datetime.date(2031, 8, 31) and list(photo.channels.all()) == [channel]
    assert photo.starts == timezone.localdate()
    assert AuditEvent.objects.filter(action="consent.request_answered").count() == 1
    assert AuditEvent.objects.filter(action="consent.recorded").count() == 2
    # The child's own consent is still missing; with it, photos on that channel stand.
    assert standing(child, Use.PHOTO, channel.pk, timezone.localdate()).missing == ("the young person's",)


def test_a_missing_answer_or_name_is_a_clear_error_and_nothing_is_recorded(family, author):
    request, link = send(family, author)
    response = Client().post(path_of(link), {f"use_{Use.PHOTO}": Decision.GIVEN, "signed_name": " "})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose yes or no" in text and "Type your full name" in text
    assert 'value="given" checked' in text  # what they chose is kept
    request.refresh_from_db()
    assert request.state == RequestState.SENT and not ConsentRecord.objects.exists()


def test_a_reused_link_shows_the_answer_and_records_nothing_more(family, author):
    request, link = send(family, author)
    client = Client()
    answer(client, link)
    again = answer(client, link, photo=Decision.REFUSED)
    assert again.status_code == 400  # the answered page: no consent named to withdraw
    assert ConsentRecord.objects.count() == 2
    page = client.get(path_of(link))
    assert page.status_code == 200 and "Your answer" in page.content.decode()
    assert "Withdraw consent: photos" in page.content.decode()
    with pytest.raises(NotAllowed, match="already been answered"):  # the service claims the link once
        requests.answer(request, decisions={Use.PHOTO: "given", Use.FIRST_NAME: "given"}, signed_name="D")
    assert ConsentRecord.objects.count() == 2


def test_a_stale_copy_of_the_request_cannot_answer_twice(family, author):
    request, _ = send(family, author)
    stale = ConsentRequest.objects.get(pk=request.pk)  # what a second, simultaneous answer holds
    requests.answer(request, decisions={Use.PHOTO: "given", Use.FIRST_NAME: "given"}, signed_name="Dana")
    with pytest.raises(NotAllowed):
        requests.answer(
            stale, decisions={Use.PHOTO: "refused", Use.FIRST_NAME: "refused"}, signed_name="Dana"
        )
    assert ConsentRecord.objects.filter(decision=Decision.REFUSED).count() == 0


def test_the_parent_withdraws_through_the_same_link(family, author):
    _request, link = send(family, author)
    client = Client()
    answer(client, link)
    photo = ConsentRecord.objects.get(use=Use.PHOTO)
    response = client.post(path_of(link), {"consent": photo.pk, "note": "Changed my mind"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.withdrawn_at is not None and photo.withdrawn_by is None
    assert photo.withdrawal_note == "Changed my mind"
    event = AuditEvent.objects.get(action="consent.withdrawn")
    assert event.detail["method"] == "link" and "Changed" not in str(event.detail)
    page = client.get(path_of(link)).content.decode()
    assert "You withdrew it" in page and "Withdraw consent: photos" not in page
    assert "Withdraw consent: first name" in page
    again = client.post(path_of(link), {"consent": photo.pk})  # already withdrawn
    assert again.status_code == 400 and "already been withdrawn" in again.content.decode()


def test_a_link_cannot_withdraw_consent_it_did_not_give(family, author):
    child, _carer = family
    request, link = send(family, author)
    answer(Client(), link)
    other = services.record_consent(
        child,
        by=author,
        given_by=child,
        decisions={Use.PHOTO: Decision.GIVEN},
        starts=datetime.date(2026, 1, 1),
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name="Kai Morgan",
    )[0]
    response = Client().post(path_of(link), {"consent": other.pk})
    assert response.status_code == 400
    with pytest.raises(NotAllowed, match="through this link"):
        requests.withdraw(request, other)
    other.refresh_from_db()
    assert other.withdrawn_at is None


def test_unknown_expired_and_cancelled_links_get_clear_pages(family, author):
    client = Client()
    unknown = client.get("/p/consent/not-a-real-token-at-all/")
    assert unknown.status_code == 404 and "This link does not work" in unknown.content.decode()
    request, link = send(family, author)
    ConsentRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = client.get(path_of(link))
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    assert answer(client, link).status_code == 410
    assert not ConsentRecord.objects.exists()
    request2, link2 = send(family, author)
    requests.cancel_request(request2, by=author)
    cancelled = client.get(path_of(link2))
    assert cancelled.status_code == 410 and "cancelled" in cancelled.content.decode()
    assert AuditEvent.objects.filter(action="consent.request_cancelled").count() == 1
    with pytest.raises(NotAllowed):
        requests.cancel_request(request2, by=author)


def test_resending_gives_a_new_link_and_the_old_one_stops(family, author):
    request, old = send(family, author)
    new = requests.resend_request(request, by=author, base_url=BASE)
    assert new != old and len(mail.outbox) == 2 and new in mail.outbox[1].body
    assert Client().get(path_of(old)).status_code == 404
    assert Client().get(path_of(new)).status_code == 200
    assert AuditEvent.objects.filter(action="consent.request_resent").count() == 1


def test_the_public_form_needs_its_csrf_token(family, author, settings):
    _request, link = send(family, author)
    client = Client(enforce_csrf_checks=True)
    assert client.get(path_of(link)).status_code == 200
    refused = client.post(
        path_of(link), {f"use_{Use.PHOTO}": "given", f"use_{Use.FIRST_NAME}": "given", "signed_name": "Dana"}
    )
    assert refused.status_code == 403 and not ConsentRecord.objects.exists()
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        path_of(link),
        {
            f"use_{Use.PHOTO}": "given",
            f"use_{Use.FIRST_NAME}": "given",
            "signed_name": "Dana",
            "csrfmiddlewaretoken": token,
        },
    )
    assert accepted.status_code == 302 and ConsentRecord.objects.count() == 2


def test_answers_are_rate_limited_per_address(family, author, settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "consent_link_ip": (2, 15)}
    _request, link = send(family, author)
    client = Client()
    for _ in range(2):
        assert client.post(path_of(link), {"signed_name": ""}).status_code == 400
    limited = client.post(path_of(link), {"signed_name": ""})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "Too many tries" in limited.content.decode()
    assert AuditEvent.objects.filter(action="security.rate_limited").count() == 1


def test_a_refused_email_leaves_the_request_and_says_what_to_do(family, author, settings):
    with socket.socket() as closed:  # a port nobody listens on: the mail server refuses the connection
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5, "use_tls": False},
        }
    }
    with pytest.raises(requests.EmailNotSent) as failure:
        send(family, author)
    assert "Send again" in str(failure.value)
    assert re.search(r"/p/consent/[\w-]+/$", failure.value.link)
    assert ConsentRequest.objects.get().state == RequestState.SENT


def test_the_public_pages_read_at_age_eleven_or_below(family, author):
    """Plain words (the plan: reading age 9 to 11), measured the one way Harbour measures its own text."""
    from html.parser import HTMLParser

    from harbour.screening import reading_age

    class MainText(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.parts = 0, []

        def handle_starttag(self, tag, attrs):
            self.depth += tag == "main" or bool(self.depth)

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data.strip())

    def words_of(response) -> str:
        parser = MainText()
        parser.feed(response.content.decode())
        return " ".join(part for part in parser.parts if part)

    _request, link = send(family, author, uses=list(Use))
    client = Client()
    pages = {"asking": client.get(path_of(link))}
    client.post(
        path_of(link), {**{f"use_{use}": Decision.GIVEN for use in Use}, "signed_name": "Dana Morgan"}
    )
    pages["answered"] = client.get(path_of(link))
    pages["unknown"] = client.get("/p/consent/not-a-real-token-at-all/")
    expired, expired_link = send(family, author)
    ConsentRequest.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    pages["expired"] = client.get(path_of(expired_link))
    cancelled, cancelled_link = send(family, author)
    requests.cancel_request(cancelled, by=author)
    pages["cancelled"] = client.get(path_of(cancelled_link))
    for name, response in pages.items():
        age = reading_age(words_of(response))
        assert age <= 11, f"the {name} page reads at age {age:.1f}: {words_of(response)}"


def test_no_request_about_a_person_flagged_do_not_publish(family, author, dsl):
    """Contacting the family of a looked-after or adopted child could itself harm them: no request is sent
    or sent again about a flagged person, and a link sent before the flag stops like a cancelled one,
    saying nothing about why."""
    child, _carer = family
    earlier, link = send(family, author)
    services.set_never_publish(child, by=dsl, reason="adoption", note="Placed for adoption")
    with pytest.raises(NotAllowed, match="flagged do not publish"):
        send(family, author)
    with pytest.raises(NotAllowed, match="flagged do not publish"):
        requests.resend_request(earlier, by=author, base_url=BASE)
    page = Client().get(path_of(link))
    assert page.status_code == 410 and "This link has been cancelled" in page.content.decode()
    assert "adoption" not in page.content.decode().lower()
    assert answer(Client(), link).status_code == 410 and not ConsentRecord.objects.exists()
    assert len(mail.outbox) == 1  # only the first request's email
