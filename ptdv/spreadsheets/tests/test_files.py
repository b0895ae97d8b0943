"""Files as users really have them: each gets a clear message or is read correctly, never a crash or a loss."""

import datetime as dt

import pytest

from ptdv.people import national_id as nid
from ptdv.people.models import Person
from ptdv.spreadsheets import legacy
from ptdv.spreadsheets.models import ImportStatus, RowStatus
from ptdv.spreadsheets.services import import_map, import_run
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, csv_file, encrypted, with_cached_values, xls, xlsx

pytestmark = pytest.mark.django_db
AN_ID = nid.build("001", "M", 1990, 123456)


def run(clerk, tree, path, **extra):
    return import_run(actor=clerk, kind="people", organization=tree.commune, path=path, **extra)


def row(job, number):
    return job.rows.get(number=number)


def person_row(tree, name="Nguyễn Văn An", dob="12/03/1990", national_id=""):
    return [name, "Nam", dob, national_id, tree.cell.code, "", None, None]


def test_title_lines_above_the_table_and_empty_rows_inside_it_are_not_rows(tree, clerk, tmp_path):
    path = xlsx(
        tmp_path / "ds.xlsx",
        [
            PEOPLE_HEADERS,
            person_row(tree),
            [None] * 8,
            ["", "", "", "", "", "", "", ""],
            person_row(tree, "Lê Văn Bảo"),
        ],
        title_rows=["ĐẢNG BỘ XÃ AN BÌNH", "DANH SÁCH QUẦN CHÚNG", ""],
    )
    job = run(clerk, tree, path)
    assert job.header_row == 4  # row numbers are the sheet's own, as the user sees them in Excel
    assert job.total_rows == 2 and job.created == 2


def test_wrong_headers_ask_for_columns_and_the_choice_is_remembered_for_the_next_file(tree, clerk, tmp_path):
    headers = ["Tên đầy đủ", "Phái tính", "Năm tháng sinh", "Chi bộ"]
    data = [headers, ["Nguyễn Văn An", "Nam", "12/03/1990", tree.cell.code]]
    job = run(clerk, tree, xlsx(tmp_path / "a.xlsx", data))
    assert job.status == ImportStatus.NEEDS_MAPPING
    assert "“Họ và tên”" in job.message and "“Ngày sinh”" in job.message
    assert Person.objects.count() == 0
    job = import_map(
        actor=clerk, job=job, mapping={"0": "full_name", "1": "gender", "2": "date_of_birth", "3": "org_code"}
    )
    assert job.status == ImportStatus.READY and job.valid_rows == 1
    second = run(
        clerk, tree, xlsx(tmp_path / "b.xlsx", [headers, ["Lê Văn Bảo", "Nam", "01/01/1991", tree.cell.code]])
    )
    assert second.status == ImportStatus.DONE and second.created == 1


def test_columns_not_understood_are_named_so_nothing_is_dropped_silently(tree, clerk, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [[*PEOPLE_HEADERS, "Sở thích"], [*person_row(tree), "Đọc sách"]])
    job = run(clerk, tree, path)
    assert job.notes == ["Các cột sau không được nhập (không ứng với mục nào): “Sở thích”."]


def test_merged_cells_give_their_value_to_the_whole_area_with_a_warning(tree, clerk, tmp_path):
    rows = [
        PEOPLE_HEADERS,
        person_row(tree, "Nguyễn Văn An"),
        ["Lê Văn Bảo", "Nam", "01/01/1991", "", None, "", None, None],
    ]
    path = xlsx(tmp_path / "m.xlsx", rows, merges=["E2:E3"])
    job = run(clerk, tree, path)
    assert job.created == 2
    assert Person.objects.get(full_name="Lê Văn Bảo").organization == tree.cell
    assert any("ô gộp" in w for w in row(job, 3).warnings)


def test_formulas_use_the_value_excel_saved_and_an_uncomputed_formula_is_an_error(tree, clerk, tmp_path):
    rows = [
        PEOPLE_HEADERS,
        ["Nguyễn Văn An", "Nam", '=TEXT(DATE(1990,3,12),"dd/mm/yyyy")', "", tree.cell.code, "", None, None],
        ["Lê Văn Bảo", "Nam", "=DATE(1991,1,1)", "", tree.cell.code, "", None, None],
    ]
    path = with_cached_values(xlsx(tmp_path / "f.xlsx", rows), {"C2": "12/03/1990"})
    job = run(clerk, tree, path)
    assert Person.objects.get(full_name="Nguyễn Văn An").date_of_birth == dt.date(1990, 3, 12)
    assert any("công thức “=DATE(1991,1,1)” chưa được Excel tính" in e for e in row(job, 3).errors)


def test_a_12_digit_id_stored_as_a_number_gets_its_leading_zero_back_with_a_warning(tree, clerk, tmp_path):
    path = xlsx(tmp_path / "n.xlsx", [PEOPLE_HEADERS, person_row(tree, national_id=int(AN_ID))])
    job = run(clerk, tree, path)
    assert Person.objects.get().national_id == AN_ID == "001090123456"
    assert any("khôi phục thành 001090123456" in w for w in row(job, 2).warnings)


