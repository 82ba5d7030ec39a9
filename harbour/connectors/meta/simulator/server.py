"""A local simulator of the parts of Meta's Graph API that Harbour uses (Instagram, Facebook Pages, Threads,
their OAuth dialogs and webhooks), built from Meta's documented request and answer shapes. It is NOT
Meta: nothing here has been checked against Meta's servers, which tests cannot reach (docs/connectors.md,
"What is simulated").

One process serves every host: the connectors' base URLs (Channel.config "graph_url") point here. Its
state lives in memory (`World`); tests and the demo drive it through the admin endpoints under /_sim/
(add a comment as a member of the public, make a token expire, make the next call fail with an error
code, report usage near a limit), and it sends signed webhook deliveries to the subscribed callback.

Each platform module (instagram.py, facebook.py, threads.py, oauth.py) registers its routes with
`route`; this module holds what they share: the state, the router, the token and permission check,
Graph's error object, cursor paging, the usage headers and the webhook sender.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from harbour.connectors.meta.webhooks import sign

log = logging.getLogger(__name__)

APP_ID = "1234567890"  # the simulated app's id and secret, unless the test or the demo sets its own
APP_SECRET = "simulated-app-secret-not-for-production"


class GraphError(Exception):
    """Answered as Graph's error object: {"error": {"message", "type", "code", "error_subcode",
    "fbtrace_id"}} with the HTTP status Graph uses for it."""

    def __init__(
        self, code: int, message: str, *, status: int = 400, subcode: int = 0, kind: str = "OAuthException"
    ):
        super().__init__(message)
        self.code, self.message, self.status, self.subcode, self.kind = code, message, status, subcode, kind

    def body(self) -> dict:
        error = {"message": self.message, "type": self.kind, "code": self.code, "fbtrace_id": "SIMULATED"}
        if self.subcode:
            error["error_subcode"] = self.subcode
        return {"error": error}


def expired() -> GraphError:
    return GraphError(
        190,
        "Error validating access token: The session has been invalidated because the user changed "
        "their password or Facebook has changed the session for security reasons.",
        status=401,
        subcode=460,
    )


def needs(permission: str) -> GraphError:
    return GraphError(200, f"(#200) Requires {permission} permission to manage the object", status=403)


def not_found(what: str) -> GraphError:
    return GraphError(
        100,
        f"Unsupported get request. Object with ID '{what}' does not exist, cannot be loaded due to "
        "missing permissions, or does not support this operation",
        subcode=33,
        kind="GraphMethodException",
    )


class NotMine(Exception):
    """Raised by a handler whose pattern matched an object it does not hold (Facebook's and Instagram's
    GET /{id} share a pattern): the router tries the next route, and answers not found when none claims it."""


@dataclass
class Token:
    value: str
    user_id: str  # whose token: a Facebook user, a Page (page tokens), or a Threads user
    scopes: frozenset[str]
    expires_at: float | None = None  # None: a long-lived Page token that does not expire
    revoked: bool = False
    kind: str = "user"  # user, page, threads


@dataclass
class World:
    """Everything the simulator knows. Each platform module keeps its own tables in `tables`."""

    app_id: str = APP_ID
    app_secret: str = APP_SECRET
    tokens: dict[str, Token] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # field -> (callback URL, verify token), as the app dashboard's webhook subscriptions hold them
    subscriptions: dict[str, tuple[str, str]] = field(default_factory=dict)
    failures: list[tuple[re.Pattern, GraphError]] = field(default_factory=list)  # next call matching fails
    usage_percent: int = 5
    deliveries: list[dict] = field(default_factory=list)  # sent webhook deliveries, for tests to read
    lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: Any = field(default_factory=lambda: itertools.count(17841400000000001))

    def table(self, name: str) -> dict[str, Any]:
        return self.tables.setdefault(name, {})

    def new_id(self) -> str:
        return str(next(self._ids))

    def token(
        self, value: str, *, scopes=(), user_id: str, kind: str = "user", lifetime: float | None = None
    ) -> Token:
        made = Token(
            value, user_id, frozenset(scopes), time.time() + lifetime if lifetime else None, kind=kind
        )
        self.tokens[value] = made
        return made


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]
    body: bytes
    match: re.Match
    world: World

    def param(self, name: str, default: str = "") -> str:
        return self.form.get(name, self.query.get(name, default))

    def caller(self, *permissions: str) -> Token:
        """The token that made the call (Authorization: Bearer, or access_token), checked: unknown,
        revoked or expired is error 190; each permission must have been granted (error 200)."""
        header = self.headers.get("authorization", "")
        value = header[7:] if header.lower().startswith("bearer ") else self.param("access_token")
        token = self.world.tokens.get(value)
        if token is None or token.revoked or (token.expires_at and token.expires_at < time.time()):
            raise expired()
        for permission in permissions:
            if permission not in token.scopes:
                raise needs(permission)
        return token


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict (JSON) or str (HTML)
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Any]
ROUTES: list[tuple[str, re.Pattern, Handler]] = []


def route(method: str, pattern: str):
    """Register a handler for METHOD and a path pattern (named groups become match groups). Versions are
    part of the pattern: r"/v\\d+\\.\\d+/(?P<id>\\d+)/comments"."""

    def register(handler: Handler) -> Handler:
        ROUTES.append((method, re.compile(pattern + r"/?"), handler))
        return handler

    return register


# Facebook's and Instagram's Graph versions. Threads' host serves v1.0 (THREADS_VERSION), which Facebook's
# Graph has not served for years: one process answers every host, so a Facebook or Instagram route never
# takes a Threads call (GET /v1.0/{id}) and Threads' routes use THREADS.
VERSION = r"/v(?!1\.0/)\d+\.\d+"
THREADS = r"/v1\.0"


def absolute(request: Request, path: str, query: dict | None = None) -> str:
    """An address on this simulator as Graph writes paging.next: absolute (scheme, host, version, path), with
    every parameter of the request but the token."""
    host = request.headers.get("host", "")
    query = {k: v for k, v in (query or {}).items() if k != "access_token"}
    address = f"http://{host}{path}" if host else path
    return f"{address}?{urllib.parse.urlencode(query)}" if query else address


def paged(request: Request, rows: list[dict], *, default_limit: int = 25) -> dict:
    """Graph's cursor paging over `rows` (already in the order the edge lists them): {"data": [...],
    "paging": {"cursors": {"before", "after"}, "next"}}, "next" only while more follow."""
    try:
        limit = max(1, min(int(request.param("limit", str(default_limit))), 100))
    except ValueError:
        raise GraphError(100, "(#100) Param limit must be a number") from None
    start = 0
    after = request.param("after")
    if after:
        try:
            start = int(after.removeprefix("c")) + 1
        except ValueError:
            raise GraphError(100, "(#100) Invalid cursor") from None
    chunk = rows[start : start + limit]
    answer: dict = {"data": chunk}
    if chunk:
        answer["paging"] = {"cursors": {"before": f"c{start}", "after": f"c{start + len(chunk) - 1}"}}
        if start + len(chunk) < len(rows):
            query = {**request.query, "after": f"c{start + len(chunk) - 1}"}
            answer["paging"]["next"] = absolute(request, request.path, query)
    return answer


def deliver(
    world: World, object_kind: str, account_id: str, field_name: str, value: dict, *, messaging: bool = False
) -> bool:
    """Send a signed webhook delivery for one change to the app's subscription for `field_name`, as Meta
    does; False when nobody subscribed or the callback did not answer 200."""
    subscribed = world.subscriptions.get(field_name)
    if not subscribed:
        return False
    entry: dict = {"id": account_id, "time": int(time.time())}
    if messaging:
        entry["messaging"] = [value]
    else:
        entry["changes"] = [{"field": field_name, "value": value}]
    body = json.dumps({"object": object_kind, "entry": [entry]}).encode()
    world.deliveries.append({"field": field_name, "body": body})
    request = urllib.request.Request(
        subscribed[0],
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, world.app_secret)},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except OSError as error:
        log.info("simulator: webhook to %s failed: %s", subscribed[0], error)
        return False


class _Handler(BaseHTTPRequestHandler):
    world: World  # set on the subclass the server makes

    def log_message(self, format, *args):
        log.debug("simulator: " + format, *args)

    def _serve(self, method: str) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        form = {}
        if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif "application/json" in (self.headers.get("Content-Type") or "") and body:
            try:
                loaded = json.loads(body)
                form = (
                    {k: v if isinstance(v, str) else json.dumps(v) for k, v in loaded.items()}
                    if isinstance(loaded, dict)
                    else {}
                )
            except ValueError:
                form = {}
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self._answer(method, parsed.path, query, form, headers, body)
        payload = answer.body
        if isinstance(payload, str):
            data, kind = payload.encode(), "text/html; charset=utf-8"
        else:
            data, kind = (
                json.dumps(payload if payload is not None else {"success": True}).encode(),
                "application/json",
            )
        self.send_response(answer.status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header(
            "X-App-Usage",
            json.dumps({"call_count": self.world.usage_percent, "total_time": 1, "total_cputime": 1}),
        )
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, method, path, query, form, headers, body) -> Answer:
        world = self.world
        with world.lock:
            for pattern, failure in list(world.failures):
                if pattern.search(path):
                    world.failures.remove((pattern, failure))
                    return Answer(failure.status, failure.body())
            for route_method, pattern, handler in ROUTES:
                match = pattern.fullmatch(path)
                if route_method == method and match:
                    request = Request(method, path, query, form, headers, body, match, world)
                    try:
                        result = handler(request)
                    except NotMine:
                        continue
                    except GraphError as error:
                        return Answer(error.status, error.body())
                    return result if isinstance(result, Answer) else Answer(200, result)
        return Answer(404, not_found(path.rsplit("/", 1)[-1]).body())

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")


class Simulator:
    """The simulator on 127.0.0.1 in a thread: `url` is every host's base URL."""

    def __init__(self, world: World | None = None, port: int = 0):
        self.world = world or World()
        handler = type("Handler", (_Handler,), {"world": self.world})
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="graph-simulator")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
