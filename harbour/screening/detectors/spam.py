"""Spam and scams: link shorteners, free in-game currency, prize and click-bait phrases.

Children are the target of "free robux" and "free vbucks" scams that steal accounts; a shortened link
hides where it goes. One finding per link or phrase; context ("free", "claim") raises a link's severity.
"""

from __future__ import annotations

import re

from harbour.screening.detectors.base import Detector
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context, Finding

# Link shorteners and redirectors often used to hide where a link goes.
SHORTENERS = frozenset(
    """bit.ly bitly.com tinyurl.com t.co goo.gl ow.ly is.gd buff.ly rebrand.ly cutt.ly shorturl.at rb.gy t.ly
    tiny.cc lnkd.in s.id v.gd bl.ink short.io shorte.st adf.ly linktr.ee grabify.link iplogger.org iplogger.com
    2no.co yip.su blasze.tk ps3cfw.com""".split()
)
_URL = re.compile(
    # not after a hyphen either: "a.-a.-a…" would otherwise be a host tried from every "a"
    r"(?<![\w@.\-])(?P<url>(?:https?://)?(?:www\.)?(?P<host>[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9\-]{1,63})*"
    r"\.[a-z]{2,24})(?::\d{2,5})?(?P<path>/[^\s<>\"']*)?)"
)
# Scam wording, each pattern tried only when one of its words is present (a set test): one big
# alternation scanned over every message costs far more than the few that can match.
_LURES: list[tuple[frozenset[str], re.Pattern]] = [
    (frozenset(keys.split()), re.compile(rf"(?<![a-z0-9])(?P<found>{pattern})(?![a-z0-9])"))
    for keys, pattern in [
        (
            "free",
            (
                r"free\s+(?:robux|vbucks|v-bucks|v bucks|minecoins|gems|skins?|coins|diamonds|followers|likes"
                r"|gift\s?cards?|iphone|ps5|xbox|nitro|discord nitro|fifa points|shark cards?)"
            ),
        ),
        (
            "claim get grab win",
            (
                r"(?:claim|get|grab|win)\s+(?:your\s+)?(?:free\s+)?(?:prize|reward|gift|robux|vbucks"
                r"|v-bucks|skins?|nitro)"
            ),
        ),
        ("click", r"click\s+(?:here|this link|the link|below|link in bio)"),
        ("link", r"link in (?:my )?bio"),
        ("won selected", r"(?:you(?:'ve| have)?|u)\s+(?:won|been selected)"),
        ("limited", r"limited time offer"),
        ("act", r"act now"),
        ("earn", r"earn £?\$?\d+\s*(?:a|per)\s*(?:day|hour|week)"),
        ("work", r"work from home"),
        ("crypto", r"crypto giveaway"),
        ("double", r"double your (?:money|bitcoin|crypto)"),
        ("dm", r"dm me for (?:a )?(?:promo|collab|shoutout)"),
        ("promo", r"promo code"),
        ("giveaway", r"giveaway"),
        ("generator", r"generator"),
        ("hack hacked", r"hack(?:ed)? (?:robux|vbucks|account)"),
    ]
]
_LURE_KEYS = frozenset().union(*(keys for keys, _ in _LURES))
# Shortener hosts as words ("bit.ly" reads "bit", "ly"): the link pattern runs only when a distinctive
# one is present, or one of the very short hosts appears as it is.
_HOST_WORDS = frozenset(
    host.split(".")[0]
    for host in SHORTENERS
    if len(host.split(".")[0]) >= 3 or host.split(".")[0] in ("ow", "rb", "bl")
)
_SHORT_HOSTS = tuple(host + "/" for host in SHORTENERS if len(host.split(".")[0]) < 3)
_LURE_WORDS = re.compile(
    r"free|claim|win|won|prize|robux|vbucks|giveaway|click|gift|urgent|verify|login|password"
)


class Spam(Detector):
    """Shortened links, free in-game currency, prizes and click-bait."""

    name = "spam"
    category = Category.SPAM
    # A shortener's host word, a lure's word, or "/" (the very short hosts are looked for as "t.co/").
    wake_words = _HOST_WORDS | _LURE_KEYS
    wake_chars = "/"

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        text = doc.folded
        findings = []
        if "." in text and (
            not doc.word_set.isdisjoint(_HOST_WORDS) or any(map(text.__contains__, _SHORT_HOSTS))
        ):
            for m in _URL.finditer(text):
                host = m.group("host")
                if host in SHORTENERS or host.removeprefix("www.") in SHORTENERS:
                    lure = _LURE_WORDS.search(text)
                    span = doc.folded_to_original(*m.span("url"))
                    findings.append(
                        Finding(
                            self.category,
                            2 if lure else 1,
                            span,
                            "A shortened link hides where it goes" + (", next to a lure" if lure else ""),
                            self.name,
                            evidence={
                                "pattern": "link shortener",
                                "host": host,
                                **({"context": lure.group()} if lure else {}),
                            },
                        )
                    )
        present = doc.word_set & _LURE_KEYS
        for keys, pattern in _LURES if present else ():
            if keys.isdisjoint(present):
                continue
            for m in pattern.finditer(doc.text):
                span = doc.to_original(*m.span("found"))
                findings.append(
                    Finding(
                        self.category,
                        2,
                        span,
                        "Scam or spam wording (free game currency, prizes, click here)",
                        self.name,
                        evidence={"pattern": "lure", "matched": doc.original[span[0] : span[1]]},
                    )
                )
        return findings
