"""Pages show only what Harbour can do on a channel's platform (issue 16): the channel page lists it from
the registry, and templates ask `channel|can:"hide"`, which moderation's buttons will use."""

import html
import re

import pytest
from django.core.checks import run_checks
from django.template import Context, Template
from django.urls import reverse

from harbour.channels import checks
from harbour.channels.models import Channel
from harbour.channels.platforms import Platform
from harbour.connectors import registry
from harbour.connectors.platform import CAPABILITY_LABELS, PlatformCapability, PlatformEntry
from tests.cast import active_channel

ROWS = re.compile(
    r'<dt class="govuk-summary-list__key">(?P<label>[^<]+)</dt><dd class="govuk-summary-list__value">(?P<value>[^<]*)</dd>'
)


def capabilities_shown(page: str) -> dict[str, str]:
    section = page.split('id="platform-capabilities"', 1)[1].split("</dl>", 1)[0]
    return {html.unescape(m["label"]): html.unescape(m["value"]) for m in ROWS.finditer(section)}


@pytest.mark.parametrize("platform", Platform.values)
def test_the_channel_page_says_what_harbour_can_do_on_its_platform(org, manager, client_for, platform):
    channel = active_channel(org, platform)
    page = client_for(manager).get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "What Harbour can do on this platform" in page
    shown = capabilities_shown(page)
    entry = registry.entry(platform)
    assert set(shown) == set(CAPABILITY_LABELS.values())
    for capability, label in CAPABILITY_LABELS.items():
        assert shown[label].startswith("Yes" if entry.can(capability) else "No"), (platform, label)


def test_the_page_says_what_hiding_means_where_it_is_not_a_deletion(org, manager, client_for):
    bluesky, mastodon = active_channel(org, Platform.BLUESKY), active_channel(org, Platform.MASTODON)
    client = client_for(manager)
    hide = CAPABILITY_LABELS[PlatformCapability.HIDE]
    on_bluesky = capabilities_shown(
        client.get(reverse("channels:detail", args=[bluesky.pk])).content.decode()
    )
    on_mastodon = capabilities_shown(
        client.get(reverse("channels:detail", args=[mastodon.pk])).content.decode()
    )
    assert on_bluesky[hide].startswith("Yes. ") and "it is not deleted" in on_bluesky[hide]
    assert on_mastodon[hide].startswith("No. ") and "no way to hide" in on_mastodon[hide]


BUTTONS = Template(
    "{% load platforms %}{% for name in names %}{% if channel|can:name %}[{{ name }}]{% endif %}{% endfor %}"
)


@pytest.mark.parametrize(
    "platform, offered",
    [
        (
            Platform.BLUESKY,
            (
                "[hide][unhide][delete][reply][report][block][mute][direct_messages][publish][publish_images]"
                "[publish_video]"
            ),
        ),
        (
            Platform.MASTODON,
            "[delete][reply][report][block][mute][direct_messages][publish][publish_images][publish_video]",
        ),
        (
            Platform.DEMO,
            (
                "[hide][unhide][delete][reply][block][mute][direct_messages][publish][publish_images]"
                "[publish_video]"
            ),
        ),
        (Platform.FILE_IMPORT, ""),
        (Platform.WEBHOOK, ""),
    ],
)
def test_a_template_offers_only_the_actions_the_platform_allows(org, platform, offered):
    channel = active_channel(org, platform)
    names = [capability.value for capability in PlatformCapability]
    assert BUTTONS.render(Context({"channel": channel, "names": names})) == offered
    assert channel.can("hide") == ("[hide]" in offered)


def test_a_misspelt_capability_fails_instead_of_hiding_the_action(org):
    channel = active_channel(org, Platform.BLUESKY)
    with pytest.raises(ValueError):
        Template('{% load platforms %}{% if channel|can:"hyde" %}x{% endif %}').render(
            Context({"channel": channel})
        )


def test_the_platform_choices_and_credential_kinds_come_from_the_registry():
    own = {key: entry for key, entry in registry.PLATFORMS.items() if not key.startswith("test_")}
    assert Platform.choices == [(key, entry.label) for key, entry in own.items()]
    assert Channel._meta.get_field("platform").choices == Platform.choices
    assert checks.platform_credentials_are_known(None) == []


@pytest.mark.django_db  # run_checks() includes the model checks, which ask the database what it supports
def test_a_platform_asking_for_a_credential_nothing_can_hold_fails_the_system_check(monkeypatch):
    youtube = PlatformEntry(
        key="youtube", label="YouTube", report_to="YouTube", connector="x.Y", credential_kinds=("api_key",)
    )
    monkeypatch.setitem(registry.PLATFORMS, "youtube", youtube)
    [error] = checks.platform_credentials_are_known(None)
    assert error.id == "harbour.E102" and "api_key" in error.msg
    assert "harbour.E102" in {e.id for e in run_checks()}
