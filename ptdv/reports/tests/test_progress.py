"""progress_for(): what counts where, through mergers and moves, and how many statements it takes."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.admissions.models import Candidacy, Stage
from ptdv.common.testing.bulk import bulk_admit, bulk_members
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person
from ptdv.organizations.models import OrgKind
from ptdv.organizations.services import organization_move, organizations_merge
from ptdv.people.models import EventKind, MembershipEvent
from ptdv.people.services import membership_event_correct
from ptdv.reports.figures import AT_RISK, NOT_MET, ON_TRACK
from ptdv.reports.progress import progress_for
from ptdv.reports.stats import new_member_stats
from ptdv.targets.models import Category, Term
from ptdv.targets.selectors import period_from_key
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db
D = dt.date
TERM = "2020-2025"


def _province(communes: int, cells_each: int = 2):
    province = make_org(kind=OrgKind.PROVINCE, name="Tỉnh Thử")
    cells = []
    for i in range(communes):
        commune = make_org(province, kind=OrgKind.COMMUNE, name=f"Xã {i + 1:03d}")
        cells += [make_org(commune, kind=OrgKind.GRASSROOTS_CELL) for _ in range(cells_each)]
    return province, cells


def _statements(org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        progress_for(org=org, period=period_from_key(TERM), as_of=D(2024, 6, 30))
    return len(ctx.captured_queries)


def test_the_number_of_statements_does_not_grow_with_the_number_of_organisations():
    small, small_cells = _province(2)
    large, large_cells = _province(12, cells_each=4)
    for cells in (small_cells, large_cells):
        for cell in cells:
            bulk_admit(cell, [D(2021, 5, 1), D(2023, 5, 1)])
    for org in (small, large):
        target_create(
            actor=SYSTEM,
            organization=org,
            term=Term.objects.get(code=TERM),
            minimum=100,
            source_document="NQ",
        )

    assert _statements(small) == _statements(large)


def test_a_merged_commune_reports_the_admissions_of_the_communes_it_was_formed_from():
    province = make_org(kind=OrgKind.PROVINCE)
    old_a = make_org(province, kind=OrgKind.COMMUNE, name="Xã A")
    old_b = make_org(province, kind=OrgKind.COMMUNE, name="Xã B")
    cell_a = make_org(old_a, kind=OrgKind.GRASSROOTS_CELL)
    cell_b = make_org(old_b, kind=OrgKind.GRASSROOTS_CELL)
    bulk_admit(cell_a, [D(2021, 3, 1), D(2022, 3, 1)])
    bulk_admit(cell_b, [D(2023, 3, 1)])
    merged = organizations_merge(
        actor=SYSTEM,
        predecessors=[old_a, old_b],
        effective_date=D(2025, 7, 1),
        code="XAB",
        name="Xã AB",
        kind=OrgKind.COMMUNE,
        parent=province,
    )
    cell_a.refresh_from_db()
    bulk_admit(cell_a, [D(2025, 8, 1)])

    term = progress_for(org=merged, period=period_from_key("2021-2025"), as_of=D(2025, 12, 31))

    assert term.admitted == 4
    assert {u.org.name: u.admitted for u in term.units} == {cell_a.name: 3, cell_b.name: 1}


def test_a_cell_that_moved_keeps_its_earlier_admissions_with_its_old_parent():
    province = make_org(kind=OrgKind.PROVINCE)
    old, new = (make_org(province, kind=OrgKind.GRASSROOTS_COMMITTEE) for _ in range(2))
    cell = make_org(old, kind=OrgKind.CELL)
    bulk_admit(cell, [D(2021, 6, 1)])
    organization_move(actor=SYSTEM, org=cell, new_parent=new, effective_date=D(2022, 1, 1))
    cell.refresh_from_db()
    bulk_admit(cell, [D(2022, 6, 1), D(2023, 6, 1)])
    period = period_from_key("2021-2023")

    assert progress_for(org=old, period=period, as_of=D(2023, 12, 31)).admitted == 1
    assert progress_for(org=new, period=period, as_of=D(2023, 12, 31)).admitted == 2
    assert progress_for(org=province, period=period, as_of=D(2023, 12, 31)).admitted == 3


def test_a_corrected_admission_counts_once_on_its_corrected_date():
    cell = make_org(make_org(kind=OrgKind.COMMUNE), kind=OrgKind.GRASSROOTS_CELL)
    member = make_member(cell, admitted=D(2020, 12, 20), full=False)
    event = MembershipEvent.objects.get(person=member, kind=EventKind.ADMITTED)
    membership_event_correct(actor=SYSTEM, event=event, reason="Ghi nhầm năm", date=D(2021, 1, 5))

    assert progress_for(org=cell.parent, period=period_from_key("2020"), as_of=D(2020, 12, 31)).admitted == 0
    assert progress_for(org=cell.parent, period=period_from_key("2021"), as_of=D(2021, 12, 31)).admitted == 1


def test_a_report_for_one_category_counts_only_that_category_against_its_own_target():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell = make_org(commune, kind=OrgKind.GRASSROOTS_CELL)
    bulk_admit(cell, [D(2024, 2, 1)] * 3, gender="F")
    bulk_admit(cell, [D(2024, 3, 1)] * 5, gender="M")
    women = Category.objects.get(key="nu")
    target_create(
        actor=SYSTEM, organization=commune, year=2024, category=women, minimum=4, source_document="NQ"
    )
    target_create(actor=SYSTEM, organization=commune, year=2024, minimum=10, source_document="NQ")

    p = progress_for(org=commune, period=period_from_key("2024"), as_of=D(2024, 12, 31), category=women)

    assert p.admitted == 3
    assert [t.category.key for t in p.targets if t.category] == ["nu"] and len(p.targets) == 1
    assert p.main_target is not None and p.main_target.status == NOT_MET


def test_percent_of_base_target_requires_that_share_of_members_on_1_january_of_each_year():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell = make_org(commune, kind=OrgKind.GRASSROOTS_CELL)
    bulk_members(cell, 200)
    bulk_admit(cell, [D(2024, 5, 1)] * 9)
    target_create(
        actor=SYSTEM, organization=commune, year=2024, form="percent_of_base", minimum=7, source_document="NQ"
    )

    p = progress_for(org=commune, period=period_from_key("2024"), as_of=D(2024, 12, 31))

    assert p.years[0].members_at_start == 200
    assert p.main_target is not None and p.main_target.required_min == 14  # 7% of 200
    assert "7% so với tổng số đảng viên đầu năm" in p.main_target.wording


def _case(cell, stage: str, since: dt.date, **extra) -> Candidacy:
    person = make_person(cell, date_of_birth=D(1998, 1, 1))
    return Candidacy.objects.create(
        person=person, organization=cell, stage=stage, stage_since=since, opened_on=since, **extra
    )


@time_machine.travel(dt.datetime(2024, 9, 30, 9, 0), tick=False)
def test_forecast_counts_cases_past_the_cell_vote_as_near_certain_and_flags_the_target_at_risk():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell = make_org(commune, kind=OrgKind.GRASSROOTS_CELL)
    bulk_admit(cell, [D(2024, 2, 1)] * 6)
    _case(cell, Stage.CELL_RESOLVED, D(2024, 9, 1))  # decision expected mid-October: sure
    _case(cell, Stage.APPLIED, D(2024, 6, 1))  # ~200 days to a decision: mid-December, possible
    _case(cell, Stage.SOURCED, D(2024, 9, 1))  # ~300 days: too late for 2024
    _case(cell, Stage.TRAINED, D(2024, 1, 1), certificate_date=D(2019, 2, 1))  # certificate runs out
    target_create(actor=SYSTEM, organization=commune, year=2024, minimum=8, source_document="NQ")

    p = progress_for(org=commune, period=period_from_key("2024"), as_of=D(2024, 9, 30))

    f = p.forecast
    assert f is not None
    assert (f.pipeline_sure, f.pipeline_possible) == (1, 2)
    assert (f.low, f.high) == (7, 8)
    assert any("hết hạn" in line for line in f.reasoning)
    assert p.main_target is not None and p.main_target.status == AT_RISK
    assert [s.count for s in p.funnel if s.count] == [1, 1, 1, 1]


@time_machine.travel(dt.datetime(2024, 9, 30, 9, 0), tick=False)
def test_forecast_is_on_track_when_the_near_certain_cases_reach_the_minimum():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell = make_org(commune, kind=OrgKind.GRASSROOTS_CELL)
    bulk_admit(cell, [D(2024, 2, 1)] * 7)
    _case(cell, Stage.COMMITTEE_RESOLVED, D(2024, 9, 20))
    target_create(actor=SYSTEM, organization=commune, year=2024, minimum=8, source_document="NQ")

    p = progress_for(org=commune, period=period_from_key("2024"), as_of=D(2024, 9, 30))

    assert p.main_target is not None and p.main_target.status == ON_TRACK


def test_new_member_statistics_break_down_the_admitted_by_unit_sex_age_and_occupation():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell_a = make_org(commune, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ A")
    cell_b = make_org(commune, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ B")
    bulk_admit(cell_a, [D(2024, 3, 1)] * 2, gender="F", date_of_birth=D(2000, 3, 2), occupation_group="pupil")
    bulk_admit(cell_b, [D(2024, 3, 1)], ethnicity="Tày", religion="Phật giáo", date_of_birth=D(1980, 1, 1))

    stats = new_member_stats(org=commune, period=period_from_key("2024"), as_of=D(2024, 12, 31))

    assert [(r.label, r.total) for r in stats.rows] == [("Chi bộ A", 2), ("Chi bộ B", 1)]
    total = stats.total
    assert (total.total, total.women, total.ethnic_minority, total.religious) == (3, 2, 1, 1)
    assert total.age_bands["18–30"] == 2 and total.age_bands["41–50"] == 1  # 23 and 44 on 01/03/2024
    assert total.occupations["Học sinh"] == 2
    assert total.average_age is not None and round(total.average_age) == 30


def test_a_report_as_of_a_past_date_has_no_forecast_and_no_funnel_from_todays_pipeline():
    commune = make_org(kind=OrgKind.COMMUNE)
    cell = make_org(commune, kind=OrgKind.GRASSROOTS_CELL)
    _case(cell, Stage.APPLIED, D(2024, 6, 1))

    p = progress_for(org=commune, period=period_from_key(TERM), as_of=D(2024, 9, 30))

    assert p.forecast is None and p.funnel == []
