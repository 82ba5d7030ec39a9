"""Every form that posts carries a CSRF token (issue 15, item 4: the training page's Verify button had
none, because `{% include ... only %}` drops the token from the partial's context).

Two checks: every template's POST form and every `only` include of a partial that uses the token, read
from the template files; and every page as each role, rendered, with each POST form's hidden input."""

import re
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.test import Client

import harbour
from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.capabilities import Role
from tests.cast import give_training, make_member, sign_in
from tests.isolation import PUBLIC
from tests.test_url_security import URLS, path_for

TEMPLATES = sorted(Path(harbour.__file__).parent.rglob("templates/**/*.html"))
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post\b[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)
ONLY_INCLUDE = re.compile(r"{%\s*include\s+[\"']([^\"']+)[\"']([^%]*)\bonly\s*%}")


def template_text(path: Path) -> str:
    """The template without its {% comment %} blocks (a USAGE comment shows an include, not one made)."""
    return re.sub(
        r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL
    )


def test_the_template_scan_finds_templates():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(harbour.__file__).parent)))
def test_every_post_form_in_a_template_has_a_csrf_token(path):
    text = template_text(path)
    for body in POST_FORM.findall(text):
        assert "{% csrf_token %}" in body, f"a POST form in {path.name} has no {{% csrf_token %}}"
    for name, arguments in ONLY_INCLUDE.findall(text):
        partial = Path(get_template(name).origin.name).read_text(encoding="utf-8")
        if "csrf_token" in partial:
            assert re.search(r"\bcsrf_token=csrf_token\b", arguments), (
                f"{path.name} includes {name} with `only`, which drops the CSRF token it uses: pass csrf_token=csrf_token"
            )


def test_the_scan_catches_a_partial_included_without_its_token(tmp_path, settings):
    """The check above can fail: the training table as it was, included with `only` and no token."""
    text = '{% include "accounts/_training_table.html" with records=r only %}'
    ((name, arguments),) = ONLY_INCLUDE.findall(text)
    assert "csrf_token" in Path(get_template(name).origin.name).read_text()
    assert not re.search(r"\bcsrf_token=csrf_token\b", arguments)


@pytest.mark.django_db
def test_every_rendered_post_form_has_a_csrf_token(org, private_media):
    """Each page, as each role (trained, so gated pages render), with the objects its URL names made
    first, so that lists show their buttons (an unverified training record shows Verify)."""
    make_member(org, Role.MANAGER, "first.manager@example.org", "First Manager")
    paths = {url.name: path_for(url, org) for url in URLS}
    problems, forms_seen = [], 0
    for role in Role.values:
        member = make_member(org, role, f"{role}@forms.example", f"Former {role}")
        give_training(member, *TRAINING_FOR)
        client = sign_in(Client(enforce_csrf_checks=True), member.user)
        for url in URLS:
            if url.name.startswith("hooks:") or url.name in ("accounts:logout",):
                continue
            if "_auth_user_id" not in client.session and url.name not in PUBLIC:
                sign_in(client, member.user)
            response = client.get(paths[url.name], secure=True)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            for body in POST_FORM.findall(html):
                forms_seen += 1
                if 'name="csrfmiddlewaretoken"' not in body:
                    problems.append(f"GET {url} as {role}: a POST form without a CSRF token")
    assert forms_seen > 20
    assert not problems, "\n".join(sorted(set(problems)))
