"""The visitor's address, the same for lockouts, rate limits, sessions and the audit log."""

import ipaddress


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind a proxy (HARBOUR_BEHIND_PROXY), the address that proxy appended last to
    X-Forwarded-For. Earlier entries are whatever the visitor chose to send, so they are never used."""
    from django.conf import settings

    if settings.HARBOUR_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no usable header: the proxy is misconfigured, so fall back to the connection
    return request.META.get("REMOTE_ADDR") or None
