"""Finding the header row and deciding which column is which field; cells to JSON and back."""

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from ptdv.spreadsheets.cells import Formula
from ptdv.spreadsheets.kinds.base import Column, header_key
from ptdv.spreadsheets.reading import Sheet, Workbook

HEADER_SCAN_ROWS = 20  # title lines above the table are common ("DANH SÁCH ĐẢNG VIÊN …")
IGNORED_HEADERS = {"loi", "ket qua", "stt", "so thu tu", "tt", "dong trong tep goc"}  # ours, or row numbers
INSTRUCTION_SHEETS = {"huong dan", "danh muc"}


def column_names(columns: list[Column], learned: dict[str, str]) -> dict[str, str]:
    """Every header key an import recognises → the field it means (learned mappings win)."""
    names: dict[str, str] = {}
    for column in columns:
        for name in column.names():
            names.setdefault(name, column.key)
    names.update(learned)
    return names


def match_headers(values: list[Any], names: dict[str, str]) -> dict[str, str]:
    """Column index (as str, for JSON) → field key, for the headers of one row; each field once."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, value in enumerate(values):
        key = names.get(header_key(value))
        if key and key not in taken:
            mapping[str(index)] = key
            taken.add(key)
    return mapping


def find_table(
    workbook: Workbook, columns: list[Column], learned: dict[str, str]
) -> tuple[Sheet, int, list[Any], dict[str, str]]:
    """The sheet and row whose cells match the most known headers (instruction sheets skipped)."""
    names = column_names(columns, learned)
    best: tuple[int, Sheet, int, list[Any], dict[str, str]] | None = None
    for sheet in workbook.sheets:
        if header_key(sheet.name) in INSTRUCTION_SHEETS:
            continue
        for number, values in sheet.rows[:HEADER_SCAN_ROWS]:
            mapping = match_headers(values, names)
            if best is None or len(mapping) > best[0]:
                best = (len(mapping), sheet, number, values, mapping)
    if best is None:
        sheet = next((s for s in workbook.sheets if s.rows), workbook.sheets[0])
        first = sheet.rows[0] if sheet.rows else (0, [])
        return sheet, first[0], list(first[1]), {}
    _, sheet, number, values, mapping = best
    if not mapping:  # nothing recognised: take the first row as the headers, the user maps them
        number, values = sheet.rows[0]
    return sheet, number, list(values), mapping


def signature(headers: list[Any]) -> str:
    return hashlib.sha256("|".join(header_key(h) for h in headers).encode()).hexdigest()


_AS_IS = frozenset({str, int, bool, type(None)})


def to_json(value: Any) -> Any:
    """A raw cell as JSON: dates and formulas tagged so they come back as they were read."""
    if type(value) in _AS_IS:  # most cells: checked first, as a large file has millions
        return value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, Formula):
        return {"formula": value.text}
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "formula" in value:
            return Formula(value["formula"])
    return value


def row_values(cells: list[Any], mapping: dict[str, str]) -> dict[str, Any]:
    """The raw value of each mapped field in one row."""
    values: dict[str, Any] = {}
    for index, key in mapping.items():
        i = int(index)
        values[key] = from_json(cells[i]) if i < len(cells) else None
    return values
