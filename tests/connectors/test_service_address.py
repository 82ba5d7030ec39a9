"""An organisation's server address cannot point a connector at a private or local network (J1)."""

import socket

import pytest

from harbour.connectors.base import Rejected
from harbour.connectors.network import check_service_url


@pytest.fixture
def resolves_to(monkeypatch):
    def set_address(address):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        monkeypatch.setattr(
            socket, "getaddrinfo", lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 443))]
        )

    return set_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "192.168.1.1",
        "fd00::1",
    ],
)
def test_a_name_that_resolves_to_a_private_address_is_refused(resolves_to, address):
    resolves_to(address)
    with pytest.raises(Rejected, match="private or local"):
        check_service_url("https://social.example.org")


def test_a_public_address_is_accepted(resolves_to):
    resolves_to("93.184.215.14")
    assert check_service_url("https://social.example.org/") == "https://social.example.org"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1",
        "https://2130706433",
        "https://[::ffff:127.0.0.1]",
        "https://169.254.169.254",
        "https://localhost",
    ],
)
def test_literal_and_encoded_local_addresses_are_refused(url):
    with pytest.raises(Rejected, match="private or local"):
        check_service_url(url)


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://social.example.org", "https"),
        ("https://social.example.org:8443", "standard port"),
        ("https://user:pw@social.example.org", "user name"),
        ("ftp://social.example.org", "not a web address"),
        ("social.example.org", "not a web address"),
        ("https://[::1", "not a web address"),
    ],
)
def test_other_bad_addresses_say_what_is_wrong(url, message):
    with pytest.raises(Rejected, match=message):
        check_service_url(url)


def test_loopback_is_allowed_for_test_servers():
    assert check_service_url("http://127.0.0.1:2583", allow_private=True) == "http://127.0.0.1:2583"
