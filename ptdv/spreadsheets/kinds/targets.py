"""Import of targets: one row per organisation × period × measure × category, matched on those keys."""

import re
from decimal import Decimal
from functools import partial
from typing import Any

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.models import NominatedBy
from ptdv.spreadsheets.cells import CellError, Read, read_bool, read_choice, read_number, read_text
from ptdv.spreadsheets.kinds.base import (
    CREATED,
    UNCHANGED,
    UPDATE,
    UPDATED,
    Column,
    Outcome,
    RowCheck,
    read_columns,
)
from ptdv.spreadsheets.kinds.context import Context
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.services import target_create, target_update

MSG_PERIOD = "“{value}” không phải nhiệm kỳ (ví dụ 2025-2030) hay năm (ví dụ 2026)."
MSG_TERM_UNKNOWN = "Chưa có nhiệm kỳ “{value}” trong danh mục nhiệm kỳ."
MSG_CATEGORY = "Không có đối tượng “{value}” trong danh mục đối tượng."
MSG_NO_APPROVE = "Bạn không có quyền giao chỉ tiêu cho “{org}” (cần quyền ghi nghị quyết, quyết định)."
_TERM = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


def read_period(value: Any) -> Read:
    """A term code "2025-2030" (any dash) or a year "2026"."""
    text = read_text(value).value
    if match := _TERM.fullmatch(text):
        return Read(f"{match[1]}-{match[2]}")
    if re.fullmatch(r"(19|20)\d\d", text):
        return Read(int(text))
    raise CellError(MSG_PERIOD.format(value=text))


COLUMNS = [
    Column(
        "org_code",
        "Mã tổ chức đảng",
        partial(read_text, limit=40),
        True,
        ("Mã tổ chức", "Mã đơn vị"),
        "Tổ chức được giao chỉ tiêu.",
        "TN-01",
    ),
    Column(
        "period",
        "Nhiệm kỳ hoặc năm",
        read_period,
        True,
        ("Nhiệm kỳ", "Năm", "Kỳ"),
        "Ví dụ 2025-2030 hoặc 2026.",
        "2025-2030",
    ),
    Column(
        "per_year",
        "Mỗi năm",
        read_bool,
        False,
        ("Hằng năm", "Chỉ tiêu mỗi năm"),
        "Ghi x nếu là chỉ tiêu cho mỗi năm của nhiệm kỳ.",
        "",
    ),
    Column(
        "measure",
        "Nội dung",
        partial(
            read_choice,
            choices=Measure.choices,
            label="Nội dung",
            aliases={"Kết nạp": Measure.ADMISSIONS, "Tạo nguồn": Measure.SOURCES},
        ),
        False,
        ("Nội dung chỉ tiêu", "Chỉ tiêu"),
        "Để trống là Kết nạp đảng viên mới.",
        "Kết nạp đảng viên mới",
    ),
    Column(
        "category",
        "Đối tượng",
        partial(read_text, limit=120),
        False,
        ("Loại đối tượng",),
        "Tên trong danh mục đối tượng; để trống là toàn bộ.",
        "",
    ),
    Column(
        "form",
        "Hình thức",
        partial(
            read_choice,
            choices=TargetForm.choices,
            label="Hình thức",
            aliases={"Khoảng": TargetForm.RANGE, "Tỷ lệ": TargetForm.PERCENT_OF_BASE},
        ),
        False,
        (),
        "Để trống: Một con số, hoặc Khoảng khi có mức tối đa.",
        "",
    ),
    Column(
        "minimum",
        "Mức tối thiểu",
        read_number,
        True,
        ("Mức", "Chỉ tiêu (người)", "Số lượng", "Tối thiểu"),
        "",
        1020,
    ),
    Column("maximum", "Mức tối đa", read_number, False, ("Tối đa",), "Chỉ với chỉ tiêu dạng khoảng.", 1250),
    Column(
        "nominated_by",
        "Đoàn thể giới thiệu",
        partial(
            read_choice,
            choices=NominatedBy.choices,
            label="Đoàn thể giới thiệu",
            aliases={"Đoàn thanh niên": NominatedBy.YOUTH_UNION},
        ),
        False,
        (),
        "Chỉ với chỉ tiêu giới thiệu nguồn.",
        "",
    ),
    Column(
        "source_document",
        "Căn cứ",
        partial(read_text, limit=255),
        True,
        ("Văn bản giao chỉ tiêu", "Căn cứ giao chỉ tiêu"),
        "Số, ngày văn bản giao chỉ tiêu.",
        "Nghị quyết số 01-NQ/ĐH ngày 20/08/2025",
    ),
]


class TargetsKind:
    """Chỉ tiêu: created or updated through the target services (approve right needed)."""

    key = "targets"
    label = "Chỉ tiêu"
    columns = COLUMNS
    decides_duplicates = False

    def check(self, raw: dict[str, Any], ctx: Context) -> RowCheck:
        check = read_columns(self.columns, raw)
        v = check.values
        check.summary = f"{v.get('org_code') or ''} {v.get('period') or ''}".strip()
        org = ctx.org_of_row(v, check.errors)
        if org is not None and not can(ctx.actor, Action.APPROVE, org):
            check.errors.append(MSG_NO_APPROVE.format(org=org.name))
        period = v.get("period")
        v["term"], v["year"] = None, None
        if isinstance(period, str):
            v["term"] = Term.objects.filter(code=period).first()
            if v["term"] is None:
                check.errors.append(MSG_TERM_UNKNOWN.format(value=period))
        elif isinstance(period, int):
            v["year"] = period
        v["category_obj"] = None
        if v.get("category"):
            v["category_obj"] = _category(v["category"])
            if v["category_obj"] is None:
                check.errors.append(MSG_CATEGORY.format(value=v["category"]))
        if not check.errors and (existing := self._existing(v)) is not None:
            check.existing_id, check.plan = existing.pk, UPDATE
        return check

    def _data(self, v: dict[str, Any]) -> dict[str, Any]:
        form = v.get("form") or (TargetForm.RANGE if v.get("maximum") is not None else TargetForm.EXACT)
        return {
            "term": v["term"],
            "year": v["year"],
            "per_year": bool(v.get("per_year")),
            "measure": v.get("measure") or Measure.ADMISSIONS,
            "category": v["category_obj"],
            "form": form,
            "minimum": v["minimum"],
            "maximum": v.get("maximum"),
            "nominated_by": v.get("nominated_by") or "",
            "source_document": v["source_document"],
        }

    def _existing(self, v: dict[str, Any]) -> Target | None:
        data = self._data(v)
        return Target.objects.filter(
            organization=v["organization"],
            term=data["term"],
            year=data["year"],
            per_year=data["per_year"],
            measure=data["measure"],
            category=data["category"],
            nominated_by=data["nominated_by"],
        ).first()

    def apply(
        self, check: RowCheck, decision: str, duplicate: dict[str, Any] | None, ctx: Context
    ) -> Outcome:
        v = check.values
        data = self._data(v)
        existing = self._existing(v)
        if existing is None:
            return Outcome(CREATED, target_create(actor=ctx.actor, organization=v["organization"], **data))
        same = all(_same(getattr(existing, key), value) for key, value in data.items())
        if same:
            return Outcome(UNCHANGED, existing)
        return Outcome(UPDATED, target_update(actor=ctx.actor, target=existing, **data))


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return bool(old == new)


def _category(text: str) -> Category | None:
    from ptdv.common.text import search_key

    key = search_key(text)
    for category in Category.objects.all():
        if key in (search_key(category.name), search_key(category.key)):
            return category
    return None
