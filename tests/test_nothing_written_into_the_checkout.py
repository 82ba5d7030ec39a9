"""Tests write nothing into the checkout: the SQLite test database, keys, uploads and hypothesis's example database
live in temporary folders (tests/plugin.py), and pytest keeps no cache (`-p no:cacheprovider` in pyproject.toml).

A pytest run of its own, with none of those folders named by its caller, runs a test that writes each kind of
file; nothing new may appear in the checkout's var/, .hypothesis/ or .pytest_cache/, nor beside them."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLACES = ("var", ".hypothesis", ".pytest_cache")

WRITER = """
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from hypothesis import given, strategies as st
from hypothesis.configuration import storage_directory

from harbour.accounts.models import Organisation

ROOT = Path(os.environ["CHECKOUT"])


def outside(path) -> bool:
    return not Path(path).resolve().is_relative_to(ROOT)


def test_the_database_keys_and_uploads_are_outside_the_checkout(db):
    Organisation.objects.create(name="Somewhere", slug="somewhere")
    upload = default_storage.save("evidence.txt", ContentFile(b"x"))
    assert outside(default_storage.path(upload))
    assert outside(settings.DATA_DIR)
    assert outside(connection.settings_dict["NAME"])
    assert outside(storage_directory().path)


@pytest.mark.xfail(strict=True, reason="fails on purpose, so that hypothesis saves the example")
@given(st.integers())
def test_hypothesis_saves_a_failing_example(n):
    assert n < 10
"""


def written_since(start: float) -> list[str]:
    found = []
    for place in PLACES:
        for path in [ROOT / place, *(ROOT / place).rglob("*")]:
            if path.exists() and path.stat().st_mtime >= start:
                found.append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.slow
def test_a_test_run_writes_nothing_into_the_checkout(tmp_path):
    (tmp_path / "test_writer.py").write_text(WRITER)
    env = {
        k: v
        for k, v in os.environ.items()
        # the run makes its own folders, on SQLite (a second test database on our cluster would clash with ours)
        if k not in ("HARBOUR_DATA_DIR", "HYPOTHESIS_STORAGE_DIRECTORY", "HARBOUR_TEST_DATABASE", "DATABASE_URL",
                     "HARBOUR_TEST_PG_CLUSTER", "PYTEST_ADDOPTS")
    }  # fmt: skip
    env["CHECKOUT"] = str(ROOT)
    beside = set(os.listdir(ROOT))
    start = time.time() - 1  # file times may be coarser than time.time()
    run = subprocess.run(        [sys.executable, "-m", "pytest", "-q", "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed, 1 xfailed" in run.stdout
    assert written_since(start) == []
    assert set(os.listdir(ROOT)) - beside == set()
