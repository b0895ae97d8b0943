"""The tallies: kept equal to a fresh count by every write, and giving the dashboards the same figures."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from ptdv.common.testing.bulk import bulk_admit
from ptdv.common.testing.factories import SYSTEM, make_member, make_org
from ptdv.organizations.models import OrgKind
from ptdv.organizations.services import (
    organization_dissolve,
    organization_move,
    organization_split,
    organization_update,
    organizations_merge,
)
from ptdv.people.models import EventKind, MembershipEvent
from ptdv.people.services import membership_event_correct, membership_event_record, person_update
from ptdv.reports.figures import Period
from ptdv.reports.progress import progress_for
from ptdv.tallies.models import EventTally, MemberTally, TallyState
from ptdv.tallies.selectors import whole_months
from ptdv.tallies.services import differences, rebuild
from ptdv.targets.models import Category

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def tree():
    """The centre, two provinces with two communes each, and a cell under every commune."""
    centre = make_org(kind=OrgKind.CENTRAL, name="Trung ương thử")
    provinces, cells = [], []
    for p in range(2):
        province = make_org(centre, kind=OrgKind.PROVINCE, name=f"Tỉnh {p}")
        provinces.append(province)
        for c in range(2):
            commune = make_org(province, kind=OrgKind.COMMUNE, name=f"Xã {p}{c}")
            cells.append(make_org(commune, kind=OrgKind.GRASSROOTS_CELL, sector="education" if c else ""))
    return centre, provinces, cells


def _history(cells):
    """Members admitted on many days (some mid-month), confirmed, removed, moved and corrected."""
    people = []
    for i, cell in enumerate(cells):
        for k, day in enumerate(
            [D(2019, 12, 31), D(2021, 1, 1), D(2023, 6, 15), D(2025, 3, 31), D(2026, 11, 2)]
        ):
            people.append(
                make_member(
                    cell,
                    admitted=day,
                    full=day < D(2025, 1, 1),
                    gender="F" if (i + k) % 2 else "M",
                    ethnicity="Tày" if k == 2 else "Kinh",
                    is_youth_union_member=k == 3,
                )
            )
    removed = people[0]
    membership_event_record(actor=SYSTEM, person=removed, kind=EventKind.REMOVED, date=D(2025, 8, 20))
    moved = people[6]
    membership_event_record(
        actor=SYSTEM, person=moved, kind=EventKind.TRANSFERRED, date=D(2024, 2, 10), organization=cells[-1]
    )
    admitted = MembershipEvent.objects.get(person=people[3], kind=EventKind.ADMITTED)
    membership_event_correct(actor=SYSTEM, event=admitted, reason="Sai ngày quyết định", date=D(2025, 4, 9))
    person_update(actor=SYSTEM, person=people[4], religion="Phật giáo", is_trade_union_member=True)
    bulk_admit(cells[1], [D(2022, 2, 14), D(2026, 10, 31)], gender="F")
    return people


def _figures(org, period, as_of, category=None):
    """Every figure (the pipeline snapshot's time aside: only the tallied path keeps a snapshot)."""
    cache.clear()
    figures = dataclasses.asdict(progress_for(org=org, period=period, as_of=as_of, category=category))
    figures.pop("pipeline_computed_at")
    return figures


def _both_ways(org, period, as_of, category=None):
    """The dashboard's figures from the tallies, then from the plain query (tallies switched off)."""
    assert TallyState.objects.get(pk=org.pk).ready
    fast = _figures(org, period, as_of, category)
    TallyState.objects.update(ready=False)
    plain = _figures(org, period, as_of, category)
    TallyState.objects.update(ready=True)
    return fast, plain


def test_the_centre_and_the_provinces_are_tallied_from_their_creation_and_communes_are_not(tree):
    centre, provinces, _cells = tree

    tallied = set(TallyState.objects.filter(ready=True).values_list("pk", flat=True))

    assert tallied == {centre.pk, *(p.pk for p in provinces)}


@time_machine.travel(TODAY, tick=False)
def test_every_write_of_the_services_keeps_the_tallies_equal_to_a_fresh_count(tree):
    _centre, _provinces, cells = tree

    _history(cells)

    assert EventTally.objects.filter(n__gt=0).exists() and MemberTally.objects.exists()
    assert differences() == []


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "period",
    [
        Period("2025-2030", "nhiệm kỳ 2025–2030", D(2025, 1, 1), D(2030, 12, 31), "term"),
        Period("2020-2025", "nhiệm kỳ 2020–2025", D(2020, 1, 1), D(2025, 12, 31), "term"),
        Period("x", "từ giữa tháng", D(2019, 12, 15), D(2026, 11, 23), "years"),
    ],
    ids=["this-term", "last-term", "mid-month-start"],
)
def test_the_dashboard_figures_are_the_same_from_the_tallies_and_from_the_plain_query(tree, period):
    centre, provinces, cells = tree
    _history(cells)

    for org in (centre, *provinces):
        for as_of in (TODAY, D(2025, 3, 31), D(2024, 2, 29)):
            fast, plain = _both_ways(org, period, as_of)
            assert fast == plain, (org.name, as_of)
        women = Category.objects.get(key="nu")
        fast, plain = _both_ways(org, period, TODAY, women)
        assert fast == plain
    assert _figures(centre, period, TODAY)["admitted"] > 0


