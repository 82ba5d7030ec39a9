"""View access in one place: who may open a view, what training it needs, and fetching objects only
within the organisation; and NotAllowed, the one refusal every service raises.

Every console view goes through these. Another organisation's object is a 404 (never a 403, which
would confirm that it exists); a member whose role lacks the capability gets a 403.

    @member_required(Capability.MODERATE)
    @trained_for(Capability.MODERATE)
    def hide_comment(request, pk): ...
"""

import datetime
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import urlencode

from harbour.accounts import sessions
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import CourseKind, Membership, TrainingRecord


class NotAllowed(PermissionDenied):
    """A service refuses: the actor may not do this, or the change breaks a rule. The message says
    which, as a sentence for the person acting. Views show it as a form error or a message where they
    can; one that escapes a view is a 403 page showing the sentence."""


class NotAMember(PermissionDenied):
    """Signed in, but not an active member of any organisation."""


def require(by: Membership, capability: Capability | None, organisation_id: int, refusal: str) -> None:
    """The check each service makes before a change: `by` is an active member of the organisation the
    change is in, and its role has `capability` (None: any member). Raises NotAllowed with `refusal`."""
    if by is None or not by.is_active or by.organisation_id != organisation_id:
        raise NotAllowed(refusal)
    if capability is not None and not by.can(capability):
        raise NotAllowed(refusal)


def member_required(capability: Capability | None = None):
    """Require a signed-in member of the current organisation whose role has `capability` (any member
    if None)."""
    if capability is not None:
        capability = Capability(capability)  # a name not in the table fails here, at import

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
            if capability is not None and not membership.can(capability):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.harbour_capability = capability  # read by the URL walk (tests/test_url_security.py)
        return wrapped

    return decorator


def recent_two_factor(view):
    """Let a GET or HEAD through only when this session passed a two-factor check within the last
    HARBOUR_FRESH_TWO_FACTOR_MINUTES (signing in counts, and so does "Confirm it's you"); otherwise send
    the person to "Confirm it's you" (accounts:confirm_two_factor), which comes back here after a right
    code. Use under member_required, which has already checked who they are and what they may do.

    Any other method (a POST) is let through: its form was opened by a GET that passed this check, and
    sending someone away now would lose what they typed. The view's own checks still apply to it.

        @member_required(Capability.HANDLE_CONCERNS)
        @recent_two_factor
        def concern(request, pk): ...
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and not sessions.two_factor_is_recent(request.session):
            url = resolve_url("accounts:confirm_two_factor")
            return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    wrapped.harbour_recent_two_factor = True
    return wrapped


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
    doing: str  # what the capability lets you do, for the refusal page


# What each capability needs in training (guidance section 7), keyed by the capability in the table
# (harbour/accounts/capabilities.py), whose roles are the ones the training page shows it as due for.
# Views name one with @trained_for.
TRAINING_FOR = {
    Capability.MODERATE: Requirement((CourseKind.SOCIAL_MEDIA,), "moderate comments and messages"),
    Capability.APPROVE: Requirement((CourseKind.SOCIAL_MEDIA,), "approve posts"),
    Capability.HANDLE_CONCERNS: Requirement((CourseKind.SAFEGUARDING_3,), "handle safeguarding concerns"),
    Capability.RAISE_CONCERNS: Requirement((CourseKind.SAFEGUARDING_1,), "raise safeguarding concerns"),
}


# A higher safeguarding level covers the lower ones: a lead trained at level 3 needs no level 1 course.
COVERED_BY = {
    CourseKind.SAFEGUARDING_1: (
        CourseKind.SAFEGUARDING_1,
        CourseKind.SAFEGUARDING_2,
        CourseKind.SAFEGUARDING_3,
    ),
    CourseKind.SAFEGUARDING_2: (CourseKind.SAFEGUARDING_2, CourseKind.SAFEGUARDING_3),
}


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str
    expired_on: datetime.date | None  # None: there is no expired record of it
    awaiting_verification: bool = (
        False  # a current record exists, but no manager other than the member has verified it
    )


def training_gaps(membership: Membership, permission: str, today: datetime.date | None = None) -> list[Gap]:
    """The courses this member lacks for `permission`, each with when it expired (None if never done).

    Only a record verified by someone else counts: a member's own record waits for a manager, so
    nobody passes a training gate on their own word."""
    today = today or timezone.localdate()
    gaps = []
    records = TrainingRecord.objects.filter(membership=membership, organisation_id=membership.organisation_id)
    for kind in TRAINING_FOR[permission].kinds:
        of_kind = records.filter(course__kind__in=COVERED_BY.get(kind, (kind,)))
        current = of_kind.current(today)
        if current.verified().exists():
            continue
        latest = (
            of_kind.filter(expires_on__lt=today)
            .order_by("-expires_on")
            .values_list("expires_on", flat=True)
            .first()
        )
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
