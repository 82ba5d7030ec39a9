"""Fixtures for the connector tests: a real Bluesky network on 127.0.0.1 for the whole session."""

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
        handle = f"{name}{os.getpid()}x{next(_names)}.test"  # the network lives for the whole session
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


@pytest.fixture(scope="session")
def bluesky_account(atproto_network):
    """make(name) creates a fresh account on the session's network."""
    return lambda name: BlueskyAccount(atproto_network, name)


@pytest.fixture(scope="session")
def mastodon_server():
    from tests.connectors.servers import start_mastodon_mock, stop_mastodon_mock

    mock = start_mastodon_mock()
    yield mock
    stop_mastodon_mock(mock)


@pytest.fixture
def mastodon_api(mastodon_server):
    """api(name) is a Mastodon.py client for a seeded account, for posting as the young person or stranger."""
    from mastodon import Mastodon

    def api(name):
        client = Mastodon(api_base_url=mastodon_server.url, version_check_mode="none")
        client.access_token = mastodon_server.tokens[name]
        return client

    return api
