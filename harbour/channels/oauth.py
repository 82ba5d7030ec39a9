"""Connecting a channel to an account on one of Meta's platforms (docs/connectors.md, "Connecting a Meta
account"): the OAuth 2 steps against Meta, with no database and no Django request in them. The views
(oauth_views.py) keep the state in the session; meta_services.py stores what comes back.

Facebook Login for Business (Instagram accounts and Facebook Pages): the dialog with `state` and PKCE
(code_challenge, S256: Meta documents PKCE for manually built Facebook Login flows), the code exchanged
for a short-lived user token, that exchanged for a long-lived one (fb_exchange_token), then the Pages the
person manages (GET /me/accounts with each Page's token and its linked Instagram account), the granted
permissions (GET /me/permissions) and when the chosen Page token and its data access expire
(GET /debug_token with the app's token). Threads' own OAuth: the authorization window with `state` (Threads
documents no PKCE), POST /oauth/access_token, then a long-lived token (th_exchange_token, 60 days).

Authlib's OAuth2Session makes the authorization address (state, code_challenge) and exchanges the code;
the rest are plain Graph calls through harbour/connectors/meta/graph.py, so a Graph error here is the same
connector error a poll would raise (190: reconnect; a missing permission named).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from requests import RequestException

from harbour.channels import meta_services
from harbour.channels.credentials import secret_for
from harbour.channels.meta_models import WARN_DAYS, permission_rows
from harbour.connectors.base import DEFAULT_TIMEOUT, ConnectorError, PlatformUnavailable, Rejected
from harbour.connectors.meta.graph import GRAPH_VERSION, THREADS_VERSION, Graph
from harbour.connectors.registry import MetaLogin, meta_login
from harbour.lib.crypto import DecryptionError

log = logging.getLogger(__name__)

FACEBOOK_LOGIN = "facebook_login"  # the Meta app's Facebook Login for Business: Instagram and Pages
THREADS_LOGIN = "threads_login"  # the same app's Threads use case, with an id and secret of its own


@dataclass(frozen=True)
class MetaApp:
    """One of the organisation's Meta apps, as settings give it."""

    name: str  # FACEBOOK_LOGIN or THREADS_LOGIN
    app_id: str
    app_secret: str
    dialog_url: str
    graph_url: str
    version: str
    config_id: str = ""  # Facebook Login for Business's configuration, where one is set

    @property
    def configured(self) -> bool:
        return bool(self.app_id and self.app_secret)

    @property
    def settings_names(self) -> tuple[str, str]:
        prefix = "HARBOUR_THREADS" if self.name == THREADS_LOGIN else "HARBOUR_META"
        return f"{prefix}_APP_ID", f"{prefix}_APP_SECRET"

    @property
    def service(self) -> str:
        """Where the manager signs in, in words."""
        return "Threads" if self.name == THREADS_LOGIN else "Facebook"

    @property
    def authorize_url(self) -> str:
        if self.name == THREADS_LOGIN:
            return f"{self.dialog_url.rstrip('/')}/oauth/authorize"
        return f"{self.dialog_url.rstrip('/')}/{self.version}/dialog/oauth"

    @property
    def token_url(self) -> str:
        if self.name == THREADS_LOGIN:
            return f"{self.graph_url.rstrip('/')}/oauth/access_token"
        return f"{self.graph_url.rstrip('/')}/{self.version}/oauth/access_token"

    @property
    def pkce(self) -> bool:
        return self.name != THREADS_LOGIN

    def graph(self, token: str) -> Graph:
        return Graph(self.graph_url, token, version=self.version, app_secret=self.app_secret)


def app_named(name: str) -> MetaApp:
    if name == THREADS_LOGIN:
        return MetaApp(
            THREADS_LOGIN,
            settings.HARBOUR_THREADS_APP_ID,
            settings.HARBOUR_THREADS_APP_SECRET,
            settings.HARBOUR_THREADS_DIALOG_URL,
            settings.HARBOUR_THREADS_GRAPH_URL,
            THREADS_VERSION,
        )
    return MetaApp(
        FACEBOOK_LOGIN,
        settings.HARBOUR_META_APP_ID,
        settings.HARBOUR_META_APP_SECRET,
        settings.HARBOUR_META_DIALOG_URL,
        settings.HARBOUR_META_GRAPH_URL,
        GRAPH_VERSION,
        settings.HARBOUR_META_LOGIN_CONFIG_ID,
    )


def login_for(platform: str) -> tuple[MetaLogin, MetaApp] | None:
    """How a channel on this platform connects, and its app; None for a platform that is not Meta's."""
    login = meta_login(platform)
    return (login, app_named(login.app)) if login else None


