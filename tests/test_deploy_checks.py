"""docs/security.md M1: production settings pass `harbour check --deploy` with warnings treated as failures,
plus what that check does not look at."""

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.urls import Resolver404, resolve


def production_env(tmp_path, **changes) -> dict:
    # Only what a production host would have: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is not.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HARBOUR_", "DATABASE_URL", "SECRET_KEY", "DJANGO_", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="harbour.settings",
        HARBOUR_DATA_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(60),
        HARBOUR_CREDENTIALS_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="harbour.derby.example",
        HARBOUR_EMAIL_BACKEND="smtp",
        EMAIL_HOST="smtp.derby.example",
        HARBOUR_SECURITY_CONTACT="mailto:security@derby.example",
    )
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def check_deploy(env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "harbour.cli", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_production_settings_pass_the_deploy_check(tmp_path):
    done = check_deploy(production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("changes", "finding"),
    [
        ({"HARBOUR_HTTPS": "false"}, "security.W012"),  # session cookie not Secure
        ({"HARBOUR_SECURITY_CONTACT": None}, "harbour.W001"),
        ({"HARBOUR_EMAIL_BACKEND": "console"}, "mail.E001"),
    ],
)
def test_the_deploy_check_fails_on_unsafe_production_settings(tmp_path, changes, finding):
    done = check_deploy(production_env(tmp_path, **changes))
    assert done.returncode != 0
    assert finding in done.stdout + done.stderr


def test_a_content_security_policy_is_set():
    assert (
        settings.SECURE_CSP["script-src"]
        and "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    )


def test_there_is_no_admin_site_and_no_debugging_apps():
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert not [app for app in settings.INSTALLED_APPS if "debug" in app or "test" in app]
    with pytest.raises(Resolver404):
        resolve("/admin/")
