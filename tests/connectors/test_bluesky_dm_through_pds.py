"""Direct messages through a real PDS: the local network's PDS checks the app password and proxies
chat.bsky.* (with its own service token) to the recorded chat service, which it resolves as
did:web:localhost%3A<port>. dev-env has no chat service of its own; everything else here is real."""

import base64
import json

import pytest
from atproto import models

from harbour.connectors.base import Kind
from harbour.connectors.bluesky.connector import BlueskyConnector, decode_position
from tests.connectors.bluesky_chat_replay import ChatReplay

pytestmark = pytest.mark.slow


@pytest.fixture
def chat_service():
    replay = ChatReplay()
    yield replay
    replay.close()


def test_an_app_password_without_access_to_direct_messages_still_collects_replies(
    bluesky_account, atproto_network, chat_service
):
    org, young = bluesky_account("dmorg"), bluesky_account("young")  # app passwords made without DM access
    connector = BlueskyConnector(
        {**org.config(), "chat_service": f"{chat_service.did}#bsky_chat"}, org.credentials()
    )
    post = org.post("Ask us anything")
    atproto_network.sync()
    first = connector.fetch(None)
    [note] = first.problems
    assert "Bad token method" in note.message and "Allow access to your direct messages" in note.message

    reply = young.post("what time?", reply_to=post)
    atproto_network.sync()
    batch = connector.fetch(first.next_cursor)
    assert [i.platform_id for i in batch.items] == [reply.uri] and batch.problems == []
    assert chat_service.calls("chat.bsky.convo.listConvos") == []  # the PDS refused before proxying


def test_a_privileged_app_password_reads_direct_messages_through_the_pds(
    bluesky_account, atproto_network, chat_service
):
    org = bluesky_account("dmorg")
    password = org.client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="harbour-dm", privileged=True)
    ).password
    connector = BlueskyConnector(
        {**org.config(), "chat_service": f"{chat_service.did}#bsky_chat"},
        {"identifier": org.handle, "app_password": password},
    )
    first = connector.fetch(None)
    # The recording's organisation is another account than this one, so its message counts as incoming here.
    assert [i.text for i in first.items] == [
        "Thanks for getting in touch.",
        "hi is the climbing trip still on for saturday?",
    ]
    assert {i.kind for i in first.items} == {Kind.DIRECT_MESSAGE} and first.problems == []
    assert decode_position(first.next_cursor)[1] == {"rev": "3lcaaaaaaaa2f"}

    [(_method, _path, _query, headers)] = chat_service.calls("chat.bsky.convo.listConvos")
    payload = headers["authorization"].removeprefix("Bearer ").split(".")[1]
    token = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert token["iss"] == org.did and token["aud"] == chat_service.did
    assert token["lxm"] == "chat.bsky.convo.listConvos"  # the PDS's service token, not our session
