"""Vietnamese formatting shared by the rule messages: dates dd/mm/yyyy, ages, percentages with a decimal comma."""

import datetime as dt


def fmt_date(day: dt.date) -> str:
    """A date as users read it: 25/03/2024."""
    return day.strftime("%d/%m/%Y")


def fmt_age(months: int) -> str:
    """An age in whole months as "17 tuổi 11 tháng" ("24 tuổi" when the months are zero)."""
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def fmt_percent(numerator: int, denominator: int) -> str:
    """A share with two decimals and a decimal comma: 7/11 → "63,64%"."""
    if denominator <= 0:
        return "—"
    return f"{numerator * 100 / denominator:.2f}".replace(".", ",") + "%"


def join_names(names: list[str]) -> str:
    """Names joined with commas: "Nguyễn Văn A, Trần Thị B"."""
    return ", ".join(names)


def iso(day: dt.date | None) -> str | None:
    """A date for a result's `values` (JSON-friendly)."""
    return day.isoformat() if day is not None else None
