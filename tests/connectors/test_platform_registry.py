"""The platform registry is the one place for what Harbour knows about a platform (issue 16): every
platform has a complete entry, its connector matches what the entry says it can do, and no module
outside a platform's own folder branches on a platform's name or keeps a table keyed by it."""

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harbour.connectors import registry
from harbour.connectors.base import Connector, NotSupported
from harbour.connectors.platform import (
    CAPABILITY_LABELS,
    HOSTED_CAPABILITIES,
    ChecklistItem,
    Delivery,
    PlatformCapability,
    PlatformEntry,
)

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = ROOT / "harbour"
# Only the product's own platforms: tests register entries of their own in this interpreter.
OWN = {
    key: registry.PLATFORMS[key]
    for key in (
        "bluesky",
        "mastodon",
        "instagram",
        "facebook",
        "threads",
        "consultation",
        "file_import",
        "webhook",
        "demo",
    )
}


def test_the_registry_lists_the_platforms_once_in_the_form_order():
    code = "from harbour.connectors import registry; print(','.join(registry.PLATFORMS))"
    listed = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    )
    assert listed.stdout.strip() == ",".join(OWN)


@pytest.mark.parametrize("key", OWN)
def test_every_platform_has_a_complete_entry_in_its_own_folder(key):
    entry = registry.entry(key)
    assert entry.key == key
    assert entry.label and entry.report_to
    assert type(entry).__module__ == "harbour.connectors.platform"
    folder = HARBOUR / "connectors" / key
    assert (folder / "platform.py").is_file(), (
        f"{key}'s entry belongs in harbour/connectors/{key}/platform.py"
    )
    assert entry.capabilities <= set(PlatformCapability)
    assert set(CAPABILITY_LABELS) == set(PlatformCapability)
    assert all(
        isinstance(item, ChecklistItem) and item.label and item.hint for item in entry.privacy_checklist
    )
    if entry.minimum_age is not None:
        assert 13 <= entry.minimum_age <= 18


# The connector methods that do each capability (and undo it). A capability claimed without them would
# be offered and then fail with NotSupported; methods without the claim would never be offered.
DONE_BY = {
    PlatformCapability.HIDE: ("hide",),
    PlatformCapability.UNHIDE: ("unhide",),
    PlatformCapability.DELETE: ("delete",),
    PlatformCapability.REPORT: ("report",),
    PlatformCapability.BLOCK: ("block", "unblock"),
    PlatformCapability.MUTE: ("mute", "unmute"),
}
OPTIONAL = ("publish", *(method for methods in DONE_BY.values() for method in methods))


def test_every_optional_connector_method_says_not_supported_by_default():
    class Bare(Connector):
        platform = "bare"

        def verify(self):
            raise NotImplementedError

        def fetch(self, cursor, limit=50):
            raise NotImplementedError

        def report_url(self, item):
            return ""

    bare = Bare({}, {})
    for name in OPTIONAL:
        method = getattr(bare, name)
        arguments = [None] * (len(inspect.signature(method).parameters))
        with pytest.raises(NotSupported):
            method(*arguments)