THIS_TERM = Period("2025-2030", "nhiệm kỳ 2025–2030", D(2025, 1, 1), D(2030, 12, 31), "term")
LAST_TERM = Period("2020-2025", "nhiệm kỳ 2020–2025", D(2020, 1, 1), D(2025, 12, 31), "term")


def _still_right(*orgs):
    """Every tally ready, equal to a fresh count, and the dashboards' figures equal both ways.

    Except the admissions per child of the centre once a unit moved between provinces: the tallies give
    each province its own total, the plain query groups by where the unit is now (a known difference,
    docs/scaling.md; the xfail in reports/tests/test_bench_floor.py).
    """
    assert not TallyState.objects.filter(ready=False).exists()
    assert differences() == []
    for org in orgs:
        for period in (THIS_TERM, LAST_TERM):
            fast, plain = _both_ways(org, period, TODAY)
            if org.parent_id is None:
                fast.pop("units"), plain.pop("units")
            assert fast == plain, (org.name, period.label)


@time_machine.travel(TODAY, tick=False)
def test_a_commune_moving_to_another_province_moves_the_tallies_with_it_in_the_same_transaction(tree):
    centre, provinces, cells = tree
    _history(cells)
    before = _figures(provinces[1], THIS_TERM, TODAY)

    organization_move(
        actor=SYSTEM, org=cells[0].parent, new_parent=provinces[1], effective_date=D(2025, 7, 1)
    )

    _still_right(centre, *provinces)
    after = _figures(provinces[1], THIS_TERM, TODAY)
    assert after["members_now"] > before["members_now"], "the commune's members count in their new province"


@time_machine.travel(TODAY, tick=False)
def test_a_merged_province_is_tallied_with_the_history_of_the_provinces_it_was_formed_from(tree):
    centre, provinces, cells = tree
    _history(cells)
    merged = organizations_merge(
        actor=SYSTEM,
        predecessors=provinces,
        code="TM",
        name="Tỉnh mới",
        kind=OrgKind.PROVINCE,
        parent=centre,
        effective_date=D(2025, 7, 1),
    )

    _still_right(centre, merged, *provinces)
    fast = _figures(merged, LAST_TERM, TODAY)
    assert fast["admitted"] > 0 and fast["members_now"] > 0


@time_machine.travel(TODAY, tick=False)
def test_a_split_a_dissolution_and_a_change_of_sector_keep_the_tallies_ready_and_right(tree):
    centre, provinces, cells = tree
    _history(cells)
    communes = list(provinces[0].children.order_by("pk"))
    halves = organization_split(
        actor=SYSTEM,
        org=provinces[0],
        effective_date=D(2025, 7, 1),
        parts=[
            {"code": "TA", "name": "Tỉnh A", "kind": OrgKind.PROVINCE, "children": [communes[0]]},
            {"code": "TB", "name": "Tỉnh B", "kind": OrgKind.PROVINCE, "children": [communes[1]]},
        ],
    )
    _still_right(centre, *halves)
    organization_update(actor=SYSTEM, org=cells[2], sector="health", is_authorised_to_admit=False)
    _still_right(centre, provinces[1])
    empty = make_org(cells[3].parent, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ sắp giải thể")
    organization_dissolve(actor=SYSTEM, org=empty, effective_date=D(2026, 1, 1))
    _still_right(centre, provinces[1])


@time_machine.travel(TODAY, tick=False)
def test_a_change_above_the_limit_sends_the_dashboards_to_the_plain_query_until_a_rebuild(tree, settings):
    _centre, provinces, cells = tree
    _history(cells)
    settings.TALLY_TREE_CHANGE_MAX_UNITS = 1

    organization_move(
        actor=SYSTEM, org=cells[0].parent, new_parent=provinces[1], effective_date=D(2025, 7, 1)
    )

    assert not TallyState.objects.filter(ready=True).exists()
    plain = _figures(provinces[1], THIS_TERM, TODAY)
    rebuild()
    assert TallyState.objects.filter(ready=True).count() == 3
    assert differences() == []
    assert _figures(provinces[1], THIS_TERM, TODAY) == plain


@time_machine.travel(TODAY, tick=False)
def test_a_rebuild_writes_exactly_what_the_writes_had_kept(tree):
    _centre, _provinces, cells = tree
    _history(cells)
    kept = sorted(
        EventTally.objects.filter(n__gt=0).values_list("organization_id", "month", "kind", "gender", "n")
    )

    rebuild()

    assert sorted(EventTally.objects.values_list("organization_id", "month", "kind", "gender", "n")) == kept


def test_whole_months_are_the_calendar_months_lying_entirely_inside_a_range():
    assert whole_months(D(2025, 1, 1), D(2025, 12, 31)) == (D(2025, 1, 1), D(2025, 12, 31))
    assert whole_months(D(2025, 1, 2), D(2025, 3, 30)) == (D(2025, 2, 1), D(2025, 2, 28))
    assert whole_months(D(2024, 2, 1), D(2024, 2, 29)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert whole_months(D(2025, 1, 5), D(2025, 1, 30)) is None
    assert whole_months(D(2025, 12, 15), D(2026, 1, 14)) is None
