"""Import of people: non-members, candidates (opening their case) and members with their admission dates."""

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.services import candidacy_create
from ptdv.common.text import search_key
from ptdv.people import national_id as nid
from ptdv.people.bulk import NewEvent, NewPerson, PeoplePlan, people_plan, people_prepare, people_write
from ptdv.people.choices import (
    ETHNICITY_CHOICES,
    RELIGION_CHOICES,
    EducationLevel,
    Gender,
    OccupationGroup,
    Qualification,
)
from ptdv.people.models import EventKind, MembershipStatus, Person
from ptdv.people.selectors import with_name_and_birth
from ptdv.people.services import person_create, person_update
from ptdv.spreadsheets.cells import read_bool, read_choice, read_date, read_national_id, read_phone, read_text
from ptdv.spreadsheets.kinds.base import (
    CREATE,
    CREATED,
    SKIP,
    UNCHANGED,
    UPDATE,
    UPDATED,
    Column,
    Outcome,
    RowCheck,
    read_columns,
    vn_date,
)
from ptdv.spreadsheets.kinds.context import MSG_ORG_MISSING, Context
from ptdv.spreadsheets.kinds.history import NOTE, record_admission

S = MembershipStatus
BULK_STATUSES = {S.NON_MEMBER, S.PROBATIONARY, S.FULL}  # a candidate opens a case: one by one
STATUS_CHOICES = [
    (S.NON_MEMBER, "Quần chúng"),
    (S.CANDIDATE, "Quần chúng ưu tú"),
    (S.PROBATIONARY, "Đảng viên dự bị"),
    (S.FULL, "Đảng viên chính thức"),
]
STATUS_ALIASES = {
    "Đối tượng kết nạp": S.CANDIDATE,
    "Dự bị": S.PROBATIONARY,
    "Chính thức": S.FULL,
    "Đảng viên": S.FULL,
}
EDUCATION_ALIASES = {
    "12/12": "upper_secondary",
    "9/12": "lower_secondary",
    "5/12": "primary",
    "10/10": "upper_secondary",
    "7/10": "lower_secondary",
}
GENDER_ALIASES = {"Nu": Gender.FEMALE, "Nữ giới": Gender.FEMALE, "Nam giới": Gender.MALE}

MSG_NEEDS_ADMISSION = "“{status}” cần có Ngày vào Đảng."
MSG_NEEDS_CONFIRMATION = "“Đảng viên chính thức” cần có Ngày chính thức (không tự suy ra từ ngày vào Đảng)."
MSG_CANDIDATE_DATE = "Quần chúng ưu tú cần có Ngày được giới thiệu (ngày chi bộ đưa vào danh sách)."
MSG_CONFIRMED_BEFORE = "Ngày chính thức {confirmed} trước Ngày vào Đảng {admitted}."
MSG_NID = "Số CCCD: {message}"
MSG_DUP_FILE_ID = "Trùng Số CCCD với dòng {row} của tệp."
MSG_DUP_FILE_NAME = "Trùng họ tên và ngày sinh với dòng {row} của tệp."
MSG_DUP_DB_ID = "Đã có {name} ({org}) với Số CCCD này: dòng sẽ cập nhật hồ sơ đó."
MSG_DUP_DB_ID_HIDDEN = "Số CCCD này đã có trong hệ thống, ở tổ chức ngoài phạm vi của bạn; không thể nhập."
MSG_DUP_DB_NAME = "Đã có {name}, sinh {dob}, ở {org}; hãy chọn bỏ qua, cập nhật hồ sơ đó hay tạo người mới."
MSG_PERSON_GONE = "Hồ sơ cần cập nhật không còn trong phạm vi của bạn."

PERSON_FIELDS = {
    "full_name": "full_name",
    "gender": "gender",
    "date_of_birth": "date_of_birth",
    "national_id": "national_id",
    "ethnicity": "ethnicity",
    "religion": "religion",
    "education_level": "education_level",
    "qualification": "qualification",
    "occupation": "occupation",
    "occupation_group": "occupation_group",
    "is_youth_union_member": "is_youth_union_member",
    "is_trade_union_member": "is_trade_union_member",
    "is_demobilised_soldier": "is_demobilised_soldier",
    "residence": "residence",
    "workplace": "workplace",
    "phone": "phone",
}


