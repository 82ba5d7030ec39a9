"""Mastodon publishes a video against mastodon_mock (a simulator of the Mastodon client API, not Mastodon;
docs/connectors.md): the video is uploaded with its alt text as the description and the status has it as its
one attachment, of type "video". Mastodon prepares a video after the upload (the answer is 202 with no url
until it is ready): the simulator prepares at once, so its own fault injection (/api/v1/_mock/faults) plays a
server still preparing, and the connector is shown to wait for it, to give up after MEDIA_WAIT with a clear
error and no status sent, and to say in the server's words when it could not prepare the video. A video over
Mastodon's limits, or over the server's own (its instance configuration), is refused before it is uploaded."""

import io

import pytest
import requests

from harbour.connectors.base import (
    PlatformUnavailable,
    PublishRequest,
    Rejected,
    VideoUpload,
    new_publish_key,
)
from harbour.connectors.mastodon import connector as mastodon
from harbour.connectors.mastodon.connector import MastodonConnector
from tests.videos import make_video

ALT = "Two youth workers showing how to pack a rucksack for the camping trip"


@pytest.fixture(scope="module")
def clip() -> bytes:
    return make_video(1, width=160, height=120)


def video(data: bytes, **changes) -> VideoUpload:
    fields = {"data": data, "alt_text": ALT, "mime_type": "video/mp4", "width": 160, "height": 120}
    return VideoUpload(**{**fields, "duration_ms": 1000, **changes})


@pytest.fixture
def org(mastodon_server):
    return MastodonConnector(
        {"instance_url": mastodon_server.url, "allow_private_network": "true"}, {"access_token": "org-token"}
    )


@pytest.fixture
def faults(mastodon_server):
    """add(method, path, status, body=None, count=None): a rule of the simulator's fault injection; every
    rule is gone again after the test (the simulator is shared by the session)."""
    control = f"{mastodon_server.url}/api/v1/_mock/faults"

    def add(method, path, status, body=None, count=None):
        rule = {"match": {"methods": [method], "path": path}, "effect": {"type": "status", "status": status}}
        if body is not None:
            rule["effect"]["body"] = body
        if count is not None:
            rule["count"] = count
        answer = requests.post(control, json=rule, timeout=5)
        answer.raise_for_status()
        return answer.json()["id"]

    add.remaining = lambda: requests.get(control, timeout=5).json()
    yield add
    for rule in requests.get(control, timeout=5).json():
        requests.delete(f"{control}/{rule['id']}", timeout=5)


def own_statuses(api, text: str) -> list:
    me = api.account_verify_credentials()
    return [s for s in api.account_statuses(me["id"], limit=40) if text in s["content"]]


def test_a_video_is_posted_as_the_statuses_one_video_attachment_with_its_description(
    org, mastodon_api, mastodon_server, clip
):
    key = new_publish_key()
    published = org.publish(PublishRequest(f"How to pack for camp ({key})", video=video(clip), key=key))
    [status] = own_statuses(mastodon_api("harbour_org"), key)
    assert str(status["id"]) == published.platform_id
    [attachment] = status["media_attachments"]
    assert (attachment["type"], attachment["description"]) == ("video", ALT)
    # The simulator keeps the file as it came (Mastodon would re-encode it): it is the video sent.
    assert requests.get(attachment["url"], timeout=5).content == clip

    # A retry with the key (one that never saw the answer) is the same status, still with one video.
    again = MastodonConnector(
        {"instance_url": mastodon_server.url, "allow_private_network": "true"}, {"access_token": "org-token"}
    ).publish(PublishRequest(f"How to pack for camp ({key})", video=video(clip), key=key))
    assert again == published
    assert len(own_statuses(mastodon_api("harbour_org"), key)) == 1


def prepared_elsewhere(api, clip) -> dict:
    """A video the organisation's account uploaded, for the fault rules to answer with while it is being
    prepared (the simulator makes nothing of an upload a fault rule answers)."""
    return dict(api.media_post(io.BytesIO(clip), mime_type="video/mp4", description=ALT))


def test_a_video_still_being_prepared_is_waited_for_then_posted(org, mastodon_api, faults, clip, monkeypatch):
    monkeypatch.setattr(mastodon, "MEDIA_POLL", 0.05)
    media = prepared_elsewhere(mastodon_api("harbour_org"), clip)
    preparing = {**media, "url": None, "preview_url": None}
    # Mastodon's answers while it prepares: 202 to the upload, 206 to each question after, url null.
    faults("POST", "/api/v2/media", 202, preparing, count=1)
    faults("GET", f"/api/v1/media/{media['id']}", 206, preparing, count=3)
    key = new_publish_key()
    published = org.publish(PublishRequest(f"Camp kit list ({key})", video=video(clip), key=key))
    assert faults.remaining() == []  # it asked until the server said the video was ready (the 4th time)
    [status] = own_statuses(mastodon_api("harbour_org"), key)
    assert str(status["id"]) == published.platform_id
    [attachment] = status["media_attachments"]
    assert (str(attachment["id"]), attachment["type"], attachment["description"]) == (
        str(media["id"]),
        "video",
        ALT,
    )


