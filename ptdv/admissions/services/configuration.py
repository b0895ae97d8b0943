"""Writes to the settings the rules read: rule parameters and the working-day calendar."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.access.models import Grant
from ptdv.access.roles import Role
from ptdv.access.scoping import scope_paths
from ptdv.admissions.models import CalendarDay, RuleParameter
from ptdv.admissions.rules import PARAM_INFO
from ptdv.admissions.services.deadlines import refresh_all_due
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc

MSG_NATIONAL_ONLY = "Chỉ quản trị toàn quốc được thay đổi tham số quy tắc và lịch ngày làm việc."
MSG_UNKNOWN = "Không có tham số “{key}”."
MSG_NEGATIVE = "Giá trị phải là số không âm."
MSG_DOCUMENT = "Hãy ghi căn cứ (văn bản) của giá trị mới."
MSG_DAY_EXISTS = "Ngày {day:%d/%m/%Y} đã được khai báo ({kind})."


def is_national_admin(actor: Any) -> bool:
    """A superuser, or someone holding the national-admin role."""
    if scope_paths(actor, "admin") is None:
        return True
    return Grant.objects.filter(user_id=getattr(actor, "pk", None) or 0, role=Role.NATIONAL_ADMIN).exists()


def _require_national(actor: Any) -> None:
    if not is_national_admin(actor):
        raise ValidationError(MSG_NATIONAL_ONLY)


@transaction.atomic
def rule_parameter_set(
    *, actor: Any, key: str, value: int, valid_from: dt.date, document: str
) -> RuleParameter:
    """Give a rule parameter a new value from a date on (earlier values stay in force before it)."""
    _require_national(actor)
    if key not in PARAM_INFO:
        raise ValidationError({"key": MSG_UNKNOWN.format(key=key)})
    if value < 0:
        raise ValidationError({"value": MSG_NEGATIVE})
    if not nfc(document):
        raise ValidationError({"document": MSG_DOCUMENT})
    row = RuleParameter.objects.create(
        key=key,
        value=value,
        valid_from=valid_from,
        document=nfc(document),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    refresh_all_due()
    record_event(
        actor=actor,
        code="rules.parameter_set",
        target=row,
        after=snapshot(row, ["key", "value", "valid_from", "document"]),
    )
    return row


@transaction.atomic
def calendar_day_add(*, actor: Any, date: dt.date, kind: str, note: str = "") -> CalendarDay:
    """Declare a make-up working day or an extra day off; every open deadline is recomputed."""
    _require_national(actor)
    if (existing := CalendarDay.objects.filter(date=date).first()) is not None:
        raise ValidationError({"date": MSG_DAY_EXISTS.format(day=date, kind=existing.get_kind_display())})
    row = CalendarDay.objects.create(
        date=date, kind=kind, note=nfc(note), created_by=actor if getattr(actor, "pk", None) else None
    )
    refresh_all_due()
    record_event(
        actor=actor,
        code="rules.calendar_day_added",
        target=row,
        after=snapshot(row, ["date", "kind", "note"]),
    )
    return row
