"""Fixtures for the connector tests: the Mastodon simulator (the Bluesky network is in tests/bluesky.py)."""

import pytest


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
