"""A video goes out to Instagram as a reel, against the local Graph API simulator (not Meta), which downloads
the video from its address as Meta does (here a local server stands in for Harbour's signed public media
address): the reel reaches the account with its caption and share_to_feed, the file byte for byte what was
sent (SHA-256), and no alt text (Meta's reference names none for a reel); a container Meta is still preparing
is waited for, one it could not prepare (ERROR, set through /_sim/) posts nothing and says why, one still not
ready after the wait posts nothing; a video Meta cannot download is refused in Meta's words; what Instagram
would not take (too long, too large, too short, too wide, no address, a long caption) is refused before any
call, and the media address is never asked for; the missing permission is named. And once, end to end, an
approved post with a video from the media library goes out through sending.publish as a reel, the simulator
fetching the video from a running Harbour's signed public address."""

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace

import pytest
from django.test import override_settings

from harbour.channels import services as channel_services
from harbour.connectors.base import NotSupported, PlatformUnavailable, PublishRequest, Rejected, VideoUpload
from harbour.connectors.instagram import connector as instagram_connector
from harbour.connectors.instagram.connector import InstagramConnector
from harbour.connectors.instagram.platform import INSTAGRAM
from harbour.connectors.meta.simulator import Simulator
from harbour.connectors.meta.simulator import instagram as ig
from harbour.publishing import sending, services
from harbour.publishing.models import Publication, PublicationState
from tests.cast import active_channel, give_training
from tests.connectors.servers import FileHost
from tests.publishing.library import video_asset
from tests.videos import make_video

TOKEN = "page-token-reels"
CAPTION = "Raft race on the lake: who won? 🛶"
ALT = "Two rafts racing on a lake, people cheering on the bank, no faces close up"


@pytest.fixture(scope="module")
def clip() -> bytes:
    return make_video(3, width=160, height=120)


@pytest.fixture(scope="module")
def media_host(clip):
    """A public media address as Harbour's would answer it: the video's bytes as video/mp4. It counts what
    was asked of it, so a test can show a refused video was never fetched."""
    host = FileHost({"/reel.mp4": (clip, "video/mp4")})
    yield host
    host.close()


@pytest.fixture
def sim():
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def account(sim):
    return ig.add_account(sim.world, username="harbouryouth", token=TOKEN)


@pytest.fixture
def quick(monkeypatch):
    """Ask again after a hundredth of a second rather than a second, so waiting is quick to test."""
    monkeypatch.setattr(instagram_connector, "CONTAINER_POLL", 0.01)
    monkeypatch.setattr(instagram_connector, "CONTAINER_POLL_MAX", 0.02)


def connect(sim, account, token=TOKEN):
    return InstagramConnector(
        {"graph_url": sim.url, "account_id": account["id"], "page_id": account["page_id"]},
        {"access_token": token},
    )


def video(host, data, path="/reel.mp4", **changes) -> VideoUpload:
    fields = {"data": data, "alt_text": ALT, "mime_type": "video/mp4", "width": 160, "height": 120}
    return VideoUpload(**{**fields, "duration_ms": 3000, "url": f"{host.url}{path}", **changes})


def reels_of(sim, account):
    return [m for m in sim.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]


