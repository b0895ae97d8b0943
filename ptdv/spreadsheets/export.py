"""Any list or report as .xlsx or .csv: typed cells, Vietnamese headers, no formula injection, bounded memory.

A page declares its columns (`Column(header, value)`) and hands its own scoped queryset to
`export_response`. What is decided here: who may download what (`export_allowed`, one table of pages),
how a national ID is shown (`national_id_for`), and that every personal-data download is logged.
"""

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.common.text import search_key
from ptdv.spreadsheets.policy import (  # noqa: F401  (re-exported: views import the policy from here)
    ADMIN,
    AGGREGATE,
    PAGE_KINDS,
    PERSONAL,
    ExportLog,
    export_allowed,
    export_denied,
    page_kind,
)

XLSX = "xlsx"
CSV = "csv"
EXPORT_PARAM = "xuat"  # ?xuat=xlsx | ?xuat=csv on any list page
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"
YES, NO = "Có", "Không"
# A cell starting with one of these is taken by Excel for a formula (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000  # rows fetched per round trip, and rows per streamed CSV chunk
WIDTH_SAMPLE = 200  # rows looked at to size the columns before the sheet is streamed
MIN_WIDTH, MAX_WIDTH = 8, 60
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_FILENAME_BAD = re.compile(r"[^A-Za-z0-9._]+")
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """One column: its Vietnamese header and how to read its value from a row.

    `text` keeps the value as text whatever it looks like (IDs, phone numbers: leading zeros survive).
    """

    header: str
    value: Callable[[Any], Any]
    text: bool = False
    width: int | None = None
    national_id: bool = False  # a full 12-digit value written here counts as a revealed national ID


@dataclass(frozen=True)
class Table:
    """Rows and columns for one sheet (the CSV file carries the first table only)."""

    title: str
    rows: Iterable[Any]
    columns: Sequence[Column]


def wants_export(request: HttpRequest) -> str | None:
    """The format asked for by `?xuat=xlsx` or `?xuat=csv`; None for anything else (the page itself)."""
    fmt = request.GET.get(EXPORT_PARAM, "")
    return fmt if fmt in (XLSX, CSV) else None


def national_id_for(user: object, person: Any) -> str:
    """The full national ID for those who may change the person's record, masked for viewers.

    `can()` reads the user's scope once per request (cached on the user), so a long list costs no
    query per row; the person's organisation must come with the row (select_related).
    """
    if not person.national_id:
        return ""
    if can(user, Action.CHANGE, person.organization):
        return str(person.national_id)
    return str(person.masked_national_id())


def export_response(
    *,
    rows: Iterable[Any],
    columns: Sequence[Column],
    filename: str,
    fmt: str,
    title: str = "",
    log: ExportLog | None = None,
    full_ids_expected: Callable[[], int] | None = None,
) -> HttpResponseBase:
    """The rows as a download: an .xlsx file, or a streamed UTF-8 CSV file (with BOM, for Excel).

    With `log`, the download is recorded: .xlsx after its rows are written and counted; a streamed
    .csv before the first byte, with the row count the queryset expects (and `full_ids_expected()`).
    """
    return export_tables_response(
        tables=[Table(title or filename, rows, columns)],
        filename=filename,
        fmt=fmt,
        log=log,
        full_ids_expected=full_ids_expected,
    )


def _expected_rows(rows: Iterable[Any]) -> int | None:
    if isinstance(rows, QuerySet):
        return rows.count()
    return len(rows) if isinstance(rows, Sized) else None


def export_tables_response(
    *,
    tables: Sequence[Table],
    filename: str,
    fmt: str,
    log: ExportLog | None = None,
    full_ids_expected: Callable[[], int] | None = None,
) -> HttpResponseBase:
    """Several tables: one sheet each in .xlsx; the CSV file carries the first one."""
    name = filename if filename.lower().endswith(f".{fmt}") else f"{filename}.{fmt}"
    if fmt == XLSX:
        content, counts = _xlsx(tables)
        if log is not None:
            log.record(filename=name, fmt=fmt, rows=counts[0], full_ids=counts[1])
        response: HttpResponseBase = HttpResponse(content, content_type=XLSX_TYPE)
    elif fmt == CSV:
        if log is not None:
            expected = _expected_rows(tables[0].rows)
            full = full_ids_expected() if full_ids_expected else None
            log.record(filename=name, fmt=fmt, rows=expected, full_ids=full)
        response = StreamingHttpResponse(_csv(tables[0]), content_type=CSV_TYPE)
    else:
        raise ValueError(f"Unknown export format: {fmt!r}")
    response["Content-Disposition"] = content_disposition(filename, fmt)
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a proxy
    return response


