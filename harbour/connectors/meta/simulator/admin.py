"""The simulator's own endpoints under /_sim/, for tests and the demo to drive it (Meta has nothing like
them): tokens made, revoked or expired; the next matching call made to fail with a Graph error; usage
reported near a limit; webhook subscriptions (with Meta's verification handshake to the callback); the
deliveries sent. Each platform module adds its own (a comment or a message from a member of the public).
"""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request

from harbour.connectors.meta.simulator.server import Answer, GraphError, Request, route


@route("POST", r"/_sim/tokens")
def make_token(request: Request) -> dict:
    """token, user_id, scopes (comma separated), kind (user, page, threads), lifetime (seconds; none: never
    expires)."""
    lifetime = request.param("lifetime")
    token = request.world.token(
        request.param("token"),
        scopes=[s for s in request.param("scopes").split(",") if s],
        user_id=request.param("user_id"),
        kind=request.param("kind", "user"),
        lifetime=float(lifetime) if lifetime else None,
    )
    return {"token": token.value}


@route("POST", r"/_sim/revoke")
def revoke(request: Request) -> dict:
    """The person removed the app, or changed their password: every call with the token is error 190."""
    token = request.world.tokens.get(request.param("token"))
    if token is None:
        return Answer(404, {"error": "no such token"})
    token.revoked = True
    return {"revoked": True}


@route("POST", r"/_sim/expire")
def expire(request: Request) -> dict:
    token = request.world.tokens.get(request.param("token"))
    if token is None:
        return Answer(404, {"error": "no such token"})
    token.expires_at = time.time() - 1
    return {"expired": True}


@route("POST", r"/_sim/fail")
def fail_next(request: Request) -> dict:
    """The next call whose path matches `path` (a regular expression) answers this Graph error: code,
    subcode, status, message."""
    error = GraphError(
        int(request.param("code", "1")),
        request.param("message", "An unknown error occurred"),
        status=int(request.param("status", "400")),
        subcode=int(request.param("subcode", "0")),
    )
    request.world.failures.append((re.compile(request.param("path", ".")), error))
    return {"queued": True}


@route("POST", r"/_sim/usage")
def usage(request: Request) -> dict:
    """X-App-Usage's call_count from now on (percent of the app's limit)."""
    request.world.usage_percent = int(request.param("percent", "5"))
    return {"percent": request.world.usage_percent}


@route("POST", r"/_sim/subscribe")
def subscribe(request: Request) -> dict:
    """The app dashboard's "subscribe to this field": Meta first sends GET callback?hub.mode=subscribe&
    hub.verify_token=...&hub.challenge=..., and subscribes only if the answer is the challenge."""
    callback, verify_token, field_name = (
        request.param("callback"),
        request.param("verify_token"),
        request.param("field"),
    )
    challenge = "sim-challenge-1158201444"
    query = urllib.parse.urlencode(
        {"hub.mode": "subscribe", "hub.verify_token": verify_token, "hub.challenge": challenge}
    )
    try:
        with urllib.request.urlopen(f"{callback}?{query}", timeout=10) as answer:
            echoed = answer.read().decode()
    except OSError as error:
        return Answer(
            400, {"error": {"message": f"The callback could not be verified: {error}", "code": 2200}}
        )
    if echoed != challenge:
        return Answer(400, {"error": {"message": "The callback did not echo the challenge", "code": 2201}})
    request.world.subscriptions[field_name] = (callback, verify_token)
    return {"success": True}


@route("GET", r"/_sim/deliveries")
def deliveries(request: Request) -> dict:
    return {"data": [{"field": d["field"], "body": d["body"].decode()} for d in request.world.deliveries]}
