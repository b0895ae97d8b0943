"""The 2-BTCTW new-member table as .xlsx, read back with openpyxl."""

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from ptdv.reports.stat_form import FIRST_DATA_ROW, HEADER_TOP, render_stat_form_xlsx
from ptdv.reports.tests import samples


def load(stats):
    return load_workbook(io.BytesIO(render_stat_form_xlsx(stats)))


@pytest.fixture(scope="module")
def book():
    return load(samples.new_member_stats())


@pytest.fixture(scope="module")
def sheet(book):
    return book["2-BTCTW"]


def header_cells(sheet) -> dict[str, str]:
    """Heading text → the cell range it covers (merged or single)."""
    spans = {r.start_cell.coordinate: r.coord for r in sheet.merged_cells.ranges}
    found = {}
    for row in sheet.iter_rows(min_row=HEADER_TOP, max_row=HEADER_TOP + 1):
        for cell in row:
            if cell.value:
                found[cell.value] = spans.get(cell.coordinate, cell.coordinate)
    return found


def test_the_form_sheet_has_its_title_organisation_and_period(book, sheet):
    assert book.sheetnames == ["2-BTCTW", "Ghi chú"]
    assert sheet["A2"].value == "ĐẢNG VIÊN MỚI KẾT NẠP"
    assert (
        sheet["A3"].value == "Đảng bộ thành phố Cần Thơ — Nhiệm kỳ 2020–2025 (từ 01/10/2020 đến 30/09/2025)"
    )


def test_single_columns_span_both_header_rows_and_groups_span_their_columns(sheet):
    spans = header_cells(sheet)

    assert spans["Tên đơn vị"] == "A5:A6"
    for single, column in [("Tổng số", "B"), ("Nữ", "C"), ("Dân tộc thiểu số", "D"), ("Tôn giáo", "E")]:
        assert spans[single] == f"{column}5:{column}6"
    assert spans["Đoàn viên"] == "F5:F6"
    assert spans["Kết nạp lại"] == "G5:G6"
    assert spans["Nghề nghiệp"] == "H5:J5"  # three occupations
    assert spans["Tuổi"] == "K5:P5"  # five bands and the average age
    assert spans["Trình độ giáo dục phổ thông"] == "Q5:R5"
    assert spans["Trình độ chuyên môn"] == "S5:V5"
    assert sheet["P6"].value == "Tuổi bình quân"
    assert sheet["H6"].value == "Công nhân"


def test_one_row_per_unit_then_the_total_as_real_numbers(sheet):
    rows = list(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))

    assert [row[0] for row in rows] == ["Đảng bộ quận Ninh Kiều", "Đảng bộ quận Cái Răng", "Tổng số"]
    assert rows[0][1:8] == (1000, 400, 100, 100, 700, 0, 200)
    assert rows[-1][1] == 1200
    assert all(isinstance(value, int | float) for row in rows for value in row[1:])
    assert sheet.cell(row=FIRST_DATA_ROW, column=2).number_format == "#,##0"
    assert sheet.cell(row=FIRST_DATA_ROW + 2, column=1).font.bold


def test_average_age_is_a_number_displayed_with_one_decimal(sheet):
    cell = sheet["P8"]

    assert cell.value == pytest.approx(29.46)
    assert cell.number_format == "0.0"


def test_the_header_is_frozen_and_the_sheet_prints_on_a4_landscape(sheet):
    assert sheet.freeze_panes == f"B{FIRST_DATA_ROW}"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width


def test_the_notes_sheet_explains_how_each_column_is_computed(book):
    notes = {row[0]: row[1] for row in book["Ghi chú"].iter_rows(min_row=4, values_only=True)}

    assert "ngày ghi trong quyết định kết nạp" in notes["Tuổi"]
    assert {"Tổng số", "Nữ", "Dân tộc thiểu số", "Nghề nghiệp", "Trình độ chuyên môn"} <= set(notes)


def test_a_breakdown_label_missing_from_a_unit_counts_as_zero():
    stats = samples.new_member_stats()
    unit = dataclasses.replace(stats.rows[1], occupations={"Công nhân": 40})
    sheet = load(dataclasses.replace(stats, rows=[stats.rows[0], unit]))["2-BTCTW"]

    assert [sheet.cell(row=FIRST_DATA_ROW + 1, column=c).value for c in (8, 9, 10)] == [40, 0, 0]


def test_a_group_nobody_falls_in_has_no_columns():
    stats = samples.new_member_stats()
    rows = [dataclasses.replace(r, qualification={}) for r in [*stats.rows, stats.total]]
    sheet = load(dataclasses.replace(stats, rows=rows[:-1], total=rows[-1]))["2-BTCTW"]

    assert "Trình độ chuyên môn" not in header_cells(sheet)
    assert sheet.max_column == 18