@pytest.mark.parametrize("key", [key for key, entry in OWN.items() if not entry.pushed])
def test_a_polled_platforms_connector_imports_and_does_what_its_entry_says(key):
    entry = registry.entry(key)
    cls = registry.connector_class(key)
    assert issubclass(cls, Connector) and not inspect.isabstract(cls)
    assert cls.platform == key
    overrides = {name for name in OPTIONAL if getattr(cls, name) is not getattr(Connector, name)}
    for capability, methods in DONE_BY.items():
        for method in methods:
            assert (capability in entry.capabilities) == (method in overrides), (
                f"{key}: {method} is {'overridden' if method in overrides else 'not overridden'}, "
                f"but the entry {'claims' if capability in entry.capabilities else 'does not claim'} {capability}"
            )
    publishes = bool(entry.capabilities & {PlatformCapability.PUBLISH, PlatformCapability.REPLY})
    assert publishes == ("publish" in overrides)
    assert (PlatformCapability.PUBLISH_IMAGES in entry.capabilities) == (entry.max_images > 0)
    assert (
        PlatformCapability.PUBLISH_IMAGES not in entry.capabilities
        or PlatformCapability.PUBLISH in entry.capabilities
    )
    # A video only with both of its limits, and only where the platform publishes at all.
    assert (PlatformCapability.PUBLISH_VIDEO in entry.capabilities) == (
        entry.max_video_seconds > 0 and entry.max_video_bytes > 0
    )
    assert (
        PlatformCapability.PUBLISH_VIDEO not in entry.capabilities
        or PlatformCapability.PUBLISH in entry.capabilities
    )
    assert (PlatformCapability.HIDE in entry.capabilities) <= bool(entry.hide_means)
    assert (PlatformCapability.BLOCK in entry.capabilities) <= bool(entry.block_means)
    assert (PlatformCapability.MUTE in entry.capabilities) <= bool(entry.mute_means)
    # An undo only where the thing it undoes can be done.
    assert (PlatformCapability.UNHIDE in entry.capabilities) <= (
        PlatformCapability.HIDE in entry.capabilities
    )


@pytest.mark.parametrize("key", OWN)
def test_video_takes_both_limits_above_0_or_neither(key):
    """PUBLISH_VIDEO in an entry's capabilities if and only if both its video limits are above 0; where it
    takes no video, both are 0 and the entry says so in words."""
    entry = registry.entry(key)
    can = entry.can(PlatformCapability.PUBLISH_VIDEO)
    assert can == (entry.max_video_seconds > 0 and entry.max_video_bytes > 0)
    if not can:
        assert (entry.max_video_seconds, entry.max_video_bytes) == (0, 0)
        assert entry.video_refusal(1000, 1) == f"{entry.label} does not take videos from Harbour."


def test_each_platform_that_takes_video_has_its_documented_limits():
    limits = {
        key: (entry.max_video_seconds, entry.max_video_bytes)
        for key, entry in OWN.items()
        if entry.can(PlatformCapability.PUBLISH_VIDEO)
    }
    assert limits == {
        "bluesky": (180, 100_000_000),  # 3 minutes; app.bsky.embed.video's maxSize
        "mastodon": (3600, 103_809_024),  # no length limit of its own; VIDEO_LIMIT = 99.megabytes
        "demo": (180, 100_000_000),  # Bluesky's, by choice
        "instagram": (900, 300_000_000),  # a reel: 15 minutes, 300MB (IG User media reference, Reels specs)
        "threads": (300, 1_000_000_000),  # 5 minutes, 1 GB (Threads' posts documentation, video specs)
    }


@pytest.mark.parametrize(
    ("duration_ms", "size", "refusal"),
    [
        (180_000, 100_000_000, None),
        (
            180_001,
            1,
            "Bluesky takes videos of at most 3 minutes; this one is 3 minutes 1 second. Shorten it.",
        ),
        (59_000, 1, None),
        (
            7_384_000,
            1,
            "Bluesky takes videos of at most 3 minutes; this one is 2 hours 3 minutes 4 seconds. Shorten it.",
        ),
        (
            1000,
            100_040_000,
            (
                "Bluesky takes videos of at most 100 MB; this one is just over 100 MB. "
                "Shorten it, or film it at a lower quality."
            ),
        ),
        (
            1000,
            123_456_789,
            (
                "Bluesky takes videos of at most 100 MB; this one is 123.5 MB. "
                "Shorten it, or film it at a lower quality."
            ),
        ),
    ],
)
def test_video_refusal_says_the_limit_and_the_videos_own_length_or_size(duration_ms, size, refusal):
    assert registry.entry("bluesky").video_refusal(duration_ms, size) == refusal


