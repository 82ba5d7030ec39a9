"""Per-call latencies of the Bluesky and Mastodon connectors against the local test servers.

    .venv/bin/python tools/connectors_latency.py [repeats]

Starts the same servers as the tests (tools/atproto and tools/mastodon must be installed), times each
connector call `repeats` times (default 5) and prints the median and the slowest, in milliseconds.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from atproto import Client, models

from harbour.connectors.base import ImageUpload, PublishRequest
from harbour.connectors.bluesky.connector import BlueskyConnector
from harbour.connectors.mastodon.connector import MastodonConnector
from tests.connectors.servers import start_mastodon_mock, start_network, stop_mastodon_mock, stop_network

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def timed(results, name, action):
    start = time.perf_counter()
    value = action()
    results.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return value


def report(title, results):
    print(title)
    for name, values in results.items():
        print(
            f"  {name:<28} median {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms   n={len(values)}"
        )


def bluesky(repeats):
    started = time.perf_counter()
    network = start_network("full")
    print(
        f"Bluesky network ready in {time.perf_counter() - started:.1f} s (network creation {network.startup_ms} ms)"
    )
    try:
        accounts = {}
        for name in ("latorg", "latyoung"):
            client = Client(base_url=network.pds)
            client.com.atproto.server.create_account(
                models.ComAtprotoServerCreateAccount.Data(
                    handle=f"{name}.test", email=f"{name}@example.org", password="dev-pass-Harbour-1"
                )
            )
            client.login(f"{name}.test", "dev-pass-Harbour-1", fetch_bsky_profile=False)
            accounts[name] = client
        config = {"service": network.pds, "allow_private_network": "true"}
        results = {}
        org = BlueskyConnector(config, {"identifier": "latorg.test", "app_password": "dev-pass-Harbour-1"})
        timed(results, "sign in + verify (first call)", org.verify)
        cursor = org.fetch(None).next_cursor
        young = accounts["latyoung"]
        for n in range(repeats):
            timed(results, "verify", org.verify)
            post = timed(results, "publish text", lambda n=n: org.publish(PublishRequest(f"Post {n} 🎉")))
            timed(
                results,
                "publish image + alt",
                lambda: org.publish(
                    PublishRequest("Poster", images=[ImageUpload(PNG, "A poster", "image/png")])
                ),
            )
            network.sync()
            ref = models.ComAtprotoRepoStrongRef.Main(
                uri=post.platform_id, cid=young.get_posts([post.platform_id]).posts[0].cid
            )
            reply = young.send_post(
                f"reply {n}",
                profile_identify=young._session.did,
                reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref),
            )
            network.sync()
            batch = timed(results, "fetch (1 new reply)", lambda cursor=cursor: org.fetch(cursor))
            cursor = batch.next_cursor
            timed(
                results,
                "hide reply (threadgate)",
                lambda reply=reply, post=post: org.hide(reply.uri, post.platform_id),
            )
            timed(results, "delete own post", lambda post=post: org.delete(post.platform_id))
        report("Bluesky (local @atproto/dev-env network)", results)
    finally:
        started = time.perf_counter()
        stop_network(network)
        print(f"Bluesky network stopped in {time.perf_counter() - started:.1f} s")


def mastodon(repeats):
    started = time.perf_counter()
    mock = start_mastodon_mock()
    print(f"mastodon_mock ready in {time.perf_counter() - started:.1f} s")
    try:
        from mastodon import Mastodon

        young = Mastodon(api_base_url=mock.url, version_check_mode="none")
        young.access_token = mock.tokens["young_person"]
        org = MastodonConnector(
            {"instance_url": mock.url, "allow_private_network": "true"},
            {"access_token": mock.tokens["harbour_org"]},
        )
        results = {}
        cursor = org.fetch(None).next_cursor
        for n in range(repeats):
            timed(results, "verify", org.verify)
            post = timed(results, "publish text", lambda n=n: org.publish(PublishRequest(f"Post {n}")))
            timed(
                results,
                "publish image + alt",
                lambda: org.publish(
                    PublishRequest("Poster", images=[ImageUpload(PNG, "A poster", "image/png")])
                ),
            )
            young.status_post(f"@harbour_org reply {n}", in_reply_to_id=post.platform_id)
            batch = timed(results, "fetch (1 new reply)", lambda cursor=cursor: org.fetch(cursor))
            cursor = batch.next_cursor
            timed(results, "delete own post", lambda post=post: org.delete(post.platform_id))
        report("Mastodon (mastodon_mock simulator)", results)
    finally:
        stop_mastodon_mock(mock)


if __name__ == "__main__":
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    mastodon(repeats)
    bluesky(repeats)
