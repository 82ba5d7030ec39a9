from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.audit.models import AuditEvent
from harbour.connectors.base import AuthFailed, Batch, Rejected
from harbour.inbox import ingest, screened
from harbour.inbox.models import AuthorState, IngestCursor, Item
from harbour.inbox.tasks import poll_channel
from tests.cast import active_channel
from tests.inbox import inbox_sources
from tests.inbox.inbox_sources import Problem, ScriptedSource, batch, make_item, rate_limited, unavailable


@pytest.fixture(autouse=True)
def script():
    ScriptedSource.SCRIPT = []
    ScriptedSource.calls = []
    return ScriptedSource.SCRIPT


@pytest.fixture
def channel(org):
    return active_channel(org, "test_scripted")


def test_a_paged_source_is_stored_page_by_page_with_its_cursor(org):
    channel = active_channel(org, "test_paged", total=120, page_size=25)
    result = ingest.poll(channel.pk)
    assert (result.stored, result.pages, result.outcome) == (120, 5, "ok")
    assert Item.objects.filter(channel=channel).count() == 120
    position = IngestCursor.objects.get(channel=channel)
    assert position.cursor == "120" and position.items_stored == 120 and position.failures == 0
    item = Item.objects.get(platform_id="post-7")
    assert item.organisation == org and item.kind == "reply" and item.url == "https://example.test/post/7"
    assert item.verdict["action"] == item.action and "findings" in item.verdict
    assert ingest.poll(channel.pk).stored == 0  # nothing new


def test_the_same_item_delivered_twice_is_stored_once(channel, script):
    script += [batch(1, 2, 3, cursor="a"), batch(3, 4, 3, cursor="b")]
    ingest.poll(channel.pk)
    ingest.poll(channel.pk)
    assert sorted(Item.objects.values_list("platform_id", flat=True)) == [
        "post-1",
        "post-2",
        "post-3",
        "post-4",
    ]


def test_a_page_fetched_again_after_the_cursor_moved_stores_nothing(channel):
    ingest.position_for(channel)
    assert ingest.store_batch(channel, None, batch(1, 2, cursor="a")) == 2
    assert (
        ingest.store_batch(channel, None, batch(1, 2, 3, cursor="a")) == 0
    )  # a slower poll with the old cursor
    assert Item.objects.count() == 2 and IngestCursor.objects.get().cursor == "a"


def test_a_malformed_item_is_skipped_and_the_others_kept(channel, script):
    script.append(batch(1, 2, 4, cursor="c", problems=[Problem("post-3", "The record has no text")]))
    ingest.poll(channel.pk)
    assert Item.objects.count() == 3
    assert IngestCursor.objects.get().problems[0]["ref"] == "post-3"


def test_screening_runs_on_every_item_and_keeps_each_authors_state(channel, script):
    script.append(Batch([make_item(i, author="same-person") for i in range(3)], next_cursor="x"))
    ingest.poll(channel.pk)
    assert Item.objects.filter(verdict__has_key="findings").count() == 3
    state = AuthorState.objects.get(author__platform_author_id="same-person")
    assert state.author.organisation == channel.organisation and state.author.platform == channel.platform
    assert set(Item.objects.values_list("author", flat=True)) == {state.author_id}


def test_a_screening_error_keeps_the_item_for_review(channel, script, monkeypatch):
    def broken(text, context):
        if "skate" in text:
            raise RuntimeError("detector bug")
        from harbour.screening import screen

        return screen(text, context)

    monkeypatch.setattr(screened, "screen", broken)
    script.append(batch(0, 1, 2, cursor="y"))  # item 1 mentions the skate park
    ingest.poll(channel.pk)
    broken_item = Item.objects.get(platform_id="post-1")
    assert broken_item.action == "review" and broken_item.verdict == {
        "error": "Screening failed: RuntimeError"
    }
    assert Item.objects.count() == 3


def retries():
    return list(DBTaskResult.objects.filter(task_path__endswith="poll_channel").order_by("run_after"))


def test_503_503_200_retries_with_growing_gaps_and_then_stores(channel, script):
    script += [unavailable(), unavailable(), batch(1, 2, cursor="z")]
    start = timezone.now()
    assert poll_channel.call(channel_id=channel.pk)["outcome"] == "retry"
    first = retries()[-1]
    assert first.args_kwargs["kwargs"] == {"channel_id": channel.pk, "attempt": 1}
    with time_machine.travel(first.run_after):
        assert poll_channel.call(**first.args_kwargs["kwargs"])["outcome"] == "retry"
    second = retries()[-1]
    assert second.args_kwargs["kwargs"]["attempt"] == 2
    with time_machine.travel(second.run_after):
        assert poll_channel.call(**second.args_kwargs["kwargs"])["outcome"] == "ok"
    gap1 = (first.run_after - start).total_seconds()
    gap2 = (second.run_after - first.run_after).total_seconds()
    assert 30 <= gap1 <= 46 and 60 <= gap2 <= 91  # base 30 s doubling, plus up to half again as jitter
    assert Item.objects.count() == 2
    position = IngestCursor.objects.get()
    assert position.failures == 0 and position.last_error == ""


