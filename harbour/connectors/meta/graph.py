"""A thin client for Meta's Graph API, shared by the Instagram, Facebook Pages and Threads connectors
(docs/connectors.md, "Meta's platforms").

httpx rather than an SDK: the connectors use a few dozen endpoints on two hosts (graph.facebook.com and
graph.threads.net), and what matters is the same everywhere and small: a timeout on every call, the
appsecret_proof beside the token, Meta's error object turned into the connector errors (190: reconnect;
4, 17, 32, 613 and the business use case limits: slow down; 10 and 200-299: a missing permission, named),
cursor paging, and the usage headers read on every answer so that polling slows before a limit is hit.

Plain Python, no Django: the connector passes the host, version, token and app secret in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import httpx

from harbour.connectors.base import (
    DEFAULT_TIMEOUT,
    AuthFailed,
    ConnectorError,
    PlatformUnavailable,
    RateLimited,
    Rejected,
)

log = logging.getLogger(__name__)

GRAPH_VERSION = "v26.0"  # the current Graph API version (29 July 2026); Instagram and Pages use it
THREADS_VERSION = "v1.0"
FACEBOOK_GRAPH = "https://graph.facebook.com"
THREADS_GRAPH = "https://graph.threads.net"

# Graph error codes (developers.facebook.com/docs/graph-api/guides/error-handling).
EXPIRED = 190  # the access token expired, was revoked, or the password changed
THROTTLED = {4, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014}
PERMISSION = {10} | set(range(200, 300))
OUTSIDE_WINDOW = 2018278  # error_subcode: a message sent outside the platform's messaging window
# error_subcode with code 100: the object does not exist (deleted), or cannot be loaded (the Instagram
# Platform's error codes, developers.facebook.com/docs/instagram-platform/error-codes). Kept on the error
# as Rejected.subcode, for a connector to tell a deleted item by it and not by Meta's changing words.
DOES_NOT_EXIST = 33
TRANSIENT = {1, 2}
DEFAULT_WAIT = 300.0  # seconds to wait after a throttle answer that said nothing of how long

SAFE_PATH = re.compile(r"[A-Za-z0-9_]+(?:/[A-Za-z0-9_]+)*")

# Polling slows once any usage figure Meta reports passes this share of its limit (docs: "slow down
# before reaching 100").
SLOW_AT = 75


@dataclass(frozen=True, slots=True)
class Usage:
    """The highest share (percent) of any limit the last answer reported, and how long Meta said to wait
    (seconds) where it did."""

    percent: int = 0
    wait_seconds: float = 0.0

    @property
    def slow_down(self) -> bool:
        return self.percent >= SLOW_AT or self.wait_seconds > 0


def usage_from(headers: Mapping[str, str]) -> Usage:
    """X-App-Usage ({"call_count": 28, "total_time": 25, "total_cputime": 25}), X-Business-Use-Case-Usage
    ({business id: [{"type": ..., "call_count": ..., "estimated_time_to_regain_access": minutes}]}) and
    Threads' and Instagram's own (X-Ad-Account-Usage is not used here). Anything unreadable counts as 0."""
    percent, wait = 0, 0.0
    headers = {str(k).lower(): v for k, v in headers.items()}
    for name in (
        "x-app-usage",
        "x-business-use-case-usage",
        "x-page-usage",
        "x-instagram-business-use-case-usage",
    ):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for figures in _usage_figures(data):
            for key in ("call_count", "total_time", "total_cputime", "acc_id_util_pct"):
                value = figures.get(key)
                if isinstance(value, int | float):
                    percent = max(percent, int(value))
            minutes = figures.get("estimated_time_to_regain_access")
            if isinstance(minutes, int | float) and minutes > 0:
                wait = max(wait, float(minutes) * 60)
    return Usage(percent, wait)


def _usage_figures(data) -> Iterator[dict]:
    if isinstance(data, dict):
        if any(k in data for k in ("call_count", "total_time", "total_cputime")):
            yield data
            return
        for value in data.values():  # business use case usage: {business id: [figures, ...]}
            if isinstance(value, list):
                yield from (v for v in value if isinstance(v, dict))


def appsecret_proof(token: str, app_secret: str) -> str:
    """What Graph asks beside a token when the app requires it: HMAC-SHA256 of the token, keyed with the
    app secret, in hex."""
    return hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def missing_permission(message: str) -> str:
    """The permission a Graph error names ("(#200) Requires pages_manage_engagement permission"), or ""."""
    match = re.search(r"\b((?:instagram|pages|threads|business|read|manage)_[a-z_]+)\b", message or "")
    return match.group(1) if match else ""


def error_for(status: int, body, headers: Mapping[str, str], doing: str) -> ConnectorError:
    """The connector error for a Graph error answer, in words for the person who reads the channel's log."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        if status >= 500 or status == 0:
            return PlatformUnavailable(f"Meta could not be reached while {doing} (HTTP {status})")
        return Rejected(f"Meta refused {doing} (HTTP {status})")
    code = error.get("code") if isinstance(error.get("code"), int) else 0
    subcode = error.get("error_subcode") if isinstance(error.get("error_subcode"), int) else 0
    message = str(error.get("message") or "")[:300]
    if code == EXPIRED:
        return AuthFailed(
            "Meta no longer accepts this channel's connection (the token expired or was revoked, or the "
            "account's password changed): reconnect the channel from its page"
        )
    if code in THROTTLED:
        usage = usage_from(headers)
        return RateLimited(
            f"Meta asked Harbour to slow down while {doing} (error {code})",
            retry_after=usage.wait_seconds or DEFAULT_WAIT,
        )
    if subcode == OUTSIDE_WINDOW or code == 551:
        return Rejected(
            "Meta lets the organisation answer a message only within 24 hours of the person's last message "
            "to it: this conversation is outside that window, so answer on the platform or wait for them "
            "to write again"
        )
    if code in PERMISSION:
        needed = missing_permission(message)
        named = f" it needs the {needed} permission" if needed else " a permission is missing"
        return Rejected(f"Meta refused {doing}:{named}. Reconnect the channel and grant it")
    if code in TRANSIENT or error.get("is_transient") or status >= 500:
        return PlatformUnavailable(f"Meta had a problem while {doing}: {message or 'no reason given'}")
    refused = Rejected(f"Meta refused {doing}: {message or f'error {code}'}")
    refused.code, refused.subcode = code, subcode  # Graph's own numbers, for a connector to tell them apart
    return refused


