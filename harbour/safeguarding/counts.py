"""The managers' view of concerns: how many, by category, by status and by how long they have been open,
never what any of them says (Capability.COUNT_CONCERNS). The page (`safeguarding:counts`) and the console
home's panel read the same numbers.

A concern that names the reader (an allegation or a low-level concern about them) is left out of their
numbers, as it is left out of everything they see (harbour/safeguarding/access.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.safeguarding.models import Category, Concern, Status

# How long open concerns have been open: (the heading, open at least this long).
AGES = (
    ("Under a day", timedelta(0)),
    ("A day to a week", timedelta(days=1)),
    ("A week to a month", timedelta(days=7)),
    ("Over a month", timedelta(days=30)),
)


@dataclass(frozen=True)
class CategoryRow:
    label: str
    open: int
    closed: int

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass(frozen=True)
class Counts:
    by_category: list[CategoryRow]
    by_age: list[tuple[str, int]]  # open concerns only
    open: int
    closed: int

    @property
    def total(self) -> int:
        return self.open + self.closed


def counted(by: Membership) -> QuerySet[Concern]:
    return Concern.objects.filter(organisation_id=by.organisation_id).exclude(about_member=by)


def counts_for(by: Membership, now=None) -> Counts:
    """The organisation's concerns counted for `by` (two queries, whatever the number of concerns)."""
    now = now or timezone.now()
    is_open = Q(status=Status.OPEN)
    rows = {
        row["category"]: row
        for row in counted(by)
        .values("category")
        .annotate(open=Count("pk", filter=is_open), closed=Count("pk", filter=~is_open))
        .order_by()
    }
    by_category = [
        CategoryRow(label, rows[value]["open"], rows[value]["closed"])
        for value, label in Category.choices
        if value in rows
    ]
    bounds = [now - since for _, since in AGES] + [None]
    ages = (
        counted(by)
        .filter(is_open)
        .aggregate(
            **{
                f"age{n}": Count(
                    "pk",
                    filter=Q(raised_at__lte=bounds[n])
                    & (Q(raised_at__gt=bounds[n + 1]) if bounds[n + 1] else Q()),
                )
                for n in range(len(AGES))
            }
        )
    )
    by_age = [(heading, ages[f"age{n}"]) for n, (heading, _) in enumerate(AGES)]
    return Counts(
        by_category=by_category,
        by_age=by_age,
        open=sum(row.open for row in by_category),
        closed=sum(row.closed for row in by_category),
    )


@member_required(Capability.COUNT_CONCERNS)
@require_safe
def page(request):
    return render(request, "safeguarding/counts.html", {"counts": counts_for(request.membership)})


def counts_panel(request) -> dict | None:
    """The console home's count of open concerns by how long they have been open (harbour/console/panels.py)."""
    counts = counts_for(request.membership)
    return {"counts": counts} if counts.total else None
