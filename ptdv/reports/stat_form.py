"""The new-member statistical table modelled on form 2-BTCTW ("Đảng viên mới kết nạp"), as an .xlsx workbook."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ptdv.common.formatting import vn_date
from ptdv.reports.figures import NewMemberStats, StatRow

SHEET = "2-BTCTW"
NOTES_SHEET = "Ghi chú"
FORM_TITLE = "ĐẢNG VIÊN MỚI KẾT NẠP"
COUNT_FORMAT = "#,##0"
AGE_FORMAT = "0.0"
AVERAGE_AGE = "Tuổi bình quân"
HEADER_TOP = 5  # first of the two header rows; the column numbers follow them
FIRST_DATA_ROW = HEADER_TOP + 3
FONT = "Times New Roman"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One data column: its group heading, its own heading (None for a one-column group), its value."""

    group: str
    heading: str | None
    value: Callable[[StatRow], int | Decimal | None]
    number_format: str = COUNT_FORMAT


def _keys(rows: Iterable[StatRow], pick: Callable[[StatRow], dict[str, int]]) -> list[str]:
    """Breakdown labels in the order of the first row that has them (the total comes first)."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(pick(row)))
    return list(keys)


def _breakdown(pick: Callable[[StatRow], dict[str, int]], key: str) -> Callable[[StatRow], int]:
    """One label of a breakdown (an occupation, an age band…), 0 for a row that lacks it."""
    return lambda row: pick(row).get(key, 0)


def columns_for(stats: NewMemberStats) -> list[Column]:
    """The form's columns: fixed counts, then one column per occupation, age band, education level."""
    rows = [stats.total, *stats.rows]
    columns = [
        Column("Tổng số", None, lambda r: r.total),
        Column("Nữ", None, lambda r: r.women),
        Column("Dân tộc thiểu số", None, lambda r: r.ethnic_minority),
        Column("Tôn giáo", None, lambda r: r.religious),
        Column("Đoàn viên", None, lambda r: r.youth_union),
        Column("Kết nạp lại", None, lambda r: r.readmitted),
    ]
    groups: list[tuple[str, Callable[[StatRow], dict[str, int]]]] = [
        ("Nghề nghiệp", lambda r: r.occupations),
        ("Tuổi", lambda r: r.age_bands),
        ("Trình độ giáo dục phổ thông", lambda r: r.education),
        ("Trình độ chuyên môn", lambda r: r.qualification),
    ]
    for group, pick in groups:
        for key in _keys(rows, pick):
            columns.append(Column(group, key, _breakdown(pick, key)))
        if group == "Tuổi":
            columns.append(Column(group, AVERAGE_AGE, lambda r: r.average_age, AGE_FORMAT))
    return columns


