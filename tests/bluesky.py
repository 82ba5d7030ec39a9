"""The local Bluesky network (@atproto/dev-env) on 127.0.0.1, one for the whole test session, and fresh
accounts on it: fixtures for every test folder that talks to Bluesky (the connectors, moderation),
registered by tests/plugin.py so that a run over several folders starts the network once."""

import itertools
import os

import pytest
from atproto import Client, models

from tests.connectors.servers import start_network, stop_network

PASSWORD = "dev-pass-Harbour-1"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def atproto_network():
    """PostgreSQL + Redis + PLC + PDS + AppView + Ozone. Fails (never skips) when tools/atproto is missing."""
    network = start_network(os.environ.get("HARBOUR_ATP_MODE", "full"))
    yield network
    stop_network(network)


class BlueskyAccount:
    def __init__(self, network, name: str):
        self.network = network
        handle = f"{name}{os.getpid() % 1000}x{next(_names)}.test"  # short: dev-env limits handles
        client = Client(base_url=network.pds)
        created = client.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle=handle, email=f"{handle}@example.org", password=PASSWORD
            )
        )
        self.handle, self.did = handle, created.did
        self.client = Client(base_url=network.pds)
        self.client.login(handle, PASSWORD, fetch_bsky_profile=False)
        self.app_password = self.client.com.atproto.server.create_app_password(
            models.ComAtprotoServerCreateAppPassword.Data(name="harbour")
        ).password

    def post(self, text: str, reply_to=None, **kwargs):
        """Post as this account (the young person, the stranger) straight through the SDK."""
        reply = None
        if reply_to is not None:
            parent = models.create_strong_ref(reply_to)
            root = getattr(reply_to, "root", None) or parent
            reply = models.AppBskyFeedPost.ReplyRef(parent=parent, root=root)
        created = self.client.send_post(text, profile_identify=self.did, reply_to=reply, **kwargs)
        created.root = reply.root if reply else models.create_strong_ref(created)
        return created

    def config(self) -> dict:
        return {"service": self.network.pds, "allow_private_network": "true"}

    def credentials(self) -> dict:
        return {"identifier": self.handle, "app_password": self.app_password}


@pytest.fixture
def bluesky_on_loopback(monkeypatch):
    """The one test-only change for a channel on the local network: its connector may talk to 127.0.0.1."""
    from harbour.channels import connecting

    settings_for = connecting.connector_settings

    def allowed(channel):
        config, credentials = settings_for(channel)
        return {**config, "allow_private_network": "true"}, credentials

    monkeypatch.setattr(connecting, "connector_settings", allowed)


@pytest.fixture(scope="session")
def bluesky_account(atproto_network):
    """make(name) creates a fresh account on the session's network."""
    return lambda name: BlueskyAccount(atproto_network, name)
