"""What every import kind shares: its columns, the row check, and how a row is written."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ptdv.common.text import search_key
from ptdv.spreadsheets.cells import CellError, Read, is_blank

ERROR, WARNING = "error", "warning"
CREATE, UPDATE, SKIP = "create", "update", "skip"
DECISION_LABELS = {CREATE: "Tạo mới", UPDATE: "Cập nhật bản đã có", SKIP: "Bỏ qua dòng này"}
CREATED, UPDATED, UNCHANGED, SKIPPED, REJECTED = "created", "updated", "unchanged", "skipped", "rejected"

MSG_REQUIRED = "Thiếu “{header}” (bắt buộc)."
MSG_CELL = "{header}: {message}"


@dataclass(frozen=True)
class Column:
    """One column an import understands: its template header, other names seen in real files, its reader."""

    key: str
    header: str
    read: Callable[[Any], Read]
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: Any = ""

    def names(self) -> set[str]:
        return {header_key(self.header), *(header_key(a) for a in self.aliases), header_key(self.key)}


def header_key(text: Any) -> str:
    """A header without diacritics, case, punctuation or numbering: "1. Họ và tên (*)" → "ho va ten"."""
    key = search_key(str(text or ""))
    key = "".join(ch if ch.isalnum() else " " for ch in key)
    words = [w for w in key.split() if not w.isdigit()]
    return " ".join(words)


@dataclass
class RowCheck:
    """The result of checking one row: clean values, messages, and what committing it would do."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)  # keys used to find duplicates
    plan: str = CREATE  # create / update (an existing record is matched)
    existing_id: int | None = None
    summary: str = ""  # one line naming the row, for lists ("Nguyễn Văn An, 12/03/1990")

    @property
    def status(self) -> str:
        return ERROR if self.errors else WARNING if self.warnings else "valid"


def read_columns(columns: Sequence[Column], raw: dict[str, Any]) -> RowCheck:
    """Run each column's reader on its cell; blanks of required columns and unreadable cells are errors."""
    check = RowCheck()
    for column in columns:
        value = raw.get(column.key)
        if is_blank(value):
            check.values[column.key] = None
            if column.required:
                check.errors.append(MSG_REQUIRED.format(header=column.header))
            continue
        try:
            result = column.read(value)
        except CellError as exc:
            check.values[column.key] = None
            check.errors.append(MSG_CELL.format(header=column.header, message=exc))
            continue
        check.values[column.key] = result.value if result.value != "" else None
        if result.warning:
            check.warnings.append(MSG_CELL.format(header=column.header, message=result.warning))
    return check


@dataclass(frozen=True)
class Outcome:
    """What committing one row did, and the object it wrote."""

    result: str  # created / updated / unchanged
    target: Any = None
    note: str = ""


def vn_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""
