"""System checks: the audit key must be usable before any event is sealed with it."""

from django.conf import settings
from django.core import checks

from harbour.audit.keys import AuditKeyError, parse_keys


@checks.register(checks.Tags.security)
def audit_key_is_usable(app_configs, **kwargs):
    try:
        parse_keys(settings.HARBOUR_AUDIT_KEY)
    except AuditKeyError as exc:
        source = (
            "the generated file in HARBOUR_DATA_DIR"
            if settings.HARBOUR_AUDIT_KEY_GENERATED
            else "HARBOUR_AUDIT_KEY"
        )
        return [checks.Error(f"The audit key in {source} cannot be used: {exc}.", id="harbour.E111")]
    return []