def sim_post(sim, path, **params):
    request = urllib.request.Request(
        f"{sim.url}{path}", data=urllib.parse.urlencode(params).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def test_a_reel_reaches_instagram_with_its_caption_and_the_video_byte_for_byte(
    sim, account, media_host, clip
):
    sent = connect(sim, account).publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    (reel,) = reels_of(sim, account)
    assert sent.platform_id == reel["id"] and sent.url == reel["permalink"]
    assert (reel["media_type"], reel["media_product_type"], reel["caption"]) == ("VIDEO", "REELS", CAPTION)
    assert reel["video"] == {
        "video_url": f"{media_host.url}/reel.mp4",
        "share_to_feed": True,
        "alt_text": "",  # Meta's reference names no alt text for a reel: Harbour sends none
        "fetched": len(clip),
        "sha256": hashlib.sha256(clip).hexdigest(),
    }
    (container,) = sim.world.table(ig.CONTAINERS).values()
    assert (container["media_type"], container["status_code"]) == ("REELS", "PUBLISHED")


def test_a_reel_still_being_prepared_is_waited_for(sim, account, media_host, clip, quick):
    assert sim_post(sim, "/_sim/instagram/container_statuses", statuses="IN_PROGRESS,IN_PROGRESS,IN_PROGRESS")
    connect(sim, account).publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    assert len(reels_of(sim, account)) == 1
    assert sim.world.table("ig_container_statuses")["next"] == []  # every IN_PROGRESS was read, then FINISHED


def test_a_reel_meta_could_not_prepare_posts_nothing_and_says_why(sim, account, media_host, clip, quick):
    sim_post(sim, "/_sim/instagram/container_statuses", statuses="IN_PROGRESS,ERROR")
    with pytest.raises(
        Rejected, match=r"could not prepare the post \(Error: .*\): nothing was posted. Check the video"
    ):
        connect(sim, account).publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    assert reels_of(sim, account) == []
    assert [c["status_code"] for c in sim.world.table(ig.CONTAINERS).values()] == ["ERROR"]


def test_a_reel_not_ready_after_the_wait_posts_nothing(sim, account, media_host, clip, quick, monkeypatch):
    monkeypatch.setattr(instagram_connector, "REEL_WAIT", 0.05)
    ig.container_statuses(sim.world, *["IN_PROGRESS"] * 100)
    with pytest.raises(PlatformUnavailable, match="had not prepared the post .*nothing was posted"):
        connect(sim, account).publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    assert reels_of(sim, account) == []


def test_a_video_meta_cannot_download_is_refused_in_metas_words(sim, account, media_host, clip):
    with pytest.raises(Rejected, match="could not be fetched|Only photo or video"):
        connect(sim, account).publish(
            PublishRequest(CAPTION, video=video(media_host, clip, path="/gone.mp4"))
        )
    assert reels_of(sim, account) == [] and sim.world.table(ig.CONTAINERS) == {}


def test_what_instagram_would_not_take_is_refused_before_any_call(
    sim, account, media_host, clip, monkeypatch
):
    connector = connect(sim, account)
    asked_before = list(media_host.asked)
    refusals = [
        (
            video(media_host, clip, duration_ms=15 * 60_000 + 1000),
            Rejected,
            "at most 15 minutes; this one is 15 minutes 1 second",
        ),
        (video(media_host, clip, duration_ms=2999), Rejected, "Instagram takes videos of at least 3 seconds"),
        (
            video(media_host, clip, width=2560, height=1440),
            Rejected,
            "at most 1,920 pixels across; this one is 2,560",
        ),
        (video(media_host, clip, width=1200, height=100), Rejected, "between 1:100 and 10:1"),
        (video(media_host, clip, mime_type="video/quicktime"), Rejected, "as an MP4 video"),
        (video(media_host, clip, url=""), NotSupported, "HARBOUR_SITE_URL"),
    ]
    for upload, error, words in refusals:
        with pytest.raises(error, match=words):
            connector.publish(PublishRequest(CAPTION, video=upload))
    with pytest.raises(Rejected, match="The caption is 2,201 characters"):
        connector.publish(PublishRequest("x" * 2201, video=video(media_host, clip)))
    # Too large: the entry's own limit, lowered to just under this clip, so no test holds 300 MB in memory.
    monkeypatch.setattr(instagram_connector, "INSTAGRAM", replace(INSTAGRAM, max_video_bytes=len(clip) - 1))
    with pytest.raises(Rejected, match="Instagram takes videos of at most"):
        connector.publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    assert sim.world.table(ig.CONTAINERS) == {} and reels_of(sim, account) == []
    assert media_host.asked == asked_before  # Meta was never given the address


def test_the_entry_says_instagrams_reel_limits_in_words():
    assert INSTAGRAM.video_refusal(15 * 60_000, 300_000_000) is None
    assert INSTAGRAM.video_refusal(15 * 60_000, 300_000_001) == (
        "Instagram takes videos of at most 300 MB; this one is just over 300 MB. "
        "Shorten it, or film it at a lower quality."
    )
    assert INSTAGRAM.video_refusal(16 * 60_000, 1).startswith(
        "Instagram takes videos of at most 15 minutes; this one is 16 minutes."
    )


def test_publishing_a_reel_without_the_permission_names_it(sim, account, media_host, clip):
    scopes = [s for s in ig.SCOPES if s != "instagram_content_publish"]
    sim.world.token("no-publish", scopes=scopes, user_id=account["page_id"], kind="page")
    with pytest.raises(Rejected, match="needs the instagram_content_publish permission"):
        connect(sim, account, "no-publish").publish(PublishRequest(CAPTION, video=video(media_host, clip)))
    assert reels_of(sim, account) == []


# End to end: an approved post with a video from the media library, through sending.publish and a running
# Harbour's signed public address ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour_server(request):
    """A running Harbour on plain HTTP (as the browser tests start it), for the simulator to fetch from."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        return request.getfixturevalue("live_server")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("private_media")
def test_an_approved_post_with_a_video_goes_out_to_instagram_as_a_reel(
    harbour_server, settings, org, manager, author, reviewer
):
    settings.HARBOUR_SITE_URL = harbour_server.url
    with Simulator() as meta:
        account = ig.add_account(meta.world, username="derbyyouth", token=TOKEN)
        channel = active_channel(
            org, "instagram", graph_url=meta.url, account_id=account["id"], page_id=account["page_id"]
        )
        channel_services.set_credential(channel, "access_token", TOKEN, by=manager)
        give_training(reviewer, "approve")
        post = services.create_post(by=author, title="Canoe race", text=CAPTION, channel_ids=[channel.pk])
        asset = video_asset(org, manager, seconds=3)
        services.add_image(post, by=author, revision=post.revision, asset=asset)
        post.refresh_from_db()
        services.submit(post, by=author, revision=post.revision)
        services.review(post, by=reviewer, version_number=1, approve=True)
        publication = Publication.objects.get(post=post)

        assert sending.publish(publication.pk).outcome == "published"
        publication.refresh_from_db()
        assert publication.state == PublicationState.PUBLISHED, publication.error
        (reel,) = [m for m in meta.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]
        assert publication.platform_id == reel["id"] and publication.url == reel["permalink"]
        assert (reel["media_type"], reel["media_product_type"], reel["caption"]) == (
            "VIDEO",
            "REELS",
            CAPTION,
        )
        with asset.file.open("rb") as stored:
            data = stored.read()
        assert reel["video"]["sha256"] == hashlib.sha256(data).hexdigest() == asset.sha256
        assert reel["video"]["fetched"] == len(data)
        assert reel["video"]["video_url"].startswith(f"{harbour_server.url}/p/media/")
        with pytest.raises(urllib.error.HTTPError) as closed:
            urllib.request.urlopen(reel["video"]["video_url"], timeout=10)
        assert closed.value.code == 404  # the post is out: its address opens nothing
        assert sending.publish(publication.pk).outcome != "published"  # never twice
        assert len([m for m in meta.world.table(ig.MEDIA).values() if m["owner"] == account["id"]]) == 1
