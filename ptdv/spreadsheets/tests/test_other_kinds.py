"""Organisations, admission history and targets: imported through their own services, idempotently."""

import datetime as dt
from decimal import Decimal

import pytest

from ptdv.access.roles import Role
from ptdv.common.testing.factories import make_member, make_person, make_user
from ptdv.organizations.models import Organization
from ptdv.people.models import EventKind, MembershipEvent, MembershipStatus
from ptdv.spreadsheets.models import RowOutcome
from ptdv.spreadsheets.services import import_run
from ptdv.spreadsheets.tests.files import xlsx
from ptdv.targets.models import Target, Term

pytestmark = pytest.mark.django_db

ORG_HEADERS = ["Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại tổ chức", "Loại hình", "Ngày thành lập"]


def test_organisations_are_created_under_their_parents_and_reimport_changes_nothing(
    tree, provincial_officer, tmp_path
):
    rows = [
        ORG_HEADERS,
        [
            "XA-MOI",
            "Đảng bộ xã Mới",
            tree.province.code,
            "Đảng bộ xã, phường, đặc khu",
            "Xã, phường, đặc khu",
            "01/07/2025",
        ],
        [
            "XA-MOI-CB1",
            "Chi bộ ấp Một",
            "XA-MOI",
            "Chi bộ trực thuộc",
            "Khu dân cư (thôn, ấp, khu phố)",
            "01/07/2025",
        ],
        ["XA-MOI-CB2", "Chi bộ ấp Hai", "CHUA-CO", "Chi bộ trực thuộc", "", "01/07/2025"],
    ]
    path = xlsx(tmp_path / "org.xlsx", rows)
    job = import_run(actor=provincial_officer, kind="organizations", organization=tree.province, path=path)
    assert (job.created, job.rejected) == (2, 1)
    cell = Organization.objects.get(code="XA-MOI-CB1")
    assert cell.parent.code == "XA-MOI" and cell.valid_from == dt.date(2025, 7, 1)
    assert "CHUA-CO" in job.rows.get(number=4).outcome_message
    again = import_run(actor=provincial_officer, kind="organizations", organization=tree.province, path=path)
    assert (again.created, again.unchanged) == (0, 2)


def test_an_existing_code_with_another_name_is_not_renamed_silently(tree, provincial_officer, tmp_path):
    rows = [
        ORG_HEADERS,
        [tree.cell.code, "Tên khác hẳn", tree.grassroots.code, "Chi bộ trực thuộc", "", "01/01/2000"],
    ]
    job = import_run(
        actor=provincial_officer,
        kind="organizations",
        organization=tree.province,
        path=xlsx(tmp_path / "o.xlsx", rows),
    )
    assert job.rejected == 1 and "Đổi tên" in job.rows.get().outcome_message
    tree.cell.refresh_from_db()
    assert tree.cell.name == "Chi bộ Tổ Toán"


ADM_HEADERS = [
    "Số CCCD",
    "Họ và tên",
    "Ngày sinh",
    "Mã chi bộ kết nạp",
    "Ngày vào Đảng",
    "Số quyết định kết nạp",
    "Ngày chính thức",
]


def test_admission_history_is_appended_to_people_already_in_the_system(tree, clerk, tmp_path):
    person = make_person(tree.cell, full_name="Nguyễn Văn Lịch", date_of_birth=dt.date(1990, 1, 1))
    by_name = make_person(
        tree.cell, full_name="Trần Thị Sử", date_of_birth=dt.date(1992, 2, 2), with_id=False
    )
    rows = [
        ADM_HEADERS,
        [person.national_id, "", "", "", "15/03/2019", "12-QĐ/ĐU", "15/03/2020"],
        ["", "Trần Thị Sử", "02/02/1992", tree.cell.code, "20/10/2021", "", ""],
        ["", "Không Có Ai", "01/01/1980", "", "20/10/2021", "", ""],
    ]
    path = xlsx(tmp_path / "ls.xlsx", rows)
    job = import_run(actor=clerk, kind="admissions", organization=tree.commune, path=path)
    assert (job.created, job.rejected) == (2, 1)
    person.refresh_from_db()
    by_name.refresh_from_db()
    assert person.status == MembershipStatus.FULL and by_name.status == MembershipStatus.PROBATIONARY
    admitted = MembershipEvent.objects.get(person=person, kind=EventKind.ADMITTED)
    assert admitted.date == dt.date(2019, 3, 15) and admitted.document == "12-QĐ/ĐU"
    assert "hãy nhập danh sách nhân sự trước" in job.rows.get(number=4).outcome_message
    events = MembershipEvent.objects.count()
    again = import_run(actor=clerk, kind="admissions", organization=tree.commune, path=path)
    assert MembershipEvent.objects.count() == events and again.unchanged == 2


