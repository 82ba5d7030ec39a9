"""Harbour's pytest plugin, loaded from pyproject's addopts (`-p tests.plugin`) so that it runs
before pytest-django reads the settings.

- HARBOUR_TEST_DATABASE=postgres: the suite runs against a throwaway PostgreSQL cluster, started
  here and stopped (its folder removed) at the end, whether the tests passed or not.
- Passwords are hashed with Argon2id at a low cost: the production cost takes about a second per
  password on a busy 2-core machine, and the shared cast alone creates seven users per test.
"""

import os

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from tests.pgcluster import Cluster

OWNED = "HARBOUR_TEST_PG_CLUSTER"  # set while this run owns a cluster; xdist workers reuse it


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still argon2id (hashes start `argon2$argon2id$`), with the smallest cost. Tests only."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # A wrapper runs before pytest-django's plain hook, which loads the settings.
    database = os.environ.get("HARBOUR_TEST_DATABASE", "sqlite")
    if database not in ("sqlite", "postgres"):
        raise pytest.UsageError("HARBOUR_TEST_DATABASE must be sqlite or postgres")
    if database == "postgres" and not os.environ.get(OWNED):
        cluster = Cluster()
        early_config.add_cleanup(cluster.stop)
        try:
            os.environ["DATABASE_URL"] = cluster.start()
        except BaseException:
            cluster.stop()  # the cleanup above never runs when configuration itself fails
            raise
        os.environ[OWNED] = str(cluster.dir)
        early_config.add_cleanup(lambda: os.environ.pop(OWNED, None))
    result = yield
    from django.conf import settings

    if settings.configured:
        settings.PASSWORD_HASHERS = [
            "tests.plugin.FastArgon2PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ]
    return result


def pytest_report_header(config):
    if os.environ.get(OWNED):
        return f"database: throwaway PostgreSQL cluster in {os.environ[OWNED]}"
    return None
