"""Demo admin accounts come with an authenticator already set up, from a key published in the README.

Admin roles must sign in with a second factor. So that someone trying the demo can sign in without a
phone, the demo enrols its admin accounts with one well-known key, and `manage.py demo_code` prints the
current code for those accounts only: a real account's key is never this one, so the command reveals
nothing about real devices.
"""

import base64
import time
from typing import Any

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.access.second_factor import requires_second_factor
from ptdv.access.services import totp_enrol

# 20 bytes, published: "PTDV demo 2FA key!!!" — for the demo accounts only.
DEMO_KEY_HEX = b"PTDV demo 2FA key!!!".hex()
DEMO_KEY_BASE32 = base64.b32encode(bytes.fromhex(DEMO_KEY_HEX)).decode()


def current_code(key_hex: str = DEMO_KEY_HEX) -> str:
    """The 6-digit code an authenticator app shows now for `key_hex`."""
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def enrol_demo_admins(actor: Any, users: list[Any]) -> list[str]:
    """Enrol every demo account that must use a second factor; returns their usernames."""
    enrolled = []
    for user in users:
        if requires_second_factor(user):
            totp_enrol(actor=actor, user=user, key=DEMO_KEY_HEX, token=current_code())
            enrolled.append(user.username)
    return enrolled


def demo_devices() -> list[TOTPDevice]:
    """Confirmed devices that use the published demo key."""
    return list(
        TOTPDevice.objects.filter(confirmed=True, key=DEMO_KEY_HEX)
        .select_related("user")
        .order_by("user__username")
    )
