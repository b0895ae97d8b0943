"""Writes: targets (set by a committee, so the approve right), categories and terms (national admins)."""

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.services.configuration import is_national_admin
from ptdv.audit.services import record_event, snapshot
from ptdv.common.formatting import vn_number
from ptdv.common.text import nfc
from ptdv.organizations.models import Organization
from ptdv.targets.categories import has_condition
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term

MSG_NO_RIGHT = "Bạn không có quyền giao chỉ tiêu cho {org}: cần quyền ghi nghị quyết, quyết định."
MSG_PERIOD = "Hãy chọn một nhiệm kỳ hoặc một năm (chỉ một trong hai)."
MSG_PER_YEAR = "“Chỉ tiêu cho mỗi năm” chỉ dùng với chỉ tiêu nhiệm kỳ."
MSG_NEGATIVE = "Mức chỉ tiêu phải là số không âm."
MSG_RANGE_MAX = "Chỉ tiêu dạng khoảng cần mức tối đa."
MSG_MAX_BELOW = "Mức tối đa ({maximum}) không được nhỏ hơn mức tối thiểu ({minimum})."
MSG_PERCENT = "Tỷ lệ phần trăm phải từ 0 đến 100."
MSG_WHOLE = "Số người phải là số nguyên."
MSG_SOURCE = (
    "Hãy ghi căn cứ giao chỉ tiêu (số, ngày văn bản), ví dụ “Nghị quyết số 20-NQ/TU ngày 11/01/2024”."
)
MSG_NOMINATED_BY = "Chỉ tiêu giới thiệu nguồn cần ghi đoàn thể được giao."
MSG_NOMINATED_BY_ONLY = "Chỉ ghi đoàn thể với chỉ tiêu giới thiệu quần chúng ưu tú (tạo nguồn)."
MSG_SOURCES_FORM = "Chỉ tiêu giới thiệu nguồn ghi số người (một con số hoặc một khoảng), không ghi tỷ lệ %."
MSG_EXACT_MAX = "Hình thức “Một con số” không có mức tối đa; chọn “Khoảng” nếu chỉ tiêu là từ … đến …"
MSG_TERM_CODE = "Mã nhiệm kỳ ghi dạng 2025-2030 (năm bắt đầu, gạch nối, năm kết thúc)."
MSG_TERM_OVERLAP = "Thời gian trùng với {term} ({start:%d/%m/%Y}–{end:%d/%m/%Y})."
MSG_RATIO_FORM = (
    "Chỉ tiêu tỷ lệ đảng viên so với dân số ghi một tỷ lệ % (hình thức “Một con số” hoặc “Khoảng”)."
)
MSG_DUPLICATE = "{org} đã có chỉ tiêu này cho {period} (mã {pk}); hãy sửa chỉ tiêu đó thay vì thêm mới."
MSG_NATIONAL_ONLY = "Chỉ quản trị toàn quốc được sửa danh mục đối tượng và nhiệm kỳ."
MSG_NO_CONDITION = "Hãy chọn ít nhất một điều kiện để xác định đối tượng."
MSG_TERM_DATES = "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."

TARGET_FIELDS = [
    "organization_id",
    "term_id",
    "year",
    "per_year",
    "measure",
    "category_id",
    "form",
    "minimum",
    "maximum",
    "nominated_by",
    "source_document",
    "note",
]


def _require_approve(actor: Any, org: Organization) -> None:
    if not can(actor, Action.APPROVE, org):
        raise PermissionDenied(MSG_NO_RIGHT.format(org=org.name))


def _validate(target: Target) -> None:
    errors: dict[str, str] = {}
    if (target.term_id is None) == (target.year is None):
        errors["term"] = MSG_PERIOD
    if target.per_year and target.term_id is None:
        errors["per_year"] = MSG_PER_YEAR
    minimum, maximum = target.minimum, target.maximum
    if minimum is None or minimum < 0 or (maximum is not None and maximum < 0):
        errors["minimum"] = MSG_NEGATIVE
    elif maximum is not None and maximum < minimum:
        errors["maximum"] = MSG_MAX_BELOW.format(minimum=vn_number(minimum), maximum=vn_number(maximum))
    if target.form == TargetForm.RANGE and maximum is None:
        errors["maximum"] = MSG_RANGE_MAX
    if target.form == TargetForm.EXACT and maximum is not None and maximum != minimum:
        errors["maximum"] = MSG_EXACT_MAX
    percent = target.form == TargetForm.PERCENT_OF_BASE or target.measure == Measure.MEMBER_POPULATION_RATIO
    if percent and "minimum" not in errors and max(minimum, maximum or 0) > 100:
        errors["minimum"] = MSG_PERCENT
    fractional = any(v is not None and v != v.to_integral_value() for v in (minimum, maximum))
    if not percent and "minimum" not in errors and fractional:
        errors["minimum"] = MSG_WHOLE
    if target.measure == Measure.MEMBER_POPULATION_RATIO and target.form == TargetForm.PERCENT_OF_BASE:
        errors["form"] = MSG_RATIO_FORM
    if target.measure == Measure.SOURCES and not target.nominated_by:
        errors["nominated_by"] = MSG_NOMINATED_BY
    if target.measure != Measure.SOURCES and target.nominated_by:
        errors["nominated_by"] = MSG_NOMINATED_BY_ONLY
    if target.measure == Measure.SOURCES and target.form == TargetForm.PERCENT_OF_BASE:
        errors["form"] = MSG_SOURCES_FORM
    if not target.source_document:
        errors["source_document"] = MSG_SOURCE
    if errors:
        raise ValidationError(errors)
    same: dict[str, object] = {
        "organization_id": target.organization_id,
        "term_id": target.term_id,
        "year": target.year,
        "per_year": target.per_year,
        "measure": target.measure,
        "category_id": target.category_id,
        "nominated_by": target.nominated_by,
    }
    twins = Target.objects.filter(**same).exclude(pk=target.pk)
    if (twin := twins.first()) is not None:
        raise ValidationError(
            MSG_DUPLICATE.format(org=target.organization.name, period=target.period_label, pk=twin.pk)
        )


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for key in ("source_document", "note", "nominated_by"):
        if key in data:
            data[key] = nfc(data[key] or "")
    for key in ("minimum", "maximum"):
        if data.get(key) is not None:
            # Two decimals, as stored: the audit trail's before and after then compare equal.
            data[key] = Decimal(str(data[key])).quantize(Decimal("0.01"))
    if data.get("form") == TargetForm.EXACT and data.get("maximum") == data.get("minimum"):
        data["maximum"] = None
    return data


