"""Sets request.membership and request.organisation from the signed-in user's own memberships.

The organisation comes only from the session, checked against the user's active memberships:
never from a query string, header or form field (SECURITY A6).
"""

SESSION_KEY = "harbour_organisation_id"


def _current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.memberships.active().select_related("organisation")
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        membership = memberships.filter(organisation_id=wanted).first()
        if membership is not None:
            return membership
    membership = memberships.order_by("organisation__name").first()
    if membership is not None:
        request.session[SESSION_KEY] = membership.organisation_id
    else:
        request.session.pop(SESSION_KEY, None)
    return membership


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Eager on purpose: a lazy wrapper around None would make `request.membership is None` false.
        request.membership = _current_membership(request)
        request.organisation = request.membership.organisation if request.membership else None
        return self.get_response(request)


def switch_organisation(request, organisation_id: int) -> bool:
    """Make organisation_id current if the user is an active member; return whether it changed."""
    if not request.user.memberships.active().filter(organisation_id=organisation_id).exists():
        return False
    request.session[SESSION_KEY] = organisation_id
    return True