def meta_connection_summary(channel) -> dict | None:
    """For the channel page: None for a platform that is not Meta's; else whether the app is set up and
    the connection as it stands (None before the first)."""
    found = login_for(channel.platform)
    if found is None:
        return None
    return {"configured": found[1].configured, "connection": getattr(channel, "meta_connection", None)}


@dataclass(frozen=True)
class Started:
    url: str  # where to send the manager's browser
    state: str
    verifier: str  # the PKCE code verifier ("" where the platform takes none)


def start(app: MetaApp, login: MetaLogin, redirect_uri: str) -> Started:
    """The dialog's address with a fresh state (and PKCE challenge), for one sign-in."""
    verifier = generate_token(64) if app.pkce else ""
    session = OAuth2Session(
        app.app_id,
        redirect_uri=redirect_uri,
        scope=",".join(login.scopes),
        code_challenge_method="S256" if app.pkce else None,
    )
    extra = {"config_id": app.config_id} if app.config_id else {}
    url, state = session.create_authorization_url(
        app.authorize_url, state=generate_token(32), code_verifier=verifier or None, **extra
    )
    return Started(url, state, verifier)


@dataclass(frozen=True)
class UserToken:
    value: str
    expires_in: int | None  # seconds, where Meta said
    user_id: str = ""  # Threads names the account in its answer


def _token(answer: dict, doing: str) -> UserToken:
    value = answer.get("access_token")
    if not isinstance(value, str) or not value:
        raise Rejected(f"Meta answered {doing} without a token")
    expires = answer.get("expires_in")
    user = answer.get("user_id")
    return UserToken(value, int(expires) if isinstance(expires, int | float) else None, str(user or ""))


def exchange(app: MetaApp, code: str, verifier: str, redirect_uri: str) -> UserToken:
    """The code from the dialog, exchanged for a long-lived user token."""
    doing = "exchanging the sign-in code for a token"
    session = OAuth2Session(
        app.app_id,
        app.app_secret,
        redirect_uri=redirect_uri,
        token_endpoint_auth_method="client_secret_post",
    )
    try:
        answer = session.fetch_token(
            app.token_url,
            code=code,
            grant_type="authorization_code",
            code_verifier=verifier or None,
            method="POST" if app.name == THREADS_LOGIN else "GET",
            timeout=DEFAULT_TIMEOUT,
        )
    except OAuthError as error:
        raise Rejected(f"Meta refused {doing}: {error.description or error.error}") from None
    except RequestException as error:
        raise PlatformUnavailable(
            f"Meta could not be reached while {doing}: {type(error).__name__}"
        ) from None
    except ValueError:
        raise PlatformUnavailable(f"Meta answered {doing} with something that is not a token") from None
    short = _token(dict(answer), doing)
    return long_lived(app, short)


def long_lived(app: MetaApp, short: UserToken) -> UserToken:
    doing = "exchanging the sign-in for a long-lived token"
    with app.graph(short.value) as graph:
        if app.name == THREADS_LOGIN:
            # GET graph.threads.net/access_token (no version): the Graph client adds one, so call it plainly.
            answer = _unversioned(
                app,
                graph,
                "access_token",
                doing,
                grant_type="th_exchange_token",
                client_secret=app.app_secret,
            )
        else:
            answer = graph.get(
                "oauth/access_token",
                doing,
                grant_type="fb_exchange_token",
                client_id=app.app_id,
                client_secret=app.app_secret,
                fb_exchange_token=short.value,
            )
    made = _token(answer, doing)
    return UserToken(made.value, made.expires_in, short.user_id)


def _unversioned(app: MetaApp, graph: Graph, path: str, doing: str, **params) -> dict:
    """A call to Threads' host without a version in the path (its token exchange lives there). The
    token still travels in the Authorization header."""
    graph.root = app.graph_url.rstrip("/")
    return graph.get(path, doing, **params)


def refresh_threads(app: MetaApp, token: str) -> UserToken:
    """A Threads long-lived token renewed for another 60 days (GET /refresh_access_token with
    grant_type=th_refresh_token), which Threads allows once it is a day old and until it expires."""
    doing = "renewing the Threads token"
    with app.graph(token) as graph:
        return _token(
            _unversioned(app, graph, "refresh_access_token", doing, grant_type="th_refresh_token"), doing
        )


