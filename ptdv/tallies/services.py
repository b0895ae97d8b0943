"""Keeping the tallies equal to the raw counts: rebuild them, and move them with every change of people.

- `person_changes(ids)` wraps a write to some people's events, periods or attributes: it reads what
  those people add to the tallies before and after, and applies the difference. The people services
  use it, in their own transaction, so a tally never disagrees with a committed write.
- `persons_added(ids)` is the same for people just written in bulk (nothing to take away first).
- `organization_added(org)` gives a new centre/province its (empty, right) tallies and counts a new
  grassroots organisation or cell in the unit totals above it.
- `tree_changed()` marks every tally stale when the tree changes (a move, merger, split, dissolution,
  a unit's sector): the dashboards then count from the raw tables until `rebuild` has run (a task is
  queued when the transaction commits). Tree changes are rare; people change all day.
- `rebuild(orgs)` recomputes tallies from the raw tables in bulk (the `tallies_rebuild` command).
"""

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ptdv.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgPlacement
from ptdv.organizations.paths import ancestor_paths, subtree_bounds
from ptdv.people.models import Person
from ptdv.tallies import sql
from ptdv.tallies.models import EventTally, MemberTally, TallyState, UnitTally

EventKey = tuple[Any, ...]
UnitKey = tuple[int, dt.date, str]  # (tallied organisation, day, "g" grassroots / "c" cells)
MemberKey = tuple[int, dt.date]

_ALL: sql.Condition = ("1 = 1", [])


def _in(ids: Sequence[int]) -> sql.Condition:
    if connection.vendor == "postgresql":  # one array parameter: a thousand placeholders are slow to bind
        return "{column} = ANY(%s::bigint[])", [list(ids)]
    return "{column} IN (" + ", ".join(["%s"] * len(ids)) + ")", list(ids)


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _event_rows(
    people: sql.Condition, tallied: sql.Condition = _ALL, by: str = "person_id"
) -> Counter[EventKey]:
    query, params = sql.events_select(people, tallied, by)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    out: Counter[EventKey] = Counter()
    for org, month, kind, *profile, n in rows:
        out[(org, _as_date(month), kind, *(bool(v) if isinstance(v, int) else v for v in profile))] += n
    return out


def _member_rows(
    people: sql.Condition, tallied: sql.Condition = _ALL, by: str = "person_id"
) -> Counter[MemberKey]:
    query, params = sql.member_changes_select(people, tallied, by)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    out: Counter[MemberKey] = Counter()
    for org, day, change in rows:
        out[(org, _as_date(day))] += change
    return out


def _contributions(person_ids: Sequence[int]) -> tuple[Counter[EventKey], Counter[MemberKey]]:
    if not person_ids or not TallyState.objects.exists():
        return Counter(), Counter()
    people = _in(person_ids)
    with _from_the_people_outwards():
        return _event_rows(people), _member_rows(people)


@contextmanager
def _from_the_people_outwards() -> Iterator[None]:
    """Plan the statements of a few people's contributions as index look-ups from their rows outwards,
    when the tree is national-sized.

    With 339.000 placements PostgreSQL expects about ten events a person where there are two or three,
    and for a chunk of a thousand people it then merges with every placement of the tree (~240 ms a
    chunk); looked up from the people's rows it takes ~110 ms. With a small tree its own plan is the
    better one (forced, a 100.000-row import into an empty database took 25 s longer). Inside the
    caller's transaction only, and set back to the defaults at once.
    """
    if not _large_tree():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_mergejoin = off; SET LOCAL enable_hashjoin = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_mergejoin TO DEFAULT; SET LOCAL enable_hashjoin TO DEFAULT")


LARGE_TREE = 50_000  # placements; a province has ~10.000, the country 339.000


