"""Writes to accounts and grants, audited like every other write.

An organisation admin manages accounts only inside their own subtree and can never hand out more than
they hold: the national-admin role is given only by a national admin.
"""

import time
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.access.lockout import login_failures
from ptdv.access.models import Grant, User
from ptdv.access.roles import Action, Role
from ptdv.access.scoping import can, scope_paths
from ptdv.access.second_factor import confirmed_device, requires_second_factor
from ptdv.audit.services import record_event
from ptdv.common.text import nfc
from ptdv.organizations.models import Organization

MSG_USERNAME_TAKEN = "Tên đăng nhập “{username}” đã được dùng."
MSG_USERNAME_FORMAT = "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ - (ví dụ: nguyenvanan)."
MSG_NOT_ADMIN = "Bạn không có quyền quản trị “{org}”."
MSG_NATIONAL_ONLY = "Chỉ quản trị toàn quốc mới cấp được vai trò “Quản trị toàn quốc”."
MSG_ORG_INACTIVE = "“{org}” không còn hoạt động."


def _is_national_admin(actor: Any) -> bool:
    if scope_paths(actor, Action.ADMIN) is None:
        return True
    return Grant.objects.filter(user_id=getattr(actor, "pk", 0), role=Role.NATIONAL_ADMIN).exists()


def _check_grantable(actor: Any, organization: Organization, role: str) -> None:
    if not can(actor, Action.ADMIN, organization):
        raise ValidationError({"organization": MSG_NOT_ADMIN.format(org=organization)})
    if not organization.is_active:
        raise ValidationError({"organization": MSG_ORG_INACTIVE.format(org=organization)})
    if role == Role.NATIONAL_ADMIN and not _is_national_admin(actor):
        raise ValidationError({"role": MSG_NATIONAL_ONLY})


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    organization: Organization | None = None,
    role: str | None = None,
) -> User:
    """Create an account, with its first grant when `organization` and `role` are given."""
    username = username.strip().lower()
    errors: dict[str, list[str]] = {}
    if not username or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in username):
        errors["username"] = [MSG_USERNAME_FORMAT]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [MSG_USERNAME_TAKEN.format(username=username)]
    try:
        # An unsaved account stands in for the new one, so "too similar to the name" is checked too.
        validate_password(password, User(username=username, first_name=first_name, last_name=last_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    if is_superuser and not _is_national_admin(actor):
        raise ValidationError(MSG_NATIONAL_ONLY)
    user = User(
        username=username,
        first_name=nfc(first_name),
        last_name=nfc(last_name),
        email=email.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.save()
    record_event(
        actor=actor,
        code="user.created",
        target=user,
        organization=organization,
        after={
            "username": username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_superuser": is_superuser,
        },
    )
    if organization is not None and role:
        grant_create(actor=actor, user=user, organization=organization, role=role)
    return user


@transaction.atomic
def grant_create(*, actor: Any, user: User, organization: Organization, role: str) -> Grant:
    """Give `user` a role on `organization` and its subtree."""
    _check_grantable(actor, organization, role)
    grant, created = Grant.objects.get_or_create(user=user, organization=organization, role=role)
    if created:
        record_event(
            actor=actor,
            code="grant.created",
            target=grant,
            organization=organization,
            after={"user": user.username, "organization": organization.name, "role": role},
        )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: Grant) -> None:
    """Take a role away; the audit keeps what it was."""
    if not can(actor, Action.ADMIN, grant.organization):
        raise ValidationError(MSG_NOT_ADMIN.format(org=grant.organization))
    if grant.role == Role.NATIONAL_ADMIN and not _is_national_admin(actor):
        raise ValidationError(MSG_NATIONAL_ONLY)
    record_event(
        actor=actor,
        code="grant.revoked",
        target=grant,
        organization=grant.organization,
        before={"user": grant.user.username, "organization": grant.organization.name, "role": grant.role},
    )
    grant.delete()


def check_account_admin(actor: Any, user: User) -> None:
    """Only an admin of every organisation the account is granted on may act on the account itself."""
    for grant in user.grants.select_related("organization"):
        if not can(actor, Action.ADMIN, grant.organization):
            raise ValidationError(MSG_NOT_ADMIN.format(org=grant.organization))


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    """Lock or unlock an account; only an admin of every organisation the account is granted on may."""
    check_account_admin(actor, user)
    before = {"is_active": user.is_active}
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        code="user.locked" if not is_active else "user.unlocked",
        target=user,
        before=before,
        after={"is_active": is_active},
    )
    return user


# --- Sign-in security: lockout, second factor, password ------------------------------------------

MSG_BAD_CODE = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập 6 chữ số đang hiện trong ứng dụng."
MSG_ALREADY_ENROLLED = "Tài khoản này đã bật xác thực hai bước."
MSG_ADMIN_KEEPS_OTP = (
    "Tài khoản quản trị bắt buộc dùng xác thực hai bước nên không tự tắt được. "
    "Nếu mất điện thoại, hãy nhờ quản trị viên cấp trên đặt lại."
)
MSG_WRONG_PASSWORD = "Mật khẩu hiện tại không đúng."
MSG_NOT_YOURSELF = "Không tự đặt lại xác thực hai bước của chính mình được; hãy nhờ quản trị viên khác."
MSG_NO_DEVICE = "Tài khoản này chưa bật xác thực hai bước."
DEVICE_NAME = "Ứng dụng xác thực"


@transaction.atomic
def totp_enrol(*, actor: Any, user: User, key: str, token: str) -> TOTPDevice:
    """Turn on TOTP with a secret the user has added to their app, proven by one current code."""
    if confirmed_device(user) is not None:
        raise ValidationError(MSG_ALREADY_ENROLLED)
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
    totp.time = time.time()
    token = token.strip().replace(" ", "")
    if not (token.isdigit() and totp.verify(int(token), tolerance=1)):
        raise ValidationError({"token": MSG_BAD_CODE})
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
    )
    record_event(actor=actor, code="user.otp_enrolled", target=user, after={"device": device.name})
    return device


