"""Calendar arithmetic the rules count in: whole months (age at the cell vote, certificate validity).

Working days (public holidays, Tết, make-up Saturdays) live in `workdays.py`.
"""

import datetime as dt


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Completed months from `start` to `end` (negative if `end` is earlier).

    A month is complete on the same day-of-month, or on the last day of a shorter month:
    from 31/01 one month is complete on 28/02 (29/02 in a leap year); from 29/02 a year is
    complete on 28/02 of a common year.
    """
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and not _is_last_day_of_month(end):
        months -= 1
    return months


def add_months(day: dt.date, n: int) -> dt.date:
    """The same day-of-month `n` months later (earlier if negative), clamped to the month's last day.

    Consistent with `whole_months_between`: `whole_months_between(d, add_months(d, n)) == n`.
    31/01 + 1 month is 28/02 (29/02 in a leap year); 29/02 + 12 months is 28/02 of a common year.
    """
    year, month_index = divmod(day.year * 12 + (day.month - 1) + n, 12)
    month = month_index + 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    """Number of days in a month of the Gregorian calendar."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def age_in_months(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in completed months on a given day."""
    return whole_months_between(date_of_birth, on)


def age_in_years(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in completed years on a given day."""
    return age_in_months(date_of_birth, on) // 12


def _is_last_day_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month
