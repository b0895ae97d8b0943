"""Opening an uploaded file as rows of raw cell values, whatever Excel or a CSV export made of it.

The format is decided by the file's first bytes, never by its name: a text file renamed .xlsx is read as
what it is or refused with a clear message. Formulas without a computed value and merged cells are
reported, never silently emptied.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from openpyxl.utils.cell import get_column_letter

from ptdv.common.formatting import vn_number
from ptdv.spreadsheets.cells import Formula

XLSX, XLS, CSV = "xlsx", "xls", "csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_RATIO = 200  # a zip bomb expands thousands of times; real workbooks ~5-20×

MSG_EMPTY_FILE = "Tệp rỗng, không có dữ liệu."
MSG_TOO_BIG = (
    "Tệp nặng {size} MB, vượt giới hạn {limit} MB cho một lần nhập. "
    "Hãy tách thành nhiều tệp nhỏ hơn (ví dụ theo từng đảng bộ) rồi nhập lần lượt."
)
MSG_ENCRYPTED = "Tệp Excel được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc), lưu lại rồi tải lên."
MSG_NOT_SPREADSHEET = (
    "Tệp “{name}” không phải bảng tính Excel (.xlsx, .xls) hay CSV, dù tên có đuôi “{suffix}”. "
    "Hãy mở tệp gốc bằng Excel và chọn Lưu thành → Sổ làm việc Excel (.xlsx)."
)
MSG_BROKEN = "Không đọc được tệp “{name}”: tệp bị hỏng hoặc không đúng định dạng {fmt}. Hãy mở bằng Excel, lưu lại rồi tải lên."
MSG_BOMB = "Tệp “{name}” khi giải nén quá lớn so với dung lượng tệp; không xử lý để bảo vệ hệ thống."
MSG_NO_ROWS = "Tệp không có trang tính nào có dữ liệu."
MSG_MERGED = "Ô {cells} là ô gộp; giá trị “{value}” của ô gộp đã được dùng cho cả vùng {area}."


class FileRejected(ValueError):
    """The whole file cannot be read; the message tells the user what to do."""


@dataclass
class Sheet:
    """One worksheet: its rows of raw values, with notes on cells the reader had to interpret."""

    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number in the file, values)
    notes: dict[int, list[str]] = field(default_factory=dict)  # row number → reader's warnings


@dataclass
class Workbook:
    format: str
    sheets: list[Sheet]


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 30 * 1024 * 1024))


def _has_data(values: list[Any]) -> bool:
    """A row with only blanks (empty cells, spaces) is not a row of data."""
    return any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values)


def sniff(head: bytes) -> str | None:
    """XLSX, XLS (an OLE2 container, also used by password-protected .xlsx) or None."""
    if head.startswith(ZIP_MAGIC):
        return XLSX
    if head.startswith(OLE_MAGIC):
        return XLS
    return None


def _is_encrypted_ole(path: Path) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return bool(ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"))
    except OSError:
        return False


def open_workbook(path: Path, name: str) -> Workbook:
    """Read the file at `path` (uploaded as `name`) into sheets of raw rows, or raise FileRejected."""
    size = path.stat().st_size
    if size == 0:
        raise FileRejected(MSG_EMPTY_FILE)
    if size > max_bytes():
        mb = lambda n: vn_number(round(n / 1024 / 1024, 1), 1)  # noqa: E731
        raise FileRejected(MSG_TOO_BIG.format(size=mb(size), limit=mb(max_bytes())))
    with path.open("rb") as handle:
        head = handle.read(8)
    kind = sniff(head)
    suffix = Path(name).suffix.lower() or "(không có)"
    if kind == XLSX:
        return Workbook(XLSX, _read_xlsx(path, name))
    if kind == XLS:
        if _is_encrypted_ole(path):
            raise FileRejected(MSG_ENCRYPTED)
        return Workbook(XLS, _read_xls(path, name))
    text = _decode_text(path.read_bytes())
    if text is None or "\x00" in text:
        raise FileRejected(MSG_NOT_SPREADSHEET.format(name=name, suffix=suffix))
    return Workbook(CSV, [_read_csv(text, name)])


# --- .xlsx --------------------------------------------------------------------------------------------


def _check_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xlsx")) from exc
    if "xl/workbook.xml" not in names:
        raise FileRejected(MSG_NOT_SPREADSHEET.format(name=name, suffix=Path(name).suffix.lower()))
    total = sum(m.file_size for m in members)
    if total > max(path.stat().st_size * MAX_UNCOMPRESSED_RATIO, 50 * 1024 * 1024):
        raise FileRejected(MSG_BOMB.format(name=name))


def _merged_ranges(path: Path, titles: dict[str, str]) -> dict[str, list[str]]:
    """Merged areas per sheet title, read from the sheet XML (read-only mode does not expose them)."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        for title, member in titles.items():
            member = member.lstrip("/")
            if not member or member not in archive.namelist():
                continue
            with archive.open(member) as xml:
                tail = _merge_refs(xml)
            if tail:
                found[title] = tail
    return found


