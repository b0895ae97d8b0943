"""The table exporter: Excel gets real dates, text IDs and no formulas; CSV opens in Excel with its accents."""

import csv
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from ptdv.access.roles import Role
from ptdv.common.testing.factories import make_person, make_user
from ptdv.spreadsheets.export import (
    Column,
    Table,
    export_response,
    export_tables_response,
    national_id_for,
    wants_export,
)

ROWS = [
    {
        "name": "Nguyễn Thị Ánh Tuyết",
        "born": dt.date(1990, 5, 17),
        "national_id": "001190000123",
        "phone": "0912345678",
        "votes": 12,
        "rate": Decimal("76.51"),
        "youth": True,
        "note": '=HYPERLINK("http://x","bấm")',
        "at": dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC),
    },
    {
        "name": "Trần Văn Đức",
        "born": None,
        "national_id": "",
        "phone": "+84912345678",
        "votes": 0,
        "rate": None,
        "youth": False,
        "note": "-1",
        "at": None,
    },
]
COLUMNS = [
    Column("Họ và tên", lambda r: r["name"]),
    Column("Ngày sinh", lambda r: r["born"]),
    Column("Số CCCD", lambda r: r["national_id"], text=True),
    Column("Số điện thoại", lambda r: r["phone"], text=True),
    Column("Số phiếu", lambda r: r["votes"]),
    Column("Tỷ lệ (%)", lambda r: r["rate"]),
    Column("Đoàn viên", lambda r: r["youth"]),
    Column("Ghi chú", lambda r: r["note"]),
    Column("Thời điểm", lambda r: r["at"]),
]


def xlsx_of(response):
    return load_workbook(io.BytesIO(response.content))


def csv_text_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_xlsx_file_has_a_bold_frozen_header_row_with_the_vietnamese_headers():
    response = export_response(rows=ROWS, columns=COLUMNS, filename="Danh sách", fmt="xlsx", title="Nhân sự")
    ws = xlsx_of(response).active

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ws.title == "Nhân sự"
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I3"
    assert ws.max_row == 3


def test_xlsx_dates_are_real_excel_dates_shown_dd_mm_yyyy():
    ws = xlsx_of(export_response(rows=ROWS, columns=COLUMNS, filename="x", fmt="xlsx")).active

    born = ws["B2"]
    assert born.is_date and born.value.date() == dt.date(1990, 5, 17)
    assert born.number_format == "dd/mm/yyyy"
    assert ws["B3"].value is None
    # An aware timestamp is written in Vietnam's local time, without a time zone Excel cannot hold.
    assert ws["I2"].is_date and ws["I2"].value == dt.datetime(2025, 1, 2, 10, 4)
    assert ws["I2"].number_format == "dd/mm/yyyy hh:mm"


def test_a_12_digit_id_with_a_leading_zero_and_a_phone_stay_text_while_numbers_stay_numbers():
    ws = xlsx_of(export_response(rows=ROWS, columns=COLUMNS, filename="x", fmt="xlsx")).active

    assert ws["C2"].value == "001190000123" and ws["C2"].data_type == "s" and ws["C2"].number_format == "@"
    assert ws["D2"].value == "0912345678" and ws["D2"].data_type == "s"
    assert ws["E2"].value == 12 and ws["E2"].data_type == "n"
    assert ws["E3"].value == 0
    assert ws["F2"].value == pytest.approx(76.51) and ws["F2"].data_type == "n"


def test_booleans_are_written_co_and_khong():
    ws = xlsx_of(export_response(rows=ROWS, columns=COLUMNS, filename="x", fmt="xlsx")).active

    assert (ws["G2"].value, ws["G3"].value) == ("Có", "Không")


def test_a_cell_that_looks_like_a_formula_is_stored_as_text_never_as_a_formula():
    ws = xlsx_of(export_response(rows=ROWS, columns=COLUMNS, filename="x", fmt="xlsx")).active

    assert ws["H2"].value == '=HYPERLINK("http://x","bấm")'
    assert ws["H2"].data_type == "s" and ws["H2"].quotePrefix
    assert ws["H3"].value == "-1" and ws["H3"].data_type == "s"
    assert ws["D3"].value == "+84912345678" and ws["D3"].quotePrefix


def test_columns_are_wide_enough_for_their_content_within_bounds():
    rows = [{"text": "x" * 300, "short": "a"}]
    columns = [Column("Nội dung dài", lambda r: r["text"]), Column("Mã", lambda r: r["short"])]
    ws = xlsx_of(export_response(rows=rows, columns=columns, filename="x", fmt="xlsx")).active

    assert ws.column_dimensions["A"].width == 60
    assert ws.column_dimensions["B"].width == 8


