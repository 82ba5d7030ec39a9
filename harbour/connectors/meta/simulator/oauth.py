"""The simulator's sign-in side: Facebook Login's permission dialog and token endpoints, Threads'
authorization window and token endpoints, the Page list, the granted permissions and debug_token
(server.py says what the simulator is and is not). Built from Meta's documented shapes:

- developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow (the dialog at
  /{version}/dialog/oauth with client_id, redirect_uri, state, scope, response_type=code; the redirect
  back with ?code=&state=, or error=access_denied&error_reason=user_denied; GET /{version}/oauth/access_token
  exchanging the code), .../guides/advanced/oidc-token (code_challenge with S256 at the dialog, code_verifier
  at the exchange), .../guides/access-tokens/get-long-lived (grant_type=fb_exchange_token; Page tokens got
  with a long-lived user token do not expire), graph-api/reference/user/permissions, user/accounts
  (Pages with their access_token and instagram_business_account), and debug_token (expires_at 0 for a
  token that does not expire, data_access_expires_at).
- developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions (the
  authorization window at /oauth/authorize; POST /oauth/access_token with grant_type=authorization_code
  answering access_token and user_id) and .../long-lived-tokens (GET /access_token with
  grant_type=th_exchange_token, expires_in about 60 days).

Simulated, not Meta: there is no sign-in screen (the person "signed in to Facebook" is the one seeded with
`sign_in_as`), the dialog offers Allow or Cancel for all the permissions asked at once, and the Threads
app has the same id and secret as the Meta app.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import time
import urllib.parse

from harbour.connectors.meta.simulator.server import VERSION, Answer, GraphError, Request, World, route

CODE_LIFETIME = 600  # seconds a code may wait to be exchanged
SHORT_LIVED = 2 * 3600  # Facebook's short-lived user token; Threads' is one hour
LONG_LIVED = 60 * 86400
DATA_ACCESS = 90 * 86400  # how long the app may read the person's data after they last used it


def sign_in_as(
    world: World,
    user_id: str,
    name: str,
    *,
    pages: list[dict] | None = None,
    declined: tuple[str, ...] = (),
    threads_username: str = "",
) -> None:
    """Who is signed in to Facebook (and Threads) in the browser that opens the dialog. Each page is
    {"id", "name"} and, when an Instagram professional account is linked to it, "instagram": {"id",
    "username"}. Permissions in `declined` are ones the person unticks in the dialog."""
    people = world.table("oauth_people")
    people[user_id] = {
        "name": name,
        "pages": list(pages or []),
        "declined": set(declined),
        "threads_username": threads_username,
    }
    world.table("oauth")["signed_in"] = user_id


def _person(world: World) -> tuple[str, dict]:
    user_id = world.table("oauth").get("signed_in")
    if not user_id:
        raise GraphError(190, "Nobody is signed in to the simulator: seed one with sign_in_as", status=400)
    return user_id, world.table("oauth_people")[user_id]


def _check_app(request: Request, *, secret: bool) -> None:
    if request.param("client_id") != request.world.app_id:
        raise GraphError(101, "Error validating application. Invalid application ID.")
    if secret and request.param("client_secret") != request.world.app_secret:
        raise GraphError(1, "Error validating client secret.", status=400)


def login_configuration(world: World, config_id: str, scopes) -> None:
    """A Facebook Login for Business configuration made in the app dashboard: its permissions."""
    world.table("oauth_configs")[config_id] = sorted(scopes)


def _asked(request: Request) -> set[str]:
    """The permissions the dialog asks for: a configuration's (config_id, Facebook Login for Business),
    which replaces scope, or scope's; an unknown configuration is Meta's error."""
    config_id = request.param("config_id")
    if config_id:
        configured = request.world.table("oauth_configs").get(config_id)
        if configured is None:
            raise GraphError(100, "(#100) Invalid config_id: the configuration does not exist.")
        return set(configured)
    return {s for s in request.param("scope").replace(" ", ",").split(",") if s}


def _dialog(request: Request, action: str, service: str) -> str:
    """The permission page: what the app asks for, with Allow and Cancel (a plain form, no script)."""
    _check_app(request, secret=False)
    redirect_uri = request.param("redirect_uri")
    if not redirect_uri.startswith(("http://", "https://")):
        raise GraphError(191, "The redirect_uri is not a valid address.")
    _, person = _person(request.world)
    scopes = sorted(_asked(request))
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(request.param(name))}">'
        for name in (
            "client_id",
            "redirect_uri",
            "state",
            "scope",
            "config_id",
            "code_challenge",
            "code_challenge_method",
        )
    )
    asked = "".join(f"<li>{html.escape(scope)}</li>" for scope in scopes)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
        f"{service} (simulated)</title></head><body><main><h1>{service} (simulated, not Meta)</h1>"
        f"<p>Signed in as {html.escape(person['name'])}. The app asks for:</p><ul>{asked}</ul>"
        f"<form method='post' action='{action}'>{hidden}"
        "<button type='submit' name='decision' value='allow'>Allow</button> "
        "<button type='submit' name='decision' value='cancel'>Cancel</button></form></main></body></html>"
    )


def _allow(request: Request, kind: str) -> Answer:
    """Allow or Cancel: back to the app with a single-use code, or with Meta's access_denied error."""
    _check_app(request, secret=False)
    redirect_uri = request.param("redirect_uri")
    back = {"state": request.param("state")} if request.param("state") else {}
    if request.param("decision") != "allow":
        back |= {
            "error": "access_denied",
            "error_code": "200",
            "error_description": "Permissions error",
            "error_reason": "user_denied",
        }
    else:
        user_id, person = _person(request.world)
        asked = _asked(request)
        code = secrets.token_urlsafe(24)
        request.world.table("oauth_codes")[code] = {
            "kind": kind,
            "user_id": user_id,
            "redirect_uri": redirect_uri,
            "scopes": sorted(asked - person["declined"]),
            "challenge": request.param("code_challenge"),
            "method": request.param("code_challenge_method") or "plain",
            "expires": time.time() + CODE_LIFETIME,
        }
        back["code"] = code
    separator = "&" if "?" in redirect_uri else "?"
    return Answer(302, "", {"Location": redirect_uri + separator + urllib.parse.urlencode(back)})


