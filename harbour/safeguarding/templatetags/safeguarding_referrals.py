"""The concern page's referrals panel (safeguarding/_referrals.html): `{% load safeguarding_referrals %}`,
then `{% referral_picker concern as picker %}`: the suggestions (harbour/safeguarding/referrals.py) and the
picker's question about an adult, answered in the page's address (?adult=yes|no)."""

from django import template

from harbour.safeguarding.models import Category
from harbour.safeguarding.referral_forms import AdultInvolvedForm
from harbour.safeguarding.referrals import suggested

register = template.Library()


@register.simple_tag(takes_context=True)
def referral_picker(context, concern) -> dict:
    request = context["request"]
    asks = concern.category == Category.NUDE_IMAGES
    question = AdultInvolvedForm(
        request.GET if "adult" in request.GET else None, initial={"adult": "unknown"}
    )
    adult = question.answer() if question.is_bound else None
    return {
        "suggestions": suggested(concern, adult_involved=adult),
        "question": question if asks else None,
    }
