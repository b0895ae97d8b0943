"""Working days (ngày làm việc): Monday–Friday minus Vietnamese public holidays, plus make-up working days.

Public holidays come from the `holidays` package (`holidays.VN`: lunar Tết, substituted days off, and the
make-up Saturdays in `weekend_workdays`), unless a fixed list is given. Extra days off and make-up working
days declared by the organisation are layered on top.
"""

import datetime as dt
from collections.abc import Iterable

import holidays

_ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    """Which days are working days, and working-day arithmetic over them."""

    def __init__(
        self,
        extra_days_off: Iterable[dt.date] = (),
        make_up_working_days: Iterable[dt.date] = (),
        public_holidays: Iterable[dt.date] | None = None,
    ) -> None:
        self.extra_days_off = frozenset(extra_days_off)
        self.make_up_working_days = frozenset(make_up_working_days)
        self._fixed_holidays = frozenset(public_holidays) if public_holidays is not None else None
        # year → (days off, make-up working days, Vietnamese names)
        self._years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]] = {}

    def _year(self, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]:
        cached = self._years.get(year)
        if cached is None:
            if self._fixed_holidays is not None:
                days = frozenset(d for d in self._fixed_holidays if d.year == year)
                cached = (days, frozenset(), dict.fromkeys(days, "Ngày nghỉ lễ"))
            else:
                vn = holidays.country_holidays("VN", years=year, language="vi")
                names = {d: str(name) for d, name in vn.items() if d.year == year}
                make_up = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
                cached = (frozenset(names), make_up, names)
            self._years[year] = cached
        return cached

    def is_public_holiday(self, day: dt.date) -> bool:
        """A public holiday (or substituted day off) of the calendar in use."""
        return day in self._year(day.year)[0]

    def is_working_day(self, day: dt.date) -> bool:
        """Not an extra day off, not a public holiday, and a weekday or a make-up working day."""
        if day in self.extra_days_off:
            return False
        days_off, make_up, _ = self._year(day.year)
        if day in days_off:
            return False
        if day in self.make_up_working_days or day in make_up:
            return True
        return day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str | None:
        """Vietnamese name of the holiday or declared day off on `day`, or None."""
        name = self._year(day.year)[2].get(day)
        if name is not None:
            return name
        if day in self.extra_days_off:
            return "Ngày nghỉ theo thông báo"
        return None

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date of the n-th working day after `start` (start itself not counted); n == 0 returns start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n > 0:
            day += _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Number of working days in the half-open range (start, end]; 0 if end <= start."""
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count
