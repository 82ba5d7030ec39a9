"""Every text a person types about a channel has a limit that fits its use (issue 15, item 15):
the forms refuse longer text with a GOV.UK error and keep what was typed, the services refuse it
whoever calls them, and each limited textarea carries GOV.UK's character count."""

import re

import pytest
from django import forms
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.channels import disclaimer, services
from harbour.channels import forms as channel_forms
from harbour.channels.models import Channel, DisclaimerVersion, PrivacyCheck, Status
from tests.cast import CHANNEL_VALUES, propose
from tests.channels.test_channel_propose import form_data


def every_form_class():
    return [
        cls
        for cls in vars(channel_forms).values()
        if isinstance(cls, type) and issubclass(cls, forms.Form) and cls.__module__ == channel_forms.__name__
    ]


@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_every_typed_field_of_every_channel_form_has_a_limit(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField):  # URL and e-mail fields are CharFields too
            assert field.max_length, f"{form_class.__name__}.{name} has no max_length"


def test_every_model_text_field_has_a_limit():
    for model in (Channel, PrivacyCheck, DisclaimerVersion):
        for field in model._meta.get_fields():
            if field.get_internal_type() in ("CharField", "TextField"):
                assert field.max_length, f"{model.__name__}.{field.name} has no max_length"


def test_a_15000_character_aims_field_is_refused_and_nothing_is_lost(client_for, author):
    aims = "We will hear from young people. " * 470  # about 15,000 characters
    response = client_for(author).post(reverse("channels:propose"), form_data([author], aims=aims))
    assert response.status_code == 200
    assert not Channel.objects.exists()
    page = response.content.decode()
    assert "Aims and objectives must be 1,000 characters or fewer" in page
    assert aims.strip() in page  # still in the box, to shorten
    assert re.search(r'data-module="govuk-character-count" data-maxlength="1000"', page)


def test_text_at_the_limit_is_accepted(client_for, author):
    response = client_for(author).post(reverse("channels:propose"), form_data([author], aims="a" * 1000))
    assert response.status_code == 302
    assert len(Channel.objects.get().aims) == 1000


def test_a_216000_character_disclaimer_is_refused(client_for, author, manager):
    channel = propose(author.organisation, author)
    text = "# About\n\n" + "word " * 43_200
    response = client_for(manager).post(reverse("channels:disclaimer", args=[channel.pk]), {"text": text})
    assert response.status_code == 200
    assert "Disclaimer must be 5,000 characters or fewer" in response.content.decode()
    assert not DisclaimerVersion.objects.exists()


def test_the_propose_page_counts_characters_in_each_long_text_box(client_for, author):
    page = client_for(author).get(reverse("channels:propose")).content.decode()
    assert page.count('data-module="govuk-character-count"') == 2  # aims and suitability
    for name in ("aims", "suitability"):
        assert f'id="id_{name}-info"' in page
        assert re.search(rf'<textarea name="{name}"[^>]*govuk-js-character-count', page)


@pytest.mark.parametrize(
    "name", [n for n in services.CHANNEL_FIELDS if isinstance(CHANNEL_VALUES.get(n), str) and n != "platform"]
)
def test_the_services_refuse_each_over_long_channel_field(org, author, name):
    limit = Channel._meta.get_field(name).max_length
    with pytest.raises(NotAllowed, match=f"{limit:,} characters or fewer"):
        propose(org, author, **{name: "a" * (limit + 1)})
    channel = propose(org, author)
    with pytest.raises(NotAllowed, match="characters or fewer"):
        services.update_channel(channel, {name: "a" * (limit + 1)}, owners=[author], moderators=[], by=author)


def test_the_services_refuse_over_long_comments_reasons_notes_and_disclaimers(org, author, manager):
    channel = propose(org, author)
    with pytest.raises(NotAllowed, match="2,000 characters"):
        services.reject_channel(channel, by=manager, comments="a" * 2001)
    with pytest.raises(NotAllowed, match="5,000 characters"):
        services.publish_disclaimer(channel, "a" * 5001, by=manager)
    with pytest.raises(NotAllowed, match="1,000 characters"):
        services.retire_channel(channel, by=manager, reason="a" * 1001)
    review = services.start_privacy_review(channel, by=manager)
    item = review.checks.first().item
    with pytest.raises(NotAllowed, match="1,000 characters"):
        services.record_privacy_checks(review, {item: ("confirmed", "a" * 1001)}, by=manager)
    channel.refresh_from_db()
    assert channel.status == Status.PROPOSED


def test_the_generated_disclaimer_fits_its_limit_with_the_longest_settings(org, author):
    longest = {
        name: "a" * Channel._meta.get_field(name).max_length
        for name in ("display_name", "handle", "moderation_hours", "contact_phone")
    }
    channel = propose(org, author, **longest, contact_email="a" * 60 + "@example.org")
    channel.contact_url = "https://example.org/" + "a" * 170
    assert len(disclaimer.generate(channel)) <= DisclaimerVersion._meta.get_field("text").max_length