def _redeem(request: Request, kind: str) -> dict:
    """The code's grant, once: a code used, expired, for another redirect_uri or failing PKCE is refused."""
    codes = request.world.table("oauth_codes")
    grant = codes.pop(request.param("code"), None)
    if grant is None or grant["kind"] != kind:
        raise GraphError(100, "Invalid verification code format.", subcode=36007)
    if grant["expires"] < time.time():
        raise GraphError(100, "This authorization code has expired.", subcode=36007)
    if grant["redirect_uri"] != request.param("redirect_uri"):
        raise GraphError(
            100, "Error validating verification code. Please make sure your redirect_uri is identical."
        )
    if grant["challenge"]:
        verifier = request.param("code_verifier")
        if grant["method"] == "S256":
            digest = hashlib.sha256(verifier.encode()).digest()
            made = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        else:
            made = verifier
        if not verifier or made != grant["challenge"]:
            raise GraphError(100, "Invalid code verifier.", subcode=36008)
    return grant


def _new_token(world: World, prefix: str, **made) -> str:
    value = f"{prefix}{secrets.token_urlsafe(24)}"
    world.token(value, **made)
    return value


# Facebook Login


@route("GET", VERSION + r"/dialog/oauth")
def facebook_dialog(request: Request) -> str:
    return _dialog(request, request.path.rstrip("/") + "/allow", "Facebook Login")


@route("POST", VERSION + r"/dialog/oauth/allow")
def facebook_allow(request: Request) -> Answer:
    return _allow(request, "facebook")


@route("GET", VERSION + r"/oauth/access_token")
def facebook_token(request: Request) -> dict:
    world = request.world
    _check_app(request, secret=True)
    if request.param("grant_type") == "fb_exchange_token":
        short = world.tokens.get(request.param("fb_exchange_token"))
        if short is None or short.revoked or (short.expires_at and short.expires_at < time.time()):
            raise GraphError(190, "Error validating access token: the token is invalid or has expired.")
        value = _new_token(world, "EAAL", scopes=short.scopes, user_id=short.user_id, lifetime=LONG_LIVED)
        return {"access_token": value, "token_type": "bearer", "expires_in": LONG_LIVED - 56}
    grant = _redeem(request, "facebook")
    value = _new_token(world, "EAAS", scopes=grant["scopes"], user_id=grant["user_id"], lifetime=SHORT_LIVED)
    return {"access_token": value, "token_type": "bearer", "expires_in": SHORT_LIVED}


@route("GET", VERSION + r"/me/permissions")
def permissions(request: Request) -> dict:
    token = request.caller()
    person = request.world.table("oauth_people").get(token.user_id, {"declined": set()})
    rows = [{"permission": scope, "status": "granted"} for scope in sorted(token.scopes)]
    rows += [{"permission": scope, "status": "declined"} for scope in sorted(person["declined"])]
    return {"data": rows}


@route("GET", VERSION + r"/me/accounts")
def accounts(request: Request) -> dict:
    """The Pages the person manages, each with a Page token made from their user token: a Page token made
    from a long-lived user token does not expire (only its data access does, after 90 days)."""
    token = request.caller("pages_show_list")
    world = request.world
    person = world.table("oauth_people").get(token.user_id)
    if person is None:
        return {"data": []}
    long_lived = token.expires_at is None or token.expires_at - time.time() > SHORT_LIVED
    page_tokens = world.table("oauth_page_tokens")
    rows = []
    for page in person["pages"]:
        key = (token.value, page["id"])
        if key not in page_tokens:
            page_tokens[key] = _new_token(
                world,
                "EAAP",
                scopes=token.scopes,
                user_id=page["id"],
                kind="page",
                lifetime=None if long_lived else SHORT_LIVED,
            )
        row = {
            "id": page["id"],
            "name": page["name"],
            "access_token": page_tokens[key],
            "category": "Youth group",
        }
        row["tasks"] = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"]
        if page.get("instagram"):
            row["instagram_business_account"] = dict(page["instagram"])
        rows.append(row)
    return {"data": rows}


