from django.conf import settings

from harbour.console.navigation import areas_for


def console(request):
    """What every console page needs: the site name, the current membership and the switcher."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    # Until two-factor is done the session holds only a password: show nothing of the console yet.
    verified = user is not None and user.is_authenticated and user.is_verified()
    memberships = []
    if membership is not None:
        memberships = list(request.user.memberships.active().select_related("organisation"))
    return {
        "site_name": settings.SITE_NAME,
        "membership": membership,
        "organisation": membership.organisation if membership else None,
        "switchable_memberships": memberships if len(memberships) > 1 else [],
        "navigation": areas_for(membership, request.path) if verified else [],
    }
