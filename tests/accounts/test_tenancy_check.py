"""docs/security.md A2: the system check that every model holding an organisation's data belongs to one
organisation through required foreign keys and has `.for_org(org)`."""

import pytest
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from harbour.accounts.capabilities import Role
from harbour.accounts.checks import check_model, models_belong_to_an_organisation
from harbour.accounts.models import ConductAcknowledgement, Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet, organisation_path
from tests.cast import acknowledge_conduct, make_member


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_every_harbour_model_passes():
    assert models_belong_to_an_organisation() == []


def test_the_check_is_registered():
    # databases=[]: no database-backed field checks (JSONField asks SQLite whether it has JSON), which
    # would need database access this test does not have.
    assert "harbour.E201" not in ids(checks.run_checks(tags=[checks.Tags.models], databases=[]))
    assert models_belong_to_an_organisation in checks.registry.registry.get_checks()


def test_a_model_with_no_organisation_and_no_for_org_fails_the_check():
    with isolate_apps("harbour.accounts") as registry:

        class Note(models.Model):
            text = models.TextField()

            class Meta:
                app_label = "accounts"

        errors = models_belong_to_an_organisation(app_configs=registry.get_app_configs())
    assert [(error.id, error.obj) for error in errors] == [("harbour.E201", Note), ("harbour.E202", Note)]


@isolate_apps("harbour.accounts")
def test_an_optional_organisation_is_not_enough():
    class Note(models.Model):
        organisation = models.ForeignKey(Organisation, null=True, on_delete=models.CASCADE, related_name="+")
        objects = OrganisationQuerySet.as_manager()

        class Meta:
            app_label = "accounts"

    assert ids(check_model(Note)) == ["harbour.E201"]


@isolate_apps("harbour.accounts")
def test_an_organisation_without_for_org_fails():
    class Note(models.Model):
        organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "accounts"

    assert ids(check_model(Note)) == ["harbour.E202"]


@isolate_apps("harbour.accounts")
def test_an_organisation_through_a_required_parent_passes():
    class Note(models.Model):
        membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
        objects = OrganisationQuerySet.as_manager()

        class Meta:
            app_label = "accounts"

    assert organisation_path(Note) == "membership__organisation"
    assert check_model(Note) == []


@pytest.mark.django_db
def test_for_org_follows_the_path(org, other_org):
    ours = make_member(org, Role.VIEWER, "ours@example.org", "Ours")
    theirs = make_member(other_org, Role.VIEWER, "theirs@example.net", "Theirs")
    acknowledge_conduct(ours)
    acknowledge_conduct(theirs)
    assert [a.membership for a in ConductAcknowledgement.objects.for_org(org)] == [ours]
