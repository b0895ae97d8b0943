"""progress_for's figures equal bench/run's hand-written SQL floor (bench/run/floors.py), on PostgreSQL.

The floor is plain SQL over the raw tables with the documented semantics (events where the recording
unit sat on the event's date, predecessors through lineage, members by the tree of the day). The
benchmark prints the same comparison on generated national data; this test runs it on a small tree
built with the factories that also has what the generated data lacks: a 2025 merger, a moved cell, a
corrected admission, transfers and removals, and people in several categories.
"""

import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path

import pytest
from django.db import connection

from ptdv.common.testing.bulk import bulk_admit, bulk_members
from ptdv.common.testing.factories import SYSTEM, make_member, make_org
from ptdv.organizations.models import OrgKind, Sector
from ptdv.organizations.services import organization_move, organizations_merge
from ptdv.people.choices import MAJORITY_ETHNICITY, OccupationGroup
from ptdv.people.models import EventKind, MembershipEvent
from ptdv.people.services import membership_event_correct, membership_event_record
from ptdv.targets.selectors import period_from_key

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]
D = dt.date

_spec = importlib.util.spec_from_file_location(
    "bench_run_floors", Path(__file__).resolve().parents[3] / "bench" / "run" / "floors.py"
)
floors = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = floors  # dataclasses look their module up there
_spec.loader.exec_module(floors)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the floor is PostgreSQL SQL")


def _admit_mixed(rng: random.Random, cell, days):
    """Admissions on `days` with people spread over the category conditions."""
    for day in days:
        bulk_admit(
            cell,
            [day],
            gender=rng.choice("MF"),
            ethnicity=rng.choice([MAJORITY_ETHNICITY, MAJORITY_ETHNICITY, "Tày", "Khmer"]),
            occupation_group=rng.choice(OccupationGroup.values),
            is_youth_union_member=rng.random() < 0.4,
            is_trade_union_member=rng.random() < 0.2,
            is_demobilised_soldier=rng.random() < 0.1,
        )


def _tree(*, move: bool = False):
    rng = random.Random(7)
    root = make_org(kind=OrgKind.CENTRAL, name="Trung ương thử")
    province = make_org(root, kind=OrgKind.PROVINCE, name="Tỉnh thử")
    other = make_org(root, kind=OrgKind.PROVINCE, name="Tỉnh khác")
    communes = [make_org(province, kind=OrgKind.COMMUNE, name=f"Xã {i}") for i in range(3)]
    cells = {
        c.pk: [make_org(c, kind=OrgKind.GRASSROOTS_CELL, sector=rng.choice(Sector.values)) for _ in range(2)]
        for c in communes
    }
    far_cell = make_org(make_org(other, kind=OrgKind.COMMUNE), kind=OrgKind.GRASSROOTS_CELL)
    for commune in communes:
        for cell in cells[commune.pk]:
            bulk_members(cell, 5)
            _admit_mixed(
                rng, cell, [D(2021, 3, 1) + dt.timedelta(days=rng.randrange(1900)) for _ in range(6)]
            )
    members = [make_member(cells[communes[0].pk][0], admitted=D(2023, 4, 1)) for _ in range(2)]
    membership_event_record(actor=SYSTEM, person=members[0], kind=EventKind.REMOVED, date=D(2025, 9, 1))
    membership_event_record(
        actor=SYSTEM, person=members[1], kind=EventKind.TRANSFERRED, date=D(2025, 2, 1), organization=far_cell
    )
    late = make_member(cells[communes[1].pk][0], admitted=D(2024, 12, 20), full=False)
    event = MembershipEvent.objects.get(person=late, kind=EventKind.ADMITTED)
    membership_event_correct(actor=SYSTEM, event=event, reason="Ghi nhầm năm", date=D(2025, 1, 5))
    # With `move`, a cell moves from commune 2 to the other province in 2024. Communes 0 and 1 merge on
    # 1/7/2025.
    moved = cells[communes[2].pk][1]
    if move:
        organization_move(actor=SYSTEM, org=moved, new_parent=far_cell.parent, effective_date=D(2024, 1, 1))
    merged = organizations_merge(
        actor=SYSTEM,
        predecessors=communes[:2],
        effective_date=D(2025, 7, 1),
        code="XMERGED",
        name="Xã hợp nhất",
        kind=OrgKind.COMMUNE,
        parent=province,
    )
    moved.refresh_from_db()
    _admit_mixed(rng, moved, [D(2024, 5, 1), D(2025, 10, 1)])
    for cell in cells[communes[0].pk]:
        cell.refresh_from_db()
        _admit_mixed(rng, cell, [D(2025, 8, 1), D(2026, 2, 1)])
    return root, province, merged, communes


def _differences(root, province, merged, communes) -> list[str]:
    periods = [period_from_key("2020-2025"), period_from_key("2025-2030"), period_from_key("2024")]
    found = []
    with connection.cursor() as cursor:
        for org in (root, province, merged, communes[0], communes[2]):
            org.refresh_from_db()
            for period in periods:
                as_of = min(period.end, D(2026, 9, 30))
                diff = floors.compare_progress(cursor, org=org, period=period, as_of=as_of)
                found += [f"{org.name}, {period.key}: {d}" for d in diff]
    return found


def _tallied(tree):
    tallies = pytest.importorskip("ptdv.tallies.services")
    tallies.rebuild()
    assert tallies.tallied_organizations()  # the centre and the provinces read their figures from tallies
    return tree


def test_progress_for_equals_the_hand_written_sql_floor():
    assert _differences(*_tree()) == []


def test_progress_for_on_the_tallies_equals_the_hand_written_sql_floor():
    assert _differences(*_tallied(_tree())) == []


@pytest.mark.parametrize("tallies", [False, True], ids=["live", "tallies"])
def test_with_a_moved_cell_every_figure_but_the_per_child_ones_equals_the_floor(tallies):
    tree = _, _, merged, communes = _tree(move=True)
    found = _differences(*(_tallied(tree) if tallies else tree))
    assert [d for d in found if ": units: " not in d] == []
    with connection.cursor() as cursor:  # the floor itself sees the merger and the move
        term = floors.floor_figures(cursor, org_id=merged.pk, start=D(2020, 1, 1), as_of=D(2025, 12, 31))
        old = floors.floor_figures(cursor, org_id=communes[0].pk, start=D(2020, 1, 1), as_of=D(2025, 12, 31))
    assert term.admitted > old.admitted > 0  # the merged commune reports both predecessors' admissions
    assert term.removed == 1


@pytest.mark.xfail(
    reason="progress_for's admissions per child group by the recording unit's current path (live "
    "path) or mix rules (tallies), so a cell that moved between children gives its earlier admissions "
    "to its new parent's branch; the floor counts each child as its own total (event-date placement)",
    strict=False,
)
def test_with_a_moved_cell_admissions_per_child_equal_each_child_s_own_total():
    assert _differences(*_tree(move=True)) == []
