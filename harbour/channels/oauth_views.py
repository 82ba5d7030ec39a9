"""Connecting a channel to a Meta account from its page (managers only): the connect page, the start of
the sign-in, Meta's callback and picking the Page or Instagram account (docs/connectors.md, "Connecting
a Meta account").

The sign-in's `state` is kept in the session, bound to the person, the organisation and the channel, and
used once: a callback with a state that is wrong, reused, too old or another person's, or for another
organisation's channel, stores nothing and is audited (channel.meta_connect_refused)."""

import time

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.channels import meta_services, oauth
from harbour.channels.credentials import vault
from harbour.channels.models import Channel
from harbour.connectors.base import ConnectorError
from harbour.connectors.registry import get_connector
from harbour.forms import GovukForm
from harbour.lib.bidi import isolate
from harbour.lib.crypto import DecryptionError

SIGN_INS = "meta_oauth"  # session: state -> the sign-in it was made for
PICKING = "meta_pick"  # session: the long-lived user token (encrypted) while the manager picks an account
SIGN_IN_SECONDS = 15 * 60
SIGN_INS_KEPT = 5


def _channel(request, pk) -> Channel:
    return get_object_for_org(Channel.objects.select_related("organisation"), request, pk=pk)


def _login(channel: Channel):
    found = oauth.login_for(channel.platform)
    if found is None:
        raise Http404("This channel is not on one of Meta's platforms.")
    return found


def _callback_uri(request) -> str:
    return request.build_absolute_uri(reverse("channels:meta_callback"))


@member_required(Capability.MANAGE_CHANNELS)
def meta_connect(request, pk):
    """What connecting asks Meta for and why, the connection as it stands, and the button."""
    channel = _channel(request, pk)
    login, app = _login(channel)
    connection = getattr(channel, "meta_connection", None)
    return render(
        request,
        "channels/meta_connect.html",
        {
            "channel": channel,
            "app": app,
            "login": login,
            "asked": oauth.permission_rows(login.scopes),
            "connection": connection,
            "callback_uri": _callback_uri(request),
        },
    )


@member_required(Capability.MANAGE_CHANNELS)
def meta_start(request, pk):
    """Send the manager to Meta's dialog with a fresh state (a link, not a form: a form's redirect to
    another site is blocked by the Content Security Policy's form-action)."""
    channel = _channel(request, pk)
    login, app = _login(channel)
    if not app.configured:
        messages.error(request, "Connecting needs the organisation's Meta app: see below.")
        return redirect("channels:meta_connect", pk=channel.pk)
    if not channel.is_editable:
        messages.error(request, "A retired channel cannot be connected.")
        return redirect("channels:detail", pk=channel.pk)
    started = oauth.start(app, login, _callback_uri(request))
    now = time.time()
    kept = {
        state: held
        for state, held in (request.session.get(SIGN_INS) or {}).items()
        if now - held.get("at", 0) < SIGN_IN_SECONDS
    }
    kept = dict(sorted(kept.items(), key=lambda pair: pair[1]["at"])[-(SIGN_INS_KEPT - 1) :])
    kept[started.state] = {
        "channel": channel.pk,
        "organisation": request.organisation.pk,
        "membership": request.membership.pk,
        "verifier": started.verifier,
        "at": now,
    }
    request.session[SIGN_INS] = kept
    return redirect(started.url)


def _refuse(request, reason: str, channel: Channel | None = None):
    meta_services.refuse_meta_callback(
        organisation=request.organisation, user=request.user, channel=channel, reason=reason, request=request
    )


@sensitive_variables("token")
@member_required(Capability.MANAGE_CHANNELS)
def meta_callback(request):
    """Meta sends the manager back here with ?code=&state= (or ?error=... when they cancelled)."""
    state = request.GET.get("state", "")
    sign_ins = dict(request.session.get(SIGN_INS) or {})
    held = sign_ins.pop(state, None) if state else None
    request.session[SIGN_INS] = sign_ins  # a state is used once, whatever follows
    if held is None:
        _refuse(request, "unknown_state")
        raise PermissionDenied(
            "This answer from Meta does not match a sign-in started here (it may have been used already). "
            "Start again from the channel's page."
        )
    if held.get("membership") != request.membership.pk or held.get("organisation") != request.organisation.pk:
        _refuse(request, "other_person")
        raise PermissionDenied(
            "This sign-in was started by someone else. Start again from the channel's page."
        )
    channel = Channel.objects.filter(pk=held["channel"], organisation=request.organisation).first()
    if channel is None:
        _refuse(request, "other_organisation")
        raise Http404("No such channel in your organisation.")
    if time.time() - held["at"] > SIGN_IN_SECONDS:
        _refuse(request, "expired_state", channel)
        messages.error(request, "The sign-in with Meta took too long. Start again.")
        return redirect("channels:meta_connect", pk=channel.pk)
    login, app = _login(channel)
    if request.GET.get("error"):
        messages.error(request, "Nothing was connected: the sign-in with Meta was cancelled or refused.")
        return redirect("channels:meta_connect", pk=channel.pk)
    code = request.GET.get("code", "")
    if not code or len(code) > 2000:
        _refuse(request, "no_code", channel)
        messages.error(request, "Meta's answer had no sign-in code. Start again.")
        return redirect("channels:meta_connect", pk=channel.pk)
    try:
        token = oauth.exchange(app, code, held.get("verifier", ""), _callback_uri(request))
        if login.picks != "self":
            request.session[PICKING] = {
                "channel": channel.pk,
                "token": vault().encrypt(token.value),
                "at": time.time(),
            }
            return redirect("channels:meta_pick", pk=channel.pk)
        return _connect_self(request, channel, login, app, token)
    except ConnectorError as error:
        messages.error(request, f"Nothing was connected: {error.message}.")
        return redirect("channels:meta_connect", pk=channel.pk)


