"""Length limits on what people type, checked by the services as well as the forms: no caller (a command, a
future form, the API) stores more than a page shows or PostgreSQL holds. The limit is the model field's."""


def too_long(model, field: str, value, what: str | None = None) -> str:
    """The sentence to refuse `value` with when it is longer than model.field's max_length; "" when it fits.
    `what` names the field in the sentence (default: "The <verbose name>")."""
    model_field = model._meta.get_field(field)
    limit = model_field.max_length
    if not limit or not isinstance(value, str) or len(value) <= limit:
        return ""
    return f"{what or f'The {model_field.verbose_name}'} must be {limit:,} characters or fewer."