def test_a_video_never_prepared_is_a_clear_error_and_no_status_is_sent(
    org, mastodon_api, faults, clip, monkeypatch
):
    monkeypatch.setattr(mastodon, "MEDIA_POLL", 0.05)
    monkeypatch.setattr(mastodon, "MEDIA_WAIT", 1.0)
    media = prepared_elsewhere(mastodon_api("harbour_org"), clip)
    preparing = {**media, "url": None, "preview_url": None}
    faults("POST", "/api/v2/media", 202, preparing, count=1)
    faults("GET", f"/api/v1/media/{media['id']}", 206, preparing)  # for ever
    key = new_publish_key()
    with pytest.raises(PlatformUnavailable) as error:
        org.publish(PublishRequest(f"Never ready ({key})", video=video(clip), key=key))
    assert error.value.message == (
        "Mastodon had not finished preparing the video after 1 second: the post was not sent. "
        "Harbour will try again later."
    )
    assert not error.value.permanent
    assert own_statuses(mastodon_api("harbour_org"), key) == []


def test_a_video_the_server_could_not_prepare_is_refused_in_its_words_and_no_status_is_sent(
    org, mastodon_api, faults, clip, monkeypatch
):
    monkeypatch.setattr(mastodon, "MEDIA_POLL", 0.05)
    media = prepared_elsewhere(mastodon_api("harbour_org"), clip)
    faults("POST", "/api/v2/media", 202, {**media, "url": None, "preview_url": None}, count=1)
    # What Mastodon answers about an upload it failed to prepare (Api::V1::MediaController#check_processing).
    faults(
        "GET", f"/api/v1/media/{media['id']}", 422, {"error": "Error processing thumbnail for uploaded media"}
    )
    key = new_publish_key()
    with pytest.raises(Rejected) as refused:
        org.publish(PublishRequest(f"Broken video ({key})", video=video(clip), key=key))
    assert refused.value.message == (
        "Mastodon could not prepare the video (Error processing thumbnail for uploaded media): the post was "
        "not sent. Try another video, or post without it."
    )
    assert own_statuses(mastodon_api("harbour_org"), key) == []


def test_a_video_over_the_servers_own_limits_is_refused_before_it_is_uploaded(org, faults, clip):
    # Nothing may be uploaded: any upload would be answered 500 (PlatformUnavailable), not refused.
    faults("POST", "/api/v2/media", 500)
    # The simulator gives Mastodon's limits before 4.2: 40 MiB (41,943,040 bytes) and 2,304,000 pixels.
    big = clip + bytes(41_943_041 - len(clip))
    with pytest.raises(Rejected) as refused:
        org.publish(PublishRequest("Too big for this server", video=video(big)))
    assert refused.value.message == (
        "This Mastodon server takes videos of at most 41.9 MB; this one is just over 41.9 MB. "
        "Shorten it, or film it at a lower quality."
    )
    with pytest.raises(Rejected) as refused:
        org.publish(PublishRequest("Too wide", video=video(clip, width=2560, height=1440)))
    assert refused.value.message == (
        "This Mastodon server takes videos of at most 2,304,000 pixels a frame; this one is 2560 × 1440. "
        "Make it smaller."
    )
    with pytest.raises(Rejected, match="does not take videos of the type video/webm"):
        org.publish(PublishRequest("Not MP4", video=video(clip, mime_type="video/webm")))
    # Within the server's limits, the upload is tried (and meets the 500).
    with pytest.raises(PlatformUnavailable, match="server error while uploading the video"):
        org.publish(PublishRequest("Fits", video=video(clip)))


def test_a_video_over_mastodons_own_limit_is_refused_without_asking_the_server(clip):
    closed = MastodonConnector(
        {"instance_url": "http://127.0.0.1:9", "allow_private_network": "true"}, {"access_token": "t"}
    )
    with pytest.raises(Rejected) as refused:
        closed.publish(PublishRequest("Huge", video=video(bytes(99 * 1024 * 1024 + 1))))
    assert refused.value.message == (
        "Mastodon takes videos of at most 103.8 MB; this one is just over 103.8 MB. "
        "Shorten it, or film it at a lower quality."
    )
