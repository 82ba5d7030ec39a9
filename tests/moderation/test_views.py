"""The moderation pages: the item page's actions and history, one action, the page of an action that needs
words (which keeps them when refused), two moderators at once, bulk with its confirmation, and undo."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from harbour.inbox.models import Item, ItemStatus
from harbour.moderation import sending
from harbour.moderation.models import ModerationAction
from tests.cast import active_channel, finding, make_item, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(mod):
    return sign_in(Client(), mod.user)


# What an escalation asks for: the concern it raises (harbour/safeguarding).
ESCALATION = {"category": "disclosure", "severity": "2", "summary": "Says they are scared to go home"}


def post_act(client, item, kind, **data):
    version = data.pop("version", item.version)
    return client.post(reverse("moderation:act", args=[item.pk]), {"kind": kind, "version": version, **data})


def page(client, item) -> str:
    return client.get(reverse("inbox:item", args=[item.pk])).content.decode()


def test_the_item_page_offers_the_actions_with_their_shortcut_keys(client, channel):
    item = make_item(channel, "you are all losers", findings=[finding("bullying", 3)], thread_id="root-1")
    html = page(client, item)
    for kind, key in (("hide", "h"), ("done", "d"), ("assign", "a")):
        assert f'value="{kind}" class="govuk-button' in html and f'data-shortcut="{key}"' in html
    # Escalating asks for the concern it raises: a page of its own, as replying is.
    assert f'href="{reverse("moderation:act", args=[item.pk])}?kind=escalate"' in html
    assert 'data-shortcut="e"' in html
    assert f'href="{reverse("moderation:act", args=[item.pk])}?kind=reply"' in html
    assert 'data-shortcut="r"' in html
    assert f'name="version" value="{item.version}"' in html
    assert "govuk-button--warning" not in html  # delete: only for the organisation's own posts
    assert "Nobody has acted on this item yet." in html


def test_mark_done_from_the_item_page(client, channel, mod):
    item = make_item(channel, "text", findings=[finding("bullying", 3)], action="hide")
    response = post_act(client, item, "done")
    assert response.status_code == 302 and response["Location"] == reverse("inbox:item", args=[item.pk])
    item.refresh_from_db()
    assert item.status == "done"
    html = page(client, item)
    assert "Marked done." in html
    assert 'value="done"' not in html and 'value="reopen"' in html
    event = AuditEvent.objects.get(action="inbox.item_reviewed")
    assert event.actor_id == mod.user_id and event.object_id == str(item.pk)
    assert event.organisation_id == item.organisation_id
    assert 'Undo<span class="govuk-visually-hidden">:</span> reopen the item' in html  # from the history


def test_the_second_moderator_is_told_what_the_first_did(client, channel, second_mod):
    item = make_item(channel)
    seen = item.version
    post_act(sign_in(Client(), second_mod.user), item, "done", version=seen)
    response = post_act(client, item, "escalate", version=seen, **ESCALATION)
    assert response["Location"] == reverse("inbox:item", args=[item.pk])
    html = page(client, item)
    assert "govuk-notification-banner" in html
    assert "Sam Second\u2069 marked this done just now; your change was not made." in html
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.actions.count() == 1


def test_next_takes_the_moderator_back_to_the_list_but_never_elsewhere(client, channel):
    item = make_item(channel)
    back = reverse("inbox:index") + "?queue=needs_action"
    assert post_act(client, item, "done", next=back)["Location"] == back
    other = make_item(channel)
    response = post_act(client, other, "done", next="https://evil.example/")
    assert response["Location"] == reverse("inbox:item", args=[other.pk])


def test_a_reply_over_the_limit_is_refused_on_its_page_keeping_the_text(client, channel):
    item = make_item(channel, "is it on saturday?")
    form = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "reply"})
    assert form.status_code == 200 and "test_moderated allows 100 characters" in form.content.decode()
    typed = "Yes it is on Saturday, " + "see you there " * 10
    response = post_act(client, item, "reply", text=typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Shorten it by" in html
    assert typed.strip() in html  # nothing lost
    assert not ModerationAction.objects.exists()


def test_a_reply_is_sent_and_shown_in_the_history(client, channel):
    item = make_item(channel, "is it on saturday?")
    response = post_act(client, item, "reply", text="Yes, 10am. See you there!")
    assert response.status_code == 302
    action = ModerationAction.objects.get()
    html = page(client, item)
    assert "Waiting to be sent" in html and "Yes, 10am. See you there!" in html
    sending.send_action(action.pk)
    html = page(client, item)
    assert "Done on the platform" in html and "Reply posted on test_moderated" in html


def test_a_failed_action_shows_what_to_do_instead(client, channel):
    from harbour.connectors.base import Rejected
    from tests.moderation.platforms import ModeratedSource

    item = make_item(channel, thread_id="root-1")
    post_act(client, item, "hide")
    ModeratedSource.SCRIPT = [Rejected("The post was deleted")]
    sending.send_action(ModerationAction.objects.get().pk)
    html = page(client, item)
    assert "Failed" in html and "The post was deleted" in html
    assert "What to do instead:</strong> Hide it in the test_moderated app" in html


def test_a_note_needs_words(client, channel):
    item = make_item(channel)
    response = post_act(client, item, "note", text="  ")
    assert response.status_code == 400 and "Enter a note." in response.content.decode()
    assert post_act(client, item, "note", text="Called the parent").status_code == 302
    assert "Called the parent" in page(client, item)


def test_assign_to_me_and_to_someone_else(client, channel, mod, second_mod):
    item = make_item(channel)
    post_act(client, item, "assign", to=str(mod.pk))
    assert Item.objects.get(pk=item.pk).assigned_to == mod
    form = client.get(reverse("moderation:act", args=[item.pk]), {"kind": "assign"}).content.decode()
    assert "Sam Second" in form
    post_act(client, Item.objects.get(pk=item.pk), "assign", to=str(second_mod.pk))
    assert Item.objects.get(pk=item.pk).assigned_to == second_mod


def test_an_action_the_item_does_not_allow_is_refused_with_a_message(client, channel):
    item = make_item(channel)  # not in a thread: cannot be hidden
    response = post_act(client, item, "hide")
    assert response.status_code == 302
    assert "Only a reply in a thread" in page(client, item)
    assert not ModerationAction.objects.exists()


def test_another_organisations_item_or_action_is_a_404(client, other_org, outsider):
    theirs = make_item(active_channel(other_org, "test_moderated"))
    assert post_act(client, theirs, "done").status_code == 404
    action = ModerationAction.objects.create(
        organisation=other_org, item=theirs, kind="done", by=outsider, item_version=1, state="done"
    )
    assert client.post(reverse("moderation:undo", args=[action.pk])).status_code == 404
    assert Item.objects.get(pk=theirs.pk).status == "new"


def test_an_unknown_kind_is_a_404(client, channel):
    assert post_act(client, make_item(channel), "launch").status_code == 404


def test_bulk_asks_how_many_then_acts(client, channel):
    items = [make_item(channel, thread_id="root-1") for _ in range(3)]
    data = {"items": [str(i.pk) for i in items], "kind": "hide", "next": reverse("inbox:index")}
    confirm = client.post(reverse("moderation:bulk"), data)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Hide 3 items?" in html and "Yes, hide 3 items" in html
    assert not ModerationAction.objects.exists()
    done = client.post(reverse("moderation:bulk"), {**data, "confirmed": "on"})
    assert done["Location"] == reverse("inbox:index")
    assert ModerationAction.objects.filter(kind="hide").count() == 3
    assert "3 items being hidden." in client.get(reverse("inbox:index")).content.decode()


def test_bulk_done_and_assign_to_me_say_what_was_refused(client, channel, mod):
    items = [make_item(channel) for _ in range(2)] + [make_item(channel, status="done")]
    ids = [str(i.pk) for i in items]
    client.post(reverse("moderation:bulk"), {"items": ids, "kind": "done", "confirmed": "on"})
    html = client.get(reverse("inbox:index")).content.decode()
    assert "2 items marked done." in html and "1 item was not changed: This item is already done. (1)" in html
    client.post(reverse("moderation:bulk"), {"items": ids, "kind": "assign_me", "confirmed": "on"})
    assert Item.objects.filter(assigned_to=mod).count() == 3


def test_bulk_takes_at_most_100(client, channel):
    items = [make_item(channel) for _ in range(101)]
    response = client.post(reverse("moderation:bulk"), {"items": [str(i.pk) for i in items], "kind": "done"})
    assert response.status_code == 400 and "Select at most 100 items at once" in response.content.decode()
    response = client.post(reverse("moderation:bulk"), {"kind": "done"})
    assert response.status_code == 400 and "Select the items first" in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_undo_from_the_history(client, channel):
    item = make_item(channel, thread_id="root-1")
    post_act(client, item, "hide")
    hide = ModerationAction.objects.get()
    sending.send_action(hide.pk)
    html = page(client, item)
    assert reverse("moderation:undo", args=[hide.pk]) in html and "show the reply again</button>" in html
    client.post(reverse("moderation:undo", args=[hide.pk]))
    unhide = ModerationAction.objects.get(undo_of=hide)
    assert unhide.kind == "unhide"
    assert "Undone. Showing the reply again." in page(client, item)


def test_a_moderator_needs_training_and_the_right_role(channel, moderator, author):
    item = make_item(channel)
    for member in (moderator, author):  # the moderator is untrained here
        client = sign_in(Client(), member.user)
        assert post_act(client, item, "done").status_code == 403
    assert Item.objects.get(pk=item.pk).status == "new"


def test_escalated_items_are_counted_on_a_safeguarding_leads_home_page(client, channel, dsl):
    item = make_item(channel)
    post_act(client, item, "escalate", **ESCALATION)
    home = sign_in(Client(), dsl.user).get(reverse("console:home")).content.decode()
    assert "1 item escalated to safeguarding" in home


def test_the_item_pages_form_sends_assign_to_me_with_every_button(client, channel, mod):
    """The partial is one form: its `to` (for "Assign to me") comes with hide and done too."""
    item = make_item(channel, thread_id="root-1")
    assert post_act(client, item, "hide", to=str(mod.pk)).status_code == 302
    assert ModerationAction.objects.get().kind == "hide"
    assert Item.objects.get(pk=item.pk).assigned_to is None
    post_act(client, Item.objects.get(pk=item.pk), "assign", to=str(mod.pk))
    assert Item.objects.get(pk=item.pk).assigned_to == mod


def test_a_one_button_action_that_cannot_be_read_goes_back_to_the_item(client, channel):
    item = make_item(channel)
    response = post_act(client, item, "done", version="not a number")
    assert response["Location"] == reverse("inbox:item", args=[item.pk])
    assert "could not read that action" in page(client, item)