@route("POST", VERSION + r"/(?P<id>\d+)/subscribed_apps")
def subscribe_page(request: Request) -> dict:
    """The Page subscribed to the app's webhooks for subscribed_fields: a Page token for that Page, with
    pages_manage_metadata."""
    token = request.caller("pages_manage_metadata")
    page_id = request.match["id"]
    if token.kind != "page" or token.user_id != page_id:
        raise GraphError(210, "(#210) A page access token is required to request this resource.")
    fields = [f for f in request.param("subscribed_fields").split(",") if f]
    if not fields:
        raise GraphError(100, "(#100) The parameter subscribed_fields is required.")
    request.world.table("page_subscriptions")[page_id] = fields
    return {"success": True}


@route("GET", VERSION + r"/debug_token")
def debug_token(request: Request) -> dict:
    """What a token is: called with the app's token (app id|app secret)."""
    world = request.world
    header = request.headers.get("authorization", "")
    caller = header[7:] if header.lower().startswith("bearer ") else request.param("access_token")
    if caller != f"{world.app_id}|{world.app_secret}":
        raise GraphError(190, "Invalid OAuth access token - Cannot parse access token", status=400)
    token = world.tokens.get(request.param("input_token"))
    if token is None:
        return {"data": {"is_valid": False, "error": {"code": 190, "message": "Invalid OAuth access token."}}}
    valid = not token.revoked and not (token.expires_at and token.expires_at < time.time())
    return {
        "data": {
            "app_id": world.app_id,
            "type": "PAGE" if token.kind == "page" else "USER",
            "is_valid": valid,
            "expires_at": int(token.expires_at or 0),
            "data_access_expires_at": int(time.time() + DATA_ACCESS),
            "scopes": sorted(token.scopes),
            ("profile_id" if token.kind == "page" else "user_id"): token.user_id,
        }
    }


# Threads


@route("GET", r"/oauth/authorize")
def threads_window(request: Request) -> str:
    return _dialog(request, "/oauth/authorize/allow", "Threads")


@route("POST", r"/oauth/authorize/allow")
def threads_allow(request: Request) -> Answer:
    return _allow(request, "threads")


@route("POST", r"/oauth/access_token")
def threads_token(request: Request) -> dict:
    _check_app(request, secret=True)
    if request.param("grant_type") != "authorization_code":
        raise GraphError(100, "Unsupported grant_type.")
    grant = _redeem(request, "threads")
    value = _new_token(
        request.world, "THS", scopes=grant["scopes"], user_id=grant["user_id"], kind="threads", lifetime=3600
    )
    return {"access_token": value, "user_id": int(grant["user_id"])}


@route("GET", r"/access_token")
def threads_long_lived(request: Request) -> dict:
    world = request.world
    if (
        request.param("grant_type") != "th_exchange_token"
        or request.param("client_secret") != world.app_secret
    ):
        raise GraphError(100, "Invalid grant_type or client_secret.")
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else request.param("access_token")
    short = world.tokens.get(given)
    if short is None or short.revoked or (short.expires_at and short.expires_at < time.time()):
        raise GraphError(190, "Error validating access token: the token is invalid or has expired.")
    value = _new_token(
        world, "THL", scopes=short.scopes, user_id=short.user_id, kind="threads", lifetime=LONG_LIVED
    )
    return {"access_token": value, "token_type": "bearer", "expires_in": LONG_LIVED - 56}


@route("POST", r"/_sim/oauth/sign-in")
def sim_sign_in(request: Request) -> dict:
    """sign_in_as over HTTP, for the demo: user_id, name, pages (JSON: [{"id", "name", "instagram"}]),
    declined (comma separated), threads_username."""
    try:
        pages = json.loads(request.param("pages") or "[]")
    except ValueError:
        raise GraphError(100, "(#100) pages must be JSON") from None
    sign_in_as(
        request.world,
        request.param("user_id"),
        request.param("name"),
        pages=pages if isinstance(pages, list) else [],
        declined=tuple(s for s in request.param("declined").split(",") if s),
        threads_username=request.param("threads_username"),
    )
    return {"signed_in": request.param("user_id")}


@route("GET", r"/refresh_access_token")
def threads_refresh(request: Request) -> dict:
    """A long-lived Threads token renewed: a new one for 60 days with the same permissions."""
    world = request.world
    if request.param("grant_type") != "th_refresh_token":
        raise GraphError(100, "Invalid grant_type.")
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else request.param("access_token")
    old = world.tokens.get(given)
    if (
        old is None
        or old.revoked
        or (old.expires_at and old.expires_at < time.time())
        or old.kind != "threads"
    ):
        raise GraphError(190, "Error validating access token: the token is invalid or has expired.")
    value = _new_token(
        world, "THR", scopes=old.scopes, user_id=old.user_id, kind="threads", lifetime=LONG_LIVED
    )
    return {"access_token": value, "token_type": "bearer", "expires_in": LONG_LIVED - 56}
