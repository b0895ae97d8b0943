"""Reading one cell: what Excel or a CSV gives us (text, numbers, dates, serials) into clean values.

Each reader returns the value and an optional warning, or raises CellError with a Vietnamese message.
Pure Python apart from the text helpers: no database.
"""

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ptdv.common.text import nfc, search_key
from ptdv.spreadsheets import legacy

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 01/01/1900 (Excel's 1900 leap-year bug folded in)
FIRST_SERIAL, LAST_SERIAL = 367, 73050  # 01/01/1901 … 31/12/2099: anything else is not a date serial
TWO_DIGIT_PIVOT = 30  # "d/m/yy": yy above today's yy + this margin means 19yy (birth dates are past)

MSG_FORMULA = "Ô chứa công thức “{formula}” chưa được Excel tính ra giá trị; hãy mở tệp bằng Excel, lưu lại rồi tải lên."
MSG_YEAR_ONLY = "Chỉ có năm “{value}”, thiếu ngày và tháng; hãy ghi đủ ngày/tháng/năm (không tự đoán)."
MSG_MONTH_YEAR = "Chỉ có tháng và năm “{value}”, thiếu ngày; hãy ghi đủ ngày/tháng/năm (không tự đoán)."
MSG_DATE = "“{value}” không phải ngày hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 25/03/2024."
MSG_SERIAL = "Số {value} không phải ngày hợp lệ (ô kiểu số của Excel); hãy ghi theo dạng 25/03/2024."
MSG_ID_DECIMAL = (
    "Số CCCD “{value}” bị Excel lưu dạng số thập phân, đã mất chữ số; hãy định dạng cột là Văn bản và gõ lại."
)
MSG_ID_PADDED = "Số CCCD bị Excel lưu dạng số nên mất số 0 ở đầu; đã khôi phục thành {value}."
MSG_PHONE_PADDED = "Số điện thoại bị Excel lưu dạng số nên mất số 0 ở đầu; đã khôi phục thành {value}."
MSG_BOOL = "“{value}” không hiểu là có hay không; hãy ghi “x”, “Có” hoặc để trống."
MSG_NUMBER = "“{value}” không phải số."
MSG_CHOICE = "“{value}” không có trong danh mục “{label}”. Các giá trị được nhận: {options}."
MSG_LEGACY = "Chữ gõ bằng bảng mã {encoding} đã được chuyển sang Unicode: “{value}”."
MSG_TOO_LONG = "Dài {length} ký tự, vượt giới hạn {limit} ký tự của mục này."

_TRUE = {"x", "co", "c", "1", "true", "yes", "dung", "v", "✓", "✔"}
_FALSE = {"", "khong", "k", "0", "false", "no", "-"}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Formula:
    """A formula cell whose value Excel never computed (e.g. a file written by a program)."""

    text: str


@dataclass(frozen=True)
class Read:
    """A cell's clean value and what the reader had to repair, if anything."""

    value: Any
    warning: str = ""


def _raw_text(value: Any) -> str:
    if isinstance(value, Formula):
        raise CellError(MSG_FORMULA.format(formula=value.text))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@functools.lru_cache(maxsize=65536)
def _repaired(raw: str) -> tuple[str, str]:
    """(clean text, legacy encoding found or ""): columns repeat the same words, row after row."""
    repaired, encoding = legacy.repair(raw)
    return nfc(repaired), encoding or ""


def read_text(value: Any, *, limit: int | None = None) -> Read:
    """Text: legacy TCVN3/VNI converted, NFC, white space folded and trimmed."""
    clean, encoding = _repaired(_raw_text(value))
    if limit is not None and len(clean) > limit:
        raise CellError(MSG_TOO_LONG.format(length=len(clean), limit=limit))
    if encoding:
        return Read(clean, MSG_LEGACY.format(encoding=legacy.LABELS[encoding], value=clean))
    return Read(clean)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _from_serial(number: float, shown: Any) -> dt.date:
    if not number.is_integer() and number % 1 > 0.999999:
        number = round(number)
    whole = int(number)
    if _YEAR.fullmatch(str(whole)):
        raise CellError(MSG_YEAR_ONLY.format(value=whole))
    if not FIRST_SERIAL <= whole <= LAST_SERIAL:
        raise CellError(MSG_SERIAL.format(value=shown))
    return EXCEL_EPOCH + dt.timedelta(days=whole)


def _two_digit_year(yy: int, today: dt.date) -> int:
    century = today.year // 100 * 100
    return century + yy if yy <= today.year % 100 else century - 100 + yy


def _make_date(day: int, month: int, year: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(MSG_DATE.format(value=shown)) from exc


def read_date(value: Any, *, today: dt.date | None = None) -> Read:
    """A date from a date cell, an Excel serial, dd/mm/yyyy, d/m/yy or ISO; a year alone is refused."""
    if isinstance(value, Formula):
        raise CellError(MSG_FORMULA.format(formula=value.text))
    if isinstance(value, dt.datetime):
        return Read(value.date())
    if isinstance(value, dt.date):
        return Read(value)
    if isinstance(value, bool):
        raise CellError(MSG_DATE.format(value=value))
    if isinstance(value, int | float):
        return Read(_from_serial(float(value), _raw_text(value)))
    shown = nfc(str(value))
    text = unicodedata.normalize("NFKC", shown)
    today = today or dt.date.today()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return Read(_make_date(day, month, year, shown))
    if match := _DMY.fullmatch(text):
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if len(match[3]) == 4 else _two_digit_year(int(match[3]), today)
        return Read(_make_date(day, month, year, shown))
    if _YEAR.fullmatch(text):
        raise CellError(MSG_YEAR_ONLY.format(value=text))
    if _MY.fullmatch(text):
        raise CellError(MSG_MONTH_YEAR.format(value=text))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return Read(_from_serial(float(text), shown))
    raise CellError(MSG_DATE.format(value=shown))


def _digits_from_number(value: int | float | Decimal) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise CellError(MSG_ID_DECIMAL.format(value=value))
    return str(int(value))


def read_national_id(value: Any) -> Read:
    """The 12-digit ID as text; a number that lost its leading zeros gets them back, with a warning."""
    if isinstance(value, Formula):
        raise CellError(MSG_FORMULA.format(formula=value.text))
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        digits = _digits_from_number(value)
        if len(digits) < 12:
            padded = digits.zfill(12)
            return Read(padded, MSG_ID_PADDED.format(value=padded))
        return Read(digits)
    text = re.sub(r"[\s.\-']", "", nfc(_raw_text(value)))
    if re.fullmatch(r"\d+\.?\d*[eE]\+?\d+", text):
        raise CellError(MSG_ID_DECIMAL.format(value=text))
    return Read(text)


def read_phone(value: Any) -> Read:
    """A phone number as text; a 9-digit number that lost its leading 0 gets it back, with a warning."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        digits = _digits_from_number(value)
        if len(digits) == 9:
            padded = "0" + digits
            return Read(padded, MSG_PHONE_PADDED.format(value=padded))
        return Read(digits)
    return Read(re.sub(r"[\s.\-()']", "", nfc(_raw_text(value))))


def read_bool(value: Any) -> Read:
    """ "x", "Có", 1 … are yes; blank, "Không", 0 are no."""
    if isinstance(value, bool):
        return Read(value)
    key = search_key(_raw_text(value))
    if key in _TRUE:
        return Read(True)
    if key in _FALSE:
        return Read(False)
    raise CellError(MSG_BOOL.format(value=_raw_text(value)))


def read_number(value: Any) -> Read:
    """A number; Vietnamese "1.020" (thousands) and "3,45" (decimal comma) are understood."""
    if isinstance(value, Formula):
        raise CellError(MSG_FORMULA.format(formula=value.text))
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Read(Decimal(value))
    if isinstance(value, float):
        return Read(Decimal(str(value)))
    text = nfc(_raw_text(value)).replace(" ", "").replace("%", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return Read(Decimal(text))
    except InvalidOperation as exc:
        raise CellError(MSG_NUMBER.format(value=_raw_text(value))) from exc


@functools.cache
def _lookup(options: tuple[tuple[str, str], ...], aliases: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Label, code and alias keys of a coded list: built once per list, not once per cell."""
    lookup = {search_key(name): code for code, name in options}
    lookup.update({search_key(code): code for code, _ in options})
    lookup.update({search_key(alias): code for alias, code in aliases})
    return lookup


_search_key = functools.lru_cache(maxsize=65536)(search_key)
_LOOKUPS: dict[tuple[int, int], tuple[Any, Any, list[tuple[str, str]], dict[str, str]]] = {}


def _lookup_of(
    choices: Iterable[tuple[str, str]], aliases: Mapping[str, str] | None
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The options and lookup of a coded list, found by the list's identity (columns pass the same one)."""
    key = (id(choices), id(aliases))
    known = _LOOKUPS.get(key)
    if known is None or known[0] is not choices or known[1] is not aliases or isinstance(choices, Iterator):
        options = list(choices)
        known = (choices, aliases, options, _lookup(tuple(options), tuple((aliases or {}).items())))
        if not isinstance(choices, Iterator):  # a generator is used up: never reuse it
            if len(_LOOKUPS) > 256:  # lists built on the fly: keep the cache small
                _LOOKUPS.clear()
            _LOOKUPS[key] = known
    return known[2], known[3]


def read_choice(
    value: Any, *, choices: Iterable[tuple[str, str]], label: str, aliases: Mapping[str, str] | None = None
) -> Read:
    """One value of a coded list, matched on its label or code without diacritics or case."""
    text = read_text(value)
    options, lookup = _lookup_of(choices, aliases)
    key = _search_key(text.value)
    if key in lookup:
        return Read(lookup[key], text.warning)
    names = ", ".join(name for _, name in options)
    raise CellError(MSG_CHOICE.format(value=text.value, label=label, options=names))
