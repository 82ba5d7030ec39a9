from harbour.accounts.services import password_due


def accounts(request):
    """The password-change reminder (guidance 3.4), shown on console pages once two-factor is done."""
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    verified = user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)()
    return {"password_reminder": verified and password_due(user, organisation)}
