"""Every piece of text a person or the internet typed is isolated on every page (issue 15 item 1).

A right-to-left override (U+202E) in a name or a comment reverses the text after it up to the end of
its paragraph: "call \u202e321 009 00770" shows as a phone number that reads the other way, and an
override in an organisation's name could reorder the words around it on every page. Each such value must
sit inside a <bdi> or an element with dir="auto" (which close the override at the element's end); in a
<title>, where markup cannot go, between U+2068 and U+2069 (the `isolate` filter).

The walk: an organisation whose name, people, channels, courses, items and authors all carry an override
(tests/isolation.py's factories put the organisation's name into every object they make), then every
page Harbour has, from get_resolver(), opened as its manager and, for the public pages, as a visitor.
A page added anywhere is covered the moment it exists.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Organisation
from harbour.console.templatetags.bidi import register as bidi_filters
from harbour.lib.bidi import isolate
from tests.cast import active_channel, finding, give_training, make_item, make_member, sign_in
from tests.isolation import PUBLIC
from tests.test_url_security import URLS, path_for

pytestmark = pytest.mark.django_db

RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
HOSTILE = f"Harbour {RLO}tsurT{PDI} Youth"  # a stray PDI too, which must not close an isolate early
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# dir="auto" on these would isolate far more than one value, and hide a missing <bdi> inside them.
TOO_WIDE_TO_ISOLATE = {
    "html",
    "body",
    "main",
    "header",
    "footer",
    "nav",
    "section",
    "form",
    "table",
    "thead",
    "tbody",
    "tr",
    "ul",
    "ol",
    "dl",
}


class Placement(HTMLParser):
    """Finds each RLO in a page and whether it is isolated."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.problems: list[str] = []

    def isolated(self) -> bool:
        return any(isolating for _, isolating in self.stack)

    def where(self) -> str:
        return " > ".join(tag for tag, _ in self.stack[-4:]) or "(top)"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        isolating = tag == "bdi" or (attrs.get("dir") or "").lower() == "auto"
        if isolating and tag in TOO_WIDE_TO_ISOLATE:
            self.problems.append(f'dir="auto" on <{tag}>: isolate each value, not the whole {tag}')
        for name, value in attrs.items():
            if value and RLO in value and not (isolating or self.isolated() or between_isolates(value)):
                self.problems.append(
                    f"not isolated in the {name} attribute of <{tag}> in {self.where()}: {value!r}"
                )
        if tag not in VOID:
            self.stack.append((tag, isolating))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if RLO in data and not self.isolated() and not between_isolates(data):
            self.problems.append(f"not isolated in {self.where()}: {data.strip()[:80]!r}")


def between_isolates(text: str) -> bool:
    """Every RLO in text follows an FSI that no PDI has closed yet."""
    depth = 0
    for char in text:
        if char == FSI:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
        elif char == RLO and not depth:
            return False
    return True


def problems_in(html: str) -> list[str]:
    parser = Placement()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.fixture
def hostile(db):
    org = Organisation.objects.create(name=HOSTILE, slug="hostile")
    manager = make_member(org, Role.MANAGER, "manager@hostile.example", f"Maya {RLO}reganaM{PDI}")
    give_training(manager, *TRAINING_FOR)
    for role in (Role.MODERATOR, Role.SAFEGUARDING_LEAD, Role.AUTHOR):
        make_member(org, role, f"{role}@hostile.example", f"{role} {RLO}eman")
    channel = active_channel(org)
    channel.name = f"Club {RLO}deef{PDI} feed"
    channel.save()
    text = f"call me {RLO}321 009 00770 then"
    make_item(
        channel,
        text,
        findings=[finding("personal_info", 2, span=(8, len(text) - 5), reason="A phone number")],
        action="review",
        author_display_name=f"Kid {RLO}eman",
        author_handle=f"@{RLO}dik",
        thread_id="t",
        author_id="kid",
    )
    make_item(channel, f"{RLO}second", thread_id="t", author_id="kid", severity=3, action="hide")
    return org, manager


def test_the_checker_finds_text_outside_an_isolate_and_accepts_it_inside():
    assert problems_in(f"<p>Hello {RLO}dlrow</p>")
    assert problems_in(f"<div dir='auto'>x</div><p>{RLO}y</p>")
    assert problems_in(f'<main dir="auto"><p>{RLO}y</p></main>')
    assert problems_in(f"<title>Item from {RLO}x – Harbour</title>")
    assert problems_in(f'<a aria-label="{RLO}x">y</a>')
    assert not problems_in(
        f"<p>Hello <bdi>{RLO}dlrow</bdi>, friend</p><br><p dir='auto'>{RLO}x<mark>y</mark></p>"
    )
    assert not problems_in(f"<title>Item from {isolate(HOSTILE)} – Harbour</title>")
    assert not problems_in(
        f'<select><option dir="auto" value="1">{RLO}x</option></select><input value="{RLO}" dir="auto">'
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain", f"{FSI}plain{PDI}"),
        (f"a{PDI}{RLO}b", f"{FSI}a{RLO}b{PDI}"),  # a stray PDI would end our isolate early
        ("a\u2067b", f"{FSI}a\u2067b{PDI}{PDI}"),  # an isolate it opens is closed before ours
        (None, f"{FSI}{PDI}"),
        (f"{PDI}{PDI}x{PDI}", f"{FSI}x{PDI}"),  # however many stray PDIs
        (f"\u2066a{PDI}{PDI}b", f"{FSI}\u2066a{PDI}b{PDI}"),  # its own isolate closes; the extra PDI goes
        (f"{FSI}{FSI}a{PDI}", f"{FSI}{FSI}{FSI}a{PDI}{PDI}{PDI}"),  # nested and left open
        # Overrides and embeddings (RLO, LRO, RLE, LRE) and a stray PDF are kept: our PDI ends them all.
        (f"{RLO}a\u202d\u202b\u202a\u202cb", f"{FSI}{RLO}a\u202d\u202b\u202a\u202cb{PDI}"),
        (42, f"{FSI}42{PDI}"),
    ],
)
def test_the_isolate_filter_keeps_the_text_inside_its_isolate(value, shown):
    assert isolate(value) == shown
    assert between_isolates(f"{shown} and after {RLO}") is False  # balanced: an RLO after it is outside
    assert between_isolates(shown)


def test_the_template_filter_is_the_one_isolate_function():
    assert bidi_filters.filters["isolate"] is isolate


def test_every_page_isolates_every_name_and_text_people_typed(hostile):
    org, manager = hostile
    client = sign_in(Client(), manager.user)
    problems, checked = [], 0
    for url in URLS:
        if not url.name or url.name.startswith("admin:"):
            continue
        visitor = Client() if url.name in PUBLIC else client
        if url.name not in PUBLIC and "_auth_user_id" not in client.session:
            sign_in(client, manager.user)
        response = visitor.get(path_for(url, org), secure=True)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        checked += RLO in html
        problems += [f"GET {url}: {problem}" for problem in problems_in(html)]
    assert checked >= 10, "the walk reached too few pages that show the hostile names"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(dict.fromkeys(problems))
