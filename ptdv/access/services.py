"""Writes to accounts and grants, audited like every other write."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.access.models import Grant, User
from ptdv.audit.services import record_event
from ptdv.organizations.models import Organization

MSG_USERNAME_TAKEN = "Tên đăng nhập “{username}” đã được dùng."


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
) -> User:
    """Create an account; it sees nothing until it is given a grant."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN.format(username=username)})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.save()
    record_event(
        actor=actor,
        code="user.created",
        target=user,
        after={"username": username, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def grant_create(*, actor: Any, user: User, organization: Organization, role: str) -> Grant:
    """Give `user` a role on `organization` and its subtree."""
    grant, _ = Grant.objects.get_or_create(user=user, organization=organization, role=role)
    record_event(
        actor=actor,
        code="grant.created",
        target=grant,
        organization=organization,
        after={"user": user.username, "organization": organization.code, "role": role},
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: Grant) -> None:
    """Take a role away; the audit keeps what it was."""
    record_event(
        actor=actor,
        code="grant.revoked",
        target=grant,
        organization=grant.organization,
        before={"user": grant.user.username, "organization": grant.organization.code, "role": grant.role},
    )
    grant.delete()
