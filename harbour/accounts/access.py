"""View access in one place: who may open a view, what training it needs, and fetching objects only
within the organisation.

Every console view goes through these. Another organisation's object is a 404 (never a 403, which
would confirm that it exists); a member whose role lacks the function gets a 403.

    @member_required(Role.MANAGER, Role.MODERATOR)
    @trained_for("moderate")
    def hide_comment(request, pk): ...
"""

import datetime
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from harbour.accounts.models import CourseKind, Membership, Role, TrainingRecord


class NotAMember(PermissionDenied):
    """Signed in, but not an active member of any organisation."""


def member_required(*roles: str):
    """Require a signed-in member of the current organisation, with one of `roles` (any role if none)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.is_verified():  # the middleware sends them there first; this is a second lock
                return redirect("accounts:two_factor")
            membership = getattr(request, "membership", None)
            if membership is None:
                raise NotAMember("You are not a member of an organisation in Harbour.")
            if roles and membership.role not in roles:
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.harbour_roles = roles  # read by the access tests that walk every URL
        return wrapped

    return decorator


def get_object_for_org(queryset, request, **lookup):
    """The object matching lookup inside the request's organisation, or 404. When the object exists in
    another organisation, the 404 is also audited once (by RefusalAuditMiddleware, outside any transaction
    the view holds, so a rollback cannot lose it)."""
    try:
        return get_object_or_404(queryset.filter(organisation=request.organisation), **lookup)
    except Http404:
        if queryset.exclude(organisation=request.organisation).filter(**lookup).exists():
            refused_object(request, "security.other_organisation", queryset.model)
        raise


def refused_object(request, action: str, model) -> None:
    """Mark the 404 this request is about to get as a refusal of something that exists but is not the
    visitor's, so that RefusalAuditMiddleware writes `action` for it."""
    request.refused_object = (action, model._meta.label_lower)


@dataclass(frozen=True)
class Requirement:
    kinds: tuple[str, ...]  # the course kinds needed, each with a current (unexpired) record
    roles: tuple[str, ...]  # the roles that normally do this, so the training page shows it as due
    doing: str  # what the permission lets you do, for the refusal page


# The one table of what each permission needs (guidance section 7). Views name a permission with
# @trained_for; the training page reads `roles` to show each member what is due.
TRAINING_FOR = {
    "moderate": Requirement(
        (CourseKind.SOCIAL_MEDIA,),
        (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.MODERATOR),
        "moderate comments and messages",
    ),
    "approve": Requirement((CourseKind.SOCIAL_MEDIA,), (Role.MANAGER, Role.REVIEWER), "approve posts"),
    "handle_concerns": Requirement(
        (CourseKind.SAFEGUARDING_3,), (Role.SAFEGUARDING_LEAD,), "handle safeguarding concerns"
    ),
}


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str
    expired_on: datetime.date | None  # None: there is no expired record of it
    awaiting_verification: bool = False  # a current record exists, but no manager other than the member has verified it


def training_gaps(membership: Membership, permission: str, today: datetime.date | None = None) -> list[Gap]:
    """The courses this member lacks for `permission`, each with when it expired (None if never done).

    Only a record verified by someone else counts: a member's own record waits for a manager, so
    nobody passes a training gate on their own word."""
    today = today or timezone.localdate()
    gaps = []
    records = TrainingRecord.objects.filter(membership=membership, organisation_id=membership.organisation_id)
    for kind in TRAINING_FOR[permission].kinds:
        of_kind = records.filter(course__kind=kind)
        current = of_kind.current(today)
        if current.verified().exists():
            continue
        latest = of_kind.filter(expires_on__lt=today).order_by("-expires_on").values_list("expires_on", flat=True).first()
        gaps.append(Gap(kind, CourseKind(kind).label, latest, awaiting_verification=current.exists()))
    return gaps


def missing_training(membership: Membership, permission: str) -> list[str]:
    """The course kinds this member lacks, or has let expire, for `permission` (empty when trained)."""
    return [gap.kind for gap in training_gaps(membership, permission)]


def trained_for(permission: str):
    """Refuse the view with a 403 page naming the missing or expired course. Use under member_required."""
    if permission not in TRAINING_FOR:
        raise ValueError(f"No training requirement named {permission!r}; see TRAINING_FOR")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            gaps = training_gaps(request.membership, permission)
            if gaps:
                context = {"gaps": gaps, "doing": TRAINING_FOR[permission].doing}
                return render(request, "accounts/training_required.html", context, status=403)
            return view(request, *args, **kwargs)

        wrapped.harbour_training = permission
        return wrapped

    return decorator
