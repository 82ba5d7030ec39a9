"""Privacy help on an item (guidance 5.3): the advice that fits what screening found, proposed in a box
the moderator may edit, and nothing sent until they press "Hide and send"; sending is a reply and a hide
through harbour.moderation's act."""

import pytest

from harbour.inbox.models import Item
from harbour.inbox.screened import screen_stored
from harbour.moderation.models import ModerationAction
from harbour.moderation.services import act
from harbour.replies import services
from harbour.replies.models import AdviceTopic, ReplyKind, SavedReply
from harbour.replies.starter import DEMO_GENERAL, STARTER_ADVICE
from harbour.screening.verdict import Direction
from tests.cast import give_training, make_item, make_member

pytestmark = pytest.mark.django_db

STARTER = {topic: text for topic, _, text in STARTER_ADVICE}


def screened_item(channel, text):
    """An item carrying the verdict screening gives its text, as ingest stores it."""
    screened = screen_stored(text, direction=Direction.INCOMING)
    findings, action = screened.verdict["findings"], str(screened.action)
    # A reply in a thread under the organisation's post: what the platform lets Harbour hide.
    return make_item(channel, text, findings=findings, action=action, thread_id="root-1", parent_id="root-1")


@pytest.fixture
def library(org, manager):
    services.add_starter_advice(org, by=manager)
    title, text = DEMO_GENERAL
    services.save_reply(
        SavedReply(organisation=org, title=title, text=text, kind=ReplyKind.GENERAL), by=manager
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("text me on 07700 900123 if you want to chat", AdviceTopic.PHONE),
        ("my email is jess.b@gmail.com", AdviceTopic.PHONE),
        ("I live at 14 Acacia Avenue, come round", AdviceTopic.ADDRESS),
        ("I go to St Mary's School in Derby", AdviceTopic.SCHOOL),
        ("im 13 and im at the park by tesco after school every day", AdviceTopic.AGE_PLACE),
        ("add me on snap im bored", AdviceTopic.ADD_ME),
    ],
)
def test_the_advice_that_fits_the_items_personal_information_comes_first(channel, library, text, topic):
    advice = services.privacy_advice_for(screened_item(channel, text))
    assert advice[0].topic == topic and advice[0].text == STARTER[topic]
    assert [a.topic for a in advice] == [topic, AdviceTopic.ANY]  # then the advice for any details


def test_the_most_severe_finding_leads_and_retired_advice_is_never_offered(org, manager, channel, library):
    item = screened_item(channel, "add me on snap or text me on 07700 900123")
    assert [a.topic for a in services.privacy_advice_for(item)] == [
        AdviceTopic.PHONE,
        AdviceTopic.ADD_ME,
        AdviceTopic.ANY,
    ]
    phone = SavedReply.objects.get(organisation=org, topic=AdviceTopic.PHONE)
    services.set_active(phone, False, by=manager)
    assert AdviceTopic.PHONE not in [a.topic for a in services.privacy_advice_for(item)]


def test_another_organisations_advice_is_never_offered(org, other_org, outsider, channel):
    services.add_starter_advice(other_org, by=outsider)
    assert services.privacy_advice_for(screened_item(channel, "add me on snap im bored")) == []


def test_the_starter_advice_never_repeats_the_young_persons_details(channel, library):
    text = "text me on 07700 900123, I'm at 14 Acacia Avenue, St Mary's School, add me on snap jessb"
    for advice in services.privacy_advice_for(screened_item(channel, text)):
        for detail in ("07700", "Acacia", "Mary", "jessb"):
            assert detail not in advice.text


def test_the_item_page_proposes_the_advice_and_sending_needs_a_press(channel, mod, library, client_for):
    item = screened_item(channel, "text me on 07700 900123 if you want to chat")
    client = client_for(mod)
    page = client.get(f"/inbox/{item.pk}/").content.decode()
    assert "Hide and send privacy advice" in page
    assert "Hide and send" in page and STARTER[AdviceTopic.PHONE] in page
    assert 'data-maxlength="300"' in page  # the platform's character count
    picker = page.split('id="privacy-help"')[1].split("What screening found")[0]
    assert 'name="csrfmiddlewaretoken"' in picker  # the include must not drop the token
    send_page = client.get(f"/replies/items/{item.pk}/privacy-advice/")
    assert send_page.status_code == 200 and STARTER[AdviceTopic.PHONE] in send_page.content.decode()
    assert not ModerationAction.objects.exists()  # opening both pages sent nothing


def test_choosing_other_advice_proposes_its_words(org, channel, mod, library, client_for):
    item = screened_item(channel, "text me on 07700 900123 if you want to chat")
    other = SavedReply.objects.get(organisation=org, kind=ReplyKind.PRIVACY_ADVICE, topic=AdviceTopic.ANY)
    page = client_for(mod).get(f"/replies/items/{item.pk}/privacy-advice/", {"reply": other.pk})
    assert STARTER[AdviceTopic.ANY] in page.content.decode()
    assert not ModerationAction.objects.exists()


