"""Vietnamese number and date formatting that does not depend on the active locale."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """4762 -> "4.762"; 76.5123 with 2 decimals -> "76,51"."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def vn_percent(value: float | Decimal | None, decimals: int = 2) -> str:
    """76.51 -> "76,51%"."""
    return "" if value is None else f"{vn_number(value, decimals)}%"


def vn_date(value: dt.date | None) -> str:
    """2024-03-25 -> "25/03/2024"."""
    return value.strftime("%d/%m/%Y") if value else ""
