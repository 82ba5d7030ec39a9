"""One visitor address for lockouts, rate limits, sessions and the audit log."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from harbour.audit.services import client_ip as audit_ip
from harbour.lib.net import client_ip


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_proxy_the_connection_address_is_used_and_forwarded_headers_ignored(settings):
    settings.HARBOUR_BEHIND_PROXY = False
    spoofed = request(HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(spoofed) == get_client_ip_address(spoofed) == audit_ip(spoofed) == "10.0.0.2"


def test_behind_a_proxy_the_address_it_appended_is_used(settings):
    settings.HARBOUR_BEHIND_PROXY = True
    # The visitor sent "1.2.3.4" themselves; the proxy appended their real address last.
    forwarded = request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(forwarded) == get_client_ip_address(forwarded) == audit_ip(forwarded) == "198.51.100.7"


@pytest.mark.parametrize("header", ["", "not-an-address", "1.2.3.4, ", "198.51.100.7<script>"])
def test_behind_a_proxy_a_missing_or_bad_header_falls_back_to_the_connection(settings, header):
    settings.HARBOUR_BEHIND_PROXY = True
    assert client_ip(request(HTTP_X_FORWARDED_FOR=header)) == "10.0.0.2"
