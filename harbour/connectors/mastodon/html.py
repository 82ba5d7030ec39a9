"""Plain text from a Mastodon status's HTML content, which any server in the fediverse can write.

nh3 first strips everything but paragraphs, line breaks and http(s) links (dropping script and
style content); then a parser walks what is left and unescapes each entity exactly once. A link
whose text is not its address (and is not an @mention or #hashtag) keeps its address beside it, so a
moderator sees where it really goes. The result is plain text: it is escaped again when shown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from harbour.connectors.base import safe_text


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._write("\n")
        elif tag == "p" and self.out:
            self._write("\n\n")
        elif tag == "a" and self.link is None:
            self.link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            href, parts = self.link
            self.link = None
            shown = "".join(parts)
            self._write(shown)
            plain = shown.strip()
            if href and plain and plain[0] not in "@#" and plain not in (href, href.split("://", 1)[-1]):
                self._write(f" ({href})")
            elif href and not plain:
                self._write(href)

    def handle_data(self, data):
        self._write(data)

    def _write(self, text):
        if self.link is not None:
            self.link[1].append(text)
        else:
            self.out.append(text)


def html_to_text(content: str) -> str:
    cleaned = nh3.clean(
        safe_text(content),
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )
    parser = _Text()
    parser.feed(cleaned)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return safe_text(re.sub(r"\n{3,}", "\n\n", text).strip())