def _choice(choices: Any, label: str, aliases: Mapping[str, str] | None = None) -> Any:
    return partial(read_choice, choices=choices, label=label, aliases=aliases)


COLUMNS = [
    Column(
        "full_name",
        "Họ và tên",
        partial(read_text, limit=120),
        True,
        ("Họ tên", "Họ và tên khai sinh", "Tên"),
        "Ghi đầy đủ họ, chữ đệm và tên.",
        "Nguyễn Thị Hồng Nhung",
    ),
    Column(
        "gender",
        "Giới tính",
        _choice(Gender.choices, "Giới tính", GENDER_ALIASES),
        True,
        ("Nam/Nữ", "Phái"),
        "Nam hoặc Nữ.",
        "Nữ",
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        read_date,
        True,
        ("Ngày tháng năm sinh", "Sinh ngày", "Ngày, tháng, năm sinh"),
        "Ngày/tháng/năm, ví dụ 05/09/1998. Chỉ có năm sinh sẽ bị báo lỗi, không tự đoán.",
        "05/09/1998",
    ),
    Column(
        "national_id",
        "Số CCCD",
        read_national_id,
        False,
        (
            "Số định danh cá nhân",
            "CCCD",
            "Số căn cước",
            "Căn cước công dân",
            "CMND/CCCD",
            "Số CMND",
            "Số CCCD/CMND",
        ),
        "12 chữ số. Nên định dạng cột là Văn bản để giữ số 0 ở đầu.",
        "001198012345",
    ),
    Column(
        "ethnicity", "Dân tộc", _choice(ETHNICITY_CHOICES, "Dân tộc"), False, (), "Để trống là Kinh.", "Kinh"
    ),
    Column(
        "religion",
        "Tôn giáo",
        _choice(
            RELIGION_CHOICES,
            "Tôn giáo",
            {
                "": "Không",
                "Phật": "Phật giáo",
                "Thiên Chúa giáo": "Công giáo",
                "Hòa Hảo": "Phật giáo Hòa Hảo",
            },
        ),
        False,
        (),
        "Để trống là Không.",
        "Không",
    ),
    Column(
        "education_level",
        "Trình độ giáo dục phổ thông",
        _choice(EducationLevel.choices, "Trình độ giáo dục phổ thông", EDUCATION_ALIASES),
        False,
        ("Giáo dục phổ thông", "Văn hóa", "Trình độ văn hóa"),
        "Ví dụ: Trung học phổ thông hoặc 12/12.",
        "12/12",
    ),
    Column(
        "qualification",
        "Trình độ chuyên môn",
        _choice(Qualification.choices, "Trình độ chuyên môn"),
        False,
        ("Chuyên môn", "Trình độ chuyên môn nghiệp vụ"),
        "Ví dụ: Đại học, Trung cấp.",
        "Đại học",
    ),
    Column(
        "occupation",
        "Nghề nghiệp, chức vụ",
        partial(read_text, limit=120),
        False,
        ("Nghề nghiệp", "Chức vụ"),
        "",
        "Giáo viên",
    ),
    Column(
        "occupation_group",
        "Nhóm nghề nghiệp",
        _choice(OccupationGroup.choices, "Nhóm nghề nghiệp"),
        False,
        (),
        "Dùng để thống kê theo đối tượng.",
        "Viên chức",
    ),
    Column(
        "is_youth_union_member",
        "Đoàn viên",
        read_bool,
        False,
        ("Đoàn viên Đoàn TNCS", "Đoàn viên Đoàn TNCS Hồ Chí Minh"),
        "Ghi x nếu là đoàn viên Đoàn TNCS Hồ Chí Minh.",
        "x",
    ),
    Column(
        "is_trade_union_member",
        "Công đoàn viên",
        read_bool,
        False,
        ("Đoàn viên Công đoàn",),
        "Ghi x nếu là đoàn viên công đoàn.",
        "",
    ),
    Column(
        "is_demobilised_soldier",
        "Quân nhân xuất ngũ",
        read_bool,
        False,
        (),
        "Ghi x nếu là quân nhân xuất ngũ.",
        "",
    ),
    Column(
        "residence",
        "Nơi cư trú",
        partial(read_text, limit=255),
        False,
        ("Nơi ở hiện nay", "Địa chỉ", "Chỗ ở hiện nay"),
        "",
        "Ấp Tân Phú, xã Tân Phú",
    ),
    Column(
        "workplace",
        "Nơi làm việc, học tập",
        partial(read_text, limit=255),
        False,
        ("Nơi làm việc", "Đơn vị công tác"),
        "",
        "Trường THCS Tân Phú",
    ),
    Column(
        "phone",
        "Số điện thoại",
        read_phone,
        False,
        ("Điện thoại", "SĐT", "Di động"),
        "10 chữ số, bắt đầu bằng 0.",
        "0912345678",
    ),
    Column(
        "org_code",
        "Mã tổ chức đảng",
        partial(read_text, limit=40),
        False,
        ("Mã chi bộ", "Mã tổ chức", "Mã đơn vị"),
        "Mã chi bộ quản lý (xem trang Tổ chức). Để trống khi nhập cho đúng một chi bộ.",
        "TN-01-CB01",
    ),
    Column(
        "status",
        "Tình trạng",
        _choice(STATUS_CHOICES, "Tình trạng", STATUS_ALIASES),
        False,
        ("Tình trạng đảng viên",),
        "Quần chúng, Quần chúng ưu tú, Đảng viên dự bị hoặc Đảng viên chính thức. Để trống: suy ra từ các ngày bên cạnh.",
        "Đảng viên dự bị",
    ),
    Column(
        "nominated_on",
        "Ngày được giới thiệu",
        read_date,
        False,
        ("Ngày vào danh sách quần chúng ưu tú", "Ngày giới thiệu"),
        "Với quần chúng ưu tú: ngày chi bộ đưa vào danh sách (mở hồ sơ kết nạp).",
        "",
    ),
    Column(
        "admitted_on",
        "Ngày vào Đảng",
        read_date,
        False,
        ("Ngày kết nạp", "Ngày vào Đảng (dự bị)"),
        "Với đảng viên: ngày quyết định kết nạp.",
        "19/05/2024",
    ),
    Column(
        "admitted_document",
        "Số quyết định kết nạp",
        partial(read_text, limit=255),
        False,
        ("Quyết định kết nạp", "Số QĐ kết nạp"),
        "",
        "123-QĐ/ĐU",
    ),
    Column(
        "confirmed_on",
        "Ngày chính thức",
        read_date,
        False,
        ("Ngày công nhận chính thức", "Ngày chuyển chính thức"),
        "Với đảng viên chính thức.",
        "",
    ),
    Column(
        "confirmed_document",
        "Số quyết định công nhận chính thức",
        partial(read_text, limit=255),
        False,
        ("Số QĐ chính thức", "Quyết định chính thức"),
        "",
        "",
    ),
]


