"""Fixtures for the moderation tests: a channel on the test platform that allows every action, and
trained members who moderate it. The test platform is in tests/moderation/platforms.py."""

import pytest

from tests.cast import active_channel, give_training, make_member
from tests.moderation.platforms import ModeratedSource


@pytest.fixture(autouse=True)
def fresh_platform():
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []
    yield
    ModeratedSource.SCRIPT, ModeratedSource.calls = [], []


@pytest.fixture
def channel(org, moderator):
    channel = active_channel(org, "test_moderated")
    channel.handle = "@youthclub.example"
    channel.save(update_fields=["handle"])
    channel.moderators.add(moderator)
    return channel


@pytest.fixture
def mod(moderator):
    """The channel's moderator, trained."""
    give_training(moderator, "moderate")
    return moderator


@pytest.fixture
def second_mod(org, channel):
    """Another trained moderator of the same channel."""
    member = make_member(org, "moderator", "sam.second@example.org", "Sam Second")
    give_training(member, "moderate")
    channel.moderators.add(member)
    return member


# The local Bluesky network (@atproto/dev-env), as tests/connectors/conftest.py starts it for the connector
# tests; conftest modules are never imported, so the moderation tests start their own for the session.


@pytest.fixture(scope="session")
def atproto_network():
    import os

    from tests.connectors.servers import start_network, stop_network

    network = start_network(os.environ.get("HARBOUR_ATP_MODE", "full"))
    yield network
    stop_network(network)


@pytest.fixture(scope="session")
def bluesky_account(atproto_network):
    """make(name) creates a fresh account on the network: .handle, .did, .client, .app_password, .post()."""
    import itertools
    import os
    from types import SimpleNamespace

    from atproto import Client, models

    numbers = itertools.count(1)

    def make(name: str):
        handle = f"{name}{os.getpid() % 1000}x{next(numbers)}.test"  # dev-env's handles are short
        password = "dev-pass-Harbour-1"
        created = Client(base_url=atproto_network.pds).com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle=handle, email=f"{handle}@example.org", password=password
            )
        )
        client = Client(base_url=atproto_network.pds)
        client.login(handle, password, fetch_bsky_profile=False)
        app_password = client.com.atproto.server.create_app_password(
            models.ComAtprotoServerCreateAppPassword.Data(name="harbour")
        ).password

        def post(text, reply_to=None):
            reply = None
            if reply_to is not None:
                parent = models.create_strong_ref(reply_to)
                reply = models.AppBskyFeedPost.ReplyRef(
                    parent=parent, root=getattr(reply_to, "root", None) or parent
                )
            created_post = client.send_post(text, profile_identify=created.did, reply_to=reply)
            created_post.root = reply.root if reply else models.create_strong_ref(created_post)
            return created_post

        return SimpleNamespace(
            handle=handle, did=created.did, client=client, app_password=app_password, post=post
        )

    return make
