"""Settings from the environment: each helper refuses a bad value with a message naming the variable."""

import os
import subprocess
import sys

import pytest

from harbour.lib.env import ConfigError, database_from_url, env_bool, env_int, env_list, env_secret, env_str


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("True", True),
        ("1", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("no", False),
        ("", True),
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("HARBOUR_FLAG", raw)
    assert env_bool("HARBOUR_FLAG", True) is value


@pytest.mark.parametrize("raw", ["maybe", "TRUE ", "2", "yes please"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("HARBOUR_FLAG", raw)
    with pytest.raises(ConfigError, match="HARBOUR_FLAG must be true or false"):
        env_bool("HARBOUR_FLAG", False)


def test_env_int_reads_a_number_and_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("HARBOUR_N", raising=False)
    assert env_int("HARBOUR_N", 5) == 5
    monkeypatch.setenv("HARBOUR_N", "12")
    assert env_int("HARBOUR_N", 5, minimum=1) == 12


def test_env_int_refuses_words_and_numbers_below_the_minimum(monkeypatch):
    monkeypatch.setenv("HARBOUR_N", "ten")
    with pytest.raises(ConfigError, match="HARBOUR_N must be a whole number, not 'ten'"):
        env_int("HARBOUR_N", 5)
    monkeypatch.setenv("HARBOUR_N", "0")
    with pytest.raises(ConfigError, match="HARBOUR_N must be at least 1, not 0"):
        env_int("HARBOUR_N", 5, minimum=1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HARBOUR_HOSTS", " a.example, b.example ,,")
    assert env_list("HARBOUR_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("HARBOUR_HOSTS", "  ")
    assert env_list("HARBOUR_HOSTS", ["default"]) == ["default"]
    assert env_str("HARBOUR_UNSET_FOR_SURE", "x") == "x"


def test_env_secret_reads_a_file_named_by_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-value\n")
    monkeypatch.setenv("HARBOUR_TOKEN", "from-env")
    monkeypatch.setenv("HARBOUR_TOKEN_FILE", str(secret))
    assert env_secret("HARBOUR_TOKEN") == "s3cret-value"  # the file wins over the plain variable


def test_env_secret_refuses_a_file_it_cannot_read(monkeypatch, tmp_path):
    monkeypatch.setenv("HARBOUR_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="HARBOUR_TOKEN_FILE points at .*missing.*cannot be read"):
        env_secret("HARBOUR_TOKEN")


def test_database_url_for_postgresql():
    db = database_from_url("postgres://harbour:p%40ss@db.example:5433/harbour?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "harbour",
        "p@ss",
        "db.example",
        "5433",
        "harbour",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_for_sqlite():
    assert database_from_url("sqlite:////var/lib/harbour/db.sqlite3")["NAME"] == "/var/lib/harbour/db.sqlite3"
    assert database_from_url("sqlite:///harbour.sqlite3")["NAME"] == "harbour.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:p@h/db", "scheme 'mysql' is not supported"),
        ("postgres://u:p@h:5432/", "must name a database"),
        ("sqlite://harbour.db", "must be sqlite:///relative.db"),
    ],
)
def test_database_url_refuses_what_harbour_cannot_use(url, message):
    with pytest.raises(ConfigError, match=message):
        database_from_url(url)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", "too-short", "SECRET_KEY must be at least 50 random characters"),
        ("HARBOUR_TASK_BACKEND", "rabbit", "HARBOUR_TASK_BACKEND must be database, celery or immediate"),
        ("HARBOUR_EMAIL_BACKEND", "pigeon", "HARBOUR_EMAIL_BACKEND must be console or smtp"),
        (
            "HARBOUR_SECURITY_CONTACT",
            "security@derby.example",
            "HARBOUR_SECURITY_CONTACT must start with mailto:",
        ),
        ("HARBOUR_SESSION_HOURS", "0", "HARBOUR_SESSION_HOURS must be at least 1"),
        ("HARBOUR_HTTPS", "sometimes", "HARBOUR_HTTPS must be true or false"),
        ("HARBOUR_SITE_URL", "harbour.example.org", "HARBOUR_SITE_URL must start with https://"),
    ],
)
def test_harbour_refuses_to_start_with_a_bad_setting(tmp_path, variable, value, message):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("HARBOUR_", "DATABASE_URL", "SECRET_KEY"))
    }
    env.update(HARBOUR_DATA_DIR=str(tmp_path), **{variable: value})
    done = subprocess.run(
        [sys.executable, "-c", "import harbour.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert f"ConfigError: {message}" in done.stderr