def _large_tree() -> bool:
    """Whether the placements table holds more than LARGE_TREE rows, by PostgreSQL's own estimate."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [OrgPlacement._meta.db_table]
        )
        row = cursor.fetchone()
    return bool(row and row[0] > LARGE_TREE)


def _difference(after: Counter, before: Counter) -> dict:
    keys = set(after) | set(before)
    return {k: after[k] - before[k] for k in keys if after[k] != before[k]}


# PostgreSQL array types of the EVENT_KEY columns, then n: the differences travel as one array each.
_EVENT_ARRAYS = ("bigint", "date", "text", *["text"] * 5, *["boolean"] * 3, "integer")


def _upsert_arrays(
    cursor: Any, table: str, columns: list[str], types: Sequence[str], rows: list[tuple], conflict: str
) -> None:
    """One INSERT … ON CONFLICT of all `rows`, sent as one array per column, applied in the rows' order."""
    if not rows:
        return
    names = [f"c{i}" for i in range(len(columns))]
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(names)} "
        f"FROM unnest({', '.join(f'%s::{t}[]' for t in types)}) WITH ORDINALITY AS v({', '.join(names)}, o) "
        f"ORDER BY o {conflict}",
        [list(column) for column in zip(*rows, strict=True)],
    )


def _apply(events: dict[EventKey, int], members: dict[MemberKey, int]) -> None:
    """Add the differences to the tally rows (creating the missing ones), in key order against deadlocks.

    On PostgreSQL each table takes one statement whatever the number of rows (the rows as arrays,
    upserted in the order given); elsewhere one statement a row.
    """
    event_rows = [(*key, n) for key, n in sorted(events.items(), key=lambda kv: str(kv[0]))]
    member_rows = [(org, day, n) for (org, day), n in sorted(members.items())]
    event_table, cols = EventTally._meta.db_table, ", ".join(sql.EVENT_KEY)
    member_table = MemberTally._meta.db_table
    event_conflict = f"ON CONFLICT ({cols}) DO UPDATE SET n = {event_table}.n + excluded.n"
    member_conflict = (
        f"ON CONFLICT (organization_id, day) DO UPDATE SET change = {member_table}.change + excluded.change"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _upsert_arrays(
                cursor, event_table, [*sql.EVENT_KEY, "n"], _EVENT_ARRAYS, event_rows, event_conflict
            )
            _upsert_arrays(
                cursor,
                member_table,
                ["organization_id", "day", "change"],
                ("bigint", "date", "integer"),
                member_rows,
                member_conflict,
            )
            return
        if event_rows:
            holes = ", ".join(["%s"] * (len(sql.EVENT_KEY) + 1))
            cursor.executemany(
                f"INSERT INTO {event_table} ({cols}, n) VALUES ({holes}) {event_conflict}", event_rows
            )
        if member_rows:
            cursor.executemany(
                f"INSERT INTO {member_table} (organization_id, day, change) VALUES (%s, %s, %s) {member_conflict}",
                member_rows,
            )


# Changes to people take this lock shared, a change to the tree takes it alone: a person's "before" and
# "after" are then counted on the same tree, and so are the tree change's (PostgreSQL; SQLite has one
# writer at a time anyway).
_TREE_LOCK = 72060001


def _tree_lock(*, shared: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
            cursor.execute(f"SELECT {lock}(%s)", [_TREE_LOCK])


@contextmanager
def person_changes(person_ids: Iterable[int]) -> Iterator[None]:
    """Keep the tallies right across a change to these people's events, periods or attributes."""
    ids = sorted(set(person_ids))
    with transaction.atomic():
        _tree_lock(shared=True)
        # Lock the people first, so no other change to them slips between "before" and "after".
        list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        before = _contributions(ids)
        yield
        after = _contributions(ids)
        _apply(_difference(after[0], before[0]), _difference(after[1], before[1]))


P = ParamSpec("P")
R = TypeVar("R")


def keeps_tallies(person_of: Callable[[dict[str, Any]], int]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service (keyword arguments only) that changes the person `person_of(kwargs)` names."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with person_changes([person_of(kwargs)]):
                return service(*args, **kwargs)

        return wrapper

    return decorate


def persons_added(person_ids: Sequence[int]) -> None:
    """Add people just written in bulk (with their events and periods) to the tallies."""
    _tree_lock(shared=True)
    events, members = _contributions(sorted(set(person_ids)))
    _apply(dict(events), dict(members))


def organization_added(org: Organization) -> None:
    """A new organisation: it has no people and no history, so its (empty) tallies are right already;
    a new grassroots organisation or cell adds one to the unit totals of the tallied ones above it."""
    if org.depth <= settings.TALLY_MAX_DEPTH:
        TallyState.objects.create(organization=org, ready=True, built_at=timezone.now())
    grassroots, cell = int(org.kind in GRASSROOTS_KINDS), int(org.kind in CELL_KINDS)
    if not (grassroots or cell):
        return
    above = TallyState.objects.filter(organization__path__in=ancestor_paths(org.path)).values_list(
        "pk", flat=True
    )
    changes: dict[UnitKey, int] = {}
    for x in above:
        changes[(x, org.valid_from, "g")], changes[(x, org.valid_from, "c")] = grassroots, cell
    _apply_units(changes)


def _unit_rows(only: sql.Condition, tallied: sql.Condition = _ALL) -> Counter[UnitKey]:
    query, params = sql.unit_changes_select(tallied, only)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    out: Counter[UnitKey] = Counter()
    for org, day, g, c in rows:
        out[(org, _as_date(day), "g")] += g
        out[(org, _as_date(day), "c")] += c
    return out


def _units_counted(unit_ids: Sequence[int]) -> tuple[Counter, Counter, Counter]:
    """What the events and periods recorded at these units, and the units themselves, add to the tallies."""
    units = _in(unit_ids)
    return (
        _event_rows(units, by="organization_id"),
        _member_rows(units, by="organization_id"),
        _unit_rows(units),
    )


def _apply_units(changes: dict[UnitKey, int]) -> None:
    rows: dict[tuple[int, dt.date], list[int]] = {}
    for (org, day, which), n in changes.items():
        rows.setdefault((org, day), [0, 0])[0 if which == "g" else 1] += n
    if not rows:
        return
    table = UnitTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (organization_id, day, grassroots, cells) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (organization_id, day) DO UPDATE SET "
            f"grassroots = {table}.grassroots + excluded.grassroots, cells = {table}.cells + excluded.cells",
            [(org, day, g, c) for (org, day), (g, c) in sorted(rows.items())],
        )


@contextmanager
def tree_changes(unit_ids: Iterable[int]) -> Iterator[None]:
    """Keep the tallies right across a change to the tree touching these units (moved, merged, split,
    dissolved, or their sector), in the change's own transaction.

    The units' events, member periods and unit counts are counted before and after the change, by the
    same statements as a rebuild, and the difference is applied: a tree change leaves the tallies ready
    and the dashboards fast. A new centre or province the change creates (a merger's, a split's) is
    counted with the history of its predecessors that way too. Above `TALLY_TREE_CHANGE_MAX_UNITS`
    units (a whole province merging) the counting would hold the change for minutes: the tallies are
    marked stale instead and rebuilt in the background (`tree_changed`).
    """
    ids = sorted(set(unit_ids))
    if not ids:
        yield
        return
    with transaction.atomic():
        _tree_lock(shared=False)
        counting = len(ids) <= settings.TALLY_TREE_CHANGE_MAX_UNITS and (
            TallyState.objects.filter(ready=True).exists()
        )
        known = set(TallyState.objects.values_list("pk", flat=True))
        before = _units_counted(ids) if counting else None
        yield
        if before is None:
            tree_changed()
            return
        after = _units_counted(ids)
        _apply(_difference(after[0], before[0]), _difference(after[1], before[1]))
        _apply_units(_difference(after[2], before[2]))
        for state in TallyState.objects.exclude(pk__in=known).select_related("organization"):
            if _nested_anchors(state.organization):  # as the rebuild says of it: always counted directly
                state.ready, state.note = False, NESTED_NOTE
                state.save(update_fields=["ready", "note"])


NESTED_NOTE = "các tổ chức tiền thân lồng nhau: luôn đếm trực tiếp"


def tree_changed() -> None:
    """The tree changed: no tally is trusted until rebuilt; the rebuild runs after the commit."""
    if TallyState.objects.filter(ready=True).update(ready=False, note="cây tổ chức đã thay đổi"):
        from ptdv.tallies.tasks import rebuild_tallies

        transaction.on_commit(rebuild_tallies)


def _nested_anchors(org: Organization) -> bool:
    """Whether two of the organisation's lineage predecessors ever sat one inside the other.

    The tallies count a period once per predecessor holding it; the raw counts once. They agree
    unless predecessors were nested, which no real merger or split makes; such an organisation is
    simply not tallied.
    """
    anchors = list(
        OrgPlacement.objects.filter(organization__lineage_descendants__descendant=org).values_list(
            "organization_id", "path", "valid_from", "valid_to"
        )
    )
    for a_org, a_path, a_from, a_to in anchors:
        low, high = subtree_bounds(a_path)
        for b_org, b_path, b_from, b_to in anchors:
            overlap = a_from <= (b_to or dt.date.max) and b_from <= (a_to or dt.date.max)
            if a_org != b_org and low < b_path <= high and overlap:
                return True
    return False


def tallied_organizations() -> list[Organization]:
    """The organisations worth tallying: every one (current or past) down to TALLY_MAX_DEPTH."""
    return list(Organization.objects.filter(depth__lte=settings.TALLY_MAX_DEPTH).order_by("path"))


def differences(orgs: Sequence[Organization] | None = None) -> list[str]:
    """Where the stored tallies of ready organisations differ from a fresh count (empty: none)."""
    ready = TallyState.objects.filter(ready=True)
    if orgs is not None:
        ready = ready.filter(pk__in=[o.pk for o in orgs])
    ids = list(ready.values_list("pk", flat=True))
    if not ids:
        return []
    fresh_events = _event_rows(_ALL, _in(ids))
    fresh_members = _member_rows(_ALL, _in(ids))
    stored_events = Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in EventTally.objects.filter(organization_id__in=ids).values_list(*sql.EVENT_KEY, "n")
        }
    )
    stored_members = Counter(
        {
            (org, day): n
            for org, day, n in MemberTally.objects.filter(organization_id__in=ids).values_list(
                "organization_id", "day", "change"
            )
        }
    )
    with connection.cursor() as cursor:
        query, params = sql.unit_changes_select(_in(ids))
        cursor.execute(query, params)
        rows = cursor.fetchall()
    fresh_units: Counter = Counter()
    for org, day, g, c in rows:
        fresh_units[(org, _as_date(day), "g")], fresh_units[(org, _as_date(day), "c")] = g, c
    stored_units: Counter = Counter()
    for org, day, g, c in UnitTally.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "day", "grassroots", "cells"
    ):
        stored_units[(org, day, "g")], stored_units[(org, day, "c")] = g, c
    out = [
        f"đơn vị {k}: lưu {stored_units[k]}, đếm {fresh_units[k]}"
        for k in _difference(fresh_units, stored_units)
    ]
    out += [
        f"sự kiện {k}: lưu {stored_events[k]}, đếm {fresh_events[k]}"
        for k in _difference(fresh_events, stored_events)
    ]
    out += [
        f"đảng viên {k}: lưu {stored_members[k]}, đếm {fresh_members[k]}"
        for k in _difference(fresh_members, stored_members)
    ]
    return sorted(out)


