"""Importing people: rows checked before writing, duplicates found, re-import idempotent, nothing lost."""

import datetime as dt

import pytest

from ptdv.people import national_id as nid
from ptdv.people.models import EventKind, MembershipEvent, MembershipStatus, Person
from ptdv.spreadsheets.models import ImportStatus, RowOutcome, RowStatus
from ptdv.spreadsheets.services import import_decide, import_run
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx

pytestmark = pytest.mark.django_db

AN_ID = nid.build("001", "M", 1990, 123456)
BINH_ID = nid.build("079", "F", 1995, 222)


def rows_of(job):
    return {row.number: row for row in job.rows.all()}


def test_imports_a_member_with_admission_history_and_a_non_member(tree, clerk, tmp_path):
    path = xlsx(
        tmp_path / "ds.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", "19/05/2020", "19/05/2021"],
            ["Trần Thị Bình", "Nữ", dt.date(1995, 1, 2), BINH_ID, tree.cell.code, "Quần chúng", None, None],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert job.status == ImportStatus.DONE
    assert (job.created, job.rejected) == (2, 0)
    an = Person.objects.get(national_id=AN_ID)
    assert an.status == MembershipStatus.FULL
    kinds = list(MembershipEvent.objects.filter(person=an).values_list("kind", "date"))
    assert (EventKind.ADMITTED, dt.date(2020, 5, 19)) in kinds
    assert (EventKind.CONFIRMED, dt.date(2021, 5, 19)) in kinds
    assert Person.objects.get(national_id=BINH_ID).status == MembershipStatus.NON_MEMBER


def test_reimporting_the_same_file_creates_nothing_twice(tree, clerk, tmp_path):
    path = xlsx(
        tmp_path / "ds.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", "19/05/2020", "19/05/2021"],
            ["Lê Thị Cúc", "Nữ", "01/02/1999", "", tree.cell.code, "", None, None],
        ],
    )
    import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    events = MembershipEvent.objects.count()
    again = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert Person.objects.count() == 2
    assert MembershipEvent.objects.count() == events
    rows = rows_of(again)
    assert rows[2].outcome == RowOutcome.UNCHANGED  # matched by national ID
    assert (
        rows[3].outcome == RowOutcome.SKIPPED
    )  # same name and birth date: skipped unless the user says otherwise
    assert (again.created, again.unchanged, again.skipped) == (0, 1, 1)


def test_reimport_with_a_changed_field_updates_the_person_by_national_id(tree, clerk, tmp_path):
    first = [
        PEOPLE_HEADERS,
        ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "Quần chúng", None, None],
    ]
    import_run(actor=clerk, kind="people", organization=tree.commune, path=xlsx(tmp_path / "a.xlsx", first))
    changed = [[*PEOPLE_HEADERS, "Số điện thoại"], [*first[1], "0912345678"]]
    job = import_run(
        actor=clerk, kind="people", organization=tree.commune, path=xlsx(tmp_path / "b.xlsx", changed)
    )
    assert job.updated == 1
    assert Person.objects.get(national_id=AN_ID).phone == "0912345678"


def test_a_duplicate_by_name_and_birth_date_can_be_created_when_the_user_decides_so(tree, clerk, tmp_path):
    from django.core.files.base import File

    from ptdv.spreadsheets.services import import_analyse, import_commit, import_create, import_start

    rows = [
        PEOPLE_HEADERS,
        ["Lê Thị Cúc", "Nữ", "01/02/1999", "", tree.cell.code, "", None, None],
        ["Lê Thị Cúc", "Nữ", "01/02/1999", "", tree.cell.code, "", None, None],
    ]
    path = xlsx(tmp_path / "dup.xlsx", rows)
    with path.open("rb") as handle:
        job = import_create(
            actor=clerk, kind="people", organization=tree.commune, upload=File(handle), name=path.name
        )
    job = import_analyse(job)
    second = rows_of(job)[3]
    assert second.status == RowStatus.WARNING
    assert second.duplicate["row"] == 2 and second.decision == "skip"
    assert "Trùng họ tên và ngày sinh với dòng 2" in " ".join(second.warnings)
    import_decide(actor=clerk, job=job, decisions={3: "create"})
    job = import_commit(import_start(actor=clerk, job=job))
    assert Person.objects.filter(full_name="Lê Thị Cúc").count() == 2


