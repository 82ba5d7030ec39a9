"""System check (docs/security.md A2): every Harbour model that holds an organisation's data belongs to one
organisation through required foreign keys and can be queried per organisation with `.for_org(org)`.
A model that is deliberately global goes on GLOBAL_MODELS with the reason."""

from django.apps import apps
from django.core import checks

from harbour.accounts.tenancy import organisation_path

GLOBAL_MODELS = {
    "accounts.user": "a person can be a member of several organisations",
    "accounts.organisation": "the tenant itself",
    "accounts.usersession": "a person's own signed-in sessions, across their organisations",
    "accounts.ratelimitcounter": "hashed counts per address or person, not organisation data",
    "audit.auditevent": "the one hash chain; events without an organisation (a failed sign-in) belong to none",
    "audit.auditchainhead": "the head of that chain",
    "audit.refusalburst": "a working count of one person's refusals (with or without an organisation) until the chain gets it",
    "jobs.scheduledjob": "when each periodic job last ran, for every organisation at once",
}


@checks.register(checks.Tags.models)
def models_belong_to_an_organisation(app_configs=None, **kwargs):
    configs = app_configs or apps.get_app_configs()
    errors = []
    for config in configs:
        if not config.name.startswith("harbour."):
            continue  # Django's and other packages' tables (sessions, devices, lockouts) are not ours to mark
        for model in config.get_models():
            errors.extend(check_model(model))
    return errors


def check_model(model) -> list:
    label = model._meta.label_lower
    if label in GLOBAL_MODELS or model._meta.proxy:
        return []
    errors = []
    if organisation_path(model) is None:
        errors.append(
            checks.Error(
                f"{model._meta.label} holds organisation data but has no required foreign key to accounts.Organisation "
                "(directly or through its parents), so a query cannot be limited to one organisation.",
                hint="Add organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE), or add the model to "
                "GLOBAL_MODELS in harbour/accounts/checks.py with the reason it belongs to no organisation.",
                obj=model,
                id="harbour.E201",
            )
        )
    if not callable(getattr(model._default_manager, "for_org", None)):
        errors.append(
            checks.Error(
                f"{model._meta.label}'s default manager has no for_org(org), the one way Harbour queries an "
                "organisation's rows.",
                hint="Use objects = OrganisationQuerySet.as_manager() (harbour.accounts.tenancy) or a queryset with for_org.",
                obj=model,
                id="harbour.E202",
            )
        )
    return errors
