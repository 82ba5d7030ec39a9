"""Each moderation action through act(): who may, what changes, what is recorded (the action and its audit
event), and platform actions sent once by their task, retried, or failed with what to do instead."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.connectors.base import AuthFailed, PlatformUnavailable, RateLimited, Rejected
from harbour.inbox.models import Item, ItemStatus
from harbour.moderation import sending, services
from harbour.moderation.models import ActionState, AppendOnlyError, ModerationAction
from harbour.moderation.sending import MAX_ATTEMPTS
from harbour.moderation.services import Stale, act, available_actions
from harbour.moderation.tasks import enqueue_due
from harbour.safeguarding.models import Concern
from tests.cast import active_channel, finding, give_training, make_item
from tests.moderation.platforms import ModeratedSource

pytestmark = pytest.mark.django_db


def reply_in_thread(channel, text="you are all losers", **fields):
    return make_item(channel, text, thread_id="root-1", parent_id="root-1", **fields)


def send(action_id, now=None) -> str:
    return sending.send_action(action_id, now=now).outcome


def queued_sends(action) -> int:
    return DBTaskResult.objects.filter(
        task_path="harbour.moderation.tasks.send_action", args_kwargs__kwargs__action_id=action.pk
    ).count()


def test_done_marks_the_item_done_records_the_action_and_its_audit_event(channel, mod):
    item = make_item(channel)
    action = act(item, "done", by=mod, version=0)
    item.refresh_from_db()
    assert (item.status, item.version) == (ItemStatus.DONE, 1) and item.done_at is not None
    assert (action.kind, action.state, action.by, action.item_version) == ("done", "done", mod, 1)
    event = AuditEvent.objects.get(action="inbox.item_reviewed")
    assert event.object_id == str(item.pk) and event.detail["kind"] == "done"


def test_a_second_moderator_on_the_same_version_is_told_what_the_first_did(channel, mod, second_mod):
    item = make_item(channel)
    first = act(item, "done", by=mod, version=0)
    with pytest.raises(Stale) as stale:
        act(Item.objects.get(pk=item.pk), "escalate", by=second_mod, version=0)
    assert stale.value.latest == first
    assert (
        stale.value.sentence()
        == "\u2068Mo Moderator\u2069 marked this done just now; your change was not made."
    )
    later = stale.value.sentence(now=first.created_at + timedelta(minutes=2))
    assert "marked this done 2\xa0minutes ago" in later
    item.refresh_from_db()
    assert (item.status, item.version, item.actions.count()) == (ItemStatus.DONE, 1, 1)


def test_hide_is_recorded_pending_and_sent_once_by_its_task(channel, mod):
    item = reply_in_thread(channel)
    assert "hide" in available_actions(item, mod)
    action = act(item, "hide", by=mod, version=0)
    assert action.state == ActionState.PENDING and queued_sends(action) == 1
    assert "hide" not in available_actions(item, mod)  # already on its way

    assert send(action.pk) == "sent"
    assert send(action.pk) == "finished"  # a second delivery of the task sends nothing
    assert ModeratedSource.calls == [("hide", item.platform_id, "root-1")]
    action.refresh_from_db()
    assert (action.state, action.attempts, action.answer) == ("succeeded", 1, "Hidden on test_moderated")
    assert AuditEvent.objects.filter(action="moderation.action_sent", object_id=str(item.pk)).count() == 1
    assert "unhide" in available_actions(Item.objects.get(pk=item.pk), mod)


def test_a_temporary_error_is_retried_later_with_backoff(channel, mod):
    from harbour.moderation.tasks import send_action

    item = reply_in_thread(channel)
    action = act(item, "hide", by=mod, version=0)
    ModeratedSource.SCRIPT = [RateLimited("429", retry_after=300), PlatformUnavailable("503")]
    assert send_action.call(action.pk)["outcome"] == "retry"  # the task itself, which queues the next try
    action.refresh_from_db()
    assert (action.state, action.attempts, action.error) == ("pending", 1, "429")
    assert action.next_try_at > timezone.now() + timedelta(seconds=290)  # the platform's wait, at least
    assert queued_sends(action) == 2
    later_try = DBTaskResult.objects.filter(task_path="harbour.moderation.tasks.send_action").latest(
        "enqueued_at"
    )
    assert later_try.run_after == action.next_try_at
    assert send(action.pk) == "not yet"  # an early delivery waits for its time
    later = action.next_try_at + timedelta(seconds=1)
    assert send(action.pk, now=later) == "retry"
    action.refresh_from_db()
    assert action.attempts == 2 and action.next_try_at - timezone.now() > timedelta(seconds=100)
    assert send(action.pk, now=action.next_try_at + timedelta(seconds=1)) == "sent"
    action.refresh_from_db()
    assert (action.state, action.attempts, action.error) == ("succeeded", 3, "")


def test_retries_stop_after_the_last_attempt_with_what_to_do_instead(channel, mod):
    item = reply_in_thread(channel)
    action = act(item, "hide", by=mod, version=0)
    ModeratedSource.SCRIPT = [PlatformUnavailable("503")] * MAX_ATTEMPTS
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        now += timedelta(hours=2)
        send(action.pk, now=now)
    action.refresh_from_db()
    assert (action.state, action.attempts) == ("failed", MAX_ATTEMPTS)
    assert action.what_to_do.startswith("Hide it in the test_moderated app")


def test_a_permanent_failure_is_shown_with_what_to_do_instead(channel, mod):
    item = reply_in_thread(channel)
    action = act(item, "hide", by=mod, version=0)
    ModeratedSource.SCRIPT = [Rejected("Not your thread")]
    assert send(action.pk) == "failed"
    action.refresh_from_db()
    assert (action.state, action.error) == ("failed", "Not your thread")
    assert "Hide it in the test_moderated app" in action.what_to_do
    assert AuditEvent.objects.filter(action="moderation.action_failed").count() == 1
    item.refresh_from_db()
    assert "hide" in available_actions(item, mod)  # can be tried again
    # The hide had marked it done; it did not happen, so the item is back in the queue.
    assert (item.status, item.done_at, item.version) == (ItemStatus.NEEDS_ACTION, None, 2)


def test_hide_and_reply_deal_with_an_item_that_needs_action(channel, mod):
    hidden, answered = reply_in_thread(channel), make_item(channel, "is the club open on saturday?")
    act(hidden, "hide", by=mod, version=0)
    act(answered, "reply", by=mod, version=0, text="Yes, 10am to 2pm.")
    for item in (hidden, answered):
        item.refresh_from_db()
        assert item.status == ItemStatus.DONE and item.done_at is not None
    escalated = reply_in_thread(channel, status=ItemStatus.ESCALATED)
    act(escalated, "hide", by=mod, version=0)
    escalated.refresh_from_db()
    assert escalated.status == ItemStatus.ESCALATED  # still the safeguarding lead's to close


def test_expired_credentials_fail_the_action_and_flag_the_channel_for_reconnecting(channel, mod, manager):
    item = reply_in_thread(channel)
    action = act(item, "hide", by=mod, version=0)
    ModeratedSource.SCRIPT = [AuthFailed("Token has expired")]
    assert send(action.pk) == "reconnect"
    action.refresh_from_db()
    channel.refresh_from_db()
    assert action.state == "failed" and action.what_to_do.startswith("Reconnect the channel")
    assert channel.reconnect_needed
    assert AuditEvent.objects.filter(action="channel.reconnect_needed").exists()
    assert any("Reconnect" in m.subject for m in mail.outbox)  # the channel's own alert to managers
    fresh = Item.objects.get(pk=item.pk)
    assert "hide" not in available_actions(fresh, mod) and "done" in available_actions(fresh, mod)
    with pytest.raises(NotAllowed, match="needs reconnecting"):
        act(fresh, "hide", by=mod, version=fresh.version)


def test_an_interrupted_reply_is_never_sent_again_but_an_interrupted_hide_is(channel, mod):
    """What a worker killed mid-call leaves: the action running. tests/inbox/test_worker_killed.py kills a
    real worker; this is the same state, made directly."""
    from harbour.jobs.claims import claim

    item = reply_in_thread(channel)
    reply = act(item, "reply", by=mod, version=0, text="Thanks, we'll look into it.")
    hide = act(item, "hide", by=mod, version=1)
    for action in (reply, hide):
        started = {"state": "running", "attempts": 1, "started_at": timezone.now()}
        assert claim(ModerationAction, action.pk, when={"state": "pending"}, change=started)
    assert send(reply.pk) == "interrupted"
    assert send(hide.pk) == "sent"
    reply.refresh_from_db()
    assert reply.state == "failed" and "may or may not have been sent" in reply.error
    assert "If your reply is not there, do it again" in reply.what_to_do
    assert ModeratedSource.calls == [("hide", item.platform_id, "root-1")]  # the reply: not posted twice


def test_a_reply_is_screened_first_and_sets_responded_at_when_sent(channel, mod):
    item = make_item(channel, "is the club open on saturday?")
    action = act(item, "reply", by=mod, version=0, text="  Yes, 10am to 2pm. See you there!  ")
    assert action.params == {
        "text": "Yes, 10am to 2pm. See you there!",
        "screening": {"severity": 0, "action": "allow"},
    }
    assert Item.objects.get(pk=item.pk).responded_at is None
    send(action.pk)
    assert ModeratedSource.calls == [("publish", item.platform_id)]
    action.refresh_from_db()
    assert action.reference == f"reply-to-{item.platform_id}"
    assert Item.objects.get(pk=item.pk).responded_at == action.finished_at


def test_a_reply_screening_holds_back_is_refused_with_the_findings(channel, mod):
    item = make_item(channel)
    with pytest.raises(services.ReplyHeld) as held:
        act(item, "reply", by=mod, version=0, text="you are a stupid idiot and nobody likes you")
    assert held.value.findings and "screening says to hold it back" in str(held.value)
    assert not ModerationAction.objects.exists() and Item.objects.get(pk=item.pk).version == 0


def test_a_reply_over_the_platforms_length_is_refused_saying_by_how_much(channel, mod):
    item = make_item(channel)
    with pytest.raises(
        ValueError,
        match="Your reply is 101 characters; test_moderated allows 100 characters. Shorten it by 1 character.",
    ):
        act(item, "reply", by=mod, version=0, text="a" * 101)
    with pytest.raises(ValueError, match="Enter your reply"):
        act(item, "reply", by=mod, version=0, text="   ")
    assert not ModerationAction.objects.exists()


def test_report_block_and_mute_reach_the_platform_with_the_authors_id(channel, mod):
    item = reply_in_thread(channel)
    report = act(item, "report", by=mod, version=0, reason="Bullying a young person", reason_kind="rude")
    block = act(item, "block", by=mod, version=1)
    mute = act(item, "mute", by=mod, version=2)
    for action in (report, block, mute):
        assert send(action.pk) == "sent"
    author = item.author.platform_author_id
    assert ModeratedSource.calls == [
        ("report", item.platform_id, author, "rude"),
        ("block", author),
        ("mute", author),
    ]
    report.refresh_from_db()
    assert report.reference == f"report-{item.platform_id}"
    assert report.params == {"reason": "Bullying a young person", "reason_kind": "rude"}
    with pytest.raises(ValueError, match="Enter why you are reporting this"):
        act(item, "report", by=mod, version=3, reason="")


def test_a_report_reason_the_platform_does_not_take_is_refused_and_none_is_other(channel, mod):
    item = reply_in_thread(channel)
    for kind in ("legal", "made-up"):
        with pytest.raises(ValueError, match="does not take reports as .*Choose one of its reasons: Spam, "):
            act(item, "report", by=mod, version=0, reason="Illegal", reason_kind=kind)
    assert not ModerationAction.objects.exists()
    report = act(item, "report", by=mod, version=0, reason="Worrying")
    assert report.params["reason_kind"] == "other"


def test_delete_is_offered_only_for_the_organisations_own_posts(channel, mod):
    theirs = reply_in_thread(channel)
    ours = make_item(channel, "Our post", author_id="org-account", author_handle="youthclub.example")
    assert "delete" not in available_actions(theirs, mod)
    with pytest.raises(NotAllowed, match="only the organisation's own posts"):
        act(theirs, "delete", by=mod, version=0)
    assert "delete" in available_actions(ours, mod) and "hide" not in available_actions(ours, mod)
    action = act(ours, "delete", by=mod, version=0)
    send(action.pk)
    assert ModeratedSource.calls == [("delete", ours.platform_id)]
    ours.refresh_from_db()
    assert not {"delete", "hide", "reply"} & set(available_actions(ours, mod))
    with pytest.raises(NotAllowed, match="has been deleted"):
        act(ours, "reply", by=mod, version=ours.version, text="hello")


def test_assign_note_and_reopen(channel, mod, second_mod, outsider):
    item = make_item(channel)
    act(item, "assign", by=mod, version=0, to=second_mod)
    assert Item.objects.get(pk=item.pk).assigned_to == second_mod
    with pytest.raises(NotAllowed, match="Choose a moderator"):
        act(item, "assign", by=mod, version=1, to=outsider)
    note = act(item, "note", by=mod, version=1, text="Parent phoned about this")
    assert note.params == {"text": "Parent phoned about this"}
    with pytest.raises(ValueError, match="Enter a note"):
        act(item, "note", by=mod, version=2, text="")
    act(item, "done", by=mod, version=2)
    act(item, "reopen", by=mod, version=3)
    item.refresh_from_db()
    assert (item.status, item.done_at, item.version) == (ItemStatus.NEEDS_ACTION, None, 4)


def test_escalate_hands_over_to_the_safeguarding_leads_after_the_commit(
    channel, mod, dsl, django_capture_on_commit_callbacks
):
    item = make_item(channel, "i dont want to go home", findings=[finding("disclosure", 4)])
    act(item, "assign", by=mod, version=0, to=mod)
    with pytest.raises(ValueError, match="Enter a short summary"):  # nothing is handed over without one
        act(item, "escalate", by=mod, version=1, category="disclosure", severity=2, summary=" ")
    assert not Concern.objects.exists() and Item.objects.get(pk=item.pk).version == 1
    with django_capture_on_commit_callbacks(execute=True):
        action = act(
            item,
            "escalate",
            by=mod,
            version=1,
            category="disclosure",
            severity=2,
            summary="Sounds unsafe at home",
        )
    item.refresh_from_db()
    assert (item.status, item.assigned_to) == (ItemStatus.ESCALATED, None)
    # The hand-over is a concern with the item as its evidence, raised in the same transaction; the action
    # keeps only its number (every moderator reads the history), never what the moderator wrote.
    concern = Concern.objects.get()
    assert (concern.source, concern.raised_by, concern.item, concern.summary) == (
        "escalated",
        mod,
        item,
        "Sounds unsafe at home",
    )
    assert concern.evidence.get().snapshot["item"]["text"] == item.text
    assert action.params == {"concern": concern.pk}
    # One e-mail, the safeguarding alert's, even at a low severity: who escalated it and the category.
    [email] = mail.outbox
    assert email.to == [dsl.user.email] and f"concern #{concern.pk}" in email.body
    assert "Mo Moderator" in email.body and "Disclosure of harm" in email.body
    assert "go home" not in email.body and "unsafe" not in email.body  # never the words
    assert services.escalated_count(channel.organisation) == 1
    with pytest.raises(NotAllowed, match="Only a safeguarding lead can reopen"):
        act(item, "reopen", by=mod, version=2)
    give_training(dsl, "moderate")
    act(item, "reopen", by=dsl, version=2)


def test_undo_a_hide_shows_it_again_and_undo_a_done_reopens(channel, mod):
    item = reply_in_thread(channel)
    hide = act(item, "hide", by=mod, version=0)
    with pytest.raises(NotAllowed, match="once hiding it has been done"):
        services.undo(hide, by=mod)
    send(hide.pk)
    hide.refresh_from_db()
    unhide = services.undo(hide, by=mod)
    assert (unhide.kind, unhide.undo_of) == ("unhide", hide)
    send(unhide.pk)
    assert ModeratedSource.calls[-1] == ("unhide", item.platform_id, "root-1")
    with pytest.raises(NotAllowed, match="already been undone"):
        services.undo(hide, by=mod)

    assert (
        Item.objects.get(pk=item.pk).status == ItemStatus.DONE
    )  # the hide dealt with it; the undo leaves that
    act(item, "reopen", by=mod, version=2)
    done = act(item, "done", by=mod, version=3)
    reopen = services.undo(done, by=mod)
    assert reopen.kind == "reopen" and Item.objects.get(pk=item.pk).status == ItemStatus.NEEDS_ACTION
    with pytest.raises(NotAllowed, match="Only hiding an item and marking it done"):
        services.undo(reopen, by=mod)


@pytest.mark.parametrize("who", ["author", "viewer", "reviewer"])
def test_roles_without_moderate_are_refused(channel, members, who):
    item = make_item(channel)
    give_training(members[who], "moderate")
    assert available_actions(item, members[who]) == []
    with pytest.raises(NotAllowed, match="Only managers, moderators and safeguarding leads"):
        act(item, "done", by=members[who], version=0)


def test_an_untrained_moderator_and_one_not_on_the_channel_are_refused(org, channel, moderator):
    item = make_item(channel)
    with pytest.raises(NotAllowed, match="social media training"):
        act(item, "done", by=moderator, version=0)
    other = active_channel(org, "test_moderated")
    give_training(moderator, "moderate")
    with pytest.raises(NotAllowed, match="channels you own or moderate"):
        act(make_item(other), "done", by=moderator, version=0)


def test_another_organisations_item_is_refused(channel, other_org, outsider):
    give_training(outsider, "moderate")
    item = make_item(channel)
    assert available_actions(item, outsider) == []
    with pytest.raises(NotAllowed, match="your own organisation"):
        act(item, "done", by=outsider, version=0)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.NEEDS_ACTION


def test_a_deleted_item_is_refused(channel, mod):
    item = make_item(channel)
    Item.objects.filter(pk=item.pk).delete()
    with pytest.raises(NotAllowed, match="deleted from Harbour"):
        act(item, "done", by=mod, version=0)


def test_the_platform_must_allow_the_action(org, mod):
    channel = active_channel(org, "test_paged")  # no moderation capabilities
    channel.moderators.add(mod)
    item = make_item(channel, thread_id="root-1")
    assert set(available_actions(item, mod)) == {"done", "escalate", "assign", "note"}
    with pytest.raises(NotAllowed, match="Harbour cannot hide on test_paged"):
        act(item, "hide", by=mod, version=0)


def test_act_on_many_does_each_item_it_can_and_says_why_for_the_rest(channel, mod, other_org):
    items = [make_item(channel) for _ in range(3)]
    done_already = make_item(channel, status=ItemStatus.DONE)
    theirs = make_item(active_channel(other_org, "test_moderated"))
    ids = [i.pk for i in items] + [done_already.pk, theirs.pk]
    result = services.act_on_many(ids, "done", by=mod)
    assert result.done == [i.pk for i in items]
    assert result.refused == {
        "This item is already done.": [done_already.pk],
        "Not found in your inbox.": [theirs.pk],
    }
    assert Item.objects.filter(status=ItemStatus.DONE, organisation=channel.organisation).count() == 4
    assert Item.objects.get(pk=theirs.pk).status == ItemStatus.NEEDS_ACTION


def test_act_on_many_takes_at_most_100_and_only_done_assign_and_hide(channel, mod):
    items = [make_item(channel) for _ in range(101)]
    with pytest.raises(ValueError, match="at most 100 items"):
        services.act_on_many([i.pk for i in items], "done", by=mod)
    with pytest.raises(ValueError, match="Only mark done, assign and hide"):
        services.act_on_many([items[0].pk], "reply", by=mod, text="hi")
    result = services.act_on_many([i.pk for i in items[:100]], "assign", by=mod, to=mod)
    assert len(result.done) == 100 and Item.objects.filter(assigned_to=mod).count() == 100


def test_bulk_hide_queues_one_send_per_item(channel, mod):
    items = [reply_in_thread(channel) for _ in range(3)]
    result = services.act_on_many([i.pk for i in items], "hide", by=mod)
    assert len(result.done) == 3
    assert ModerationAction.objects.filter(kind="hide", state="pending").count() == 3
    assert DBTaskResult.objects.filter(task_path="harbour.moderation.tasks.send_action").count() == 3


def test_actions_are_append_only(channel, mod):
    action = act(make_item(channel), "note", by=mod, version=0, text="first")
    action.params = {"text": "changed"}
    with pytest.raises(AppendOnlyError):
        action.save()
    with pytest.raises(AppendOnlyError):
        action.delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.filter(pk=action.pk).update(params={})
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get(pk=action.pk).params == {"text": "first"}
    assert ModerationAction.objects.filter(pk=action.pk).update(answer="outcome fields may change") == 1


def test_actions_never_touch_media():
    """docs/safeguarding.md rule 1: nothing in moderation reads an item's media references."""
    import ast
    from pathlib import Path

    import harbour.moderation

    root = Path(harbour.moderation.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not (isinstance(node, ast.Attribute) and node.attr == "media"), path
            assert not (isinstance(node, ast.Constant) and node.value == "media"), path
    for path in root.rglob("*.html"):
        assert ".media" not in path.read_text(encoding="utf-8"), path


def test_the_stale_check_is_in_the_write_itself(channel, mod, second_mod, monkeypatch):
    """Another moderator's action that commits after this one read the item but before it wrote is
    caught by the conditional UPDATE on the version, not only by the read."""
    item = make_item(channel)
    clean = services._clean

    def first_one_lands_meanwhile(current, kind, by, params):
        monkeypatch.setattr(services, "_clean", clean)
        act(Item.objects.get(pk=item.pk), "done", by=mod, version=0)
        return clean(current, kind, by, params)

    monkeypatch.setattr(services, "_clean", first_one_lands_meanwhile)
    with pytest.raises(Stale) as stale:
        services._act(item, "escalate", by=second_mod, version=0)
    assert stale.value.latest.kind == "done"
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DONE


def test_the_scheduler_sends_a_pending_action_whose_task_was_lost(channel, mod):
    item = reply_in_thread(channel)
    action = act(item, "hide", by=mod, version=0)
    DBTaskResult.objects.all().delete()  # as if the broker had lost it
    assert enqueue_due(timezone.now()) == 0  # not overdue yet
    later = timezone.now() + timedelta(minutes=11)
    assert enqueue_due(later) == 1 and queued_sends(action) == 1
    assert enqueue_due(later) == 0  # claimed: a second scheduler enqueues nothing
    assert send(action.pk, now=later) == "sent"
