"""Helpers for the accounts tests: codes from a user's authenticator, and a password sign-in."""

import time

import pytest

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def add_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def add_backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def enter_password(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"email": email, "password": password, **extra})



@pytest.fixture
def no_otp_throttle(settings):
    """django-otp makes a device wait 1, 2, 4… seconds after each wrong code; most tests need no wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
