"""Deterministic demo people: who they are, where they sit and the dated steps of their party history.

Pure Python (no database): `generate()` returns plain specifications that seeding.py writes through the
services. Every draw comes from the `random.Random` passed in, in a fixed order, so one seed always gives
the same people. Dates are computed against a fixed reference date, never against today.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ptdv.demo import names as N
from ptdv.demo.places import ORIGIN, REORGANISATION, Cell
from ptdv.people import national_id as nid

REFERENCE = dt.date(2026, 11, 1)  # "today" of the demo data; events after min(REFERENCE, today) are skipped
FIRST_CENTURY_BIRTHS = (1945, 2005)  # members' years of birth
CANDIDATE_BIRTHS = (1990, 2007)
HIEU = "Nguyễn Văn Hiếu"

# Share of each life story among people not needed to staff the cells.
STORIES: tuple[tuple[str, float], ...] = (
    ("full", 60),
    ("probationary", 5),
    ("candidate", 10),
    ("withdrawn", 1),
    ("non_member", 15),
    ("removed", 2),
    ("deceased", 3),
    ("transferred", 3),
    ("transferred_out", 1),
)
SECTOR_WEIGHTS = {
    "residential": 3.0,
    "agency": 1.2,
    "armed_forces": 0.8,
    "education": 1.0,
    "health": 1.2,
    "non_state_enterprise": 1.5,
    "state_enterprise": 2.0,
}


@dataclass(frozen=True)
class EventSpec:
    """One dated step; `cell` is the target cell's code for a transfer within the province."""

    kind: str
    date: dt.date
    document: str = ""
    note: str = ""
    cell: str = ""


@dataclass
class PersonSpec:
    """A person to create in `cell`, and their events in date order."""

    story: str
    cell: str
    fields: dict[str, Any]
    events: list[EventSpec] = field(default_factory=list)


