"""attempts.Attempts, the attempt record that moderation, publishing and takedowns share, on real rows (a
moderation action): a worker that read the row before another claimed it loses the claim; an early
delivery waits; the backoff doubles from a minute, never sooner than the platform asked; a permanent
error or the last try is left for a person (no later try); a retry goes back to pending with the
platform's message; the app's own step runs in the transaction of the change, and rolls it back if it
fails; `attempt` turns each error of a platform call into its outcome (a refused credential flagged for
reconnecting, a later try, a person); and a pending row whose try is long past is found as lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.connectors.base import AuthFailed, PlatformUnavailable, RateLimited, Rejected
from harbour.connectors.registry import UnknownPlatform
from harbour.jobs.attempts import MAX_ATTEMPTS, OVERDUE, Attempts
from harbour.jobs.models import ScheduledJob
from harbour.moderation.models import ActionKind, ActionState, ModerationAction
from tests.cast import active_channel, make_item

pytestmark = pytest.mark.django_db

ATTEMPTS = Attempts(
    ModerationAction, "moderation action", pending=ActionState.PENDING, failed=ActionState.FAILED
)


def pending_action(org, by, item, kind=ActionKind.HIDE, **fields) -> ModerationAction:
    return ModerationAction.objects.create(
        organisation=org, item=item, kind=kind, by=by, item_version=1, state="pending", **fields
    )


@pytest.fixture
def action(org, moderator):
    return pending_action(org, moderator, make_item(active_channel(org)))


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
    long = Attempts(
        ModerationAction, "moderation action", pending="pending", failed="failed", max_attempts=20
    )
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
    finished = ATTEMPTS.for_a_person("refused " + "x" * 3000, finished_at=now, what_to_do="by hand")
    assert finished["state"] == "failed" and len(finished["error"]) == 2000

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
    never_tried = pending_action(org, moderator, action.item, ActionKind.MUTE, created_at=late)
    recent = pending_action(org, moderator, action.item, ActionKind.BLOCK)
    ModerationAction.objects.filter(pk=recent.pk).update(next_try_at=now - timedelta(minutes=5))
    assert sorted(ATTEMPTS.lost(now, first_try="created_at")) == sorted(
        [(action.pk, late), (never_tried.pk, None)]
    )


class Calls:
    """What `attempt` asked the app to do."""

    def __init__(self):
        self.log = []

    def kwargs(self) -> dict:
        return {
            "give_up": lambda message: self.log.append(("give up", message)),
            "refused": lambda exc: self.log.append(("refused", exc.message)),
            "reconnect": lambda message: self.log.append(("reconnect", message)),
        }


def raising(error):
    def work():
        raise error

    return work


def held(action, seen_attempts=0, attempts=1) -> dict:
    holding = {"state": ActionState.RUNNING, "attempts": attempts, "started_at": timezone.now()}
    assert ATTEMPTS.hold(action, {"state": "pending", "attempts": seen_attempts}, holding)
    return holding


def test_attempt_hands_back_what_the_platform_call_returned(action):
    calls = Calls()
    tried = ATTEMPTS.attempt(action, held(action), 1, lambda: ("Hidden", "ref-1"), **calls.kwargs())
    assert (tried.outcome, tried.result, tried.retry_at, calls.log) == ("done", ("Hidden", "ref-1"), None, [])
    assert fresh(action).state == ActionState.RUNNING  # the app records its own finish


def test_attempt_a_refused_credential_is_recorded_and_the_channel_flagged_never_retried(action):
    calls = Calls()
    tried = ATTEMPTS.attempt(action, held(action), 1, raising(AuthFailed("token revoked")), **calls.kwargs())
    assert tried.outcome == "reconnect" and tried.retry_at is None
    assert calls.log == [("refused", "token revoked"), ("reconnect", "token revoked")]


def test_attempt_a_temporary_error_is_retried_later_and_the_last_try_given_up(action):
    calls = Calls()
    tried = ATTEMPTS.attempt(action, held(action), 1, raising(PlatformUnavailable("503")), **calls.kwargs())
    assert tried.outcome == "retry" and calls.log == []
    row = fresh(action)
    assert (row.state, row.next_try_at, row.error) == ("pending", tried.retry_at, "503")
    # A later try, the last: left for a person with the platform's message.
    holding = held(action, seen_attempts=1, attempts=MAX_ATTEMPTS)
    last = raising(PlatformUnavailable("still 503"))
    tried = ATTEMPTS.attempt(action, holding, MAX_ATTEMPTS, last, **calls.kwargs())
    assert (tried.outcome, calls.log) == ("failed", [("give up", "still 503")])


def test_attempt_a_retry_lost_to_another_worker_is_taken(action):
    calls = Calls()
    holding = held(action)
    ModerationAction.objects.filter(pk=action.pk).update(state=ActionState.SUCCEEDED)  # someone finished it
    tried = ATTEMPTS.attempt(action, holding, 1, raising(PlatformUnavailable("503")), **calls.kwargs())
    assert (tried.outcome, calls.log) == ("taken", [])
    assert fresh(action).state == ActionState.SUCCEEDED


def test_attempt_a_permanent_error_or_a_channel_that_cannot_be_opened_is_given_up(action):
    calls = Calls()
    holding = held(action)
    for error in (Rejected("not yours"), UnknownPlatform("")):
        assert ATTEMPTS.attempt(action, holding, 1, raising(error), **calls.kwargs()).outcome == "failed"
    assert calls.log == [
        ("give up", "not yours"),
        ("give up", "Harbour could not open the channel's connection."),
    ]