def test_bad_rows_are_reported_kept_and_downloadable_while_good_rows_go_in(tree, clerk, tmp_path):
    import io

    import openpyxl

    from ptdv.spreadsheets.workbooks import rejected_workbook

    path = xlsx(
        tmp_path / "mixed.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", None, None],
            ["Lê Văn Cường", "Nam", 1990, "", "KHONG-CO", "", None, None],
            ["Phạm Văn Dũng", "Nam", "32/13/1990", "", tree.cell.code, "Đảng viên dự bị", None, None],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    rows = rows_of(job)
    assert rows[3].status == RowStatus.ERROR
    assert any("Chỉ có năm “1990”" in e for e in rows[3].errors)
    assert any("mã “KHONG-CO”" in e for e in rows[3].errors)
    assert any("không phải ngày hợp lệ" in e for e in rows[4].errors)
    assert any("cần có Ngày vào Đảng" in e for e in rows[4].errors)
    assert (job.created, job.rejected) == (1, 2)
    book = openpyxl.load_workbook(io.BytesIO(rejected_workbook(job)))
    sheet = book.active
    values = list(sheet.values)
    assert values[0][: len(PEOPLE_HEADERS)] == tuple(PEOPLE_HEADERS)
    assert values[0][len(PEOPLE_HEADERS)] == "Lỗi"
    assert [v[0] for v in values[1:]] == ["Lê Văn Cường", "Phạm Văn Dũng"]
    assert values[1][2] == 1990  # the original cell, not a guess
    assert "Chỉ có năm" in values[1][len(PEOPLE_HEADERS)]


def test_the_rejected_file_fixed_imports_cleanly(tree, clerk, tmp_path):
    import io

    import openpyxl

    from ptdv.spreadsheets.workbooks import rejected_workbook

    path = xlsx(
        tmp_path / "a.xlsx",
        [PEOPLE_HEADERS, ["Lê Văn Cường", "Nam", 1990, "", tree.cell.code, "", None, None]],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    book = openpyxl.load_workbook(io.BytesIO(rejected_workbook(job)))
    book.active["C2"] = "15/06/1990"
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    again = import_run(actor=clerk, kind="people", organization=tree.commune, path=fixed)
    assert again.created == 1 and again.notes == []
    assert Person.objects.get(full_name="Lê Văn Cường").date_of_birth == dt.date(1990, 6, 15)


def test_a_national_id_outside_the_users_scope_is_an_error_that_names_nobody(
    tree, clerk, unrelated_officer, tmp_path
):
    from ptdv.common.testing.factories import make_person

    other = make_person(tree.other_cell, full_name="Võ Văn Xa", date_of_birth=dt.date(1990, 3, 12))
    path = xlsx(
        tmp_path / "x.xlsx",
        [
            PEOPLE_HEADERS,
            ["Võ Văn Xa", "Nam", "12/03/1990", other.national_id, tree.cell.code, "", None, None],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    row = rows_of(job)[2]
    assert row.status == RowStatus.ERROR
    assert "ngoài phạm vi" in " ".join(row.errors)
    assert "Xa" not in " ".join(row.errors) and tree.other_cell.name not in " ".join(row.errors)
    assert Person.objects.get(pk=other.pk).organization == tree.other_cell


def test_a_candidate_row_opens_a_candidacy_through_the_admission_service(tree, clerk, tmp_path):
    headers = [*PEOPLE_HEADERS, "Ngày được giới thiệu"]
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            headers,
            [
                "Đỗ Thị Em",
                "Nữ",
                "03/04/2000",
                "",
                tree.cell.code,
                "Quần chúng ưu tú",
                None,
                None,
                "10/01/2026",
            ],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert job.created == 1, rows_of(job)[2].outcome_message
    person = Person.objects.get(full_name="Đỗ Thị Em")
    assert person.status == MembershipStatus.CANDIDATE
    assert person.candidacies.open().count() == 1


def test_every_write_of_an_import_carries_its_request_id_in_the_audit_trail(tree, clerk, tmp_path):
    from ptdv.audit.models import AuditEvent

    path = xlsx(
        tmp_path / "a.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", "19/05/2020", None],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    codes = list(AuditEvent.objects.filter(request_id=job.request_id).values_list("code", flat=True))
    assert "person.created" in codes and "membership.admitted" in codes and "import.committed" in codes
    row = rows_of(job)[2]
    assert (row.target_type, row.target_id) == (
        "people.person",
        str(Person.objects.get(national_id=AN_ID).pk),
    )


def test_dry_run_writes_nothing_but_predicts_each_row(tree, clerk, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", None, None],
            ["Lỗi Văn Sai", "Nam", "", "", tree.cell.code, "", None, None],
        ],
    )
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path, dry_run=True)
    assert Person.objects.count() == 0
    assert job.status == ImportStatus.READY and job.dry_run_at is not None
    rows = rows_of(job)
    assert (rows[2].dry_outcome, rows[3].dry_outcome) == (RowOutcome.CREATED, RowOutcome.REJECTED)
