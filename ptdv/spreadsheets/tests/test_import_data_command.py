"""`manage.py import_data`: the same import from the command line, as text or JSON."""

import json

import pytest
from django.core.management import CommandError, call_command

from ptdv.people.models import Person
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tree, tmp_path):
    return xlsx(
        tmp_path / "danh-sach.xlsx",
        [
            PEOPLE_HEADERS,
            ["Nguyễn Văn An", "Nam", "12/03/1990", "", tree.cell.code, "", None, None],
            ["Lê Văn Sai", "Nam", "1990", "", tree.cell.code, "", None, None],
        ],
    )


def test_it_imports_a_file_and_prints_the_counts_and_the_bad_rows(tree, sheet, capsys):
    call_command("import_data", str(sheet), "--org", tree.commune.code)
    out = capsys.readouterr().out
    assert "2 dòng: 1 hợp lệ, 0 cần lưu ý, 1 có lỗi." in out
    assert "Kết quả: tạo mới 1, cập nhật 0, không đổi 0, bỏ qua 0, không nhập được 1." in out
    assert "Dòng 3: Ngày sinh: Chỉ có năm “1990”" in out
    assert Person.objects.count() == 1


def test_dry_run_in_json_writes_nothing_and_says_what_would_happen(tree, sheet, capsys):
    call_command("import_data", str(sheet), "--org", tree.commune.code, "--dry-run", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["dry_run"] is True and result["kind"] == "people"
    assert result["outcomes"] == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "rejected": 1}
    assert [r["row"] for r in result["row_details"]] == [2, 3]
    assert Person.objects.count() == 0


def test_it_writes_the_rejected_rows_when_asked(tree, sheet, tmp_path):
    import openpyxl

    out = tmp_path / "loi.xlsx"
    call_command("import_data", str(sheet), "--org", tree.commune.code, "--rejected", str(out))
    rows = list(openpyxl.load_workbook(out).active.values)
    assert rows[1][0] == "Lê Văn Sai" and "Chỉ có năm" in rows[1][len(PEOPLE_HEADERS)]


def test_it_runs_with_a_users_scope_when_given_one(tree, sheet, unrelated_officer):
    with pytest.raises(CommandError, match="không có quyền nhập dữ liệu"):
        call_command(
            "import_data", str(sheet), "--org", tree.commune.code, "--user", unrelated_officer.username
        )


def test_unknown_files_and_organisations_are_clear_errors(tree, tmp_path):
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import_data", str(tmp_path / "khong-co.xlsx"))
    other = tmp_path / "a.xlsx"
    other.write_bytes(b"x")
    with pytest.raises(CommandError, match="Không có tổ chức đảng mã “XYZ”"):
        call_command("import_data", str(other), "--org", "XYZ")


def test_a_file_that_cannot_be_read_fails_with_its_message(tree, tmp_path):
    fake = tmp_path / "anh.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x01" * 100)
    with pytest.raises(CommandError, match="không phải bảng tính Excel"):
        call_command("import_data", str(fake), "--org", tree.commune.code, "--kind", "people")
