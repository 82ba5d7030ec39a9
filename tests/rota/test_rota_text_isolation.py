"""Names in the rota's pages, messages and e-mails cannot turn the words around them (a right-to-left
override in a channel's or a person's name stays inside <bdi> or an isolate)."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.urls import reverse

from harbour.rota import services, tasks
from tests.cast import give_training
from tests.test_untrusted_text_isolated import between_isolates, problems_in

RLO = "\u202e"
MONDAY_AFTERNOON = datetime.datetime(2026, 12, 7, 15, 0, tzinfo=ZoneInfo("Europe/London"))
BANNER = re.compile(r'<p class="govuk-notification-banner__heading">(.*?)</p>', re.DOTALL)


def hostile_names(channel, moderator):
    channel.name = f"Club {RLO}deef"
    channel.save()
    moderator.user.full_name = f"Mo {RLO}rotaredoM"
    moderator.user.save()


def test_rota_pages_and_messages_isolate_names(client_for, channel, rota, manager, moderator):
    hostile_names(channel, moderator)
    give_training(moderator, "moderate")
    with time_machine.travel(MONDAY_AFTERNOON, tick=False):
        for who, url in (
            (manager, reverse("rota:index")),
            (manager, reverse("rota:channel", args=[channel.pk])),
            (manager, reverse("rota:add_shift", args=[channel.pk])),
            (moderator, reverse("rota:today")),
            (moderator, reverse("console:home")),
        ):
            page = client_for(who).get(url).content.decode()
            assert RLO in page, url
            assert not problems_in(page), (url, problems_in(page))
        response = client_for(moderator).post(reverse("rota:sign_off", args=[channel.pk]), follow=True)
        banners = [
            html.unescape(re.sub(r"<[^>]+>", " ", text)) for text in BANNER.findall(response.content.decode())
        ]
        assert banners and RLO in banners[0] and all(between_isolates(text) for text in banners)
        refused = client_for(moderator).post(reverse("rota:sign_off", args=[channel.pk]), follow=True)
        text = refused.content.decode()
        assert "already signed off" in text and not problems_in(text)


def test_the_alert_email_isolates_the_channels_name(
    channel, rota, moderator, django_capture_on_commit_callbacks
):
    hostile_names(channel, moderator)
    moment = datetime.datetime(2026, 12, 7, 20, 30, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_due_alerts(moment)
    alert = services.recent_alerts(channel.organisation, moment)[0]
    tasks.email_alert.call(alert_id=alert.pk)  # the database queue's worker would run it
    (message,) = mail.outbox
    assert RLO in message.subject and between_isolates(message.subject)
    assert between_isolates(message.body)