class Graph:
    """One access token against one Graph host and version. Every call has a timeout; `usage` is what
    the last answer said of the limits."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        version: str = GRAPH_VERSION,
        app_secret: str = "",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ):
        self.root = f"{base_url.rstrip('/')}/{version}"
        self.token = token
        self.app_secret = app_secret
        self.usage = Usage()
        self._http = httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _proof(self) -> dict:
        return {"appsecret_proof": appsecret_proof(self.token, self.app_secret)} if self.app_secret else {}

    def call(self, method: str, path: str, doing: str, *, params=None, data=None, files=None) -> dict:
        """One Graph call; the JSON answer, or the connector error for it."""
        if not SAFE_PATH.fullmatch(path):  # ids come from the platform and from stored items: never a URL
            raise Rejected(
                f"Harbour will not ask Meta for {path[:60]!r} while {doing}: it is not a Graph path"
            )
        url = f"{self.root}/{path}"
        # The token goes in the Authorization header, never in a URL that a proxy or a log may keep.
        query = {**(params or {}), **self._proof()}
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            answer = self._http.request(method, url, params=query, data=data, files=files, headers=headers)
        except httpx.TimeoutException:
            raise PlatformUnavailable(f"Meta did not answer in time while {doing}") from None
        except httpx.HTTPError as error:
            raise PlatformUnavailable(
                f"Meta could not be reached while {doing}: {type(error).__name__}"
            ) from None
        self.usage = usage_from(answer.headers)
        try:
            parsed = answer.json()
        except ValueError:
            parsed = None
        if answer.status_code >= 400 or (isinstance(parsed, dict) and "error" in parsed):
            raise error_for(answer.status_code, parsed, answer.headers, doing)
        if not isinstance(parsed, dict):
            raise PlatformUnavailable(f"Meta answered {doing} with something that is not JSON")
        return parsed

    def get(self, path: str, doing: str, **params) -> dict:
        return self.call("GET", path, doing, params=params)

    def post(self, path: str, doing: str, **data) -> dict:
        return self.call("POST", path, doing, data=data)

    def delete(self, path: str, doing: str, **params) -> dict:
        return self.call("DELETE", path, doing, params=params)

    def page(
        self, path: str, doing: str, *, after: str | None = None, **params
    ) -> tuple[list[dict], str | None]:
        """One page of a list edge: its items and the cursor after the last of them (None when it is the
        last page). Cursor paging as Graph documents it: paging.cursors.after, with paging.next present
        while there is more."""
        if after:
            params["after"] = after
        answer = self.get(path, doing, **params)
        items = [item for item in answer.get("data") or [] if isinstance(item, dict)]
        paging = answer.get("paging") if isinstance(answer.get("paging"), dict) else {}
        cursors = paging.get("cursors") if isinstance(paging.get("cursors"), dict) else {}
        following = cursors.get("after") if paging.get("next") else None
        return items, following if isinstance(following, str) and following else None