def test_429_retry_after_is_honoured(channel, script):
    script.append(rate_limited(300))
    start = timezone.now()
    result = poll_channel.call(channel_id=channel.pk)
    assert result["outcome"] == "retry" and result["retry_in"] >= 300
    assert retries()[-1].run_after >= start + timedelta(seconds=300)
    assert IngestCursor.objects.get().next_poll_at > retries()[-1].run_after  # the scheduler waits too


def test_auth_failure_flags_the_channel_tells_managers_and_never_retries(channel, script, manager):
    script.append(AuthFailed("The platform refused the app password"))
    assert poll_channel.call(channel_id=channel.pk)["outcome"] == "reconnect"
    channel.refresh_from_db()
    assert channel.reconnect_needed
    assert retries() == []
    assert mail.outbox[0].to == [manager.user.email] and "Reconnect" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="channel.reconnect_needed").count() == 1
    assert ingest.poll(channel.pk).outcome == "skipped"  # no polling until someone reconnects


def test_a_permanent_refusal_is_not_retried(channel, script, manager):
    script.append(Rejected("The platform says this account does not exist"))
    assert poll_channel.call(channel_id=channel.pk)["outcome"] == "failed"
    assert retries() == []
    assert AuditEvent.objects.filter(action="channel.ingest_failed").count() == 1


def test_after_the_last_attempt_the_task_fails_and_managers_are_told(channel, script, manager):
    script.append(unavailable())
    with pytest.raises(ingest.IngestFailing):
        poll_channel.call(channel_id=channel.pk, attempt=ingest.MAX_ATTEMPTS - 1)
    assert retries() == []
    assert "cannot collect" in mail.outbox[0].subject


def test_an_outage_after_some_pages_keeps_those_pages(org, script):
    channel = active_channel(org, "test_scripted")
    page = batch(1, 2, cursor="p1")
    page.has_more = True
    script += [page, unavailable()]
    assert ingest.poll(channel.pk).outcome == "retry"
    assert Item.objects.count() == 2 and IngestCursor.objects.get().cursor == "p1"
    assert ScriptedSource.calls == [None, "p1"]


def test_inactive_channels_are_not_polled(org, script):
    channel = active_channel(org, "test_scripted")
    channel.status = "retired"
    channel.save()
    assert ingest.poll(channel.pk).outcome == "skipped"
    assert ScriptedSource.calls == []


def test_media_is_kept_as_references_only(channel, script):
    from harbour.connectors.base import MediaRef

    item = make_item(5)
    object.__setattr__(item, "media", (MediaRef("https://cdn.example/img.jpg", "a dog", "image/jpeg"),))
    script.append(Batch([item], next_cursor="m"))
    ingest.poll(channel.pk)
    assert Item.objects.get().media == [
        {"url": "https://cdn.example/img.jpg", "alt_text": "a dog", "mime_type": "image/jpeg"}
    ]


assert inbox_sources  # registers the test connectors


def test_a_long_backlog_carries_on_in_a_new_task(org):
    channel = active_channel(org, "test_paged", total=ingest.PAGE_SIZE * ingest.MAX_PAGES_PER_POLL + 5)
    result = poll_channel.call(channel_id=channel.pk)
    assert result["outcome"] == "continued" and result["pages"] == ingest.MAX_PAGES_PER_POLL
    follow_up = retries()[-1]
    assert follow_up.args_kwargs["kwargs"] == {"channel_id": channel.pk}
    assert poll_channel.call(channel_id=channel.pk)["stored"] == 5


def test_a_platform_without_a_connector_fails_clearly_without_retrying(org, manager):
    channel = active_channel(org, "no_such_platform")
    assert poll_channel.call(channel_id=channel.pk)["outcome"] == "failed"
    assert retries() == []
    assert "cannot collect from" in IngestCursor.objects.get().last_error


def test_an_unreadable_credential_asks_for_reconnection(org, manager):
    from harbour.channels.models import Credential

    channel = active_channel(org, "test_scripted")
    Credential.objects.create(
        organisation=org, channel=channel, kind="access_token", ciphertext="gAAAAAbroken"
    )
    assert ingest.poll(channel.pk).outcome == "reconnect"
    channel.refresh_from_db()
    assert channel.reconnect_needed and "Enter the credential again" in mail.outbox[0].body


def test_the_channel_page_shows_how_collection_is_going(org, manager, script):
    from django.test import Client
    from django.urls import reverse

    from tests.cast import sign_in

    channel = active_channel(org, "test_scripted")
    script += [batch(1, cursor="a", problems=[Problem("post-9", "The record has no <text>")]), unavailable()]
    ingest.poll(channel.pk)
    ingest.poll(channel.pk)
    page = sign_in(Client(), manager.user).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Items collected" in page and "503 Service Unavailable" in page
    assert "<bdi>post-9</bdi>: <bdi>The record has no &lt;text&gt;</bdi>" in page
