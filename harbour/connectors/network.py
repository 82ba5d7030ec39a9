"""The address a connector talks to comes from an organisation's settings, so it is checked before use:
https only, and no private, loopback, link-local or shared address space (docs/security.md J1). Test
servers on 127.0.0.1 pass only with allow_private=True, which only tests and local development set.

The check resolves the name once; it does not pin the address for later connections (a DNS
rebinding race remains; redirects are refused by the connectors themselves)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from harbour.connectors.base import Rejected


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
        ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global


def check_service_url(url: str, *, allow_private: bool = False) -> str:
    """Return url without a trailing slash, or raise Rejected saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Rejected(f"{url!r} is not a web address") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Rejected(f"{url!r} is not a web address")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise Rejected("the server address must not contain a user name, password, query or fragment")
    if not allow_private:
        if parts.scheme != "https" or port not in (None, 443):
            raise Rejected("the server address must start with https:// and use the standard port")
        try:
            addresses = {
                info[4][0] for info in socket.getaddrinfo(parts.hostname, 443, type=socket.SOCK_STREAM)
            }
        except (OSError, UnicodeError):
            raise Rejected(f"the server name {parts.hostname!r} does not resolve") from None
        if not addresses or not all(_is_public(a) for a in addresses):
            raise Rejected(f"{parts.hostname!r} is a private or local address, not a public server")
    return url.rstrip("/")
