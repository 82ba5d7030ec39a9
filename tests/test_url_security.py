"""Every URL Harbour has, walked as every kind of visitor (docs/security.md A1, D2, D5, E1).

The walk is built from get_resolver(), so a URL added anywhere is covered the moment it exists;
tests/isolation.py says which URLs are public and how to make objects for URLs with arguments.
"""

import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import Max, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.capabilities import Role, role_can
from harbour.accounts.models import Organisation
from harbour.audit.models import AuditEvent, RefusalBurst
from tests.cast import give_training, make_member, sign_in
from tests.isolation import CSRF_EXEMPT, OWN_ACCOUNT, PUBLIC, URL_OBJECTS

pytestmark = pytest.mark.django_db

OTHER_ORG = "Elsewhere Zebra Council"  # in every name the factories give org B's objects
SIGN_IN = "/accounts/sign-in/"
CSP_REQUIRED = (
    "script-src 'self' 'nonce-",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)
REFUSALS = ("security.forbidden", "security.other_organisation", "security.other_person")
NONCE = re.compile(r"'nonce-([^']+)'")


@dataclass(frozen=True)
class Url:
    name: str
    route: str
    arguments: tuple[str, ...]
    view: object

    def __str__(self) -> str:
        return f"{self.name} ({self.route})"


def all_urls() -> list[Url]:
    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                arguments = tuple(pattern.pattern.regex.groupindex)
                yield Url(name, prefix + str(pattern.pattern), arguments, pattern.callback)

    return list(walk(get_resolver().url_patterns, "", "/"))


URLS = all_urls()


class Walk:
    """Requests made during a walk, with the response checks every request gets."""

    def __init__(self):
        self.problems: list[str] = []
        self.nonces: set[str] = set()

    def request(self, client: Client, method: str, url: Url, path: str, *, signed_in: bool):
        response = client.get(path, secure=True) if method == "GET" else client.post(path, secure=True)
        where = f"{method} {url}"
        if response.status_code >= 500:
            self.problems.append(f"{where}: server error {response.status_code}")
        self.check_headers(response, where, signed_in)
        return response

    def check_headers(self, response, where: str, signed_in: bool) -> None:
        expected = {
            "X-Content-Type-Options": {"nosniff"},
            "Referrer-Policy": {
                "same-origin",
                "no-referrer",
            },  # no-referrer on pages reached by capability links
            "Cross-Origin-Opener-Policy": {"same-origin"},
        }
        for header, values in expected.items():
            if response.get(header) not in values:
                self.problems.append(f"{where}: {header} is {response.get(header)!r}, not one of {values}")
        if "max-age=31536000; includeSubDomains" not in response.get("Strict-Transport-Security", ""):
            self.problems.append(f"{where}: no Strict-Transport-Security for a year with includeSubDomains")
        if signed_in and response.get("Cache-Control") != "no-store":
            self.problems.append(f"{where}: a signed-in response without Cache-Control: no-store")
        if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
            csp = response.get("Content-Security-Policy", "")
            missing = [part for part in CSP_REQUIRED if part not in csp]
            if missing or "unsafe-inline" in csp or "unsafe-eval" in csp:
                self.problems.append(
                    f"{where}: Content-Security-Policy {csp!r} lacks {missing} or allows unsafe-*"
                )
            for nonce in NONCE.findall(csp):
                if nonce in self.nonces:
                    self.problems.append(f"{where}: CSP nonce {nonce} was used before")
                self.nonces.add(nonce)

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(self.problems)


@pytest.fixture
def org_b(db, private_media):
    org = Organisation.objects.create(name=OTHER_ORG, slug="elsewhere-zebra")
    make_member(org, Role.MANAGER, "olly.outsider@elsewhere.example", f"{OTHER_ORG} Manager")
    return org


def names_an_object(url: Url) -> bool:
    return bool(re.search(r"<(int|uuid):", url.route))


def refusals_since(sequence: int) -> list:
    return list(AuditEvent.objects.filter(sequence__gt=sequence, action__in=REFUSALS))


def refusals_counted(user) -> int:
    """Refusals after the first of a burst are counted, and written out when the burst ends (docs/audit.md)."""
    return RefusalBurst.objects.filter(user=user).aggregate(n=Sum("counted"))["n"] or 0


def path_for(url: Url, org) -> str:
    return reverse(url.name, kwargs=URL_OBJECTS[url.name](org) if url.arguments else None)


