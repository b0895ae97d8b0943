"""`add_months` and its consistency with `whole_months_between` (ages, certificate validity, probation)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.admissions.rules.calendar import add_months, age_in_months, age_in_years, whole_months_between

D = dt.date
dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@pytest.mark.parametrize(
    "start,n,end",
    [
        pytest.param(D(2025, 1, 31), 1, D(2025, 2, 28), id="31-january-to-february"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="leap-february"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="29-february-plus-a-year"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="29-february-plus-four-years"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 31), id="year-end"),
        pytest.param(D(2025, 11, 30), 2, D(2026, 1, 30), id="across-year-end"),
        pytest.param(D(2025, 3, 31), -1, D(2025, 2, 28), id="backwards"),
        pytest.param(D(2025, 1, 15), -13, D(2023, 12, 15), id="backwards-across-year"),
        pytest.param(D(2025, 5, 5), 0, D(2025, 5, 5), id="zero"),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(start, n, end):
    """Months are counted as the rules count them: the last day of a shorter month completes the month."""
    assert add_months(start, n) == end


@given(dates, st.integers(min_value=0, max_value=1200))
@settings(max_examples=200)
def test_adding_n_months_gives_exactly_n_whole_months(start, n):
    """whole_months_between(d, add_months(d, n)) == n: deadlines and ages agree."""
    assert whole_months_between(start, add_months(start, n)) == n


@given(dates, st.integers(min_value=1, max_value=1200))
@settings(max_examples=200)
def test_the_day_before_add_months_is_one_month_short(start, n):
    """add_months gives the first day on which n months are complete (e.g. the 18th birthday)."""
    assert whole_months_between(start, add_months(start, n) - dt.timedelta(days=1)) == n - 1


@given(dates, dates)
@settings(max_examples=200)
def test_add_months_inverts_whole_months_between(start, end):
    """Whole months between two dates, added back, never overshoot the end and the next month would."""
    if end < start:
        start, end = end, start
    months = whole_months_between(start, end)
    assert add_months(start, months) <= end < add_months(start, months + 1)


@given(st.integers(min_value=1901, max_value=2082).filter(lambda y: y % 4 == 0))
@settings(max_examples=200)
def test_29_february_birthday_is_18_on_28_february_of_the_common_year(leap_year):
    """QĐ 294-QĐ/TW, điểm 1.1.1 (age in months): born 29/02, 18 years are complete on 28/02 (or 29/02 if leap)."""
    born = D(leap_year, 2, 29)
    year = leap_year + 18
    birthday = D(year, 2, 29) if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else D(year, 2, 28)
    assert age_in_years(born, birthday) == 18
    assert age_in_months(born, birthday - dt.timedelta(days=1)) == 18 * 12 - 1
    assert add_months(born, 216) == birthday


@given(st.integers(min_value=1900, max_value=2099))
@settings(max_examples=100)
def test_a_month_after_31_december_is_31_january(year):
    """Year ends: whole months roll over the year boundary."""
    assert add_months(D(year, 12, 31), 1) == D(year + 1, 1, 31)
    assert whole_months_between(D(year, 12, 31), D(year + 1, 1, 30)) == 0
    assert whole_months_between(D(year, 12, 31), D(year + 1, 1, 31)) == 1