def _connect_self(request, channel, login, app, token: oauth.UserToken):
    """Threads: the account is the one that signed in, so there is nothing to pick."""
    if not token.user_id.isdigit():
        raise ConnectorError("Meta did not say which account signed in")
    config = {"graph_url": app.graph_url, "account_id": token.user_id}
    account = get_connector(
        channel.platform, config, {"access_token": token.value, "app_secret": app.app_secret}
    ).verify()
    granted, declined = oauth.permissions(app, token.value, login)
    expiry = oauth.expiry(app, token)
    return _store(
        request,
        channel,
        app,
        account.account_id,
        "@" + account.handle.lstrip("@"),
        "",
        token.value,
        granted,
        declined,
        expiry,
    )


def _store(request, channel, app, account_id, name, page_id, token, granted, declined, expiry):
    try:
        meta_services.connect_meta_account(
            channel,
            account_id=account_id,
            account_name=name,
            page_id=page_id,
            token=token,
            graph_url=app.graph_url,
            permissions=granted,
            declined=declined,
            expires_at=expiry.expires_at,
            data_access_expires_at=expiry.data_access_expires_at,
            by=request.membership,
        )
    except NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("channels:meta_connect", pk=channel.pk)
    messages.success(request, f"{isolate(channel.name)} is connected to {isolate(name)}.")
    return redirect("channels:detail", pk=channel.pk)


class PickForm(GovukForm):
    account = forms.ChoiceField(
        label="Which account is this channel?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the account this channel is",
            "invalid_choice": "Choose one of these",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = choices


@sensitive_variables("token")
@member_required(Capability.MANAGE_CHANNELS)
def meta_pick(request, pk):
    """The Pages (or their Instagram accounts) the person who signed in manages: the manager picks one."""
    channel = _channel(request, pk)
    login, app = _login(channel)
    held = request.session.get(PICKING) or {}
    if held.get("channel") != channel.pk or time.time() - held.get("at", 0) > SIGN_IN_SECONDS:
        messages.error(request, "Sign in with Meta first (a sign-in lasts 15 minutes).")
        return redirect("channels:meta_connect", pk=channel.pk)
    try:
        token = vault().decrypt(held["token"])
        found = oauth.choices(app, token, login)
    except DecryptionError:
        messages.error(request, "Sign in with Meta again.")
        return redirect("channels:meta_connect", pk=channel.pk)
    except ConnectorError as error:
        messages.error(request, f"Nothing was connected: {error.message}.")
        return redirect("channels:meta_connect", pk=channel.pk)
    form = PickForm(request.POST or None, choices=[(choice.account_id, choice.name) for choice in found])
    if request.method == "POST" and form.is_valid():
        choice = next(c for c in found if c.account_id == form.cleaned_data["account"])
        try:
            granted, declined = oauth.permissions(app, token, login)
            expiry = oauth.expiry(app, choice.page_token)
        except ConnectorError as error:
            messages.error(request, f"Nothing was connected: {error.message}.")
            return redirect("channels:meta_connect", pk=channel.pk)
        response = _store(
            request,
            channel,
            app,
            choice.account_id,
            choice.name,
            choice.page_id,
            choice.page_token,
            granted,
            declined,
            expiry,
        )
        request.session.pop(PICKING, None)
        if login.page_fields and response.url == reverse("channels:detail", args=[channel.pk]):
            try:
                oauth.subscribe_page(
                    app, choice.page_id or choice.account_id, choice.page_token, login.page_fields
                )
            except ConnectorError as error:
                messages.warning(
                    request,
                    f"Comments will arrive at each check, every few minutes, not at once: {error.message}.",
                )
        return response
    return render(
        request,
        "channels/meta_pick.html",
        {"channel": channel, "form": form, "found": found, "login": login},
    )