def pick(rng: random.Random, weighted: N.Weighted) -> str:
    """One value of a (value, weight) list."""
    values = [value for value, _ in weighted]
    return rng.choices(values, weights=[weight for _, weight in weighted])[0]


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day from `first` to `last` inclusive (`first` when the range is empty)."""
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def full_name(rng: random.Random, gender: str, ethnicity: str) -> str:
    """A realistic name for the gender and ethnicity."""
    female = gender == "F"
    if ethnicity == "Khmer":
        return f"{pick(rng, N.KHMER_SURNAMES)} {rng.choice(N.KHMER_FEMALE_GIVEN if female else N.KHMER_MALE_GIVEN)}"
    if ethnicity == "Hoa":
        given = rng.choice(N.HOA_FEMALE if female else N.HOA_MALE)
        return f"{pick(rng, N.HOA_SURNAMES)} {given}"
    middle = pick(rng, N.FEMALE_MIDDLE if female else N.MALE_MIDDLE)
    given = rng.choice(N.FEMALE_GIVEN if female else N.MALE_GIVEN)
    return f"{pick(rng, N.KINH_SURNAMES)} {middle} {given}"


def _decision(rng: random.Random, cell: Cell, day: dt.date) -> str:
    issuer = cell.issuer_before if day < REORGANISATION else cell.issuer_after
    return f"Quyết định số {rng.randint(15, 2400)}-QĐ/{issuer} ngày {day:%d/%m/%Y}"


class _Builder:
    """Draws one person at a time; keeps the running serial for national ID numbers."""

    def __init__(self, rng: random.Random, cells: list[Cell]) -> None:
        self.rng = rng
        self.cells = cells
        self.residential = [c for c in cells if c.residential]
        self.weights = [SECTOR_WEIGHTS.get(c.sector, 1.0) for c in cells]
        self.serial = 0

    # --- life stories -------------------------------------------------------------------------------
    def admission_window(self, cell: Cell, story: str) -> tuple[dt.date, dt.date]:
        if story == "probationary":
            return REFERENCE - dt.timedelta(days=360), REFERENCE - dt.timedelta(days=1)
        latest = REFERENCE - dt.timedelta(days=400)  # leaves room for the 12 months of probation
        if story in ("removed", "deceased", "transferred", "transferred_out"):
            latest = REFERENCE - dt.timedelta(days=800)
        return max(cell.founded, ORIGIN) + dt.timedelta(days=180), latest

    def member_dates(self, cell: Cell, story: str) -> tuple[dt.date, dt.date]:
        """(date of birth, admission date) with the member 18–60 at admission, born 1945–2005."""
        rng = self.rng
        first, last = self.admission_window(cell, story)
        born_first, born_last = FIRST_CENTURY_BIRTHS
        if story == "deceased":
            born_last = 1962
        elif story == "core" and not cell.residential:
            born_first = REFERENCE.year - 58  # still at work, so the cell keeps them
        while True:
            # Admissions grow over the decades: draw the year with a rising weight, then the age.
            admitted = between(rng, first, last) if story == "probationary" else self._rising(first, last)
            age = min(60, max(18, int(rng.triangular(18, 50, 24))))
            born = add_years(admitted, -age) - dt.timedelta(days=rng.randint(0, 364))
            if (
                born_first <= born.year <= born_last
                and add_years(born, 18) <= admitted
                and admitted <= add_years(born, 60)
            ):
                return born, admitted

    def _rising(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        return first + dt.timedelta(days=int(span * self.rng.random() ** 0.7))

    def member_events(self, cell: Cell, admitted: dt.date) -> list[EventSpec]:
        rng = self.rng
        nominated = admitted - dt.timedelta(days=rng.randint(150, 480))
        events = [
            EventSpec(
                "nominated", max(nominated, cell.founded), note="Quần chúng ưu tú do chi bộ giới thiệu"
            ),
            EventSpec("admitted", admitted, _decision(rng, cell, admitted)),
        ]
        confirmed = add_years(admitted, 1) + dt.timedelta(days=rng.randint(0, 25))
        if confirmed <= REFERENCE:
            events.append(EventSpec("confirmed", confirmed, _decision(rng, cell, confirmed)))
        return events

    def later_events(
        self, story: str, cell: Cell, born: dt.date, after: dt.date
    ) -> tuple[list[EventSpec], Cell]:
        """What happens after confirmation: removal, death, a transfer; may move the person."""
        rng = self.rng
        start = after + dt.timedelta(days=365)
        day = between(rng, start, REFERENCE) if start <= REFERENCE else REFERENCE
        if story == "removed":
            doc = _decision(rng, cell, day)
            return [
                EventSpec(
                    "removed",
                    day,
                    doc,
                    note="Xóa tên: bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng",
                )
            ], cell
        if story == "deceased":
            day = between(rng, max(start, dt.date(2008, 1, 1)), REFERENCE)
            return [EventSpec("deceased", day, note="Từ trần")], cell
        if story == "transferred_out":
            doc = f"Giấy giới thiệu sinh hoạt đảng số {rng.randint(100, 9000)}"
            return [
                EventSpec(
                    "transferred_out", day, doc, note="Chuyển sinh hoạt đảng đến Đảng bộ thành phố Cần Thơ"
                )
            ], cell
        if story == "transferred":
            target = self._other_cell(cell, day)
            doc = f"Giấy giới thiệu sinh hoạt đảng số {rng.randint(100, 9000)}"
            return [EventSpec("transferred", day, doc, note="Chuyển công tác", cell=target.code)], target
        # Members of a workplace cell who reach retirement move to the cell where they live.
        retired = add_years(born, 60) + dt.timedelta(days=rng.randint(10, 120))
        if not cell.residential and after < retired <= REFERENCE:
            target = rng.choice(
                [c for c in self.residential if c.address == cell.address] or self.residential
            )
            doc = f"Giấy giới thiệu sinh hoạt đảng số {rng.randint(100, 9000)}"
            return [
                EventSpec(
                    "transferred", retired, doc, note="Nghỉ hưu, về sinh hoạt nơi cư trú", cell=target.code
                )
            ], target
        return [], cell

    def _other_cell(self, cell: Cell, day: dt.date) -> Cell:
        while True:
            target = self.rng.choices(self.cells, weights=self.weights)[0]
            if target.code != cell.code and target.founded <= day:
                return target

    # --- one person ---------------------------------------------------------------------------------
    def person(self, story: str, cell: Cell, forced_name: str = "") -> PersonSpec:
        rng = self.rng
        female_share = 0.6 if cell.sector in ("education", "health") else 0.42
        gender = "M" if forced_name else ("F" if rng.random() < female_share else "M")
        ethnicity = (
            "Kinh"
            if forced_name
            else pick(rng, N.ETHNICITY_SHARES_KHMER_AREA if cell.khmer_area else N.ETHNICITY_SHARES)
        )
        name = forced_name or full_name(rng, gender, ethnicity)
        events: list[EventSpec] = []
        final_cell = cell
        if story in ("candidate", "withdrawn", "non_member"):
            low, high = CANDIDATE_BIRTHS if story != "non_member" else (1955, 2008)
            born = between(rng, dt.date(low, 1, 1), dt.date(high, 10, 31))
            if story != "non_member":
                nominated = between(
                    rng, max(add_years(born, 18), REFERENCE - dt.timedelta(days=700)), REFERENCE
                )
                events.append(EventSpec("nominated", nominated, note="Quần chúng ưu tú do chi bộ giới thiệu"))
                if story == "withdrawn":
                    day = between(rng, nominated + dt.timedelta(days=30), REFERENCE)
                    events.append(EventSpec("withdrawn", day, note="Chuyển đi nơi khác làm ăn"))
        else:
            born, admitted = self.member_dates(cell, story)
            events = self.member_events(cell, admitted)
            if story not in ("probationary", "core"):
                later, final_cell = self.later_events(story, cell, born, events[-1].date)
                events += later
        return PersonSpec(
            story, cell.code, self.details(name, gender, born, ethnicity, story, final_cell, cell), events
        )

    def details(
        self, name: str, gender: str, born: dt.date, ethnicity: str, story: str, final: Cell, first: Cell
    ) -> dict[str, Any]:
        """Everything on the person's record besides their party history."""
        rng = self.rng
        age = (REFERENCE - born).days // 365
        is_member = story not in ("candidate", "withdrawn", "non_member")
        religions = {"Khmer": N.RELIGIONS_KHMER, "Hoa": N.RELIGIONS_HOA}.get(ethnicity, N.RELIGIONS_KINH)
        religion = pick(rng, religions)
        if is_member and ethnicity == "Kinh" and rng.random() < 0.6:
            religion = "Không"
        if age >= 62 and (final.residential or story == "deceased"):
            job = (
                N.RETIRED_JOB
                if rng.random() < 0.5 or not first.residential
                else rng.choice(N.JOBS_BY_SECTOR["residential"])
            )
        elif final.residential and age <= 22 and not is_member:
            job = N.PUPIL_JOB if age <= 18 else N.STUDENT_JOB
        else:
            job = rng.choice(N.JOBS_BY_SECTOR[final.sector])
        occupation, group, qualification = job
        education = "upper_secondary"
        roll = rng.random()
        if born.year < 1965 and roll < 0.35:
            education = "lower_secondary" if roll < 0.25 else "primary"
        elif group in ("farmer", "worker", "other") and roll < 0.25:
            education = "lower_secondary" if roll < 0.18 else ("primary" if roll < 0.23 else "literate")
        if story != "non_member" and born.year >= 1965 and education in ("primary", "literate"):
            education = "lower_secondary"  # the party's education standard for admission
        self.serial += 1
        province = pick(rng, N.BIRTH_PROVINCES)
        # A multiplier coprime with 10^6 spreads the serials while keeping them unique.
        national_id = nid.build(province, gender, born.year, (self.serial * 7919 + 104729) % 1_000_000)
        has_phone = story != "deceased" and rng.random() < 0.7
        phone = f"{rng.choice(N.PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}" if has_phone else ""
        hamlet = rng.choice(final.hamlets)
        return {
            "full_name": name,
            "gender": gender,
            "date_of_birth": born,
            "national_id": national_id,
            "ethnicity": ethnicity,
            "religion": religion,
            "education_level": education,
            "qualification": qualification,
            "occupation": occupation,
            "occupation_group": group,
            "is_youth_union_member": age <= 30 and rng.random() < 0.85,
            "is_trade_union_member": group
            in ("civil_servant", "public_employee", "worker", "enterprise_staff"),
            "is_demobilised_soldier": gender == "M" and rng.random() < 0.08,
            "residence": f"{hamlet}{final.address}",
            "workplace": final.workplace,
            "phone": phone,
        }


def generate(rng: random.Random, cells: list[Cell], count: int) -> list[PersonSpec]:
    """`count` people: first one full member per cell who stays there ("core"), then drawn at random.

    The very first is "Nguyễn Văn Hiếu", so the search example of the users' brief always exists.
    """
    builder = _Builder(rng, cells)
    stories, weights = [s for s, _ in STORIES], [w for _, w in STORIES]
    people = []
    for index in range(count):
        if index < len(cells):
            story, cell = "core", cells[index]
        else:
            story = rng.choices(stories, weights=weights)[0]
            cell = rng.choices(cells, weights=builder.weights)[0]
        people.append(builder.person(story, cell, forced_name=HIEU if index in (0, len(cells)) else ""))
    return people
