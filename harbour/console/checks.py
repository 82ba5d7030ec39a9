"""Deployment checks (`harbour check --deploy`) for settings Django's own checks do not cover."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def security_contact_is_set(app_configs, **kwargs):
    if settings.HARBOUR_SECURITY_CONTACT:
        return []
    return [
        checks.Warning(
            "HARBOUR_SECURITY_CONTACT is not set, so /.well-known/security.txt names the sender address "
            "as the place to report a vulnerability.",
            hint="Set it to a mailto: or https: address that someone reads.",
            id="harbour.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def no_admin_site(app_configs, **kwargs):
    if "django.contrib.admin" in settings.INSTALLED_APPS:
        return [
            checks.Error(
                "django.contrib.admin is installed. Harbour has no admin site: it would bypass the organisation "
                "boundaries and the audit log that every console page keeps.",
                id="harbour.E001",
            )
        ]
    return []
