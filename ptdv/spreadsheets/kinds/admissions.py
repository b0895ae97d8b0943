"""Import of admission history: the admissions (and confirmations) of people already in the system."""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from ptdv.access.roles import Action
from ptdv.common.text import search_key
from ptdv.people.models import Person
from ptdv.people.national_id import mask as mask_national_id
from ptdv.spreadsheets.cells import read_date, read_national_id, read_text
from ptdv.spreadsheets.kinds.base import CREATED, UNCHANGED, Column, Outcome, RowCheck, read_columns, vn_date
from ptdv.spreadsheets.kinds.context import MSG_ORG_MISSING, Context
from ptdv.spreadsheets.kinds.history import record_admission

MSG_NO_PERSON = "Không tìm thấy người này trong phạm vi của bạn (theo Số CCCD, hoặc họ tên và ngày sinh); hãy nhập danh sách nhân sự trước."
MSG_AMBIGUOUS = "Có {count} người cùng họ tên và ngày sinh; hãy ghi Số CCCD để phân biệt."
MSG_IDENTIFY = "Cần Số CCCD, hoặc họ tên và ngày sinh, để biết là ai."
MSG_CONFIRMED_BEFORE = "Ngày chính thức {confirmed} trước Ngày vào Đảng {admitted}."

COLUMNS = [
    Column(
        "national_id",
        "Số CCCD",
        read_national_id,
        False,
        ("Số định danh cá nhân", "CCCD", "Số căn cước"),
        "Dùng để tìm người; nếu trống thì tìm theo họ tên và ngày sinh.",
        "001198012345",
    ),
    Column(
        "full_name",
        "Họ và tên",
        partial(read_text, limit=120),
        False,
        ("Họ tên",),
        "",
        "Nguyễn Thị Hồng Nhung",
    ),
    Column(
        "date_of_birth", "Ngày sinh", read_date, False, ("Sinh ngày", "Ngày tháng năm sinh"), "", "05/09/1998"
    ),
    Column(
        "org_code",
        "Mã chi bộ kết nạp",
        partial(read_text, limit=40),
        False,
        ("Mã tổ chức đảng", "Mã chi bộ", "Mã tổ chức"),
        "Chi bộ nơi người đó được kết nạp, tại thời điểm kết nạp. Để trống: chi bộ đang quản lý người đó.",
        "TN-01-CB01",
    ),
    Column(
        "admitted_on",
        "Ngày vào Đảng",
        read_date,
        True,
        ("Ngày kết nạp",),
        "Ngày của quyết định kết nạp.",
        "19/05/2020",
    ),
    Column(
        "admitted_document",
        "Số quyết định kết nạp",
        partial(read_text, limit=255),
        False,
        ("Số QĐ kết nạp", "Quyết định kết nạp"),
        "",
        "45-QĐ/ĐU",
    ),
    Column(
        "confirmed_on",
        "Ngày chính thức",
        read_date,
        False,
        ("Ngày công nhận chính thức",),
        "Để trống nếu còn là đảng viên dự bị.",
        "19/05/2021",
    ),
    Column(
        "confirmed_document",
        "Số quyết định công nhận chính thức",
        partial(read_text, limit=255),
        False,
        ("Số QĐ chính thức",),
        "",
        "60-QĐ/ĐU",
    ),
]


class AdmissionsKind:
    """Lịch sử kết nạp: appended as dated events; the same file imported twice writes nothing the second time."""

    key = "admissions"
    label = "Lịch sử kết nạp (người đã có trong hệ thống)"
    columns = COLUMNS
    decides_duplicates = False

    def check(self, raw: dict[str, Any], ctx: Context) -> RowCheck:
        check = read_columns(self.columns, raw)
        v = check.values
        check.summary = f"{v.get('full_name') or mask_national_id(v.get('national_id') or '')}, vào Đảng {vn_date(v.get('admitted_on'))}"
        ctx.org_of_row(v, check.errors)
        if v.get("admitted_on") and v.get("confirmed_on") and v["confirmed_on"] < v["admitted_on"]:
            check.errors.append(
                MSG_CONFIRMED_BEFORE.format(
                    confirmed=vn_date(v["confirmed_on"]), admitted=vn_date(v["admitted_on"])
                )
            )
        if not check.errors:
            try:
                person = self._person(v, ctx)
            except ValidationError as exc:
                check.errors.extend(exc.messages)
            else:
                check.existing_id = person.pk
                if not v.get("organization") and person.organization.kind not in ("cell", "grassroots_cell"):
                    check.errors.append(MSG_ORG_MISSING.format(root=person.organization.name))
        return check

    def _person(self, v: dict[str, Any], ctx: Context) -> Person:
        people = Person.objects.restrict(ctx.actor, Action.CHANGE).filter(
            organization__path__startswith=ctx.root.path
        )
        if v.get("national_id"):
            query = Q(national_id=v["national_id"])
        elif v.get("full_name") and v.get("date_of_birth"):
            query = Q(name_key=search_key(v["full_name"]), date_of_birth=v["date_of_birth"])
        else:
            raise ValidationError(MSG_IDENTIFY)
        found = list(people.filter(query).select_related("organization")[:3])
        if not found:
            raise ValidationError(MSG_NO_PERSON)
        if len(found) > 1:
            raise ValidationError(MSG_AMBIGUOUS.format(count=len(found)))
        return found[0]

    def apply(
        self, check: RowCheck, decision: str, duplicate: dict[str, Any] | None, ctx: Context
    ) -> Outcome:
        v = check.values
        person = self._person(v, ctx)
        wrote = record_admission(
            actor=ctx.actor,
            person=person,
            organization=v.get("organization") or person.organization,
            admitted_on=v["admitted_on"],
            admitted_document=v.get("admitted_document") or "",
            confirmed_on=v.get("confirmed_on"),
            confirmed_document=v.get("confirmed_document") or "",
            file_label=ctx.file_label,
        )
        return Outcome(CREATED if wrote else UNCHANGED, person)
