"""Writes to accounts and grants, audited like every other write.

An organisation admin manages accounts only inside their own subtree and can never hand out more than
they hold: the national-admin role is given only by a national admin.
"""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.access.models import Grant, User
from ptdv.access.roles import Action, Role
from ptdv.access.scoping import can, scope_paths
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
        validate_password(password)
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


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    """Lock or unlock an account; only an admin of every organisation the account is granted on may."""
    for grant in user.grants.select_related("organization"):
        if not can(actor, Action.ADMIN, grant.organization):
            raise ValidationError(MSG_NOT_ADMIN.format(org=grant.organization))
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
