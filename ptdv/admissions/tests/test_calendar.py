"""Month arithmetic for the rules: no database, no Django."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.admissions.rules.calendar import age_in_months, age_in_years, whole_months_between

D = dt.date


@pytest.mark.parametrize(
    "start,end,months",
    [
        (D(2000, 1, 15), D(2000, 1, 15), 0),
        (D(2000, 1, 15), D(2000, 2, 14), 0),
        (D(2000, 1, 15), D(2000, 2, 15), 1),
        (D(2000, 1, 31), D(2000, 2, 29), 1),  # the last day of a shorter month completes the month
        (D(2001, 1, 31), D(2001, 2, 28), 1),
        (D(2000, 2, 29), D(2001, 2, 28), 12),  # a 29 February birthday comes of age on 28 February
        (D(2000, 2, 29), D(2001, 2, 27), 11),
        (D(1999, 12, 31), D(2000, 1, 1), 0),  # across a year end
        (D(1999, 12, 31), D(2000, 12, 31), 12),
    ],
)
def test_whole_months_are_counted_as_the_rules_count_them(start, end, months):
    assert whole_months_between(start, end) == months


def test_someone_born_18_years_ago_tomorrow_is_17_years_11_months_old():
    born = D(2008, 3, 26)
    assert age_in_months(born, D(2026, 3, 25)) == 17 * 12 + 11
    assert age_in_years(born, D(2026, 3, 25)) == 17
    assert age_in_years(born, D(2026, 3, 26)) == 18


dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@given(dates, dates)
def test_months_are_antisymmetric(a, b):
    assert whole_months_between(a, b) == -whole_months_between(b, a)


@given(dates, dates, dates)
def test_months_never_decrease_as_the_end_moves_later(start, end1, end2):
    if start <= end1 <= end2:
        assert whole_months_between(start, end1) <= whole_months_between(start, end2)


@given(dates, st.integers(min_value=0, max_value=1200))
def test_adding_n_months_by_calendar_gives_exactly_n_whole_months(start, n):
    year, month = divmod(start.month - 1 + n, 12)
    target_year, target_month = start.year + year, month + 1
    if target_year > 2200:
        return
    last = (D(target_year + target_month // 12, target_month % 12 + 1, 1) - dt.timedelta(days=1)).day
    end = D(target_year, target_month, min(start.day, last))
    assert whole_months_between(start, end) == n