def _merge_refs(xml: IO[bytes]) -> list[str]:
    from xml.etree.ElementTree import iterparse

    refs = []
    for _, element in iterparse(xml, events=("end",)):
        if element.tag.endswith("}mergeCell"):
            refs.append(element.get("ref", ""))
        element.clear()
    return [ref for ref in refs if ":" in ref]


def _fill_merged(sheet: Sheet, refs: list[str]) -> None:
    from openpyxl.utils.cell import range_boundaries

    by_number = {number: values for number, values in sheet.rows}
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        top = by_number.get(min_row)
        value = top[min_col - 1] if top is not None and len(top) >= min_col else None
        if value is None:
            continue
        for number in range(min_row, max_row + 1):
            values = by_number.get(number)
            if values is None:
                continue
            values.extend([None] * (max_col - len(values)))
            for col in range(min_col, max_col + 1):
                values[col - 1] = value
            if number > min_row:
                sheet.notes.setdefault(number, []).append(
                    MSG_MERGED.format(cells=ref.split(":")[0], value=value, area=ref)
                )


def _read_xlsx(path: Path, name: str) -> list[Sheet]:
    """calamine (fast, compiled) unless a sheet holds formulas: their saved values need openpyxl."""
    _check_zip(path, name)
    if _has_formulas(path):
        return _read_xlsx_openpyxl(path, name)
    return _read_xlsx_calamine(path, name)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet XML holds a formula element (read in pieces, never whole)."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            with archive.open(member) as xml:
                tail = b""
                while piece := xml.read(1 << 20):
                    if _FORMULA_TAG.search(tail + piece):
                        return True
                    tail = piece[-16:]
    return False


