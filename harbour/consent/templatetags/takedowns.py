"""`publication|takedown_of`: the publication's takedown (the one not done, else the latest done), for the
post's page to say "Taken down" (harbour/publishing/templates/publishing/post.html)."""

from django import template

from harbour.consent.models import Takedown, TakedownState

register = template.Library()


@register.filter
def takedown_of(publication):
    takedowns = list(Takedown.objects.filter(publication_id=publication.pk).order_by("-created_at", "-pk"))
    open_ = [t for t in takedowns if t.state != TakedownState.DONE]
    return (open_ or takedowns or [None])[0]
