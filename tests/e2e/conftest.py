"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Mark each test `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)` (the live server
runs in another thread, so it must see committed data). Never run `playwright install`: the browser is
/usr/bin/chromium (Debian's package, which `make test-deps` installs).

Fixtures and helpers here, for every part's browser tests:
- `page` (pytest-playwright): a fresh browser page; `live_server.url` is where Harbour runs.
- `axe_check(page)`: runs axe-core (node_modules/axe-core/axe.min.js) on the page as it is now and fails
  the test on any serious or critical violation, listing each rule and the elements it found.
- `sign_in_browser(page, user)`: signs the page in as `user` with two-factor done and the code of
  conduct acknowledged, by copying a test client's session cookie (fast; the sign-in journey itself
  is tested through the real pages in test_sign_in_journey.py).
- Settings for plain HTTP on localhost: no HTTPS redirect (tests/conftest.py), no HSTS, and session
  and CSRF cookies without `Secure` or the `__Host-` prefix, which a browser refuses over plain HTTP.
"""

import os
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.cast import sign_in

# Playwright's sync API keeps an event loop in the test's thread, so Django's ORM would refuse to run
# there. Set for the browser tests only (this conftest is loaded only when they are collected).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session", autouse=True)
def _live_server_over_plain_http(request):
    # The live server lives for the whole session and its SecurityMiddleware reads these once, when
    # the server starts: so start it here, with no HTTPS redirect and no HSTS (which would make the
    # shared browser upgrade every later request to https).
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        request.getfixturevalue("live_server")


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME = "harbour-session"
    settings.CSRF_COOKIE_NAME = "harbour-csrf"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def _axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `make install` (npm ci) first")
    return AXE_PATH.read_text()


@pytest.fixture
def axe_check(_axe_source):
    """Call axe_check(page) on each page a journey reaches; fails on serious or critical violations."""

    def check(page, *, context: str = ""):
        # page.evaluate, not add_script_tag: the CSP refuses a script element without the nonce.
        page.evaluate(_axe_source)
        result = page.evaluate("async () => await axe.run()")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} -> "
                + ", ".join(n["target"][0] for n in v["nodes"][:5])
                for v in bad
            ]
            pytest.fail(
                f"axe found {len(bad)} serious or critical problems on {context or page.url}:\n"
                + "\n".join(lines)
            )
        return result

    return check


@pytest.fixture
def keep_screenshot():
    """keep_screenshot(page, name): a full-page PNG of the page as it looks (full_page=False: only what the
    window shows, the first screen), in HARBOUR_SCREENSHOTS when it is set (for a person to look at); nothing
    otherwise, so a test run writes nowhere of its own choosing."""

    def keep(page, name: str, *, full_page: bool = True) -> None:
        folder = os.environ.get("HARBOUR_SCREENSHOTS")
        if folder:
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)

    return keep


@pytest.fixture
def sign_in_browser(live_server, settings):
    def sign_in_page(page, user):
        client = sign_in(Client(), user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in_page
