"""The floor: hand-written SQL computing the figures the app computes, straight from the raw tables.

Every function takes a DB-API cursor (psycopg's, or Django's `connection.cursor()` in a test) and
uses only PostgreSQL SQL over the tables, no Django model: the timings are what a direct query costs,
and the numbers are an independent check of the app's.

Semantics, as `ptdv.reports.progress.progress_for` documents them (docs/targets-and-progress.md):
- an event counts for organisation O when it is effective (no event corrects it), its kind and date
  fit, and the unit that recorded it sat, on the event's date, in the subtree of O or of one of O's
  lineage predecessors (placements valid on that date, `reports/queries.events_under`);
- members on a day: Membership periods with status probationary/full covering that day, in units that
  sat under O (or a predecessor) that day (`organizations.selectors.organization_ids_as_of`);
- a category covers an admission when any of its conditions holds (`targets.categories.category_q`),
  the sector being the recording unit's;
- admissions per child unit: for each current child of O, the child's own admitted figure (the same
  rule: where the recording unit sat on the event's date, the child's predecessors included). The
  app's live path (`progress._units`) groups by the recording unit's *current* path instead, so the
  two differ for a cell that moved between children (see README.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

SEGMENT = 7
HIGH = "z" * 255  # every path in a subtree lies in [path, path || HIGH]
MEMBER_STATUSES = ("probationary", "full")
KINH, NO_RELIGION = "Kinh", "Không"


@dataclass
class Figures:
    """The figures of one organisation over one period that the app and the floor both produce."""

    admitted: int = 0
    by_year: dict[int, int] = field(default_factory=dict)  # every year of the period up to as-of
    by_category: dict[str, int] = field(default_factory=dict)  # active categories
    confirmed: int = 0
    removed: int = 0
    members_at_year_start: dict[int, int] = field(default_factory=dict)
    members_now: int = 0
    units: dict[int, int] = field(default_factory=dict)  # current child id -> admitted


def _rows(cursor: Any, sql: str, params: dict[str, Any]) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _category_sql(row: tuple, n: int) -> tuple[str, dict[str, Any]]:
    """SQL condition (over `pe` the person, `o` the recording unit) for one targets_category row."""
    _, occupations, sectors, gender, minority, religious, youth, trade, soldier = row
    occupations, sectors = _json(occupations) or [], _json(sectors) or []
    parts, params = [], {}
    if occupations:
        parts.append(f"pe.occupation_group = ANY(%(occ{n})s)")
        params[f"occ{n}"] = list(occupations)
    if sectors:
        parts.append(f"o.sector = ANY(%(sec{n})s)")
        params[f"sec{n}"] = list(sectors)
    if gender:
        parts.append(f"pe.gender = %(gen{n})s")
        params[f"gen{n}"] = gender
    if minority:
        parts.append(f"pe.ethnicity <> '{KINH}'")
    if religious:
        parts.append(f"pe.religion <> '{NO_RELIGION}'")
    if youth:
        parts.append("pe.is_youth_union_member")
    if trade:
        parts.append("pe.is_trade_union_member")
    if soldier:
        parts.append("pe.is_demobilised_soldier")
    return (" OR ".join(parts) if parts else "false"), params


def _anchor_count(cursor: Any, org_id: int) -> int:
    return _rows(
        cursor, "SELECT count(*) FROM organizations_orglineage WHERE descendant_id = %(org)s", {"org": org_id}
    )[0][0]


def floor_figures(cursor: Any, *, org_id: int, start: dt.date, as_of: dt.date) -> Figures:
    """Every figure of `Figures` for organisation `org_id` over [start, as_of]: three statements and
    three small lookups."""
    children = _rows(
        cursor,
        "SELECT id, path FROM organizations_organization WHERE parent_id = %(org)s AND valid_to IS NULL",
        {"org": org_id},
    )
    categories = _rows(
        cursor,
        """SELECT key, occupation_groups, sectors, gender, ethnic_minority, religious, youth_union,
                  trade_union, demobilised_soldier
           FROM targets_category WHERE is_active ORDER BY "order", id""",
        {},
    )
    # With one anchor (the organisation itself: no predecessor) a unit sits at most once under it on a
    # given day, so no DISTINCT is needed; with predecessors their subtrees might overlap.
    distinct = "DISTINCT" if _anchor_count(cursor, org_id) > 1 else ""
    cat_cols, params = [], {"org": org_id, "high": HIGH, "start": start, "as_of": as_of}
    for n, row in enumerate(categories):
        cond, p = _category_sql(row, n)
        cat_cols.append(f"count(*) FILTER (WHERE ev.kind = 'admitted' AND ({cond}))")
        params.update(p)
    sql = f"""
    WITH units AS (
      -- every (unit, window) such that the unit sat under an anchor during the window
      SELECT p.organization_id,
             greatest(p.valid_from, a.valid_from) AS vf,
             least(coalesce(p.valid_to, 'infinity'::date), coalesce(a.valid_to, 'infinity'::date)) AS vt
      FROM organizations_orglineage l
      JOIN organizations_orgplacement a ON a.organization_id = l.ancestor_id
      JOIN organizations_orgplacement p ON p.path >= a.path AND p.path <= a.path || %(high)s
      WHERE l.descendant_id = %(org)s
    ), ev AS (
      SELECT {distinct} e.id, e.kind, e.date, e.person_id, e.organization_id
      FROM units u
      JOIN people_membershipevent e ON e.organization_id = u.organization_id
       AND e.date >= u.vf AND e.date <= u.vt
      WHERE e.kind IN ('admitted', 'confirmed', 'removed')
        AND e.date >= %(start)s AND e.date <= %(as_of)s
        AND NOT EXISTS (SELECT 1 FROM people_membershipevent c WHERE c.corrects_id = e.id)
    )
    SELECT ev.kind, extract(year FROM ev.date)::int, count(*)
           {"".join(", " + c for c in cat_cols)}
    FROM ev
    JOIN organizations_organization o ON o.id = ev.organization_id
    LEFT JOIN people_person pe ON pe.id = ev.person_id AND ev.kind = 'admitted'
    GROUP BY 1, 2
    """
    out = Figures()
    out.by_year = {y: 0 for y in range(start.year, as_of.year + 1)}
    out.by_category = {row[0]: 0 for row in categories}
    for kind, year, n, *cats in _rows(cursor, sql, params):
        if kind == "confirmed":
            out.confirmed += n
        elif kind == "removed":
            out.removed += n
        else:
            out.admitted += n
            out.by_year[year] = out.by_year.get(year, 0) + n
            for row, c in zip(categories, cats, strict=True):
                out.by_category[row[0]] += c
    out.units = _units(cursor, org_id, start, as_of) if children else {}

    days = {y: max(start, dt.date(y, 1, 1)) for y in range(start.year, as_of.year + 1)}
    counts = dict(
        _rows(
            cursor,
            """
            SELECT d.day, (
              SELECT count(*) FROM people_membership m
              WHERE m.status IN ('probationary', 'full')
                AND m.valid_from <= d.day AND (m.valid_to IS NULL OR m.valid_to >= d.day)
                AND m.organization_id IN (
                  SELECT p.organization_id
                  FROM organizations_orglineage l
                  JOIN organizations_orgplacement a ON a.organization_id = l.ancestor_id
                  JOIN organizations_orgplacement p ON p.path >= a.path AND p.path <= a.path || %(high)s
                  WHERE l.descendant_id = %(org)s
                    AND a.valid_from <= d.day AND (a.valid_to IS NULL OR a.valid_to >= d.day)
                    AND p.valid_from <= d.day AND (p.valid_to IS NULL OR p.valid_to >= d.day)))
            FROM unnest(%(days)s::date[]) AS d(day)
            """,
            {"org": org_id, "high": HIGH, "days": sorted({*days.values(), as_of})},
        )
    )
    out.members_at_year_start = {y: counts[d] for y, d in days.items()}
    out.members_now = counts[as_of]
    return out


def _units(cursor: Any, org_id: int, start: dt.date, as_of: dt.date) -> dict[int, int]:
    """Admissions of each current child, each counted as the child's own total would count it
    (where the recording unit sat on the event's date, the child's predecessors included)."""
    rows = _rows(
        cursor,
        """
        WITH units AS (
          SELECT k.id AS child, p.organization_id,
                 greatest(p.valid_from, a.valid_from) AS vf,
                 least(coalesce(p.valid_to, 'infinity'::date), coalesce(a.valid_to, 'infinity'::date)) AS vt
          FROM organizations_organization k
          JOIN organizations_orglineage l ON l.descendant_id = k.id
          JOIN organizations_orgplacement a ON a.organization_id = l.ancestor_id
          JOIN organizations_orgplacement p ON p.path >= a.path AND p.path <= a.path || %(high)s
          WHERE k.parent_id = %(org)s AND k.valid_to IS NULL
        )
        SELECT u.child, count(DISTINCT e.id)
        FROM units u
        JOIN people_membershipevent e ON e.organization_id = u.organization_id
         AND e.date >= u.vf AND e.date <= u.vt
        WHERE e.kind = 'admitted' AND e.date >= %(start)s AND e.date <= %(as_of)s
          AND NOT EXISTS (SELECT 1 FROM people_membershipevent c WHERE c.corrects_id = e.id)
        GROUP BY u.child
        """,
        {"org": org_id, "high": HIGH, "start": start, "as_of": as_of},
    )
    children = _rows(
        cursor,
        "SELECT id FROM organizations_organization WHERE parent_id = %(org)s AND valid_to IS NULL",
        {"org": org_id},
    )
    counts = dict(rows)
    return {cid: counts.get(cid, 0) for (cid,) in children}


def app_figures(progress: Any) -> Figures:
    """The same figures read from a `ptdv.reports.figures.Progress`."""
    return Figures(
        admitted=progress.admitted,
        by_year={y.year: y.admitted for y in progress.years},
        by_category={c.category.key: c.admitted for c in progress.by_category},
        confirmed=progress.confirmed,
        removed=progress.removed,
        members_at_year_start={y.year: y.members_at_start for y in progress.years},
        members_now=progress.members_now,
        units={u.org.id: u.admitted for u in progress.units},
    )


def differences(app: Figures, floor: Figures) -> list[str]:
    """Human-readable differences between the app's figures and the floor's; empty when equal."""
    out = []
    for name in Figures.__dataclass_fields__:
        a, f = getattr(app, name), getattr(floor, name)
        if a == f:
            continue
        if isinstance(a, dict):
            keys = sorted({*a, *f}, key=str)
            bad = [f"{k}: app {a.get(k)} floor {f.get(k)}" for k in keys if a.get(k) != f.get(k)]
            out.append(
                f"{name}: " + "; ".join(bad[:8]) + (f" (+{len(bad) - 8} more)" if len(bad) > 8 else "")
            )
        else:
            out.append(f"{name}: app {a} floor {f}")
    return out


def compare_progress(cursor: Any, *, org: Any, period: Any, as_of: dt.date | None = None) -> list[str]:
    """Run `progress_for` and the floor for one organisation and period; the differences (empty = equal).

    Importable by tests: needs Django set up on a PostgreSQL database.
    """
    from ptdv.reports.progress import progress_for

    progress = progress_for(org=org, period=period, as_of=as_of)
    floor = floor_figures(cursor, org_id=org.pk, start=period.start, as_of=progress.as_of)
    return differences(app_figures(progress), floor)


# ------------------------------------------------------------------------------ people search


def floor_search(cursor: Any, *, scope_path: str, key: str, limit: int = 50) -> tuple[list[int], int]:
    """Ids of the first `limit` people (by name key) whose name key contains `key`, under
    `scope_path`; and how many there are (what the list page shows: a page and its count)."""
    params = {"like": f"%{key}%", "low": scope_path, "high": scope_path + HIGH, "limit": limit}
    where = """FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id
               WHERE p.name_key LIKE %(like)s AND o.path >= %(low)s AND o.path <= %(high)s"""
    ids = [
        r[0] for r in _rows(cursor, f"SELECT p.id {where} ORDER BY p.name_key, p.id LIMIT %(limit)s", params)
    ]
    (count,) = _rows(cursor, f"SELECT count(*) {where}", params)[0]
    return ids, count


# ------------------------------------------------------------------------------ pipeline board

OPEN_STAGES_SQL = "c.stage NOT IN ('full_member', 'withdrawn', 'refused', 'removed')"


def floor_board(
    cursor: Any, *, org_path: str, stages: list[str], cards: int
) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Open candidacies per stage under `org_path`, and the ids of the `cards` longest-waiting per stage."""
    params = {"low": org_path, "high": org_path + HIGH, "stages": stages, "cards": cards}
    rows = _rows(
        cursor,
        """
        SELECT stage, id, n FROM (
          SELECT c.stage, c.id, count(*) OVER (PARTITION BY c.stage) AS n,
                 row_number() OVER (PARTITION BY c.stage ORDER BY c.stage_since, c.id) AS r
          FROM admissions_candidacy c JOIN organizations_organization o ON o.id = c.organization_id
          WHERE o.path >= %(low)s AND o.path <= %(high)s AND c.stage = ANY(%(stages)s)) x
        WHERE r <= %(cards)s ORDER BY stage, r
        """,
        params,
    )
    counts: dict[str, int] = {}
    ids: dict[str, list[int]] = {}
    for stage, cid, n in rows:
        counts[stage] = n
        ids.setdefault(stage, []).append(cid)
    return counts, ids
