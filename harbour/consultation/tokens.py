"""One answer per person without tracking: a random token in a signed, first-party cookie, and nothing else.

The cookie is scoped to the public consultation pages (/c/), HttpOnly and SameSite=Lax, and holds only a
random value (never a person's details). Harbour stores it only as a keyed hash per consultation
(`token_hash`), so answers to two consultations cannot be linked, and the hash cannot be turned back into
the cookie. A person who clears their cookies can answer again: the rate limits (settings
HARBOUR_RATE_LIMITS "consultation_*") keep that from becoming a flood.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

COOKIE = "harbour_participant"
PATH = "/c/"
MAX_AGE = 365 * 24 * 3600  # a year: no consultation runs longer
_SALT = "harbour.consultation.tokens"


def token_of(request) -> str | None:
    """The participant's token from their cookie, or None when there is none or it was tampered with."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        return signing.Signer(salt=_SALT).unsign(raw)
    except signing.BadSignature:
        return None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def participant_token(request) -> tuple[str, bool]:
    """(token, is_new): the cookie's token, or a new one that `remember` must set on the response."""
    token = token_of(request)
    return (token, False) if token else (new_token(), True)


def remember(response, token: str) -> None:
    """Set the participant cookie on a response."""
    response.set_cookie(
        COOKIE,
        signing.Signer(salt=_SALT).sign(token),
        max_age=MAX_AGE,
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def token_hash(consultation, token: str) -> str:
    """The token as stored for one consultation: HMAC-SHA256 keyed from SECRET_KEY and the consultation."""
    key = hashlib.sha256(f"{_SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{consultation.pk}:{token}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Pseudonym:
    author_id: str  # the inbox Author's platform id
    name: str  # "Young person 4F2A9C": all anyone sees of the person, on the board or in the inbox


def pseudonym(consultation, hashed: str) -> Pseudonym:
    """How one person appears for one consultation, from their token hash: their board posts, flagged
    answers and complaints share one inbox Author (so screening's running state reads them together), and
    nothing links it to another consultation or to the person. Six hex characters: on a board of 1,000
    posters, two share a name about 3 times in 100."""
    return Pseudonym(
        author_id=f"young-person-{consultation.pk}-{hashed[:32]}", name=f"Young person {hashed[:6].upper()}"
    )