@transaction.atomic
def totp_remove(*, actor: Any, user: User, password: str) -> None:
    """Turn off the user's own second factor, confirmed by their password; admins must keep it."""
    if requires_second_factor(user):
        raise ValidationError(MSG_ADMIN_KEEPS_OTP)
    if not user.check_password(password):
        raise ValidationError({"password": MSG_WRONG_PASSWORD})
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        raise ValidationError(MSG_NO_DEVICE)
    StaticDevice.objects.filter(user=user).delete()  # backup codes mean nothing without the app
    record_event(actor=actor, code="user.otp_removed", target=user, before={"devices": deleted})


@transaction.atomic
def totp_reset(*, actor: Any, user: User) -> None:
    """An admin clears another account's second factor (a lost phone); the user enrols again."""
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError(MSG_NOT_YOURSELF)
    check_account_admin(actor, user)
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        raise ValidationError(MSG_NO_DEVICE)
    StaticDevice.objects.filter(user=user).delete()
    record_event(actor=actor, code="user.otp_reset", target=user, before={"devices": deleted})


BACKUP_CODE_COUNT = 10


@transaction.atomic
def backup_codes_create(*, actor: Any, user: User) -> list[str]:
    """Ten single-use codes for signing in without the phone; any earlier ones stop working."""
    if confirmed_device(user) is None:
        raise ValidationError(MSG_NO_DEVICE)
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_event(actor=actor, code="user.backup_codes_created", target=user, after={"count": len(codes)})
    return codes


@transaction.atomic
def backup_code_use(*, user: User, code: str) -> StaticDevice | None:
    """Sign-in with a backup code: the code is used up, and the use is audited."""
    code = code.replace(" ", "").strip().lower()
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not code or not device.verify_token(code):
        return None
    record_event(
        actor=user, code="user.backup_code_used", target=user, after={"left": device.token_set.count()}
    )
    return device


@transaction.atomic
def user_login_unlock(*, actor: Any, user: User) -> None:
    """Lift a lockout caused by wrong passwords before its cool-off ends."""
    check_account_admin(actor, user)
    failures = login_failures(user.username)
    axes_reset(username=user.username)
    record_event(actor=actor, code="user.login_unlocked", target=user, before={"failures": failures})


@transaction.atomic
def password_change(*, actor: Any, user: User, old_password: str, new_password: str) -> User:
    """Change one's own password after proving the old one; the new one must pass the policy."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": MSG_WRONG_PASSWORD})
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": list(error.messages)}) from error
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # The audit says that it changed, never what it is.
    record_event(actor=actor, code="user.password_changed", target=user)
    return user