def test_a_video_too_short_for_the_platform_is_refused_before_approval_too():
    """Instagram's reels are at least 3 seconds: the publishing checks read the same rule as the connector."""
    instagram = registry.entry("instagram")
    assert instagram.video_refusal(2999, 1000) == (
        "Instagram takes videos of at least 3 seconds; this one is shorter. Choose a longer one."
    )
    assert instagram.video_refusal(3000, 1000) is None
    assert registry.entry("bluesky").video_refusal(500, 1000) is None


def test_lengths_and_sizes_in_words():
    from harbour.connectors.platform import duration_words, megabytes

    assert [duration_words(s) for s in (0, 1, 45, 60, 61, 125, 180, 3600, 3601, 7200)] == [
        "0 seconds",
        "1 second",
        "45 seconds",
        "1 minute",
        "1 minute 1 second",
        "2 minutes 5 seconds",
        "3 minutes",
        "1 hour",
        "1 hour 1 second",
        "2 hours",
    ]
    assert [megabytes(n) for n in (100_000_000, 103_809_024, 41_943_040, 6_304_796, 1, 1_999_999_999)] == [
        "100 MB",
        "103.8 MB",
        "41.9 MB",
        "6.3 MB",
        "0 MB",
        "2,000 MB",
    ]


@pytest.mark.parametrize("key", [key for key, entry in OWN.items() if entry.pushed])
def test_a_pushed_platform_has_no_connector_and_can_do_nothing_on_the_platform(key):
    """An import or a webhook comes from somewhere Harbour cannot act on; on Harbour's own pages (hosted)
    Harbour can hide and show items itself, and nothing else."""
    entry = registry.entry(key)
    assert entry.delivery in (Delivery.UPLOADED, Delivery.WEBHOOK, Delivery.HOSTED)
    assert not entry.connector
    assert entry.capabilities <= (HOSTED_CAPABILITIES if entry.hosted else frozenset())
    assert (PlatformCapability.HIDE in entry.capabilities) <= bool(entry.hide_means)
    with pytest.raises(registry.UnknownPlatform):
        registry.connector_class(key)


def test_an_entry_refuses_an_unknown_capability_and_a_connector_on_a_pushed_platform():
    with pytest.raises(ValueError):
        PlatformEntry(key="x", label="X", report_to="x", connector="a.B", capabilities={"like"})
    with pytest.raises(ValueError):
        PlatformEntry(key="x", label="X", report_to="x", delivery=Delivery.WEBHOOK, connector="a.B")
    with pytest.raises(ValueError):
        PlatformEntry(key="x", label="X", report_to="x")  # polled, with nothing to poll with
    with pytest.raises(ValueError):  # on Harbour's own pages there is nobody to report to or reply through
        PlatformEntry(key="x", label="X", report_to="x", delivery=Delivery.HOSTED, capabilities={"report"})
    with pytest.raises(ValueError):
        registry.entry("bluesky").can("like")  # a misspelt capability is an error, never "no"


# The one-place rule. A platform's own folder, the registry and the entry's definition may name
# platforms; anything else reads the registry. Migrations copy values on purpose and are skipped.
NAMES = {*OWN, "import"}  # "import": the file import's items were once named so
ALLOWED = {HARBOUR / "connectors" / "registry.py", HARBOUR / "connectors" / "platform.py"}


def _own_folder(path: Path) -> bool:
    """A platform's folder, or connectors/meta/ (what Meta's three platforms share, and their simulator)."""
    parts = path.relative_to(HARBOUR).parts
    return len(parts) > 2 and parts[0] == "connectors" and (parts[1] in OWN or parts[1] == "meta")