def content_disposition(filename: str, ext: str) -> str:
    """`attachment` with an ASCII fallback name and the Vietnamese name per RFC 6266 / 5987."""
    stem = filename[: -len(ext) - 1] if filename.lower().endswith(f".{ext}") else filename
    full = f"{stem}.{ext}".replace("\r", " ").replace("\n", " ")
    fallback = _FILENAME_BAD.sub("-", search_key(stem)).strip("-._") or "xuat"
    return f"attachment; filename=\"{fallback}.{ext}\"; filename*=UTF-8''{quote(full, safe='')}"


def _rows(rows: Iterable[Any]) -> Iterator[Any]:
    """Rows fetched in chunks: a queryset is never held in memory whole."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK)
    return iter(rows)


def _is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def _typed(value: Any, column: Column) -> Any:
    """The value as a cell holds it: None, str, bool as Có/Không, number, date or naive local datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if column.text:
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date | int | float | Decimal):
        return value
    return str(value)  # lazy translations, enum members, model instances


# --- CSV -------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):  # 12.00 → "12", 76.510 → "76.51": no trailing zeros, no exponent
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, str):
        return f"'{value}" if _is_formula_like(value) else value
    return str(value)


def _csv(table: Table) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    header = writer.writerow([_csv_text(c.header) for c in table.columns])
    yield ("\ufeff" + header).encode("utf-8")
    rows = _rows(table.rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        lines = (
            writer.writerow([_csv_text(_typed(c.value(row), c)) for c in table.columns]) for row in chunk
        )
        yield "".join(lines).encode("utf-8")


# --- XLSX ------------------------------------------------------------------------------------------


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub(" ", title).strip()[:31] or "Trang"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _display_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(columns: Sequence[Column], sample: list[list[Any]]) -> list[float]:
    widths = []
    for i, column in enumerate(columns):
        if column.width:
            widths.append(float(column.width))
            continue
        longest = max([len(column.header), *(_display_length(row[i]) for row in sample)])
        widths.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def _cell(ws: Any, value: Any, column: Column) -> Any:
    """A plain value where Excel's default is right; a styled cell for dates, text and formula-like text."""
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if column.text or _is_formula_like(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # openpyxl would store "=…" as a formula
            if column.text:
                cell.number_format = TEXT_FORMAT
            if _is_formula_like(value):
                cell.quotePrefix = True  # Excel's own apostrophe: stays text when the cell is edited
            return cell
    return value


def _is_full_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 12 and value.isdigit()


def _write_sheet(wb: Workbook, table: Table, taken: set[str]) -> tuple[int, int]:
    """Write one sheet; return how many rows, and how many full national IDs, were written."""
    ws = wb.create_sheet(title=_sheet_title(table.title, taken))
    columns = table.columns
    rows = _rows(table.rows)
    # Column widths must be written before the first row: size them on the first rows only.
    sample = [[_typed(c.value(row), c) for c in columns] for row in itertools.islice(rows, WIDTH_SAMPLE)]
    for i, width in enumerate(_widths(columns, sample), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _BOLD
        header.append(cell)
    ws.append(header)
    count = full_ids = 0
    id_columns = [i for i, column in enumerate(columns) if column.national_id]
    for values in itertools.chain(sample, ([_typed(c.value(row), c) for c in columns] for row in rows)):
        ws.append([_cell(ws, value, column) for value, column in zip(values, columns, strict=True)])
        count += 1
        full_ids += sum(1 for i in id_columns if _is_full_id(values[i]))
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count, full_ids


def _xlsx(tables: Sequence[Table]) -> tuple[bytes, tuple[int, int]]:
    """The workbook's bytes, and the rows and full national IDs written (all sheets together)."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "PTĐV"
    wb.properties.title = tables[0].title if tables else ""
    taken: set[str] = set()
    rows = full_ids = 0
    for table in tables:
        written, revealed = _write_sheet(wb, table, taken)
        rows, full_ids = rows + written, full_ids + revealed
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), (rows, full_ids)
