"""Two-factor sign-in: authenticator apps (TOTP) and one-time backup codes, on django-otp devices."""

import re
import time
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
SIX_DIGITS = re.compile(r"\d{6}")


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes ("123 456", "abcd-efgh"); compare without them."""
    return re.sub(r"[\s-]", "", code or "").lower()


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def verify_code(user, code: str):
    """The device that accepts `code` (a TOTP code or an unused backup code), or None.

    A TOTP code is refused if it or an earlier one was already used (django-otp keeps last_t), and a
    backup code is deleted once used. Each device throttles itself after failures.
    """
    code = normalise_code(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, TOTPDevice) and not SIX_DIGITS.fullmatch(code):
                continue
            if device.verify_token(code):
                return device
    return None


def throttled_until(user):
    """When the earliest throttled device allows another try, if every device is throttled now."""
    waits = []
    for device in devices_for_user(user):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return None
        if data and data.get("locked_until"):
            waits.append(data["locked_until"])
    return min(waits) if waits else None


def new_secret() -> str:
    return default_key()


def secret_for_people(hex_key: str) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    b32 = b32encode(unhexlify(hex_key)).decode()
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def setup_uri(user, hex_key: str) -> str:
    return TOTPDevice(user=user, key=hex_key).config_url


def qr_svg(uri: str) -> str:
    """The setup link as an inline SVG (paths only, no style attributes, so the CSP allows it)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


def code_matches_secret(hex_key: str, code: str) -> tuple[bool, int]:
    """Whether `code` is right now (±1 step) for a secret not yet saved, and its time step."""
    code = normalise_code(code)
    if not SIX_DIGITS.fullmatch(code):
        return False, 0
    totp = TOTP(unhexlify(hex_key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return True, totp.t()
    return False, 0


def save_authenticator(user, hex_key: str, last_t: int) -> TOTPDevice:
    """Replace the user's authenticator with a confirmed one; last_t stops the setup code being reused."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, key=hex_key, confirmed=True, tolerance=1, last_t=last_t
    )


def replace_backup_codes(user) -> list[str]:
    """Delete any old backup codes and create BACKUP_CODE_COUNT new ones; returns them to show once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator_for(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def format_backup_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code
