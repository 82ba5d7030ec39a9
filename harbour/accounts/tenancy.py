"""Which organisation a row belongs to, for models that say it through a chain of foreign keys.

Every Harbour model that holds an organisation's data reaches accounts.Organisation through required
(non-null) foreign keys, and its default manager has `.for_org(org)`. The system check in
harbour.accounts.checks enforces both (docs/security.md A2); OrganisationQuerySet gives `.for_org` to a model
that has no queryset of its own.
"""

from django.db import models

ORGANISATION = "accounts.organisation"
MAX_HOPS = 3


def organisation_path(model) -> str | None:
    """The shortest lookup ("organisation", "membership__organisation", …) from `model` to its
    organisation through required foreign keys, or None when there is none."""
    if model._meta.label_lower == ORGANISATION:
        return None
    paths = [("", model)]
    for _ in range(MAX_HOPS):
        following = []
        for prefix, current in paths:
            for field in current._meta.concrete_fields:
                if not field.many_to_one and not field.one_to_one or field.null:
                    continue
                path = f"{prefix}{field.name}"
                target = field.related_model
                if target._meta.label_lower == ORGANISATION:
                    return path
                following.append((f"{path}__", target))
        paths = following
    return None


class OrganisationQuerySet(models.QuerySet):
    def for_org(self, org):
        path = organisation_path(self.model)
        if path is None:
            raise TypeError(f"{self.model._meta.label} has no required foreign key path to an organisation")
        return self.filter(**{path: org})