def test_hide_and_send_replies_with_the_edited_words_then_hides(channel, mod, library, client_for):
    item = screened_item(channel, "text me on 07700 900123 if you want to chat")
    edited = STARTER[AdviceTopic.PHONE].replace("Hi,", "Hi there,")
    response = client_for(mod).post(
        f"/replies/items/{item.pk}/privacy-advice/", {"version": item.version, "text": edited}
    )
    assert response.status_code == 302 and response["Location"] == f"/inbox/{item.pk}/"
    actions = list(ModerationAction.objects.filter(item=item).order_by("pk"))
    assert [(a.kind, a.by_id) for a in actions] == [("reply", mod.pk), ("hide", mod.pk)]
    assert actions[0].params["text"] == edited
    assert Item.objects.get(pk=item.pk).version == item.version + 2


def test_a_reply_too_long_for_the_platform_keeps_the_words_and_sends_nothing(
    channel, mod, library, client_for
):
    item = screened_item(channel, "text me on 07700 900123 if you want to chat")
    long_text = STARTER[AdviceTopic.PHONE] + " Please read this again." * 5
    response = client_for(mod).post(
        f"/replies/items/{item.pk}/privacy-advice/", {"version": item.version, "text": long_text}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "There is a problem" in html
        and "allows 300 characters. Shorten it by" in html
        and "Please read this again." in html
    )
    assert not ModerationAction.objects.exists()


def test_a_second_moderator_is_told_what_the_first_did_and_nothing_is_sent(
    org, channel, mod, library, client_for
):
    item = screened_item(channel, "text me on 07700 900123 if you want to chat")
    act(item, "done", by=mod, version=0)
    response = client_for(mod).post(
        f"/replies/items/{item.pk}/privacy-advice/", {"version": 0, "text": STARTER[AdviceTopic.PHONE]}
    )
    assert response.status_code == 400
    assert "your change was not made" in response.content.decode()
    assert not ModerationAction.objects.filter(kind="reply").exists()


def test_only_a_trained_moderator_of_the_organisation_may_send(org, channel, library, outsider, client_for):
    item = screened_item(channel, "add me on snap im bored")
    viewer = make_member(org, "viewer", "vi.viewer@example.org", "Vi Viewer")
    untrained = make_member(org, "moderator", "un.trained@example.org", "Un Trained")
    channel.moderators.add(untrained)
    data = {"version": 0, "text": STARTER[AdviceTopic.ADD_ME]}
    assert client_for(viewer).post(f"/replies/items/{item.pk}/privacy-advice/", data).status_code == 403
    assert client_for(untrained).post(f"/replies/items/{item.pk}/privacy-advice/", data).status_code == 403
    give_training(outsider, "moderate")
    assert client_for(outsider).post(f"/replies/items/{item.pk}/privacy-advice/", data).status_code == 404
    assert not ModerationAction.objects.exists()


def test_a_saved_reply_fills_the_reply_box_and_is_sent_only_on_a_press(channel, mod, library, client_for):
    item = make_item(channel, "when is the next youth forum?")
    client = client_for(mod)
    page = client.get(f"/replies/items/{item.pk}/saved-reply/").content.decode()
    assert DEMO_GENERAL[1].replace("'", "&#x27;") in page and "Send reply" in page
    assert not ModerationAction.objects.exists()
    response = client.post(f"/replies/items/{item.pk}/saved-reply/", {"version": 0, "text": DEMO_GENERAL[1]})
    assert response.status_code == 302
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == ["reply"]


def test_the_small_picker_lists_the_general_replies_and_goes_to_the_reply_box(org, channel, library):
    from django.template.loader import render_to_string

    item = make_item(channel, "when is the next youth forum?")
    html = render_to_string("replies/_saved_reply_picker.html", {"item": item})
    general = SavedReply.objects.get(organisation=org, kind=ReplyKind.GENERAL)
    assert f'action="/replies/items/{item.pk}/saved-reply/"' in html and 'method="get"' in html
    assert f'value="{general.pk}"' in html and "Use this reply" in html
    assert "hidden your post" not in html  # privacy advice is offered only where it fits


def test_where_the_item_cannot_be_hidden_the_page_offers_to_send_only(channel, mod, library, client_for):
    screened = screen_stored("add me on snap im bored", direction=Direction.INCOMING)
    item = make_item(channel, "add me on snap im bored", findings=screened.verdict["findings"])  # no thread
    page = client_for(mod).get(f"/inbox/{item.pk}/").content.decode()
    assert "Send privacy advice" in page and "Hide and send" not in page
    response = client_for(mod).post(
        f"/replies/items/{item.pk}/privacy-advice/", {"version": 0, "text": STARTER[AdviceTopic.ADD_ME]}
    )
    assert response.status_code == 302
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == ["reply"]
