"""The new-member statistical table (modelled on form 2-BTCTW): one row per child unit, and the total.

One statement fetches the admitted people's coded fields; the breakdown is counted in Python so that
age (in whole years on the admission-decision date) is the same on SQLite and PostgreSQL.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Exists, OuterRef

from ptdv.admissions.models import Candidacy
from ptdv.admissions.rules.calendar import age_in_years
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import SEGMENT
from ptdv.people.choices import (
    MAJORITY_ETHNICITY,
    NO_RELIGION,
    EducationLevel,
    OccupationGroup,
    Qualification,
)
from ptdv.reports.figures import NewMemberStats, Period, StatRow
from ptdv.reports.progress import admitted_events, org_ref
from ptdv.targets.models import Category

AGE_BANDS = [("18–30", 18, 30), ("31–40", 31, 40), ("41–50", 41, 50), ("51–60", 51, 60), ("Trên 60", 61, 200)]
FIELDS = (
    "organization__path",
    "person__gender",
    "person__ethnicity",
    "person__religion",
    "person__is_youth_union_member",
    "person__occupation_group",
    "person__education_level",
    "person__qualification",
    "person__date_of_birth",
    "date",
    "readmitted",
)


def _row(label: str, people: list[tuple]) -> StatRow:
    ages = [age_in_years(dob, day) for *_, dob, day, _r in people]
    occupations = Counter(p[5] for p in people)
    education = Counter(p[6] for p in people)
    qualification = Counter(p[7] for p in people)
    return StatRow(
        label=label,
        total=len(people),
        women=sum(1 for p in people if p[1] == "F"),
        ethnic_minority=sum(1 for p in people if p[2] != MAJORITY_ETHNICITY),
        religious=sum(1 for p in people if p[3] != NO_RELIGION),
        youth_union=sum(1 for p in people if p[4]),
        readmitted=sum(1 for p in people if p[10]),
        occupations={g.label: occupations[g.value] for g in OccupationGroup},
        age_bands={name: sum(1 for a in ages if low <= a <= high) for name, low, high in AGE_BANDS},
        average_age=Decimal(sum(ages)) / len(ages) if ages else None,
        education={e.label: education[e.value] for e in EducationLevel},
        qualification={q.label: qualification[q.value] for q in Qualification},
    )


def new_member_stats(
    *, org: Organization, period: Period, as_of: dt.date, category: Category | None = None
) -> NewMemberStats:
    """The breakdown of the people admitted under `org` in the period, per child organisation."""
    readmitted = Exists(Candidacy.objects.filter(person=OuterRef("person"), is_readmission=True))
    people = list(
        admitted_events(org, period, as_of, category).annotate(readmitted=readmitted).values_list(*FIELDS)
    )
    children: Iterable[Organization] = org.children.filter(valid_to__isnull=True).order_by("name")
    width = len(org.path) + SEGMENT
    by_branch: dict[str, list[tuple]] = defaultdict(list)
    for person in people:
        by_branch[person[0][:width]].append(person)
    rows = [_row(child.name, by_branch.get(child.path, [])) for child in children]
    return NewMemberStats(organization=org_ref(org), period=period, rows=rows, total=_row("Tổng số", people))
