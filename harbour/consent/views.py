"""The consent register's pages. Every change goes through harbour.consent.services."""

from django.core.paginator import Paginator
from django.shortcuts import render

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.consent.models import Person

PER_PAGE = 50


@member_required(Capability.VIEW_CONSENT)
def index(request):
    people = Person.objects.for_org(request.organisation).filter(erased_at__isnull=True)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "consent/index.html", {"page": page})
