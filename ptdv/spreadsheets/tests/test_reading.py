"""The fast .xlsx reader (calamine) gives the rows openpyxl gives; files with formulas go to openpyxl."""

import datetime as dt

import openpyxl

from ptdv.spreadsheets import reading
from ptdv.spreadsheets.cells import Formula


def workbook(path, *, formula=False):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Danh sách"
    ws["B2"] = "DANH SÁCH"
    ws.append([None, "Họ và tên", "Ngày sinh", "Số CCCD", "Điểm", "Đoàn viên"])
    ws.append([None, "Nguyễn Văn An", dt.datetime(1990, 3, 12), 1090123456, 7.5, True])
    ws.append([None, "Lê Văn Bảo", "01/01/1991", "001091000001", 8, False])
    ws.append([None, None, None, None, None, None])
    ws.append([None, "Trần Thị Cúc", "02/02/1992", "", None, None])
    ws.append([None, None, "03/03/1993", "", None, None])
    ws.merge_cells("B7:B8")
    if formula:
        ws["F8"] = "=1+1"
    book.create_sheet("Hướng dẫn").append(["Ghi đủ các cột"])
    book.save(path)
    return path


def test_calamine_reads_the_same_rows_values_and_merged_areas_as_openpyxl(tmp_path):
    path = workbook(tmp_path / "a.xlsx")
    fast = reading._read_xlsx_calamine(path, "a.xlsx")
    slow = reading._read_xlsx_openpyxl(path, "a.xlsx")
    assert [s.name for s in fast] == [s.name for s in slow] == ["Danh sách", "Hướng dẫn"]
    for quick, careful in zip(fast, slow, strict=True):
        assert [n for n, _ in quick.rows] == [n for n, _ in careful.rows]
        for (_, a), (_, b) in zip(quick.rows, careful.rows, strict=True):
            width = max(len(a), len(b))
            assert a + [None] * (width - len(a)) == b + [None] * (width - len(b))
        assert quick.notes == careful.notes
    assert fast[0].rows[2] == (4, [None, "Nguyễn Văn An", dt.datetime(1990, 3, 12), 1090123456, 7.5, True])
    assert any("ô gộp" in note for note in fast[0].notes[8])


def test_a_workbook_with_formulas_is_read_by_openpyxl_for_the_values_excel_saved(tmp_path):
    plain = workbook(tmp_path / "plain.xlsx")
    with_formula = workbook(tmp_path / "f.xlsx", formula=True)
    assert not reading._has_formulas(plain)
    assert reading._has_formulas(with_formula)
    sheet = reading.open_workbook(with_formula, "f.xlsx").sheets[0]
    assert Formula("=1+1") in dict(sheet.rows)[8]