def test_every_url_is_classified():
    problems = []
    names = {url.name for url in URLS}
    for url in URLS:
        if not url.name or url.name.endswith(":"):
            problems.append(f"{url.route} has no name: give it one, then classify it in tests/isolation.py")
        elif url.arguments and url.name not in URL_OBJECTS:
            problems.append(
                f"{url} takes {', '.join(url.arguments)}: add URL_OBJECTS[{url.name!r}] to tests/isolation.py, "
                "a function (organisation) -> kwargs that creates the object in that organisation"
            )
    for name in sorted((PUBLIC | set(URL_OBJECTS)) - names):
        problems.append(f"tests/isolation.py names {name!r}, which no longer exists: remove it")
    assert not problems, "\n".join(problems)


def test_every_member_page_names_the_capability_it_needs():
    """Each URL that is neither public nor about the person's own account goes through
    @member_required, so the capability table (harbour/accounts/capabilities.py) decides who opens it."""
    problems = [
        f"{url}: protect it with @member_required(Capability.X), or list it in OWN_ACCOUNT in tests/isolation.py"
        for url in URLS
        if url.name not in PUBLIC | OWN_ACCOUNT and not hasattr(url.view, "harbour_capability")
    ]
    problems += [
        f"{name} in OWN_ACCOUNT no longer exists" for name in OWN_ACCOUNT - {url.name for url in URLS}
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_is_refused_the_pages_its_capabilities_do_not_reach(org, role):
    """A member whose role lacks a view's capability gets 403 on their own organisation's objects, by
    GET and by POST (405 where the view takes only the other method)."""
    member = make_member(org, role, f"{role}@capability.example", f"Capable {role}")
    client = sign_in(Client(), member.user)
    walk = Walk()
    for url in URLS:
        capability = getattr(url.view, "harbour_capability", None)
        if capability is None or role_can(role, capability):
            continue
        path = path_for(url, org)
        statuses = []
        for method in ("GET", "POST"):
            if "_auth_user_id" not in client.session:
                sign_in(client, member.user)
            statuses.append(walk.request(client, method, url, path, signed_in=True).status_code)
        if 403 not in statuses or not set(statuses) <= {403, 405}:
            walk.problems.append(f"{url} needs {capability}: a {role} got {statuses}, not 403")
    walk.assert_clean()


def test_anonymous_visitors_are_sent_to_sign_in_except_on_public_pages(org_b):
    walk = Walk()
    for url in URLS:
        path = path_for(url, org_b)
        for method in ("GET", "POST"):
            client = Client()
            response = walk.request(client, method, url, path, signed_in=False)
            if url.name in PUBLIC or response.status_code == 405:  # a wrong method says nothing
                continue
            location = response.get("Location", "")
            for _ in range(3):  # a page may pass the visitor on to another that asks them to sign in
                if (
                    response.status_code != 302
                    or location.startswith(SIGN_IN)
                    or not location.startswith("/")
                ):
                    break
                response = client.get(location, secure=True)
                location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(SIGN_IN):
                walk.problems.append(
                    f"{method} {url}: anonymous visitor got {response.status_code} {location}. If this page is "
                    "meant for anyone, add it to PUBLIC in tests/isolation.py; otherwise protect it with "
                    "@member_required"
                )
    walk.assert_clean()


@pytest.mark.parametrize("role", Role.values)
def test_members_of_one_organisation_never_reach_another_organisations_objects(org, org_b, role):
    member = make_member(org, role, f"{role}@walk.example", f"Walker {role}")
    client = sign_in(Client(), member.user)
    walk = Walk()
    seen = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    counted = 0
    for url in URLS:
        if url.name in PUBLIC:
            continue
        path = path_for(url, org_b)
        for method in ("GET", "POST"):
            if "_auth_user_id" not in client.session:  # a POST to sign-out, say: sign in again
                sign_in(client, member.user)
            response = walk.request(client, method, url, path, signed_in=True)
            body = response.content.decode(errors="replace") if not response.streaming else ""
            if OTHER_ORG in body or "olly.outsider" in body:
                walk.problems.append(f"{method} {url}: the page shows org B's data to a {role} of org A")
            if url.arguments and response.status_code not in (403, 404, 405):
                walk.problems.append(
                    f"{method} {url} with org B's object: a {role} of org A got {response.status_code}, "
                    "not 404 (another organisation's object) or 403. Fetch it with get_object_for_org()"
                )
            written = refusals_since(seen)
            seen = max([seen, *(event.sequence for event in written)])
            counted, was_counted = refusals_counted(member.user), counted
            # A 404 for org B's object is a refusal; one for a token (a capability link) only says it does not work.
            refused = response.status_code == 403 or (response.status_code == 404 and names_an_object(url))
            if len(written) + counted - was_counted != refused:
                walk.problems.append(
                    f"{method} {url}: {response.status_code} for a {role} of org A wrote {len(written)} refusal "
                    "audit events, not one per refusal (docs/security.md K2). "
                    "Fetch objects with get_object_for_org()"
                )
    walk.assert_clean()


def test_every_object_url_works_for_its_own_organisation(org_b):
    """The control for the test above: org B's manager does reach org B's objects, so a 404 there
    means isolation, not a factory in tests/isolation.py that makes a broken object."""
    manager = org_b.memberships.get()
    client = sign_in(Client(), manager.user)
    walk = Walk()
    for url in URLS:
        if not url.arguments:
            continue
        if "_auth_user_id" not in client.session:
            sign_in(client, manager.user)
        response = walk.request(client, "GET", url, path_for(url, org_b), signed_in=url.name not in PUBLIC)
        if response.status_code == 404:
            walk.problems.append(f"GET {url}: org B's own manager got 404 for the object URL_OBJECTS made")
    walk.assert_clean()


def test_every_post_without_a_csrf_token_is_refused(org, manager):
    client = sign_in(Client(enforce_csrf_checks=True), manager.user)
    problems = []
    for url in URLS:
        if url.name in CSRF_EXEMPT:
            continue
        # A same-origin Referer, as a browser sends over HTTPS: the missing token must be what is refused.
        response = client.post(path_for(url, org), secure=True, HTTP_REFERER="https://testserver/")
        if response.status_code != 403 or "Your form could not be sent" not in response.content.decode():
            problems.append(
                f"POST {url} without a CSRF token got {response.status_code}, not the CSRF refusal"
            )
    assert not problems, "\n".join(problems)


# Tables a GET may write to: the session itself, django-axes, the rate-limit counts, the signed-in
# sessions list (last used, at most once a minute) and the audit log (reads of sensitive pages are audited).
GET_MAY_WRITE = {
    "django_session",
    "accounts_ratelimitcounter",
    "accounts_usersession",
    "audit_auditevent",
    "audit_auditchainhead",
    "audit_refusalburst",
    # The first safeguarding lead to open a concern is recorded on it, which ends its alerts
    # (harbour/safeguarding/services.py open_concern).
    "safeguarding_concern",
}
WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)', re.IGNORECASE
)