@transaction.atomic
def rebuild(orgs: Sequence[Organization] | None = None) -> int:
    """Recompute the tallies of these organisations (all the tallied ones by default) from raw rows."""
    orgs = list(orgs) if orgs is not None else tallied_organizations()
    ids = [o.pk for o in orgs]
    TallyState.objects.filter(pk__in=ids).delete()
    EventTally.objects.filter(organization_id__in=ids).delete()
    MemberTally.objects.filter(organization_id__in=ids).delete()
    UnitTally.objects.filter(organization_id__in=ids).delete()
    usable = [o for o in orgs if not _nested_anchors(o)]
    TallyState.objects.bulk_create(
        [TallyState(organization=o, note="đang tính") for o in usable]
        + [TallyState(organization=o, note=NESTED_NOTE) for o in orgs if o not in usable]
    )
    if usable:
        tallied = _in([o.pk for o in usable])
        events_query, events_params = sql.events_select(_ALL, tallied)
        members_query, members_params = sql.member_changes_select(_ALL, tallied)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one large sort and hash: let them stay in memory
                cursor.execute("SET LOCAL work_mem = '256MB'")
            cols = ", ".join(sql.EVENT_KEY)
            cursor.execute(
                f"INSERT INTO {EventTally._meta.db_table} ({cols}, n) {events_query}", events_params
            )
            cursor.execute(
                f"INSERT INTO {MemberTally._meta.db_table} (organization_id, day, change) {members_query}",
                members_params,
            )
            units_query, units_params = sql.unit_changes_select(tallied)
            cursor.execute(
                f"INSERT INTO {UnitTally._meta.db_table} (organization_id, day, grassroots, cells) {units_query}",
                units_params,
            )
    TallyState.objects.filter(pk__in=[o.pk for o in usable]).update(
        ready=True, built_at=timezone.now(), note=""
    )
    return len(usable)
