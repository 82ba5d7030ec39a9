"""Bluesky failures become errors that say what to do next; sessions are reused, not re-created."""

import socket
import threading

import pytest

from harbour.connectors.base import AuthFailed, PlatformUnavailable, Rejected
from harbour.connectors.bluesky.connector import BlueskyConnector, decode_cursor
from tests.connectors.servers import free_port, start_network, stop_network

pytestmark = pytest.mark.slow
SEP = ":::"  # how the atproto SDK joins the fields of a session string


def test_wrong_app_password_is_auth_failed(bluesky_account):
    org = bluesky_account("autherr")
    connector = BlueskyConnector(
        org.config(), {"identifier": org.handle, "app_password": "aaaa-bbbb-cccc-dddd"}
    )
    with pytest.raises(AuthFailed) as caught:
        connector.verify()
    assert caught.value.permanent and "reconnect" in caught.value.message


def test_verify_names_the_account(bluesky_account):
    org = bluesky_account("verify")
    account = BlueskyConnector(org.config(), org.credentials()).verify()
    assert (account.account_id, account.handle) == (org.did, org.handle)


def test_session_is_handed_back_and_reused(bluesky_account):
    org = bluesky_account("session")
    stored = []
    BlueskyConnector(org.config(), org.credentials(), on_credentials_change=stored.append).verify()
    [credentials] = stored
    assert credentials["session"] and credentials["app_password"] == org.app_password
    again = BlueskyConnector(org.config(), credentials | {"app_password": "wrong-now"})
    assert again.verify().account_id == org.did  # signed in from the stored session, not the password


def test_refused_stored_session_signs_in_again_with_the_app_password(bluesky_account):
    org = bluesky_account("revoked")
    stored = []
    BlueskyConnector(org.config(), org.credentials(), on_credentials_change=stored.append).verify()
    fields = stored[-1]["session"].split(SEP)
    access = next(i for i, f in enumerate(fields) if f.count(".") == 2)
    header, payload, signature = fields[access].split(".")
    fields[access] = f"{header}.{payload}.{signature[::-1]}"  # same expiry, signature no longer valid
    renewed = []
    connector = BlueskyConnector(
        org.config(), org.credentials() | {"session": SEP.join(fields)}, on_credentials_change=renewed.append
    )
    assert connector.verify().account_id == org.did
    assert renewed and renewed[-1]["session"] != SEP.join(fields)


def test_garbled_stored_session_falls_back_to_the_app_password(bluesky_account):
    org = bluesky_account("garbled")
    connector = BlueskyConnector(org.config(), org.credentials() | {"session": "not a session"})
    assert connector.verify().account_id == org.did


def test_stopped_server_is_platform_unavailable():
    """A PDS that was running and then stopped: retry later, don't ask the organisation to reconnect."""
    network = start_network("pds")
    try:
        from atproto import Client, models

        client = Client(base_url=network.pds)
        client.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle="gone.test", email="gone@example.org", password="dev-pass-Harbour-1"
            )
        )
        connector = BlueskyConnector(
            {"service": network.pds, "allow_private_network": "true"},
            {"identifier": "gone.test", "app_password": "dev-pass-Harbour-1"},
        )
        assert connector.verify().handle == "gone.test"
    finally:
        stop_network(network)
    with pytest.raises(PlatformUnavailable, match="could not reach") as caught:
        connector.verify()
    assert not caught.value.permanent


def test_a_server_that_never_answers_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    port = listener.getsockname()[1]
    connector = BlueskyConnector(
        {"service": f"http://127.0.0.1:{port}", "allow_private_network": "true"},
        {"identifier": "x.test", "app_password": "p"},
        timeout=0.5,
    )
    try:
        with pytest.raises(PlatformUnavailable, match="in time"):
            connector.verify()
    finally:
        listener.close()


def test_nothing_listening_is_platform_unavailable():
    connector = BlueskyConnector(
        {"service": f"http://127.0.0.1:{free_port()}", "allow_private_network": "true"},
        {"identifier": "x.test", "app_password": "p"},
    )
    with pytest.raises(PlatformUnavailable):
        connector.verify()


def test_private_address_is_refused_unless_allowed():
    connector = BlueskyConnector(
        {"service": "http://127.0.0.1:2583"}, {"identifier": "x.test", "app_password": "p"}
    )
    with pytest.raises(Rejected, match="https"):
        connector.verify()


def test_a_cursor_from_elsewhere_is_a_clear_error():
    with pytest.raises(ValueError, match="not a Bluesky cursor"):
        decode_cursor("12345")
