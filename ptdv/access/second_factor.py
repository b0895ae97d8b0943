"""Who needs a second factor, and where a signed-in session stands with it."""

from typing import Any

from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.access.roles import Role

# Roles that administer accounts: holding one (or being a superuser) makes the second factor compulsory.
ADMIN_ROLES = (Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
# Set at password login when the account has a confirmed device: the session must then be verified.
SESSION_NEEDS_OTP = "ptdv_needs_otp"


def requires_second_factor(user: Any) -> bool:
    """Superusers and holders of an admin role must sign in with a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    from ptdv.access.models import Grant

    return Grant.objects.filter(user_id=user.pk, role__in=ADMIN_ROLES).exists()


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it has one."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def is_verified(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (django-otp's middleware sets otp_device)."""
    return getattr(request.user, "otp_device", None) is not None


def forget_verification(request: HttpRequest) -> None:
    """Drop the session's second-factor state (after the device it used is removed)."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SESSION_NEEDS_OTP, None)
    if hasattr(request.user, "otp_device"):
        request.user.otp_device = None
