"""attempts.Attempts, the attempt record that moderation, publishing and takedowns share, on real rows (a
moderation action): a worker that read the row before another claimed it loses the claim; an early
delivery waits; the backoff doubles from a minute, never sooner than the platform asked; a permanent
error or the last try is left for a person (no later try); a retry goes back to pending with the
platform's message; the app's own step runs in the transaction of the change, and rolls it back if it
fails; and a pending row whose try is long past is found as lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.connectors.base import PlatformUnavailable, RateLimited, Rejected
from harbour.jobs.attempts import MAX_ATTEMPTS, OVERDUE, Attempts
from harbour.jobs.models import ScheduledJob
from harbour.moderation.models import ActionKind, ActionState, ModerationAction
from tests.cast import active_channel, make_item

pytestmark = pytest.mark.django_db

ATTEMPTS = Attempts(ModerationAction, "moderation action", pending=ActionState.PENDING)


@pytest.fixture
def action(org, moderator):
    item = make_item(active_channel(org))
    return ModerationAction.objects.create(
        organisation=org, item=item, kind=ActionKind.HIDE, by=moderator, item_version=1, state="pending"
    )


def fresh(action) -> ModerationAction:
    return ModerationAction.objects.get(pk=action.pk)


def holding_for(row, now) -> dict:
    return {"state": ActionState.RUNNING, "attempts": row.attempts + 1, "started_at": now}


def test_of_two_workers_that_read_the_same_row_the_second_to_claim_it_loses(action):
    now = timezone.now()
    first, second = fresh(action), fresh(action)  # both read it pending, never tried
    seen = {"state": ActionState.PENDING, "attempts": 0}
    assert ATTEMPTS.hold(first, seen, holding_for(first, now)) is True
    assert ATTEMPTS.hold(second, seen, holding_for(second, now)) is False
    row = fresh(action)
    assert (row.state, row.attempts, row.started_at, row.next_try_at) == ("running", 1, now, None)
    assert (first.state, first.attempts) == ("running", 1)  # the winner's copy holds what it set
    assert (second.state, second.attempts) == ("pending", 0)  # the loser's is left as it read it


def test_a_finish_from_a_worker_no_longer_holding_the_row_changes_nothing(action):
    now = timezone.now()
    holding = holding_for(action, now)
    assert ATTEMPTS.hold(action, {"state": "pending", "attempts": 0}, holding)
    # Another worker took it over (a requeued task), moving started_at on: the first's answer is not recorded.
    ModerationAction.objects.filter(pk=action.pk).update(started_at=now + timedelta(minutes=30))
    assert not ATTEMPTS.change(action, holding, {"state": ActionState.SUCCEEDED, "finished_at": now})
    assert fresh(action).state == ActionState.RUNNING


def test_a_pending_row_delivered_before_its_time_is_early(action):
    now = timezone.now()
    assert not ATTEMPTS.early(action, now)  # never tried: no time of next try
    action.next_try_at = now + timedelta(seconds=1)
    assert ATTEMPTS.early(action, now)
    assert not ATTEMPTS.early(action, now + timedelta(seconds=1))
    action.state = ActionState.RUNNING
    assert not ATTEMPTS.early(action, now)  # a running row is the dead worker's, taken over now


@pytest.mark.parametrize(("attempts", "shortest"), [(1, 60), (2, 120), (3, 240), (4, 480), (5, 960)])
def test_the_wait_before_a_retry_doubles_from_a_minute_plus_up_to_half_again(attempts, shortest):
    before = timezone.now()
    later = ATTEMPTS.retry_at(attempts, PlatformUnavailable("503"))
    after = timezone.now()
    assert before + timedelta(seconds=shortest) <= later <= after + timedelta(seconds=shortest * 1.5)


def test_the_wait_is_never_sooner_than_the_platform_asked_nor_over_an_hour_unless_it_asked():
    before = timezone.now()
    assert ATTEMPTS.retry_at(1, RateLimited("slow down", retry_after=900)) >= before + timedelta(seconds=900)
    long = Attempts(ModerationAction, "moderation action", pending="pending", max_attempts=20)
    assert long.retry_at(15, PlatformUnavailable("503")) <= timezone.now() + timedelta(seconds=5400)


def test_the_last_try_and_a_permanent_error_are_left_for_a_person():
    assert MAX_ATTEMPTS == 6
    assert ATTEMPTS.retry_at(MAX_ATTEMPTS - 1, PlatformUnavailable("503")) is not None
    assert ATTEMPTS.retry_at(MAX_ATTEMPTS, PlatformUnavailable("503")) is None
    assert ATTEMPTS.retry_at(1, Rejected("not allowed")) is None
    assert ATTEMPTS.retry_at(1, PlatformUnavailable("gone for good", permanent=True)) is None


def test_a_retry_goes_back_to_pending_with_its_time_and_the_platforms_message(action):
    now = timezone.now()
    holding = holding_for(action, now)
    assert ATTEMPTS.hold(action, {"state": "pending", "attempts": 0}, holding)
    error = PlatformUnavailable("The platform is down " + "x" * 3000)
    later = ATTEMPTS.retry_at(1, error)
    assert ATTEMPTS.retry(action, holding, error, later)
    row = fresh(action)
    assert (row.state, row.attempts, row.next_try_at) == ("pending", 1, later)
    assert row.error.startswith("The platform is down") and len(row.error) == 2000
    assert not ATTEMPTS.retry(action, holding, error, later)  # no longer held: a second record loses


def test_the_apps_own_step_runs_in_the_changes_transaction_and_undoes_it_when_it_fails(action):
    now = timezone.now()
    holding = holding_for(action, now)
    assert ATTEMPTS.hold(action, {"state": "pending", "attempts": 0}, holding)
    finished = {"state": ActionState.FAILED, "finished_at": now, "error": "refused", "what_to_do": "by hand"}

    def audit_then_break():
        ScheduledJob.objects.create(name="written with the change")
        raise RuntimeError("the audit write failed")

    with pytest.raises(RuntimeError):
        ATTEMPTS.change(action, holding, finished, audit_then_break)
    assert fresh(action).state == ActionState.RUNNING
    assert not ScheduledJob.objects.filter(name="written with the change").exists()

    seen_by_step = []
    assert ATTEMPTS.change(action, holding, finished, lambda: seen_by_step.append(action.state))
    assert seen_by_step == [ActionState.FAILED]  # the row's copy is changed before the step runs
    assert (fresh(action).state, fresh(action).what_to_do) == ("failed", "by hand")


def test_a_pending_row_long_past_its_try_is_lost(action, org, moderator):
    now = timezone.now()
    late = now - OVERDUE - timedelta(seconds=1)
    ModerationAction.objects.filter(pk=action.pk).update(next_try_at=late)
    never_tried = ModerationAction.objects.create(
        organisation=org,
        item=action.item,
        kind=ActionKind.MUTE,
        by=moderator,
        item_version=1,
        state="pending",
        created_at=late,
    )
    recent = ModerationAction.objects.create(
        organisation=org,
        item=action.item,
        kind=ActionKind.BLOCK,
        by=moderator,
        item_version=1,
        state="pending",
    )
    ModerationAction.objects.filter(pk=recent.pk).update(next_try_at=now - timedelta(minutes=5))
    assert sorted(ATTEMPTS.lost(now, first_try="created_at")) == sorted(
        [(action.pk, late), (never_tried.pk, None)]
    )