def test_several_tables_become_several_sheets_in_xlsx_and_the_first_one_in_csv():
    tables = [
        Table("Tổ chức trực thuộc", [{"n": "Chi bộ 1"}], [Column("Tổ chức", lambda r: r["n"])]),
        Table("Kết nạp theo năm", [{"y": 2024}], [Column("Năm", lambda r: r["y"])]),
    ]
    wb = xlsx_of(export_tables_response(tables=tables, filename="Tiến độ", fmt="xlsx"))
    text = csv_text_of(export_tables_response(tables=tables, filename="Tiến độ", fmt="csv"))

    assert wb.sheetnames == ["Tổ chức trực thuộc", "Kết nạp theo năm"]
    assert wb["Kết nạp theo năm"]["A2"].value == 2024
    assert text == "\ufeffTổ chức\r\nChi bộ 1\r\n"


def test_the_csv_file_starts_with_a_bom_and_carries_vietnamese_headers_and_dd_mm_yyyy_dates():
    response = export_response(rows=ROWS, columns=COLUMNS, filename="Danh sách", fmt="csv")
    text = csv_text_of(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    assert text.startswith("\ufeffHọ và tên,Ngày sinh,Số CCCD,")
    first, second = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]
    assert first[:7] == [
        "Nguyễn Thị Ánh Tuyết",
        "17/05/1990",
        "001190000123",
        "0912345678",
        "12",
        "76.51",
        "Có",
    ]
    assert first[8] == "02/01/2025 10:04"
    assert second[1] == "" and second[5] == "" and second[6] == "Không"


def test_csv_text_that_excel_would_run_as_a_formula_is_prefixed_with_an_apostrophe():
    rows = [{"v": v} for v in ["=1+1", "+84912345678", "-2", "@SUM(A1)", "\tx", "\rx", "an toàn"]]
    text = csv_text_of(
        export_response(rows=rows, columns=[Column("Giá trị", lambda r: r["v"])], filename="x", fmt="csv")
    )

    values = [row[0] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))][1:]
    assert values == ["'=1+1", "'+84912345678", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "an toàn"]


def test_the_csv_keeps_negative_numbers_as_numbers():
    text = csv_text_of(
        export_response(
            rows=[{"v": -3}], columns=[Column("Chênh lệch", lambda r: r["v"])], filename="x", fmt="csv"
        )
    )

    assert text.splitlines()[1] == "-3"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_download_name_is_vietnamese_with_an_ascii_fallback(fmt):
    response = export_response(rows=[], columns=COLUMNS, filename="Danh sách nhân sự Đảng bộ xã", fmt=fmt)
    disposition = response["Content-Disposition"]

    assert disposition.startswith(f'attachment; filename="danh-sach-nhan-su-dang-bo-xa.{fmt}"; ')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"Danh sách nhân sự Đảng bộ xã.{fmt}"
    assert disposition.isascii()


def test_an_empty_list_still_has_its_header_row():
    ws = xlsx_of(export_response(rows=[], columns=COLUMNS, filename="x", fmt="xlsx")).active
    text = csv_text_of(export_response(rows=[], columns=COLUMNS, filename="x", fmt="csv"))

    assert ws.max_row == 1 and ws["A1"].value == "Họ và tên"
    assert text.count("\r\n") == 1


@pytest.mark.parametrize(
    "query,expected",
    [("xuat=xlsx", "xlsx"), ("xuat=csv", "csv"), ("xuat=pdf", None), ("", None), ("xuat=", None)],
)
def test_wants_export_reads_only_xlsx_or_csv_from_the_query_string(query, expected):
    assert wants_export(RequestFactory().get(f"/nhan-su/?{query}")) == expected


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response(rows=[], columns=COLUMNS, filename="x", fmt="ods")


@pytest.mark.django_db
def test_the_national_id_is_full_for_a_clerk_masked_for_a_viewer_and_empty_when_missing(tree):
    person = make_person(tree.cell)
    nobody = make_person(tree.cell, with_id=False)
    clerk = make_user(org=tree.commune, role=Role.CLERK)
    viewer = make_user(org=tree.commune, role=Role.VIEWER)
    outsider = make_user(org=tree.other_commune, role=Role.ORG_ADMIN)

    assert national_id_for(clerk, person) == person.national_id and len(person.national_id) == 12
    assert national_id_for(viewer, person) == person.masked_national_id() != person.national_id
    assert national_id_for(outsider, person) == person.masked_national_id()
    assert national_id_for(clerk, nobody) == ""


def test_csv_decimals_are_written_without_trailing_zeros_or_exponents():
    rows = [{"v": Decimal("12.00")}, {"v": Decimal("76.510")}, {"v": Decimal("1000")}]
    response = export_response(rows=rows, columns=[Column("Mức", lambda r: r["v"])], filename="x", fmt="csv")

    assert csv_text_of(response).splitlines()[1:] == ["12", "76.51", "1000"]
