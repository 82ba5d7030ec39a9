"""One item's page: its findings, its thread, the author's history, grooming signs, and media withheld."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from harbour.inbox.models import AuthorState
from tests.cast import active_channel, finding, give_training, make_item, sign_in


@pytest.fixture
def client(manager):
    give_training(manager, "moderate")
    return sign_in(Client(), manager.user)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_every_finding_is_listed_with_its_detector_and_score_behind_screening_details(org, client):
    item = make_item(
        active_channel(org),
        "meet me after school",
        findings=[
            finding(
                "grooming",
                3,
                span=(0, 7),
                reason="Arranging to meet",
                detector="grooming_patterns",
                score=0.91,
                text="meet me",
            ),
            finding(
                "personal_info",
                2,
                span=(14, 20),
                reason="Names a school",
                detector="school_name",
                text="school",
            ),
        ],
        action="hide",
    )

    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    before, details = html.split('<details class="govuk-details">', 1)
    details = details.split("</details>")[0]
    text = page_text(client.get(reverse("inbox:item", args=[item.pk])))

    assert "Grooming (severity 3): Arranging to meet: “ meet me ”" in text
    assert "Personal info (severity 2): Names a school: “ school ”" in text
    # Moderators read what was found; detectors, scores and platform ids are for checking, behind details.
    assert "Screening details" in details
    assert (
        "grooming_patterns" not in before and "school_name" not in before and item.platform_id not in before
    )
    assert "Grooming grooming_patterns 0.91" in page_text_of(details)
    assert "Personal info school_name –" in page_text_of(details)
    assert item.platform_id in details


def page_text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_thread_is_shown_oldest_first_with_this_item_marked(org, client):
    channel, elsewhere = active_channel(org), active_channel(org, platform="file_import")
    item = make_item(channel, "THREAD-middle", thread_id="root-1", minutes_ago=20)
    make_item(channel, "THREAD-latest", thread_id="root-1", minutes_ago=5)
    make_item(channel, "THREAD-first", thread_id="root-1", minutes_ago=60)
    make_item(channel, "OTHER-thread", thread_id="root-2")
    make_item(elsewhere, "OTHER-channel", thread_id="root-1")

    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    thread = html.split("The thread</h2>")[1].split("</table>")[0]

    assert re.findall(r"THREAD-\w+", thread) == ["THREAD-first", "THREAD-middle", "THREAD-latest"]
    assert thread.count("This item") == 1 and "OTHER-" not in thread


def test_an_item_alone_in_its_thread_says_so(org, client):
    item = make_item(active_channel(org), "alone", thread_id="root-9")
    assert (
        "Harbour has no other items from this thread."
        in client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    )


def test_the_authors_history_is_newest_first_and_at_most_twenty(org, other_org, client):
    channel = active_channel(org)
    item = make_item(channel, "now", author_id="did:plc:kid", minutes_ago=0)
    for n in range(25):
        make_item(channel, f"HIST-{n:02d}", author_id="did:plc:kid", minutes_ago=n + 1)
    make_item(active_channel(other_org), "HIST-other-org", author_id="did:plc:kid")
    make_item(channel, "HIST-someone-else", author_id="did:plc:other")

    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    history = html.split("other items</h2>")[1]

    assert re.findall(r"HIST-[\w-]+", history) == [f"HIST-{n:02d}" for n in range(20)]


def test_grooming_stages_from_the_author_state_are_summarised(org, client):
    channel = active_channel(org)
    item = make_item(channel, "hi", author_id="did:plc:adult")
    AuthorState.objects.create(
        author=item.author,
        state={"grooming": {"v": 1, "n": 5, "stages": {"secrecy": 1.4, "images": 0.9, "gifts": 0.1}}},
    )

    text = page_text(client.get(reverse("inbox:item", args=[item.pk])))

    assert "Grooming signs from this author" in text
    assert "Across their 5 messages to Derby Youth Service" in text
    assert "Asking for secrecy (score 1.40)" in text
    assert "Asking for pictures or video (score 0.90)" in text
    assert "gifts" not in text.lower().split("grooming signs")[1].split("the thread")[0]


@pytest.mark.parametrize(
    "state",
    [
        None,
        {},
        {"grooming": {"n": 3, "stages": {}}},
        {"grooming": {"stages": {"gifts": 0.1}}},
        {"grooming": "junk"},
    ],
)
def test_no_grooming_summary_without_present_stages(org, client, state):
    channel = active_channel(org)
    item = make_item(channel, "hi", author_id="did:plc:kid")
    if state is not None:
        AuthorState.objects.create(author=item.author, state=state)
    assert "Grooming signs" not in client.get(reverse("inbox:item", args=[item.pk])).content.decode()


def test_media_is_withheld_and_the_platform_link_is_safe(org, client):
    item = make_item(
        active_channel(org),
        "look",
        url="https://bsky.app/profile/kid/post/1",
        media=[{"url": "https://cdn.bsky.app/img/1.jpg", "alt_text": "a photo", "mime_type": "image/jpeg"}]
        * 2,
    )

    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()

    assert "2 attachments withheld" in html
    assert "cdn.bsky.app" not in html and "<img" not in html and "<video" not in html
    assert 'href="https://bsky.app/profile/kid/post/1" rel="noopener noreferrer ugc"' in html


def test_a_javascript_url_is_never_linked(org, client):
    item = make_item(active_channel(org), "look", url="javascript:alert(1)")
    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert "javascript:" not in html
    assert "Open this item on the platform" not in html


def test_a_failed_screening_is_explained(org, client):
    item = make_item(active_channel(org), "hmm", action="review")
    item.verdict = {"error": "Screening failed: ValueError"}
    item.save()
    text = page_text(client.get(reverse("inbox:item", args=[item.pk])))
    assert "Screening failed: ValueError. A person needs to read this item." in text


def test_the_page_has_moderations_actions_and_history_with_their_shortcuts(org, client):
    item = make_item(active_channel(org), "hello there")
    html = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert f'action="{reverse("moderation:act", args=[item.pk])}"' in html
    assert 'data-shortcut="d"' in html and 'data-shortcut="e"' in html
    assert ">History</h2>" in html
    assert 'src="/static/inbox.js"' in html


def test_privacy_help_is_offered_only_for_personal_information(org, client):
    channel = active_channel(org)
    phone = make_item(channel, "ring me 07700900123", findings=[finding("personal_info", 3, span=(8, 19))])
    plain = make_item(channel, "what time is the club")

    assert "Privacy help" in client.get(reverse("inbox:item", args=[phone.pk])).content.decode()
    assert "Privacy help" not in client.get(reverse("inbox:item", args=[plain.pk])).content.decode()