def _calamine_value(value: Any) -> Any:
    """calamine's cell as openpyxl gives it: blanks are None, whole numbers int, dates datetime."""
    if value == "":
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _read_xlsx_calamine(path: Path, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own kinds (ZipError, XmlError…) on a damaged file
        raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xlsx")) from exc
    sheets: list[Sheet] = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            try:
                ws = book.get_sheet_by_name(meta.name)
            except Exception as exc:
                raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xlsx")) from exc
            sheet = Sheet(meta.name)
            start, end = ws.start or (0, 0), ws.end or (0, 0)
            value = _calamine_value
            rows = []
            for raw in ws.iter_rows():
                values = [value(v) for v in raw]
                if len(values) < end[1] + 1:  # the range starts at its first used column: pad from A
                    values[:0] = [None] * (end[1] + 1 - len(values))
                rows.append(values)
            # The rows are the used range's, or every row from the first (versions differ): number them.
            first_row = 1 if len(rows) == end[0] + 1 else start[0] + 1
            for offset, values in enumerate(rows):
                if _has_data(values):
                    sheet.rows.append((first_row + offset, values))
            del rows
            refs = [
                f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                for (r0, c0), (r1, c1) in (ws.merged_cell_ranges or [])
            ]
            _fill_merged(sheet, refs)
            sheets.append(sheet)
    finally:
        book.close()
    return sheets


def _read_xlsx_openpyxl(path: Path, name: str) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xlsx")) from exc
    sheets: list[Sheet] = []
    formulas: dict[str, set[tuple[int, int]]] = {}
    titles: dict[str, str] = {}  # sheet title → its XML member, for the merged areas
    try:
        for ws in book.worksheets:
            titles[ws.title] = getattr(ws, "_worksheet_path", "")
            sheet = Sheet(ws.title)
            for row in ws.iter_rows():
                values = []
                number = None
                for cell in row:
                    number = getattr(cell, "row", number)
                    value = cell.value
                    if (
                        isinstance(value, str)
                        and value.startswith("=")
                        and getattr(cell, "data_type", "") == "f"
                    ):
                        formulas.setdefault(ws.title, set()).add((cell.row, cell.column))
                    values.append(value)
                if number is not None and _has_data(values):
                    sheet.rows.append((number, values))
            sheets.append(sheet)
    finally:
        book.close()
    if formulas:
        _resolve_formulas(path, sheets, formulas)
    merged = _merged_ranges(path, titles)
    for sheet in sheets:
        if refs := merged.get(sheet.name):
            _fill_merged(sheet, refs)
    return sheets


def _resolve_formulas(path: Path, sheets: list[Sheet], formulas: dict[str, set[tuple[int, int]]]) -> None:
    """Use the value Excel saved with each formula; a formula never computed stays a Formula marker."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in sheets:
            wanted = formulas.get(sheet.name)
            if not wanted:
                continue
            rows = {number: values for number, values in sheet.rows}
            wanted_rows = {r for r, _ in wanted}
            for row in book[sheet.name].iter_rows(min_row=min(wanted_rows), max_row=max(wanted_rows)):
                for cell in row:
                    key = (getattr(cell, "row", 0), getattr(cell, "column", 0))
                    if key in wanted:
                        values = rows[key[0]]
                        text = values[key[1] - 1]
                        values[key[1] - 1] = cell.value if cell.value is not None else Formula(str(text))
    finally:
        book.close()


# --- .xls ---------------------------------------------------------------------------------------------


def _read_xls(path: Path, name: str) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=False, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise FileRejected(MSG_ENCRYPTED) from exc
        raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xls")) from exc
    except Exception as exc:  # xlrd raises assorted errors on damaged files
        raise FileRejected(MSG_BROKEN.format(name=name, fmt="Excel .xls")) from exc
    sheets = []
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            sheet = Sheet(ws.name)
            for r in range(ws.nrows):
                values = [_xls_value(ws.cell(r, c), book.datemode) for c in range(ws.ncols)]
                if _has_data(values):
                    sheet.rows.append((r + 1, values))
            refs = []
            for rlo, rhi, clo, chi in getattr(ws, "merged_cells", []):
                refs.append(f"{get_column_letter(clo + 1)}{rlo + 1}:{get_column_letter(chi)}{rhi}")
            _fill_merged(sheet, refs)
            sheets.append(sheet)
    finally:
        book.release_resources()
    return sheets


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    return cell.value


# --- .csv ---------------------------------------------------------------------------------------------


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16; otherwise Windows-1258/1252 (old Vietnamese exports)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100:
        return None  # control bytes: a binary file, not text
    # Windows-1258 carries Vietnamese with combining tone marks; TCVN3/VNI text read as 1252 is fixed
    # later, cell by cell, by the legacy converter.
    vietnamese = data.decode("cp1258", errors="replace")
    if any(ch in vietnamese for ch in "ăâêôơưđĂÂÊÔƠƯĐ") and not any(ch in vietnamese for ch in "¸µ¶·¹¨¾»¼½Æ"):
        return vietnamese
    return data.decode("cp1252", errors="replace")


def _read_csv(text: str, name: str) -> Sheet:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(Path(name).stem or "CSV")
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if _has_data(values):
            sheet.rows.append((number, list(values)))
    return sheet


def iter_data_rows(sheet: Sheet, header_row: int) -> Iterator[tuple[int, list[Any]]]:
    for number, values in sheet.rows:
        if number > header_row:
            yield number, values