def test_tcvn3_and_vni_names_are_converted_to_unicode(tree, clerk, tmp_path):
    rows = [
        PEOPLE_HEADERS,
        person_row(tree, legacy.from_unicode("Nguyễn Thị Hồng Nhung", legacy.TCVN3)),
        person_row(tree, legacy.from_unicode("Trần Văn Hưởng", legacy.VNI), "01/01/1991"),
    ]
    job = run(clerk, tree, xlsx(tmp_path / "l.xlsx", rows))
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Hưởng",
    }
    assert any("TCVN3" in w for w in row(job, 2).warnings)
    assert any("VNI" in w for w in row(job, 3).warnings)


def test_decomposed_unicode_is_stored_composed(tree, clerk, tmp_path):
    import unicodedata

    name = unicodedata.normalize("NFD", "Phạm Thị Thủy")
    job = run(clerk, tree, xlsx(tmp_path / "d.xlsx", [PEOPLE_HEADERS, person_row(tree, name)]))
    assert job.created == 1
    assert Person.objects.get().full_name == unicodedata.normalize("NFC", "Phạm Thị Thủy")


def test_four_date_formats_are_read_and_a_year_alone_is_flagged(tree, clerk, tmp_path):
    rows = [
        PEOPLE_HEADERS,
        person_row(tree, "Người Một", "05/09/1998"),
        person_row(tree, "Người Hai", "5/9/98"),
        person_row(tree, "Người Ba", 36043),  # an Excel serial: 05/09/1998
        person_row(tree, "Người Bốn", "1998-09-05"),
        person_row(tree, "Người Năm", dt.datetime(1998, 9, 5)),
        person_row(tree, "Người Sáu", "1998"),
    ]
    job = run(clerk, tree, xlsx(tmp_path / "dates.xlsx", rows))
    births = set(Person.objects.values_list("date_of_birth", flat=True))
    assert births == {dt.date(1998, 9, 5)} and Person.objects.count() == 5
    assert row(job, 7).status == RowStatus.ERROR
    assert "Chỉ có năm “1998”" in row(job, 7).errors[0]


def test_a_non_excel_file_renamed_xlsx_is_refused_clearly(tree, clerk, tmp_path):
    fake = tmp_path / "anh.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    job = run(clerk, tree, fake)
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith("Tệp “anh.xlsx” không phải bảng tính Excel")


def test_a_word_document_renamed_xlsx_is_refused_clearly(tree, clerk, tmp_path):
    import docx

    path = tmp_path / "van-ban.docx"
    docx.Document().save(path)
    renamed = path.rename(tmp_path / "danh-sach.xlsx")
    job = run(clerk, tree, renamed)
    assert job.status == ImportStatus.FAILED and "không phải bảng tính Excel" in job.message


def test_a_csv_renamed_xlsx_is_read_as_the_csv_it_is(tree, clerk, tmp_path):
    path = csv_file(tmp_path / "ds.xlsx", [PEOPLE_HEADERS, person_row(tree)])
    assert run(clerk, tree, path).created == 1


def test_an_encrypted_workbook_is_refused_with_what_to_do(tree, clerk, tmp_path):
    plain = xlsx(tmp_path / "plain.xlsx", [PEOPLE_HEADERS, person_row(tree)])
    job = run(clerk, tree, encrypted(plain, tmp_path / "mat-khau.xlsx"))
    assert job.status == ImportStatus.FAILED
    assert "đặt mật khẩu" in job.message and "bỏ mật khẩu" in job.message


def test_a_50_mb_file_is_refused_before_reading_with_advice_to_split(tree, clerk, tmp_path):
    big = tmp_path / "rat-lon.xlsx"
    with big.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * 1024 * 1024)
    job = run(clerk, tree, big)
    assert job.status == ImportStatus.FAILED
    assert "50,0 MB" in job.message and "tách thành nhiều tệp" in job.message
    assert Person.objects.count() == 0


def test_an_empty_file_is_refused(tree, clerk, tmp_path):
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    assert run(clerk, tree, empty).message == "Tệp rỗng, không có dữ liệu."


def test_old_xls_files_are_read_with_their_dates(tree, clerk, tmp_path):
    path = xls(
        tmp_path / "cu.xls", [PEOPLE_HEADERS, person_row(tree, "Nguyễn Văn An", dt.date(1990, 3, 12), AN_ID)]
    )
    job = run(clerk, tree, path)
    assert job.format == "xls" and job.created == 1
    assert Person.objects.get().date_of_birth == dt.date(1990, 3, 12)


def test_csv_with_semicolons_and_utf16_is_read(tree, clerk, tmp_path):
    path = csv_file(
        tmp_path / "ds.csv",
        [PEOPLE_HEADERS, person_row(tree, "Đặng Thị Ước")],
        encoding="utf-16",
        delimiter=";",
    )
    job = run(clerk, tree, path)
    assert job.created == 1 and Person.objects.get().full_name == "Đặng Thị Ước"


def test_an_unreadable_damaged_xlsx_is_refused(tree, clerk, tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    job = run(clerk, tree, broken)
    assert job.status == ImportStatus.FAILED and "hỏng" in job.message
