"""Checks of the 12-digit citizen identity number (số định danh cá nhân / CCCD).

Layout: 3 digits for the province where the birth was registered, 1 digit for gender and century,
2 digits for the year of birth, 6 random digits. Pure Python, no Django.
"""

import datetime as dt
import re

# Province codes of the 63 provinces as numbered before the 2025 mergers; numbers stay valid after them.
PROVINCE_CODES: frozenset[str] = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
# ASCII digits only, whole string: \d would take other scripts' digits and $ a trailing newline.
_DIGITS = re.compile(r"[0-9]{12}")
FIRST_CENTURY = 1900  # digit 0/1 = born 1900–1999, 2/3 = 2000–2099, and so on


def normalise(raw: str | None) -> str:
    """Keep the digits only, as a string (leading zeros included); spaces and dots are dropped."""
    return re.sub(r"[\s.\-]", "", raw or "")


def problems(
    national_id: str, *, gender: str | None = None, date_of_birth: dt.date | None = None
) -> list[str]:
    """Vietnamese explanations of what is wrong with `national_id`; empty when it is well formed.

    `gender` is "M" or "F". The gender/century digit and the year digits are checked when given.
    """
    if not _DIGITS.fullmatch(national_id):
        count = sum(ch in "0123456789" for ch in national_id)
        if count != len(national_id):
            return ["Số CCCD chỉ được gồm chữ số."]
        return [f"Số CCCD phải gồm đúng 12 chữ số (đang có {count})."]
    found = []
    if national_id[:3] not in PROVINCE_CODES:
        found.append(f"Ba chữ số đầu “{national_id[:3]}” không phải mã tỉnh, thành phố hợp lệ.")
    code = int(national_id[3])
    century = FIRST_CENTURY + (code // 2) * 100
    if century > 2200:
        found.append(f"Chữ số thứ tư “{code}” (giới tính, thế kỷ sinh) không hợp lệ.")
        return found
    if gender in ("M", "F") and (code % 2 == 1) != (gender == "F"):
        expected = "nữ" if code % 2 else "nam"
        found.append(f"Chữ số thứ tư “{code}” là mã của {expected}, không khớp với giới tính đã khai.")
    if date_of_birth is not None:
        year = century + int(national_id[4:6])
        if year != date_of_birth.year:
            found.append(
                f"Các chữ số 4–6 cho năm sinh {year}, không khớp với năm sinh đã khai {date_of_birth.year}."
            )
    return found


def build(province_code: str, gender: str, year_of_birth: int, serial: int) -> str:
    """A well-formed number for test and demo data."""
    digit = (year_of_birth - FIRST_CENTURY) // 100 * 2 + (1 if gender == "F" else 0)
    return f"{province_code}{digit}{year_of_birth % 100:02d}{serial % 1_000_000:06d}"


def mask(value: str) -> str:
    """The form shown in lists: only the first 3 and last 2 digits of a 12-digit number."""
    return f"{value[:3]}•••••••{value[-2:]}" if len(value) == 12 else value
