"""Roles and the actions each one allows on an organisation's subtree."""

from django.db import models


class Action(models.TextChoices):
    VIEW = "view", "Xem"
    CHANGE = "change", "Nhập, sửa dữ liệu"
    APPROVE = "approve", "Ghi nghị quyết, quyết định"
    ADMIN = "admin", "Quản trị"


class Role(models.TextChoices):
    VIEWER = "viewer", "Người xem"
    CLERK = "clerk", "Cán bộ nhập liệu"
    APPROVER = "approver", "Người phê duyệt"
    ORG_ADMIN = "org_admin", "Quản trị tổ chức"
    NATIONAL_ADMIN = "national_admin", "Quản trị toàn quốc"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.CLERK: frozenset({Action.VIEW, Action.CHANGE}),
    Role.APPROVER: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    Role.ORG_ADMIN: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE, Action.ADMIN}),
    Role.NATIONAL_ADMIN: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE, Action.ADMIN}),
}


def roles_allowing(action: str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
