"""Working days (ngày làm việc): Vietnamese public holidays incl. lunar Tết, make-up Saturdays, extra days off."""

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.admissions.rules import Params, WorkCalendar, ceremony_deadline, decision_deadline

D = dt.date
CAL = WorkCalendar()
NO_HOLIDAYS = WorkCalendar(public_holidays=())
TET_2026 = [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))
counts = st.integers(min_value=0, max_value=120)


@pytest.mark.parametrize(
    "day,working",
    [
        pytest.param(D(2026, 2, 13), True, id="friday-before-tet-2026"),
        *[pytest.param(day, False, id=f"tet-2026-{day.day}") for day in TET_2026],
        pytest.param(D(2026, 2, 23), True, id="monday-after-tet-2026"),
        pytest.param(D(2025, 9, 1), False, id="national-day-holiday-2025"),
        pytest.param(D(2025, 9, 2), False, id="national-day-2025"),
        pytest.param(D(2025, 4, 26), True, id="make-up-saturday-2025"),
        pytest.param(D(2025, 5, 2), False, id="day-off-swapped-for-26-april"),
        pytest.param(D(2025, 4, 19), False, id="ordinary-saturday"),
        pytest.param(D(2025, 4, 20), False, id="sunday"),
        pytest.param(D(2025, 4, 21), True, id="ordinary-monday"),
    ],
)
def test_working_days_follow_the_vietnamese_calendar(day, working):
    """Ngày làm việc: Monday–Friday minus public holidays (Bộ luật Lao động, Điều 112) plus make-up Saturdays."""
    assert CAL.is_working_day(day) is working


def test_tet_2026_has_vietnamese_names():
    """Holiday names are shown to users in Vietnamese."""
    assert CAL.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.holiday_name(D(2026, 2, 24)) is None
    assert (
        WorkCalendar(extra_days_off=[D(2026, 2, 24)]).holiday_name(D(2026, 2, 24))
        == "Ngày nghỉ theo thông báo"
    )


def test_a_30_working_day_deadline_spanning_tet_2026_lands_a_week_later():
    """QĐ 294-QĐ/TW, điểm 4.1: 30 working days from 02/02/2026; the five Tết days (16–20/02) do not count."""
    received = D(2026, 2, 2)
    assert NO_HOLIDAYS.add_working_days(received, 30) == D(2026, 3, 16)
    assert CAL.add_working_days(received, 30) == D(2026, 3, 23)
    assert ceremony_deadline(received, CAL, Params()) == D(2026, 3, 23)
    assert CAL.working_days_between(received, D(2026, 3, 16)) == 25


def test_a_decision_deadline_spanning_national_day_2025():
    """QĐ 29-QĐ/TW, điểm 4.3.1: 60 working days from 01/08/2025, with 01–02/09/2025 off, end on 28/10/2025."""
    assert decision_deadline(D(2025, 8, 1), CAL, Params()) == D(2025, 10, 28)
    assert decision_deadline(D(2025, 8, 1), NO_HOLIDAYS, Params()) == D(2025, 10, 24)


def test_make_up_working_days_and_extra_days_off_change_the_result():
    """An organisation may declare extra days off or make-up working Saturdays; deadlines move accordingly."""
    start = D(2025, 10, 3)  # Friday
    assert CAL.add_working_days(start, 1) == D(2025, 10, 6)
    with_saturday = WorkCalendar(make_up_working_days=[D(2025, 10, 4)])
    assert with_saturday.is_working_day(D(2025, 10, 4))
    assert with_saturday.add_working_days(start, 1) == D(2025, 10, 4)
    with_day_off = WorkCalendar(extra_days_off=[D(2025, 10, 6)])
    assert with_day_off.add_working_days(start, 1) == D(2025, 10, 7)
    assert with_day_off.working_days_between(start, D(2025, 10, 10)) == 4
    assert WorkCalendar(public_holidays=[D(2025, 10, 6)]).add_working_days(start, 1) == D(2025, 10, 7)
    # a make-up Saturday from the holidays package is not applied to a fixed holiday list
    assert not NO_HOLIDAYS.is_working_day(D(2025, 4, 26))


def test_add_working_days_edge_cases():
    """n == 0 returns the start; the start itself is never counted; negative n is refused."""
    assert CAL.add_working_days(D(2025, 4, 19), 0) == D(2025, 4, 19)
    assert CAL.add_working_days(D(2025, 4, 18), 1) == D(2025, 4, 21)
    assert CAL.working_days_between(D(2025, 4, 21), D(2025, 4, 21)) == 0
    assert CAL.working_days_between(D(2025, 4, 22), D(2025, 4, 21)) == 0
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2025, 4, 18), -1)


@given(dates, st.integers(min_value=1, max_value=120))
@settings(max_examples=200)
def test_the_nth_working_day_is_a_working_day(start, n):
    """add_working_days(d, n) lands on a working day for n > 0."""
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(dates, counts)
@settings(max_examples=200)
def test_counting_back_the_working_days_added_gives_n(start, n):
    """working_days_between(d, add_working_days(d, n)) == n."""
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(dates, counts)
@settings(max_examples=200)
def test_holidays_only_push_deadlines_later(start, n):
    """Public holidays remove working days: a deadline is never earlier than without them (same make-up Saturdays)."""
    make_up = holidays.country_holidays("VN", years=range(2015, 2032)).weekend_workdays
    weekdays_only = WorkCalendar(public_holidays=(), make_up_working_days=make_up)
    assert CAL.add_working_days(start, n) >= weekdays_only.add_working_days(start, n)


@given(dates, dates, dates)
@settings(max_examples=200)
def test_working_days_add_up_over_consecutive_ranges(a, b, c):
    """(a, b] + (b, c] = (a, c] for a <= b <= c."""
    a, b, c = sorted((a, b, c))
    assert CAL.working_days_between(a, b) + CAL.working_days_between(b, c) == CAL.working_days_between(a, c)