def written_tables(queries) -> set[str]:
    return {m.group(1) for q in queries if (m := WRITE.match(q["sql"]))}


def test_written_tables_reads_the_statements_django_writes():
    queries = [
        {"sql": 'INSERT INTO "inbox_item" ("a") VALUES (1)'},
        {"sql": 'UPDATE "accounts_user" SET "a" = 1'},
        {"sql": 'DELETE FROM "django_session" WHERE 1'},
        {"sql": 'SELECT * FROM "inbox_item"'},
    ]
    assert written_tables(queries) == {"inbox_item", "accounts_user", "django_session"}


def test_a_get_never_writes(org, org_b):
    """docs/security.md E1: GET every URL as an anonymous visitor, as each role on its own organisation's
    objects and on another organisation's, and write nothing but sessions, limits and audit."""
    visitors = [("anonymous", Client(), None)]
    for role in Role.values:
        member = make_member(org, role, f"{role}@get.example", f"Getter {role}")
        give_training(member, *TRAINING_FOR)  # so pages behind @trained_for are reached, not refused
        visitors.append((role, sign_in(Client(), member.user), member.user))
    # Signed in with a password only: one still to set up an authenticator, one still to enter a code.
    for who in ("not enrolled", "awaiting code"):
        member = make_member(org, Role.MODERATOR, f"{who.replace(' ', '.')}@get.example", f"Getter {who}")
        if who == "awaiting code":
            TOTPDevice.objects.create(user=member.user, name="Authenticator app", confirmed=True)
        client = Client()
        client.force_login(member.user)
        visitors.append((who, client, None))
    problems = []
    for url in URLS:
        for which, owner in (("own", org), ("other", org_b)):
            if which == "other" and not url.arguments:
                continue
            path = path_for(url, owner)
            for who, client, user in visitors:
                if user is not None and "_auth_user_id" not in client.session:
                    sign_in(client, user)
                with CaptureQueriesContext(connection) as queries:
                    client.get(path, secure=True)
                tables = written_tables(queries.captured_queries) - GET_MAY_WRITE
                tables = {table for table in tables if not table.startswith("axes_")}
                if tables:
                    problems.append(
                        f"GET {url} ({which} organisation's object) as {who} wrote to {sorted(tables)}"
                    )
    assert not problems, "\n".join(problems)


def test_the_only_views_that_skip_csrf_are_the_webhook_receivers():
    """docs/security.md E1: webhook receivers (the hooks: namespace, each checking a signature instead) and
    nothing else."""
    exempt = {url.name for url in URLS if getattr(url.view, "csrf_exempt", False)}
    receivers = {url.name for url in URLS if url.name.startswith("hooks:")}
    assert receivers, "no webhook receiver found under hooks:"
    assert exempt == receivers == CSRF_EXEMPT
