"""Connecting a Threads channel asks for every permission the Threads connector needs for what its entry
says it can do (DELETE needs threads_delete), and the channel page has words for each of them."""

from harbour.channels.meta_models import PERMISSION_WORDS
from harbour.connectors.platform import PlatformCapability
from harbour.connectors.registry import META_LOGINS
from harbour.connectors.threads.platform import THREADS

# Threads' permissions for each thing the connector does (Meta's Threads documentation, docs/connectors.md).
NEEDS = {
    "read": {"threads_basic", "threads_read_replies", "threads_manage_mentions"},
    PlatformCapability.HIDE: {"threads_manage_replies"},
    PlatformCapability.UNHIDE: {"threads_manage_replies"},
    PlatformCapability.REPLY: {"threads_manage_replies", "threads_content_publish"},
    PlatformCapability.PUBLISH: {"threads_content_publish"},
    PlatformCapability.PUBLISH_IMAGES: {"threads_content_publish"},
    PlatformCapability.PUBLISH_VIDEO: {"threads_content_publish"},
    PlatformCapability.DELETE: {"threads_delete"},
}


def test_the_threads_login_asks_for_what_each_capability_needs():
    asked = set(META_LOGINS[THREADS.key].scopes)
    assert NEEDS["read"] <= asked
    for capability in THREADS.capabilities:
        assert NEEDS[capability] <= asked, f"{capability} needs {NEEDS[capability] - asked}"


def test_each_threads_permission_asked_for_is_explained_on_the_channel_page():
    for permission in META_LOGINS[THREADS.key].scopes:
        assert PERMISSION_WORDS.get(permission), permission