def permissions(app: MetaApp, token: str, login: MetaLogin) -> tuple[list[str], list[str]]:
    """(granted, declined). Threads lists no permissions: its are the ones asked for (the window grants
    them together), which the page says."""
    if app.name == THREADS_LOGIN:
        return list(login.scopes), []
    with app.graph(token) as graph:
        answer = graph.get("me/permissions", "reading the permissions granted")
    granted, declined = [], []
    for row in answer.get("data") or []:
        if isinstance(row, dict) and isinstance(row.get("permission"), str):
            (granted if row.get("status") == "granted" else declined).append(row["permission"])
    return granted, declined


@dataclass(frozen=True)
class Choice:
    """An account the manager may connect the channel to."""

    account_id: str  # the Instagram account's, the Page's or the Threads user's id
    name: str  # shown: "@username on the Page Name", the Page's name
    page_id: str = ""
    page_token: str = ""  # kept in memory only: stored once chosen, encrypted


def choices(app: MetaApp, token: str, login: MetaLogin) -> list[Choice]:
    """The Pages (or the Instagram accounts linked to them) the person manages, from GET /me/accounts."""
    fields = "id,name,access_token,instagram_business_account{id,username}"
    found: list[Choice] = []
    after = None
    with app.graph(token) as graph:
        for _ in range(10):  # 250 Pages at most: more than any youth organisation manages
            rows, after = graph.page(
                "me/accounts", "listing the Pages you manage", after=after, fields=fields
            )
            for row in rows:
                page_id, page_token = str(row.get("id") or ""), str(row.get("access_token") or "")
                if not page_id.isdigit() or not page_token:
                    continue
                page_name = str(row.get("name") or page_id)[:150]
                linked = row.get("instagram_business_account")
                if login.picks == "linked_account":
                    if isinstance(linked, dict) and str(linked.get("id") or "").isdigit():
                        username = str(linked.get("username") or linked["id"])[:100]
                        found.append(
                            Choice(str(linked["id"]), f"@{username} (Page: {page_name})", page_id, page_token)
                        )
                else:
                    found.append(Choice(page_id, page_name, "", page_token))
            if after is None:
                break
    return found


def subscribe_page(app: MetaApp, page_id: str, page_token: str, fields: tuple[str, ...]) -> None:
    """Subscribe the Page to the app's webhooks for these fields (POST /{page-id}/subscribed_apps, with the
    Page's token and pages_manage_metadata): without it Meta sends none of the Page's webhooks."""
    with app.graph(page_token) as graph:
        graph.post(
            f"{page_id}/subscribed_apps",
            "subscribing the Page to Harbour's webhooks",
            subscribed_fields=",".join(fields),
        )


@dataclass(frozen=True)
class Expiry:
    expires_at: datetime | None  # None: the token does not expire
    data_access_expires_at: datetime | None


def _when(seconds) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if isinstance(seconds, int | float) and seconds > 0 else None


def expiry(app: MetaApp, token: UserToken | str) -> Expiry:
    """When a token stops working. Threads: from expires_in. Pages: debug_token with the app's token
    (expires_at 0 is a Page token that does not expire; its data access still does)."""
    if isinstance(token, UserToken):
        expires = time.time() + token.expires_in if token.expires_in else None
        return Expiry(_when(expires), None)
    with Graph(app.graph_url, f"{app.app_id}|{app.app_secret}", version=app.version, app_secret="") as graph:
        answer = graph.get("debug_token", "checking when the token expires", input_token=token)
    data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
    if data.get("is_valid") is False:
        raise Rejected("Meta says the Page's token is not valid: connect again")
    return Expiry(_when(data.get("expires_at")), _when(data.get("data_access_expires_at")))


def renew_if_due(connection) -> bool:
    """Renew a Threads channel's token when it expires within WARN_DAYS; True when renewed. A refusal
    leaves it as it is: the reminder then asks a manager to connect again."""
    found = login_for(connection.channel.platform)
    if found is None or found[1].name != THREADS_LOGIN or connection.expires_at is None:
        return False
    if connection.expires_at - datetime.now(UTC) > timedelta(days=WARN_DAYS):
        return False
    try:
        token = secret_for(connection.channel, "access_token")
        renewed = refresh_threads(found[1], token or "")
    except (ConnectorError, DecryptionError) as error:
        log.info("Channel %s: the Threads token was not renewed: %s", connection.channel_id, error)
        return False
    meta_services.renew_meta_token(connection, renewed.value, expiry(found[1], renewed).expires_at)
    return True


__all__ = [
    "Choice",
    "ConnectorError",
    "Expiry",
    "MetaApp",
    "Started",
    "UserToken",
    "app_named",
    "choices",
    "exchange",
    "expiry",
    "login_for",
    "permission_rows",
    "permissions",
    "start",
]