def _names_a_platform(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and node.value in NAMES:
        return True
    # Platform.BLUESKY, and the like on any TextChoices built from the registry
    return isinstance(node, ast.Attribute) and node.attr.lower() in OWN and isinstance(node.value, ast.Name)


def platform_branches(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            parts += [
                element
                for part in parts
                if isinstance(part, (ast.Tuple, ast.List, ast.Set))
                for element in part.elts
            ]
            if any(_names_a_platform(part) for part in parts):
                found.append(f"line {node.lineno}: compares with a platform")
        elif (
            isinstance(node, ast.Dict)
            # keyed by platforms: every key names one ({"v": 1, "threads": [...]} is a state, not a table), and
            # a lone key is a platform's name only as Platform.X ({"consultation": consultation} is a context)
            and node.keys
            and (len(node.keys) > 1 or not isinstance(node.keys[0], ast.Constant))
            and all(key is not None and _names_a_platform(key) for key in node.keys)
        ):
            found.append(f"line {node.lineno}: a table keyed by platform")
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and sum(map(_names_a_platform, node.elts)) > 1:
            found.append(f"line {node.lineno}: a list of platforms")
        elif (
            isinstance(node, ast.keyword)
            and node.arg == "platform"
            and isinstance(node.value, ast.Constant)
            and _names_a_platform(node.value)
        ):
            found.append(f"line {node.lineno}: a platform named by its stored value")
    return found


@pytest.mark.parametrize(
    "source, found",
    [
        ('if channel.platform == "bluesky": pass', True),
        ("if channel.platform != Platform.MASTODON: pass", True),
        ('if channel.platform in ("file_import", "webhook"): pass', True),
        ("PUSHED = (Platform.FILE_IMPORT, Platform.WEBHOOK)", True),
        ('REPORT_TO = {Platform.BLUESKY: "Bluesky\'s moderation team"}', True),
        ('SETTINGS_FOR = {"bluesky": _bluesky, "demo": _demo}', True),
        ('state = {"v": 1, "threads": threads}', False),  # a word that is also a platform's name
        ('render(request, "page.html", {"consultation": consultation})', False),  # one key: a context
        ('Item(platform="import")', True),
        ("if channel.platform_entry.asks_server_url: pass", False),
        ("Channel.objects.create(platform=Platform.DEMO)", False),  # making a channel is not a branch
        ('if mode == "live": pass', False),
    ],
)
def test_the_rule_finds_a_branch_on_a_platform(source, found):
    assert bool(platform_branches(source)) is found


def test_no_module_outside_the_registry_branches_on_a_platform():
    offences = []
    for path in sorted(HARBOUR.rglob("*.py")):
        if "migrations" in path.parts or path in ALLOWED or _own_folder(path):
            continue
        offences += [f"{path.relative_to(ROOT)} {found}" for found in platform_branches(path.read_text())]
    assert not offences, "Read the platform registry instead (docs/connectors.md):\n" + "\n".join(offences)


NAME_ALTERNATIVES = "|".join(NAMES)
TEMPLATE_BRANCH = re.compile(rf"platform\s*(?:==|!=|\bin\b)|(?:==|!=)\s*['\"](?:{NAME_ALTERNATIVES})['\"]")


def test_no_template_branches_on_a_platform():
    offences = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted(HARBOUR.rglob("templates/**/*.html"))
        for match in TEMPLATE_BRANCH.finditer(path.read_text())
    ]
    assert not offences, (
        "Ask the channel what it can do ({% if channel|can:'hide' %}) instead:\n" + "\n".join(offences)
    )


def test_label_names_a_platform_and_leaves_an_unknown_key_as_stored():
    assert registry.label("bluesky") == "Bluesky"
    assert registry.label("myspace") == "myspace"  # a snapshot taken before a platform left the registry


def test_a_post_a_platform_cannot_take_is_refused_before_approval_too():
    """Instagram: every post has an image or a video, and images are JPEG only; others take any."""
    instagram = registry.entry("instagram")
    assert instagram.images_refusal([], False) == (
        "An Instagram post needs an image or a video: add one, or post this on another channel."
    )
    assert instagram.images_refusal([], True) is None
    assert instagram.images_refusal(["image/jpeg", "image/png"], False) == (
        "Instagram takes JPEG images only; image 2 is a PNG. Save it as a JPEG and add it again."
    )
    assert registry.entry("bluesky").images_refusal(["image/png"], False) is None
    assert registry.entry("bluesky").images_refusal([], False) is None
