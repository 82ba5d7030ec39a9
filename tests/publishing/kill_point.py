"""Imported by the `harbour worker` that tests/publishing/test_publish_killed.py starts (never by Harbour):
reads two environment variables, so the product has no test hook.

HARBOUR_TEST_BLUESKY_LOOPBACK=true: channels' Bluesky connectors may talk to the local network on
127.0.0.1 (what the bluesky_on_loopback fixture does in the test's own process).

HARBOUR_TEST_KILL_AFTER_PUBLISH=<path>: after Bluesky has answered a publish (the post is on the network),
write its platform id to <path> and wait there, before Harbour writes anything, for the test's SIGKILL.
"""

import os
import time
from pathlib import Path

from harbour.connectors.bluesky.connector import BlueskyConnector

if os.environ.get("HARBOUR_TEST_BLUESKY_LOOPBACK") == "true":
    _init = BlueskyConnector.__init__

    def _on_loopback(self, config, credentials, **options):
        _init(self, {**config, "allow_private_network": "true"}, credentials, **options)

    BlueskyConnector.__init__ = _on_loopback

if kill_file := os.environ.get("HARBOUR_TEST_KILL_AFTER_PUBLISH"):
    _publish = BlueskyConnector.publish

    def _answered_then_wait(self, request):
        published = _publish(self, request)
        Path(kill_file).write_text(published.platform_id)
        time.sleep(600)  # the test kills the worker here: the platform answered, Harbour wrote nothing
        raise AssertionError("the test should have killed this worker")

    BlueskyConnector.publish = _answered_then_wait
