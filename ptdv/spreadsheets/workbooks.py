"""Workbooks the importer gives back: the empty template with instructions, and the rejected rows."""

import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ptdv.spreadsheets.cells import read_choice, read_date
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.mapping import from_json
from ptdv.spreadsheets.models import ImportJob, RowOutcome, RowStatus

ERROR_HEADER = "Lỗi"
ORIGINAL_ROW_HEADER = "Dòng trong tệp gốc"
TEXT_COLUMNS = {"national_id", "phone", "org_code", "code", "parent_code"}
DATE_FORMAT = "dd/mm/yyyy"
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
GENERAL_RULES = [
    "Mỗi dòng là một bản ghi; dòng đầu của trang “Dữ liệu” là tiêu đề cột, giữ nguyên tên cột.",
    "Cột tô màu hồng là bắt buộc. Các cột khác có thể để trống hoặc xóa khỏi bảng.",
    "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 25/03/2024 (cũng nhận ô kiểu ngày của Excel và 2024-03-25). Chỉ ghi năm sẽ bị báo lỗi, không tự đoán.",
    "Số CCCD và số điện thoại: cột đã định dạng Văn bản để giữ số 0 ở đầu. Nếu Excel vẫn lưu thành số, hệ thống tự khôi phục số 0 và báo để kiểm tra.",
    "Không gộp ô trong vùng dữ liệu. Công thức được nhận nếu Excel đã tính ra giá trị.",
    "Chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI được tự động chuyển sang Unicode.",
    "Trước khi ghi, hệ thống cho xem trước từng dòng: hợp lệ, cần lưu ý hoặc có lỗi. Dòng lỗi được giữ lại để tải về, sửa và nhập lại.",
    "Nhập lại cùng một tệp không tạo bản ghi trùng: người đã có (cùng Số CCCD) được cập nhật.",
]


def _choices(column: Any) -> list[str]:
    read = column.read
    if getattr(read, "func", None) is read_choice:
        return [label for _, label in read.keywords["choices"]]
    return []


def template_workbook(kind_key: str) -> bytes:
    """An empty template: the data sheet with Vietnamese headers, an instructions sheet, value lists."""
    kind = KINDS[kind_key]
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Dữ liệu"
    lists = book.create_sheet("Danh mục")
    guide = book.create_sheet("Hướng dẫn")
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[letter].width = max(14, min(40, len(column.header) + 4))
        if column.key in TEXT_COLUMNS:
            for row in range(2, 2001):
                data.cell(row=row, column=index).number_format = "@"
        if column.read is read_date:
            for row in range(2, 2001):
                data.cell(row=row, column=index).number_format = DATE_FORMAT
        if options := _choices(column):
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = Font(bold=True)
            for offset, option in enumerate(options, start=2):
                lists.cell(row=offset, column=list_column, value=option)
            lists.column_dimensions[list_letter].width = 36
            rule = DataValidation(
                type="list",
                formula1=f"='Danh mục'!${list_letter}$2:${list_letter}${len(options) + 1}",
                allow_blank=True,
                showErrorMessage=False,
            )
            data.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}2000")
    data.freeze_panes = "A2"
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 30
    guide.append([f"Mẫu nhập: {kind.label}"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    for rule_text in GENERAL_RULES:
        guide.append([f"• {rule_text}"])
    guide.append([])
    guide.append(["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        hint = column.help
        if options := _choices(column):
            hint = f"{hint} Chọn trong danh sách (trang “Danh mục”).".strip()
        guide.append([column.header, "Có" if column.required else "", hint, column.example])
        guide.cell(row=guide.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rejected_rows(job: ImportJob) -> Any:
    """Rows not written: before the commit, those with errors; after it, rejected and skipped ones."""
    if job.status == "done":
        return job.rows.filter(outcome__in=[RowOutcome.REJECTED, RowOutcome.SKIPPED]).order_by("number")
    return job.rows.filter(status=RowStatus.ERROR).order_by("number")


def _reason(row: Any) -> str:
    if row.outcome:
        return row.outcome_message or row.get_outcome_display()
    return " ".join(row.errors)


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def rejected_workbook(job: ImportJob) -> bytes:
    """The rows to fix, with the file's own headers and an error column: fix, then import this file again."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dòng cần sửa")
    headers = [from_json(h) for h in job.headers]
    sheet.append([*headers, ERROR_HEADER, ORIGINAL_ROW_HEADER])
    for row in rejected_rows(job).iterator(chunk_size=1000):
        cells = [from_json(value) for value in row.cells]
        cells.extend([None] * (len(headers) - len(cells)))
        sheet.append([_cell(sheet, value) for value in cells] + [_reason(row), row.number])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
