"""Workbooks and CSV files built in tests, the way users' files come: titles, merges, numbers, formulas."""

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

PEOPLE_HEADERS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Mã tổ chức đảng",
    "Tình trạng",
    "Ngày vào Đảng",
    "Ngày chính thức",
]


def xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    title_rows: Sequence[str] = (),
    merges: Sequence[str] = (),
    sheet: str = "Danh sách",
) -> Path:
    """An .xlsx at `path`: optional title lines above the table, then `rows` (the first is the header)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for line in title_rows:
        ws.append([line])
    for row in rows:
        ws.append(list(row))
    for area in merges:
        ws.merge_cells(area)
    book.save(path)
    return path


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(
    path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def with_cached_values(path: Path, values: dict[str, Any]) -> Path:
    """Give formula cells the value Excel would have saved with them (openpyxl writes none)."""
    import re
    import zipfile

    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    xml = contents[member].decode()
    for ref, value in values.items():
        xml = re.sub(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
            lambda m, r=ref, v=value: f'<c r="{r}"{m[1]} t="str"><f>{m[2]}</f><v>{v}</v>',
            xml,
        )
    contents[member] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def xls(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """An old-format .xls (Excel 97–2003), as many units still keep."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sach")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def encrypted(source: Path, target: Path, password: str = "matkhau") -> Path:
    """The same workbook protected by a password, as Excel's "Encrypt with password" saves it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as plain, target.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return target
