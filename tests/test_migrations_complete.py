"""Every model change has its migration: a field added without one (or a platform added to the registry,
which changes Channel.platform's choices) fails here rather than on a user's first `harbour run`."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}" if exit.code else "")
