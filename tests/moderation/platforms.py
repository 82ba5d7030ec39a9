"""A test platform for the moderation tests: a real Connector subclass, registered as "test_moderated",
that allows every moderation action, records each call, and answers from a script. Importing this module
registers it (the kill -9 test's worker subprocess imports it too).

config: log (a file each call is appended to, for a worker in another process), delay (seconds each call
takes: the kill -9 test kills the worker while one runs)."""

import time
from pathlib import Path

from harbour.connectors.base import Batch, Connector, Published
from harbour.connectors.platform import PlatformCapability, ReportReason
from harbour.connectors.registry import PLATFORMS
from tests.inbox.inbox_sources import make_platform, test_account


class ModeratedSource(Connector):
    platform = "test_moderated"
    SCRIPT: list = []  # exceptions to raise, one a call, before any call succeeds
    calls: list = []

    def _call(self, *call) -> None:
        ModeratedSource.calls.append(call)
        if self.config.get("log"):
            with Path(self.config["log"]).open("a", encoding="utf-8") as log:
                log.write(" ".join(call) + "\n")
        time.sleep(float(self.config.get("delay") or 0))
        if ModeratedSource.SCRIPT:
            raise ModeratedSource.SCRIPT.pop(0)

    def verify(self):
        return test_account(self.platform)

    def fetch(self, cursor, limit=50):
        return Batch([], next_cursor=cursor)

    def report_url(self, item):
        return item.url

    def hide(self, item_platform_id, thread_root):
        self._call("hide", item_platform_id, thread_root)

    def unhide(self, item_platform_id, thread_root):
        self._call("unhide", item_platform_id, thread_root)

    def publish(self, request):
        self._call("publish", request.reply_to or "")
        return Published(f"reply-to-{request.reply_to}", "")

    def report(self, platform_id, author_id, reason, reason_kind="other"):
        self._call("report", platform_id, author_id, reason_kind)
        return f"report-{platform_id}"

    def block(self, author_id):
        self._call("block", author_id)

    def mute(self, author_id):
        self._call("mute", author_id)

    def delete(self, platform_id):
        self._call("delete", platform_id)


PLATFORMS["test_moderated"] = make_platform(
    "test_moderated",
    f"{__name__}.ModeratedSource",
    config_from={"log": "log", "delay": "delay"},
    capabilities=frozenset(PlatformCapability),
    report_reasons=(ReportReason.SPAM, ReportReason.RUDE, ReportReason.OTHER),
    max_text_length=100,
    hide_means="Test platform: nothing leaves the test.",
)
