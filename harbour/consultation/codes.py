"""Short codes young people type to open a consultation (/c/ then the code, or /c/<code>/): six letters and
digits with none that look alike (no I, L, O, 0 or 1), so a code read off a poster or said aloud works."""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


def new_code() -> str:
    """A code not used by any consultation yet."""
    from harbour.consultation.models import Consultation

    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not Consultation.objects.filter(code=code).exists():
            return code


def normalise(typed: str) -> str:
    """What a person typed, as a code: capitals, without spaces or dashes ("k7m-2qx" -> "K7M2QX")."""
    return "".join(c for c in str(typed).upper() if c.isalnum())[:20]


def is_code(text: str) -> bool:
    return len(text) == LENGTH and all(c in ALPHABET for c in text)