def render_stat_form_xlsx(stats: NewMemberStats) -> bytes:
    """The 2-BTCTW workbook: the form sheet (one row per unit, then the total) and a notes sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    columns = columns_for(stats)
    last = len(columns) + 1
    _title(sheet, stats, last)
    _header(sheet, columns)
    for offset, row in enumerate([*stats.rows, stats.total]):
        _data_row(sheet, FIRST_DATA_ROW + offset, row, columns, bold=row is stats.total)
    _layout(sheet, columns)
    _notes(workbook.create_sheet(NOTES_SHEET), stats)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, stats: NewMemberStats, last: int) -> None:
    sheet["A1"] = stats.organization.name.upper()
    sheet["A1"].font = Font(name=FONT, bold=True, size=11)
    corner = sheet.cell(row=1, column=last, value=f"Biểu số {SHEET}")
    corner.font = Font(name=FONT, italic=True, size=11)
    corner.alignment = Alignment(horizontal="right")
    sheet.cell(row=2, column=1, value=FORM_TITLE).font = Font(name=FONT, bold=True, size=14)
    period = stats.period
    span = f"{stats.period.label[:1].upper()}{stats.period.label[1:]} (từ {vn_date(period.start)} đến {vn_date(period.end)})"
    sheet.cell(row=3, column=1, value=f"{stats.organization.name} — {span}").font = Font(
        name=FONT, italic=True
    )
    for row in (2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")


def _header(sheet: Worksheet, columns: list[Column]) -> None:
    top, sub, numbers = HEADER_TOP, HEADER_TOP + 1, HEADER_TOP + 2
    sheet.cell(row=top, column=1, value="Tên đơn vị")
    sheet.merge_cells(start_row=top, start_column=1, end_row=sub, end_column=1)
    start = 0
    while start < len(columns):
        group = columns[start].group
        end = start
        while end + 1 < len(columns) and columns[end + 1].group == group and columns[end + 1].heading:
            end += 1
        first, final = start + 2, end + 2
        sheet.cell(row=top, column=first, value=group)
        if columns[start].heading is None:
            sheet.merge_cells(start_row=top, start_column=first, end_row=sub, end_column=first)
        else:
            if final > first:
                sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=final)
            for i in range(start, end + 1):
                sheet.cell(row=sub, column=i + 2, value=columns[i].heading)
        start = end + 1
    sheet.cell(row=numbers, column=1, value="A")
    for i in range(len(columns)):
        sheet.cell(row=numbers, column=i + 2, value=f"({i + 1})")
    for row in sheet.iter_rows(min_row=top, max_row=numbers, max_col=len(columns) + 1):
        for cell in row:
            cell.font = Font(name=FONT, bold=cell.row != numbers, italic=cell.row == numbers, size=10)
            cell.alignment = CENTRE
            cell.border = BORDER
            cell.fill = HEADER_FILL


def _data_row(sheet: Worksheet, row: int, values: StatRow, columns: list[Column], *, bold: bool) -> None:
    label = sheet.cell(row=row, column=1, value=values.label)
    label.font = Font(name=FONT, bold=bold, size=10)
    label.alignment = Alignment(vertical="center", wrap_text=True)
    label.border = BORDER
    for i, column in enumerate(columns, start=2):
        value = column.value(values)
        cell = sheet.cell(row=row, column=i, value=float(value) if isinstance(value, Decimal) else value)
        cell.number_format = column.number_format
        cell.font = Font(name=FONT, bold=bold, size=10)
        cell.alignment = Alignment(horizontal="right", vertical="center")
        cell.border = BORDER


def _layout(sheet: Worksheet, columns: list[Column]) -> None:
    sheet.column_dimensions["A"].width = 38
    for i, column in enumerate(columns, start=2):
        longest = max(len(word) for word in (column.heading or column.group).split())
        sheet.column_dimensions[get_column_letter(i)].width = max(8.5, min(14, longest + 3))
    sheet.row_dimensions[HEADER_TOP].height = 32
    sheet.row_dimensions[HEADER_TOP + 1].height = 48
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)
    sheet.print_title_rows = f"{HEADER_TOP}:{HEADER_TOP + 2}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True


NOTES = (
    ("Tên đơn vị", "Mỗi dòng là một tổ chức đảng trực thuộc; dòng cuối là số liệu của toàn đảng bộ."),
    (
        "Tổng số",
        "Số người được kết nạp vào Đảng trong kỳ báo cáo, tính theo ngày ghi trong quyết định kết nạp "
        "(kể cả kết nạp lại).",
    ),
    ("Nữ", "Số đảng viên mới kết nạp là nữ."),
    ("Dân tộc thiểu số", "Số đảng viên mới kết nạp là người dân tộc thiểu số (không phải dân tộc Kinh)."),
    ("Tôn giáo", "Số đảng viên mới kết nạp có ghi theo một tôn giáo trong lý lịch."),
    ("Đoàn viên", "Số đảng viên mới kết nạp là đoàn viên Đoàn TNCS Hồ Chí Minh tại thời điểm kết nạp."),
    ("Kết nạp lại", "Số người được kết nạp lại vào Đảng trong kỳ."),
    ("Nghề nghiệp", "Nghề nghiệp tại thời điểm kết nạp; mỗi người được tính ở đúng một cột."),
    (
        "Tuổi",
        "Tuổi tròn tính đến ngày ghi trong quyết định kết nạp, chia theo nhóm tuổi; tuổi bình quân là trung "
        "bình cộng tuổi của những người được kết nạp, làm tròn một chữ số thập phân.",
    ),
    ("Trình độ giáo dục phổ thông", "Trình độ giáo dục phổ thông cao nhất tại thời điểm kết nạp."),
    ("Trình độ chuyên môn", "Trình độ chuyên môn cao nhất đã được đào tạo tại thời điểm kết nạp."),
    ("Số liệu", "Các cột là số người (số nguyên); ô để trống là không có số liệu."),
)


def _notes(sheet: Worksheet, stats: NewMemberStats) -> None:
    sheet["A1"] = f"Ghi chú cách tính biểu {SHEET} — {stats.organization.name}, {stats.period.label}"
    sheet["A1"].font = Font(name=FONT, bold=True, size=12)
    sheet.append([])
    sheet.append(["Cột", "Cách tính"])
    for cell in sheet[3]:
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for column, text in NOTES:
        sheet.append([column, text])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = BORDER
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 95