def test_a_different_admission_date_is_refused_and_points_to_the_correction_flow(tree, clerk, tmp_path):
    member = make_member(tree.cell, admitted=dt.date(2015, 3, 2))
    rows = [ADM_HEADERS, [member.national_id, "", "", "", "02/04/2015", "", ""]]
    job = import_run(
        actor=clerk, kind="admissions", organization=tree.commune, path=xlsx(tmp_path / "x.xlsx", rows)
    )
    row = job.rows.get()
    assert row.outcome == RowOutcome.REJECTED
    assert (
        "đã có ngày vào Đảng ngày 02/03/2015" in row.outcome_message and "đính chính" in row.outcome_message
    )


def test_legacy_admissions_count_in_progress(tree, clerk, tmp_path):
    from ptdv.reports.progress import progress_for
    from ptdv.targets.selectors import period_from_key

    people = [make_person(tree.cell, date_of_birth=dt.date(1995, 1, i + 1)) for i in range(3)]
    rows = [ADM_HEADERS] + [
        [p.national_id, "", "", "", f"0{i + 1}/06/2022", "", ""] for i, p in enumerate(people)
    ]
    import_run(
        actor=clerk, kind="admissions", organization=tree.commune, path=xlsx(tmp_path / "p.xlsx", rows)
    )
    progress = progress_for(org=tree.commune, period=period_from_key("2022"), as_of=dt.date(2022, 12, 31))
    assert progress.admitted == 3


TARGET_HEADERS = [
    "Mã tổ chức đảng",
    "Nhiệm kỳ hoặc năm",
    "Mỗi năm",
    "Nội dung",
    "Đối tượng",
    "Mức tối thiểu",
    "Mức tối đa",
    "Căn cứ",
]


def test_targets_are_created_then_updated_by_their_keys(tree, tmp_path):
    approver = make_user(org=tree.province, role=Role.APPROVER)
    Term.objects.get_or_create(
        code="2025-2030",
        defaults={"name": "Nhiệm kỳ 2025–2030", "start": dt.date(2025, 7, 1), "end": dt.date(2030, 6, 30)},
    )
    rows = [
        TARGET_HEADERS,
        [tree.commune.code, "2025–2030", "", "Kết nạp đảng viên mới", "", "1.020", "1.250", "NQ 01-NQ/ĐH"],
        [tree.commune.code, 2026, "", "", "Nữ", 20, None, "NQ 05-NQ/ĐU"],
        [tree.commune.code, "2031-2035", "", "", "", 5, None, "NQ"],
    ]
    job = import_run(
        actor=approver, kind="targets", organization=tree.province, path=xlsx(tmp_path / "t.xlsx", rows)
    )
    assert (job.created, job.rejected) == (2, 1)
    term_target = Target.objects.get(term__code="2025-2030")
    assert (term_target.minimum, term_target.maximum, term_target.form) == (
        Decimal("1020"),
        Decimal("1250"),
        "range",
    )
    assert "Chưa có nhiệm kỳ “2031-2035”" in job.rows.get(number=4).outcome_message
    rows[2][5] = 25
    again = import_run(
        actor=approver, kind="targets", organization=tree.province, path=xlsx(tmp_path / "t2.xlsx", rows)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert Target.objects.get(year=2026).minimum == Decimal("25")


def test_a_clerk_cannot_set_targets_by_import(tree, clerk, tmp_path):
    rows = [TARGET_HEADERS, [tree.commune.code, 2026, "", "", "", 20, None, "NQ"]]
    job = import_run(
        actor=clerk, kind="targets", organization=tree.commune, path=xlsx(tmp_path / "t.xlsx", rows)
    )
    assert job.rejected == 1 and "không có quyền giao chỉ tiêu" in job.rows.get().outcome_message
    assert not Target.objects.exists()
