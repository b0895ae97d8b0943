"""On PostgreSQL the pipeline figures are taken by the database: the same numbers as the Python path."""

import datetime as dt
import random

import pytest
from django.db import connection

from ptdv.admissions.models import OPEN_STAGES, Candidacy, CandidacyStep
from ptdv.admissions.models.candidacy import BEFORE_ADMISSION
from ptdv.common.testing.factories import make_org, make_person
from ptdv.organizations.models import OrgKind
from ptdv.people.choices import OccupationGroup
from ptdv.reports import forecast as fc
from ptdv.reports.progress import _funnel
from ptdv.targets.models import Category
from ptdv.targets.selectors import period_from_key

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2024, 9, 30)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the database path is PostgreSQL's")


@pytest.fixture
def commune():
    """Open cases in every stage, some certificates about to run out, and decided cases with steps."""
    rng = random.Random(3)
    commune = make_org(kind=OrgKind.COMMUNE)
    cells = [make_org(commune, kind=OrgKind.GRASSROOTS_CELL) for _ in range(3)]
    for i in range(90):
        cell = rng.choice(cells)
        person = make_person(
            cell,
            gender=rng.choice("MF"),
            date_of_birth=D(1996, 3, 1),
            occupation_group=rng.choice(OccupationGroup.values),
            is_youth_union_member=rng.random() < 0.5,
        )
        since = AS_OF - dt.timedelta(days=rng.randrange(0, 400))
        certificate = AS_OF - dt.timedelta(days=rng.randrange(300, 2000)) if rng.random() < 0.6 else None
        decided = i % 3 == 0
        case = Candidacy.objects.create(
            person=person,
            organization=cell,
            stage="admitted" if decided else rng.choice(OPEN_STAGES[:10]),
            stage_since=since,
            opened_on=since - dt.timedelta(days=rng.randrange(0, 300)),
            certificate_date=certificate,
            decision_date=since if decided else None,
        )
        if decided:
            for k, stage in enumerate(BEFORE_ADMISSION):
                CandidacyStep.objects.create(
                    candidacy=case,
                    step=f"buoc{k}",
                    date=since - dt.timedelta(days=rng.randrange(5, 400)),
                    stage_after=stage,
                    organization=cell,
                )
    return commune


def test_the_median_days_to_the_decision_are_the_same_from_the_database_and_from_python(commune):
    assert fc.typical_days(commune, AS_OF, by_database=True) == fc.typical_days(
        commune, AS_OF, by_database=False
    )
    assert fc.typical_days(commune, AS_OF)[1]  # enough decided cases to measure some stages


def test_the_pipeline_tallies_are_the_same_from_the_database_and_from_python(commune):
    categories = list(Category.objects.all())
    table, _ = fc.typical_days(commune, AS_OF)
    for key in ("2024", "2020-2025"):
        period = period_from_key(key)
        by_db = fc.pipeline_tallies(commune, period, AS_OF, categories, table, by_database=True)
        in_python = fc.pipeline_tallies(commune, period, AS_OF, categories, table, by_database=False)
        assert dict(by_db) == dict(in_python)
        assert in_python[None].expired and in_python[None].possible


def test_the_funnel_is_the_same_from_the_database_and_from_python(commune):
    women = Category.objects.get(key="nu")
    for category in (None, women):
        assert _funnel(commune, AS_OF, category, by_database=True) == _funnel(
            commune, AS_OF, category, by_database=False
        )
