"""Takedowns (harbour/consent/takedowns.py, deleting.py, tasks.py): a withdrawal, an expiry or a
never-publish flag opens a takedown of each live post that used the person; Harbour deletes it through the
connector where the platform allows (once; a temporary error tried again later; a post already gone counts
as done; a permanent refusal left for a person, with what to do, and the owners told); a platform without
delete leaves it for a person at once; the channel's owners or a manager confirm it by hand; an overdue
takedown alerts the managers once; the nightly job handles each expired consent once; and a post whose
consent expired between its approval and its time is refused at send time. The real deletion from the local
Bluesky network is in test_takedown_bluesky.py."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.connectors.base import PlatformUnavailable, Rejected
from harbour.connectors.platform import PlatformCapability
from harbour.connectors.registry import PLATFORMS
from harbour.consent import deleting, takedowns, tasks
from harbour.consent import services as consent
from harbour.consent.models import (
    ConsentRecord,
    NeverPublishReason,
    Takedown,
    TakedownReason,
    TakedownState,
    Use,
)
from harbour.publishing import sending
from harbour.publishing.models import PublicationState
from tests.cast import active_channel
from tests.consent.test_ledger import approved, tagged_photo, young_person_with_consent
from tests.inbox.inbox_sources import make_platform
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db


class DeletingSource(PublishingSource):
    """The publishing test platform, with delete: removes the post it keeps, or raises from DELETES."""

    platform = "test_takedown"
    DELETES: list = []
    deleted: list = []

    def delete(self, platform_id):
        if DeletingSource.DELETES:
            raise DeletingSource.DELETES.pop(0)
        key = platform_id.removeprefix("post-")
        if PublishingSource.POSTS.pop(key, None) is None:
            raise Rejected("Not found")
        DeletingSource.deleted.append(platform_id)


PLATFORMS["test_takedown"] = make_platform(
    "test_takedown",
    f"{__name__}.DeletingSource",
    capabilities=frozenset(
        {PlatformCapability.PUBLISH, PlatformCapability.PUBLISH_IMAGES, PlatformCapability.DELETE}
    ),
    max_images=2,
    max_text_length=280,
)


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    DeletingSource.DELETES, DeletingSource.deleted = [], []
    yield DeletingSource
    PublishingSource.reset()


def published(org, author, reviewer, platform="test_takedown", owners=(), text="Well done Kai Morgan!"):
    channel = active_channel(org, platform)
    channel.owners.set(owners)
    [publication] = approved(org, author, reviewer, text, [channel])
    assert sending.publish(publication.pk).outcome == "published"
    publication.refresh_from_db()
    return publication


def withdraw_all(person, by):
    for record in ConsentRecord.objects.filter(person=person, given_by=person, withdrawn_at__isnull=True):
        consent.withdraw_consent(record, by=by, note="She asked us to")


def delete_tasks(takedown):
    return DBTaskResult.objects.filter(
        task_path="harbour.consent.deleting.delete_post", args_kwargs__kwargs__takedown_id=takedown.pk
    )


def run_emails():
    for result in DBTaskResult.objects.filter(task_path="harbour.consent.deleting.email_owners"):
        deleting.email_owners.call(**result.args_kwargs["kwargs"])
        result.delete()


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_a_withdrawal_opens_a_takedown_that_the_connector_deletes(org, author, reviewer, moderator, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, owners=[moderator])
    assert list(platform.POSTS) == [publication.key]

    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert (takedown.state, takedown.reason, takedown.person_id) == (TakedownState.OPEN, "withdrawn", kai.pk)
    assert takedown.due_by > timezone.now() + timedelta(hours=23)
    assert delete_tasks(takedown).count() == 1  # queued in the withdrawal's transaction
    run_emails()
    [email] = mail.outbox
    assert email.to == [moderator.user.email]  # the channel's owner
    assert "being taken down" in email.subject and "Kai" not in email.body + email.subject
    assert f"/consent/takedowns/{takedown.pk}/" in email.body

    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"
    takedown.refresh_from_db()
    assert (takedown.state, takedown.how, takedown.attempts) == (TakedownState.DONE, "connector", 1)
    assert platform.POSTS == {} and platform.deleted == [publication.platform_id]
    assert events("takedown.deleted").count() == 1
    # A second delivery of the task does nothing; the post is no longer live for the person.
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "finished"
    assert list(takedowns.live_publications(kai)) == []


def test_a_temporary_error_is_tried_again_later(org, author, reviewer, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    platform.DELETES = [PlatformUnavailable("503 from the platform")]
    result = deleting.delete_post.call(takedown_id=takedown.pk)
    assert result["outcome"] == "retry" and result["retry_at"]
    takedown.refresh_from_db()
    assert (takedown.state, takedown.error) == (TakedownState.OPEN, "503 from the platform")
    assert delete_tasks(takedown).count() == 2  # the first, and the later try
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "not yet"  # delivered early
    assert deleting.delete(takedown.pk, now=takedown.next_try_at)[0] == "deleted"
    takedown.refresh_from_db()
    assert (takedown.state, takedown.attempts, takedown.error) == (TakedownState.DONE, 2, "")


def test_a_post_already_gone_counts_as_done(org, author, reviewer, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    platform.POSTS.clear()  # an owner deleted it in the app first
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "gone"
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE and "no longer on" in takedown.note
    assert platform.finds[-1] == publication.key  # the platform was asked


def test_a_refusal_leaves_it_for_a_person_who_confirms_it_by_hand(
    org, author, reviewer, moderator, manager, platform
):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, owners=[moderator])
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    run_emails()
    mail.outbox.clear()
    platform.DELETES = [Rejected("Harbour only deletes the organisation's own posts")]
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "failed"
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.NEEDS_HAND
    assert takedown.error == "Harbour only deletes the organisation's own posts"
    assert events("takedown.failed").count() == 1
    run_emails()
    [email] = mail.outbox
    assert email.to == [moderator.user.email] and "take it down by hand" in email.subject
    assert publication.url in email.body  # where to delete it

    # An author reads the register but does not own the channel: refused. The owner confirms.
    with pytest.raises(NotAllowed):
        takedowns.confirm_by_hand(takedown, by=author, note="Deleted it")
    with pytest.raises(NotAllowed, match="Say how and when"):
        takedowns.confirm_by_hand(takedown, by=moderator, note="  ")
    takedowns.confirm_by_hand(takedown, by=moderator, note="Deleted in the app at 10:15")
    takedown.refresh_from_db()
    assert (takedown.state, takedown.how, takedown.done_by) == (TakedownState.DONE, "by_hand", moderator)
    assert events("takedown.confirmed").get().actor_id == moderator.user_id
    with pytest.raises(NotAllowed, match="already"):
        takedowns.confirm_by_hand(takedown, by=manager, note="Again")


def test_try_again_after_a_failure(org, author, reviewer, manager, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    platform.DELETES = [Rejected("Refused for now")]
    platform.POSTS[publication.key] = ("still there", 0)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "failed"
    with pytest.raises(NotAllowed):
        takedowns.try_again(takedown, by=author)
    takedowns.try_again(takedown, by=manager)  # a manager acts on any channel
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.OPEN and delete_tasks(takedown).count() == 2
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"


def test_a_platform_without_delete_needs_a_person_at_once(org, author, reviewer, moderator, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, platform="test_publishing", owners=[moderator])
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.state == TakedownState.NEEDS_HAND and "does not let Harbour delete" in takedown.error
    assert not delete_tasks(takedown).exists()
    run_emails()
    [email] = mail.outbox
    assert "by " in email.subject and "please do it yourself" in email.body
    with pytest.raises(NotAllowed, match="does not let Harbour"):
        takedowns.try_again(takedown, by=moderator)
    takedowns.confirm_by_hand(takedown, by=moderator, note="Deleted on the website")
    takedown.refresh_from_db()
    assert takedown.state == TakedownState.DONE


def test_a_never_publish_flag_opens_a_takedown(org, author, reviewer, manager):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    consent.set_never_publish(kai, by=manager, reason=NeverPublishReason.COURT_ORDER, note="Order of 3 May")
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.reason == TakedownReason.NEVER_PUBLISH


def test_a_second_cause_joins_the_open_takedown(org, author, reviewer, manager):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    consent.set_never_publish(kai, by=manager, reason=NeverPublishReason.SAFEGUARDING)
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.reasons == [["withdrawn", kai.pk], ["never_publish", kai.pk]]


def test_an_overdue_takedown_alerts_the_managers_once(org, author, reviewer, manager, moderator):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, platform="test_publishing", owners=[moderator])
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert tasks.enqueue_due(timezone.now()) == 0  # not due yet
    late = takedown.due_by + timedelta(minutes=1)
    assert tasks.enqueue_due(late) == 1
    assert tasks.enqueue_due(late + timedelta(hours=1)) == 0  # once
    [alert] = DBTaskResult.objects.filter(task_path="harbour.consent.tasks.email_overdue")
    mail.outbox.clear()
    assert tasks.email_overdue.call(**alert.args_kwargs["kwargs"]) == 1
    [email] = mail.outbox
    assert email.to == [manager.user.email] and "overdue" in email.subject
    assert moderator.user.full_name in email.body and "Kai" not in email.body
    takedown.refresh_from_db()
    assert takedown.overdue_alert_at == late
    assert events("takedown.overdue").count() == 1


def test_a_takedown_done_in_time_is_never_overdue(org, author, reviewer, moderator):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, platform="test_publishing", owners=[moderator])
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    takedowns.confirm_by_hand(takedown, by=moderator, note="Deleted")
    assert tasks.enqueue_due(takedown.due_by + timedelta(days=1)) == 0


def test_the_nightly_job_handles_each_expired_consent_once(org, author, reviewer):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    today = timezone.localdate()
    ConsentRecord.objects.filter(person=kai, given_by=kai).update(expires=today)
    assert tasks.expire_consents.call() == 0  # its last day is today: still in force
    assert not Takedown.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert tasks.expire_consents.call() == 1
        assert tasks.expire_consents.call() == 0  # once
    takedown = Takedown.objects.get(publication=publication)
    assert (takedown.reason, takedown.consent.given_by_id) == (TakedownReason.EXPIRED, kai.pk)
    record = ConsentRecord.objects.get(person=kai, given_by=kai)
    assert record.expiry_handled_at is not None
    assert events("consent.expired").count() == 1


def test_an_expiry_opens_no_takedown_while_another_consent_covers_it(org, author, reviewer):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    old = ConsentRecord.objects.get(person=kai, given_by=kai)
    consent.record_consent(
        kai,
        by=author,
        given_by=kai,
        decisions={Use.FULL_NAME: "given"},
        starts=datetime.date(2021, 1, 1),
        evidence_kind="signature",
        signed_name="Kai Morgan",
    )
    ConsentRecord.objects.filter(pk=old.pk).update(expires=timezone.localdate() - timedelta(days=1))
    assert tasks.expire_consents.call() == 1
    assert not Takedown.objects.filter(publication=publication).exists()


def test_a_consent_that_expires_before_the_posts_time_is_refused_at_send_time(org, author, reviewer):
    """Approved while the consent held; by its time it had expired: the gate at send time refuses it."""
    young_person_with_consent(org, author)
    channel = active_channel(org, "test_takedown")
    [publication] = approved(org, author, reviewer, "Well done Kai Morgan!", [channel])
    ConsentRecord.objects.update(expires=timezone.localdate() + timedelta(days=2))
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        sent = sending.publish(publication.pk)
    assert sent.outcome == "blocked"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED
    assert "has expired" in publication.error and "Kai Morgan" in publication.error
    assert PublishingSource.POSTS == {}


def test_withdrawing_photo_consent_takes_down_the_post_that_showed_them(org, author, reviewer, platform):
    """Through the image: the child is tagged in a library photo the post used, not named in its words."""
    kai = young_person_with_consent(org, author, uses=(Use.PHOTO,))
    channel = active_channel(org, "test_takedown")
    asset = tagged_photo(org, author, kai)
    [publication] = approved(org, author, reviewer, "What a quiz night!", [channel], assets=[asset])
    assert sending.publish(publication.pk).outcome == "published"
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"
    assert platform.POSTS == {}


def test_a_lost_delete_task_is_enqueued_again_once(org, author, reviewer, platform):
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    delete_tasks(takedown).delete()  # the queue lost it
    assert tasks.enqueue_due(timezone.now()) == 0  # not yet overdue: its task may still be coming
    later = timezone.now() + timedelta(minutes=11)
    assert tasks.enqueue_due(later) == 1
    assert tasks.enqueue_due(later + timedelta(seconds=1)) == 0  # once
    [task] = delete_tasks(takedown)
    assert task.args_kwargs["kwargs"] == {"takedown_id": takedown.pk}
    assert deleting.delete(takedown.pk, now=later)[0] == "deleted"  # the worker, at the scheduler's time
    assert platform.POSTS == {}


def test_a_takedown_left_deleting_by_a_dead_worker_is_deleted_when_its_task_comes_back(
    org, author, reviewer, platform
):
    """What a worker killed mid-call leaves: "deleting". The requeued task claims it again (deleting is
    harmless to repeat) and finishes it."""
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer)
    withdraw_all(kai, author)
    takedown = Takedown.objects.get(publication=publication)
    Takedown.objects.filter(pk=takedown.pk).update(state=TakedownState.DELETING, attempts=1, next_try_at=None)
    assert deleting.delete_post.call(takedown_id=takedown.pk)["outcome"] == "deleted"
    takedown.refresh_from_db()
    assert (takedown.state, takedown.attempts) == (TakedownState.DONE, 2)
    assert platform.POSTS == {}


def test_the_owners_email_isolates_the_channel_name(org, author, reviewer, moderator):
    """A right-to-left override in a channel's name cannot turn the e-mail's sentence round."""
    kai = young_person_with_consent(org, author)
    publication = published(org, author, reviewer, owners=[moderator])
    publication.channel.__class__.objects.filter(pk=publication.channel_id).update(name="Youth \u202eclub")
    withdraw_all(kai, author)
    run_emails()
    [email] = mail.outbox
    assert "\u2068Youth \u202eclub\u2069" in email.subject
    assert "\u202e" not in email.subject.replace("\u2068Youth \u202eclub\u2069", "")