@transaction.atomic
def target_create(*, actor: Any, organization: Organization, **data: Any) -> Target:
    """Give an organisation a target for a term or a year (checked, audited)."""
    _require_approve(actor, organization)
    target = Target(organization=organization, **_normalise(data))
    if getattr(actor, "pk", None):
        target.created_by = actor
    _validate(target)
    target.save()
    record_event(
        actor=actor,
        code="target.created",
        target=target,
        organization=organization,
        after=snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, **data: Any) -> Target:
    """Change a target (a revised resolution); the audit trail keeps the previous figures."""
    target = Target.objects.select_for_update().get(pk=target.pk)
    _require_approve(actor, target.organization)
    before = snapshot(target, TARGET_FIELDS)
    data.pop("organization", None)
    for key, value in _normalise(data).items():
        setattr(target, key, value)
    _validate(target)
    target.save()
    record_event(
        actor=actor,
        code="target.updated",
        target=target,
        organization=target.organization,
        before=before,
        after=snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def target_delete(*, actor: Any, target: Target, reason: str) -> None:
    """Withdraw a target entered by mistake; the audit trail keeps what it was and why."""
    _require_approve(actor, target.organization)
    if not nfc(reason):
        raise ValidationError({"reason": "Hãy ghi lý do xóa chỉ tiêu."})
    record_event(
        actor=actor,
        code="target.deleted",
        target=target,
        organization=target.organization,
        before=snapshot(target, TARGET_FIELDS),
        reason=nfc(reason),
    )
    target.delete()


CATEGORY_FIELDS = [
    "key",
    "name",
    "order",
    "is_active",
    "occupation_groups",
    "sectors",
    "gender",
    "ethnic_minority",
    "religious",
    "youth_union",
    "trade_union",
    "demobilised_soldier",
]


def _require_national(actor: Any) -> None:
    if not is_national_admin(actor):
        raise PermissionDenied(MSG_NATIONAL_ONLY)


@transaction.atomic
def category_save(*, actor: Any, category: Category | None = None, **data: Any) -> Category:
    """Create or change a category (đối tượng); national admins only."""
    _require_national(actor)
    before = snapshot(category, CATEGORY_FIELDS) if category is not None else None
    category = category or Category()
    for key, value in data.items():
        setattr(category, key, nfc(value) if isinstance(value, str) else value)
    if not has_condition(category):
        raise ValidationError(MSG_NO_CONDITION)
    category.full_clean()
    category.save()
    record_event(
        actor=actor,
        code="category.created" if before is None else "category.updated",
        target=category,
        before=before,
        after=snapshot(category, CATEGORY_FIELDS),
    )
    return category


@transaction.atomic
def term_save(*, actor: Any, term: Term | None = None, **data: Any) -> Term:
    """Create or change a term and the dates its figures are counted between; national admins only."""
    _require_national(actor)
    before = snapshot(term, ["code", "name", "start", "end"]) if term is not None else None
    term = term or Term()
    for key, value in data.items():
        setattr(term, key, nfc(value) if isinstance(value, str) else value)
    term.code = term.code.replace("–", "-").strip()
    if not re.fullmatch(r"\d{4}-\d{4}", term.code):
        raise ValidationError({"code": MSG_TERM_CODE})
    if term.end <= term.start:
        raise ValidationError({"end": MSG_TERM_DATES})
    overlapping = Term.objects.filter(start__lte=term.end, end__gte=term.start).exclude(pk=term.pk).first()
    if overlapping is not None:
        raise ValidationError(
            MSG_TERM_OVERLAP.format(term=overlapping.name, start=overlapping.start, end=overlapping.end)
        )
    term.full_clean()
    term.save()
    record_event(
        actor=actor,
        code="term.created" if before is None else "term.updated",
        target=term,
        before=before,
        after=snapshot(term, ["code", "name", "start", "end"]),
    )
    return term