class PeopleKind:
    """Nhân sự: one row per person, matched by Số CCCD, or by name and date of birth."""

    key = "people"
    label = "Nhân sự (quần chúng, quần chúng ưu tú, đảng viên)"
    columns = COLUMNS
    decides_duplicates = True
    pure_check = True  # check() reads no database (its organisations are loaded once into the context)

    def check(self, raw: dict[str, Any], ctx: Context) -> RowCheck:
        check = read_columns(self.columns, raw)
        v = check.values
        self._check_org(check, ctx)
        if v.get("national_id"):
            for problem in nid.problems(
                v["national_id"], gender=v.get("gender"), date_of_birth=v.get("date_of_birth")
            ):
                check.errors.append(MSG_NID.format(message=problem))
        status = v.get("status") or (
            S.FULL if v.get("confirmed_on") else S.PROBATIONARY if v.get("admitted_on") else S.NON_MEMBER
        )
        v["status"] = status
        if status in (S.PROBATIONARY, S.FULL) and not v.get("admitted_on"):
            check.errors.append(MSG_NEEDS_ADMISSION.format(status=S(status).label))
        if status == S.FULL and not v.get("confirmed_on"):
            check.errors.append(MSG_NEEDS_CONFIRMATION)
        if status == S.CANDIDATE and not v.get("nominated_on"):
            check.errors.append(MSG_CANDIDATE_DATE)
        if v.get("admitted_on") and v.get("confirmed_on") and v["confirmed_on"] < v["admitted_on"]:
            check.errors.append(
                MSG_CONFIRMED_BEFORE.format(
                    confirmed=vn_date(v["confirmed_on"]), admitted=vn_date(v["admitted_on"])
                )
            )
        name = v.get("full_name") or ""
        check.summary = f"{name}, {vn_date(v.get('date_of_birth'))}".strip(", ")
        if v.get("national_id"):
            check.identity["national_id"] = v["national_id"]
        if name and v.get("date_of_birth"):
            check.identity["name_dob"] = f"{search_key(name)}|{v['date_of_birth'].isoformat()}"
        return check

    def restore(self, values: dict[str, Any], ctx: Context) -> RowCheck:
        """The check of a row from the values its analysis stored: its organisation is looked up again."""
        check = RowCheck(values=values)
        self._check_org(check, ctx)
        return check

    def _check_org(self, check: RowCheck, ctx: Context) -> None:
        if check.values.get("org_code"):
            ctx.org_of_row(check.values, check.errors)
        elif ctx.root.kind in ("cell", "grassroots_cell"):
            check.values["organization"] = ctx.root
        else:
            check.values["organization"] = None
            check.errors.append(MSG_ORG_MISSING.format(root=ctx.root.name))

    def match(
        self,
        checks: Sequence[tuple[int, RowCheck]],
        ctx: Context,
        seen: dict[tuple[str, Any], int] | None = None,
    ) -> dict[int, dict[str, Any]]:
        """Duplicates of each row: earlier rows of the file first, then people already in the system.

        `seen` carries the identities of the earlier rows from one batch of rows to the next.
        """
        found: dict[int, dict[str, Any]] = {}
        seen = {} if seen is None else seen
        for number, check in checks:
            for key in ("national_id", "name_dob"):
                value = check.identity.get(key)
                if value is None:
                    continue
                if (key, value) in seen and number not in found:
                    found[number] = {"by": key, "row": seen[(key, value)]}
                seen.setdefault((key, value), number)
        ids = [c.identity["national_id"] for _, c in checks if "national_id" in c.identity]
        pairs = sorted(
            {
                (c.identity["name_dob"].split("|")[0], c.values["date_of_birth"])
                for _, c in checks
                if "name_dob" in c.identity
            }
        )
        by_id: dict[str, Person] = {}
        by_name: dict[str, list[Person]] = {}
        for chunk in _chunks(ids, 500):
            for person in Person.objects.filter(national_id__in=chunk).select_related("organization"):
                by_id[person.national_id or ""] = person
        for part in _chunks(pairs, 1000 if connection.vendor == "postgresql" else 250):
            people = with_name_and_birth(Person.objects.restrict(ctx.actor), part)
            for person in people.select_related("organization"):
                by_name.setdefault(f"{person.name_key}|{person.date_of_birth.isoformat()}", []).append(person)
        for number, check in checks:
            if number in found:
                continue
            person = by_id.get(check.identity.get("national_id", ""))
            if person is not None:
                visible = can(ctx.actor, Action.CHANGE, person.organization)
                found[number] = {
                    "by": "national_id",
                    "person": person.pk if visible else None,
                    "name": person.full_name if visible else "",
                    "org": person.organization.name if visible else "",
                }
                continue
            same = [
                p
                for p in by_name.get(check.identity.get("name_dob", ""), [])
                if not (p.national_id and check.identity.get("national_id"))
            ]
            if same:
                person = same[0]
                found[number] = {
                    "by": "name_dob",
                    "person": person.pk,
                    "name": person.full_name,
                    "org": person.organization.name,
                    "dob": vn_date(person.date_of_birth),
                }
        return found

    def describe_duplicate(self, duplicate: dict[str, Any]) -> tuple[str, list[str], str]:
        """(message, the decisions a user may take, the default) for one duplicate."""
        if "row" in duplicate:
            if duplicate["by"] == "national_id":
                return MSG_DUP_FILE_ID.format(row=duplicate["row"]), [SKIP, UPDATE], SKIP
            return MSG_DUP_FILE_NAME.format(row=duplicate["row"]), [SKIP, CREATE], SKIP
        if duplicate["by"] == "national_id":
            if duplicate.get("person") is None:
                return MSG_DUP_DB_ID_HIDDEN, [], SKIP
            return MSG_DUP_DB_ID.format(**duplicate), [UPDATE, SKIP], UPDATE
        return MSG_DUP_DB_NAME.format(**duplicate), [SKIP, UPDATE, CREATE], SKIP

    def apply(
        self, check: RowCheck, decision: str, duplicate: dict[str, Any] | None, ctx: Context
    ) -> Outcome:
        v = check.values
        fields = _person_fields(v)
        existing = self._existing(decision, duplicate, v, ctx)
        if existing is None:
            person = person_create(actor=ctx.actor, organization=v["organization"], **fields)
            result = CREATED
        else:
            changes = {k: val for k, val in fields.items() if getattr(existing, k) != val}
            if existing.status == S.NON_MEMBER and v["organization"].pk != existing.organization_id:
                changes["organization"] = v["organization"]
            person = person_update(actor=ctx.actor, person=existing, **changes) if changes else existing
            result = UPDATED if changes else UNCHANGED
        if self._history(person, v, ctx):
            result = UPDATED if result == UNCHANGED else result
        return Outcome(result, person)

    def bulk_new(
        self, check: RowCheck, decision: str, duplicate: dict[str, Any] | None, ctx: Context
    ) -> NewPerson | None:
        """What `apply` would create for a row that is a new person (no duplicate), or None otherwise.

        The same person_create arguments and the same events as record_admission appends for a person
        who has none: nominated and admitted on the admission date, then confirmed.
        """
        v = check.values
        if decision != CREATE or duplicate is not None or v["status"] not in BULK_STATUSES:
            return None
        new = NewPerson({"organization": v["organization"], **_person_fields(v)})
        if v["status"] in (S.PROBATIONARY, S.FULL):
            note = NOTE.format(file=ctx.file_label) if ctx.file_label else ""
            org, admitted = v["organization"], v["admitted_on"]
            new.events.append(NewEvent(EventKind.NOMINATED, admitted, org, note=note))
            new.events.append(
                NewEvent(EventKind.ADMITTED, admitted, org, v.get("admitted_document") or "", note)
            )
            if v["status"] == S.FULL:
                new.events.append(
                    NewEvent(
                        EventKind.CONFIRMED, v["confirmed_on"], org, v.get("confirmed_document") or "", note
                    )
                )
        return new

    def plan_bulk(self, news: Sequence[NewPerson], ctx: Context) -> PeoplePlan:
        """The people of `bulk_new` rows checked together, and their rows made ready, writing nothing."""
        plan = people_plan(actor=ctx.actor, people=news)
        people_prepare(actor=ctx.actor, plan=plan)
        return plan

    def write_bulk(self, plan: PeoplePlan, ctx: Context) -> list[Outcome | ValidationError]:
        """Write a plan of plan_bulk; each result is the row's outcome or its refusal."""
        results = people_write(actor=ctx.actor, plan=plan)
        return [r if isinstance(r, ValidationError) else Outcome(CREATED, r) for r in results]

    def _existing(
        self, decision: str, duplicate: dict[str, Any] | None, v: dict[str, Any], ctx: Context
    ) -> Person | None:
        if decision == CREATE:
            return None
        query = (
            Q(national_id=v["national_id"])
            if v.get("national_id")
            else Q(pk=(duplicate or {}).get("person") or 0)
        )
        if decision == UPDATE and duplicate and duplicate.get("person") and not v.get("national_id"):
            query = Q(pk=duplicate["person"])
        person = Person.objects.restrict(ctx.actor, Action.CHANGE).filter(query).first()
        if person is None and decision == UPDATE and duplicate and duplicate.get("person"):
            raise ValidationError(MSG_PERSON_GONE)
        return person

    def _history(self, person: Person, v: dict[str, Any], ctx: Context) -> bool:
        status = v["status"]
        if status == S.CANDIDATE:
            if person.status == S.CANDIDATE or person.candidacies.open().exists():  # type: ignore[attr-defined]
                return False
            candidacy_create(
                actor=ctx.actor,
                person=person,
                organization=v["organization"],
                opened_on=v["nominated_on"],
                note=f"Nhập từ tệp {ctx.file_label}",
            )
            return True
        if status in (S.PROBATIONARY, S.FULL):
            return record_admission(
                actor=ctx.actor,
                person=person,
                organization=v["organization"],
                admitted_on=v["admitted_on"],
                admitted_document=v.get("admitted_document") or "",
                confirmed_on=v.get("confirmed_on") if status == S.FULL else None,
                confirmed_document=v.get("confirmed_document") or "",
                file_label=ctx.file_label,
            )
        return False


def _person_fields(v: dict[str, Any]) -> dict[str, Any]:
    """The person_create / person_update arguments of a checked row (blank cells leave the defaults)."""
    return {field: v[key] for key, field in PERSON_FIELDS.items() if v.get(key) is not None}


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
