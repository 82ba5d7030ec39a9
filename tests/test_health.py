import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from harbour.console.tasks import ping


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would raise "Database access not allowed".
    response = client.get("/healthz", secure=True)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_nothing_waits(client):
    response = client.get("/readyz", secure=True)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    # Probes inside the network often speak plain HTTP: no redirect to https for them.
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["0001_initial", "0002_append_only_trigger", "latest"])
def test_readyz_fails_without_detail_when_a_migration_is_waiting(client, name):
    recorder = MigrationRecorder(connection)
    if name == "latest":
        name = recorder.migration_qs.filter(app="audit").order_by("-name").values_list("name", flat=True)[0]
    recorder.record_unapplied("audit", name)
    response = client.get("/readyz", secure=True)
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


@pytest.mark.django_db
def test_readyz_fails_when_a_due_task_has_waited_too_long(client):
    ping.enqueue()
    assert client.get("/readyz", secure=True).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert client.get("/readyz", secure=True).status_code == 503


@pytest.mark.django_db
def test_readyz_ignores_a_task_scheduled_for_later(client):
    ping.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        assert client.get("/readyz", secure=True).status_code == 200


def test_readyz_fails_when_the_database_is_unreachable(tmp_path):
    # A real dead port: nothing listens on 127.0.0.1:9 (discard) here.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/readyz', HTTP_HOST='127.0.0.1')\n"
        "print(r.status_code, r.content)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "HARBOUR_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="harbour.settings",
        HARBOUR_DATA_DIR=str(tmp_path),
        HARBOUR_HTTPS="false",
        DATABASE_URL="postgres://harbour:x@127.0.0.1:9/harbour?connect_timeout=2",
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "503 b'unavailable\\n'", done.stderr


def test_security_txt_names_a_contact_and_expires_within_a_year(client, settings):
    settings.HARBOUR_SECURITY_CONTACT = "mailto:security@derby.example"
    response = client.get("/.well-known/security.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@derby.example"
    expires = datetime.fromisoformat(fields["Expires"])
    assert timezone.now() + timedelta(days=90) < expires < timezone.now() + timedelta(days=365)
