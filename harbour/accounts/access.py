"""View access in one place: who may open a view, and fetching objects only within the organisation.

Every console view goes through these. Another organisation's object is a 404 (never a 403, which
would confirm that it exists); a member whose role lacks the function gets a 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


class NotAMember(PermissionDenied):
    """Signed in, but not an active member of any organisation."""


def member_required(*roles: str):
    """Require a signed-in member of the current organisation, with one of `roles` (any role if none)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
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
    """The object matching lookup inside the request's organisation, or 404."""
    return get_object_or_404(queryset.filter(organisation=request.organisation), **lookup)
