"""Calendar arithmetic the rules count in: whole months (age at the cell vote, certificate validity)."""

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


def age_in_months(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in completed months on a given day."""
    return whole_months_between(date_of_birth, on)


def age_in_years(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in completed years on a given day."""
    return age_in_months(date_of_birth, on) // 12


def _is_last_day_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month
