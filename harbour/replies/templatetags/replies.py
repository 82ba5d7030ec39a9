"""The forms the item page's privacy-advice picker shows (replies/_picker.html), built by the forms layer."""

from django import template

from harbour.replies import services
from harbour.replies.forms import ChooseForm, SendForm

register = template.Library()


@register.simple_tag
def advice_forms(item, replies, membership) -> dict:
    """The picker's two forms: which advice (a GET to the send page), and the first advice's words in
    a box the moderator may edit before pressing "Hide and send" (a POST to the same page)."""
    chosen = replies[0] if replies else None
    return {
        "choose": ChooseForm(replies, chosen, label="Choose other advice", auto_id="advice_%s"),
        "send": SendForm(
            initial={"version": item.version, "text": chosen.text if chosen else ""},
            label="The privacy advice to send",
            platform=item.channel.platform_entry,
            auto_id="advice_%s",
        ),
        "hides": services.hides(item, membership),
    }


@register.simple_tag
def saved_replies_of(item) -> list:
    return services.general_replies(item.organisation)


@register.simple_tag
def saved_reply_form(replies) -> ChooseForm:
    """The small picker for ordinary replies: choose a saved reply to fill the reply box."""
    return ChooseForm(replies, auto_id="saved_reply_%s")
