"""The statements that compute tallies from the raw tables: one text for a rebuild and for a change.

`EVENTS` and `INTERVALS` select, for some people (`{people}`) and some tallied organisations
(`{tallied}`), exactly what `reports.queries.events_under` and `organizations.selectors.
organization_ids_as_of` count: an event or a membership period belongs to a tallied organisation X
when the unit that recorded it sat, that day, under X or under one of X's lineage predecessors.
The few spellings that differ between PostgreSQL and SQLite are filled in by `dialect()`.
"""

from typing import Any

from django.db import connection

from ptdv.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgLineage, OrgPlacement
from ptdv.organizations.paths import subtree_bounds
from ptdv.people.choices import MAJORITY_ETHNICITY, NO_RELIGION
from ptdv.people.models import MEMBER_STATUSES, EventKind, Membership, MembershipEvent, Person
from ptdv.tallies.models import PROFILE, EventTally, MemberTally, TallyState, UnitTally

TALLIED_KINDS = (EventKind.ADMITTED, EventKind.CONFIRMED, EventKind.REMOVED)
NEVER = "9999-12-31"  # an open end, for comparisons
EVENT_KEY = ("organization_id", "month", "kind", *PROFILE)

_DIALECTS = {
    "postgresql": {
        "month": "CAST(date_trunc('month', e.date) AS date)",
        "greatest": "GREATEST",
        "least": "LEAST",
        "next_day": "({d} + 1)",
        "never": f"DATE '{NEVER}'",
    },
    "sqlite": {
        "month": "date(e.date, 'start of month')",
        "greatest": "MAX",
        "least": "MIN",
        "next_day": "date({d}, '+1 day')",
        "never": f"'{NEVER}'",
    },
}


def dialect() -> dict[str, str]:
    return _DIALECTS[connection.vendor]


def _tables() -> dict[str, str]:
    return {
        "state": TallyState._meta.db_table,
        "lineage": OrgLineage._meta.db_table,
        "placement": OrgPlacement._meta.db_table,
        "event": MembershipEvent._meta.db_table,
        "membership": Membership._meta.db_table,
        "person": Person._meta.db_table,
        "org": Organization._meta.db_table,
        "event_tally": EventTally._meta.db_table,
        "member_tally": MemberTally._meta.db_table,
        "unit_tally": UnitTally._meta.db_table,
    }


_ANCHORS = """
FROM {state} s
JOIN {lineage} l ON l.descendant_id = s.organization_id
JOIN {placement} a ON a.organization_id = l.ancestor_id
JOIN {placement} p ON p.path >= a.path AND p.path <= a.path || %s
"""

_EVENTS = (
    """
SELECT s.organization_id, {month}, e.kind, per.gender,
  CASE WHEN per.ethnicity = %s THEN per.ethnicity ELSE '' END,
  CASE WHEN per.religion = %s THEN per.religion ELSE '' END,
  per.occupation_group, u.sector,
  per.is_youth_union_member, per.is_trade_union_member, per.is_demobilised_soldier,
  COUNT(DISTINCT e.id)
"""
    + _ANCHORS
    + """
JOIN {event} e ON e.organization_id = p.organization_id
  AND e.date >= p.valid_from AND (p.valid_to IS NULL OR e.date <= p.valid_to)
  AND e.date >= a.valid_from AND (a.valid_to IS NULL OR e.date <= a.valid_to)
JOIN {person} per ON per.id = e.person_id
JOIN {org} u ON u.id = e.organization_id
WHERE e.kind IN ({kinds})
  AND NOT EXISTS (SELECT 1 FROM {event} c WHERE c.corrects_id = e.id)
  AND {people} AND {tallied}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
"""
)

_INTERVALS = (
    """
SELECT s.organization_id AS org,
  {greatest}(m.valid_from, p.valid_from, a.valid_from) AS lo,
  {least}(COALESCE(m.valid_to, {never}), COALESCE(p.valid_to, {never}), COALESCE(a.valid_to, {never})) AS hi
"""
    + _ANCHORS
    + """
JOIN {membership} m ON m.organization_id = p.organization_id
WHERE m.status IN ({statuses})
  AND {greatest}(m.valid_from, p.valid_from, a.valid_from)
      <= {least}(COALESCE(m.valid_to, {never}), COALESCE(p.valid_to, {never}), COALESCE(a.valid_to, {never}))
  AND {people} AND {tallied}
"""
)


Condition = tuple[str, list[Any]]  # SQL with {column} for the column it constrains, and its parameters


EVERY: Condition = ("1 = 1", [])


def events_select(people: Condition, tallied: Condition, by: str = "person_id") -> tuple[str, list[Any]]:
    """Rows (EVENT_KEY…, n) for the people and tallied organisations the two conditions keep.

    `by` is the event column `people` constrains: the person, or the unit that recorded the event.
    """
    sql = _EVENTS.format(
        **_tables(),
        **dialect(),
        kinds=", ".join(["%s"] * len(TALLIED_KINDS)),
        people=people[0].format(column=f"e.{by}"),
        tallied=tallied[0].format(column="s.organization_id"),
    )
    _, high = subtree_bounds("")
    return sql, [MAJORITY_ETHNICITY, NO_RELIGION, high, *TALLIED_KINDS, *people[1], *tallied[1]]


def intervals_select(people: Condition, tallied: Condition, by: str = "person_id") -> tuple[str, list[Any]]:
    """Rows (org, lo, hi): the days a member period counted under a tallied organisation (hi = NEVER: open)."""
    sql = _INTERVALS.format(
        **_tables(),
        **dialect(),
        statuses=", ".join(["%s"] * len(MEMBER_STATUSES)),
        people=people[0].format(column=f"m.{by}"),
        tallied=tallied[0].format(column="s.organization_id"),
    )
    _, high = subtree_bounds("")
    return sql, [high, *MEMBER_STATUSES, *people[1], *tallied[1]]


def member_changes_select(
    people: Condition, tallied: Condition, by: str = "person_id"
) -> tuple[str, list[Any]]:
    """Rows (org, day, change): the intervals as +1 on their first day and -1 the day after their last."""
    intervals, params = intervals_select(people, tallied, by)
    d = dialect()
    next_day = d["next_day"].format(d="hi")
    sql = f"""
SELECT org, day, SUM(change) FROM (
  SELECT org, lo AS day, 1 AS change FROM ({intervals}) iv
  UNION ALL
  SELECT org, {next_day} AS day, -1 AS change FROM ({intervals}) iv2 WHERE hi < {d["never"]}
) changes GROUP BY org, day
"""
    return sql, [*params, *params]


_UNITS = """
SELECT s.organization_id AS org, u.valid_from AS lo, u.valid_to AS hi,
  CASE WHEN u.kind IN ({grassroots}) THEN 1 ELSE 0 END AS g,
  CASE WHEN u.kind IN ({cells}) THEN 1 ELSE 0 END AS c
FROM {state} s
JOIN {org} x ON x.id = s.organization_id
JOIN {org} u ON u.path >= x.path AND u.path <= x.path || %s
WHERE u.kind IN ({units}) AND {tallied} AND {only}
"""


def unit_changes_select(tallied: Condition, only: Condition = EVERY) -> tuple[str, list[Any]]:
    """Rows (org, day, grassroots change, cells change) for the tallied organisations kept, counting
    the units `only` keeps (all by default)."""
    d = dialect()
    unit_kinds = sorted(set(GRASSROOTS_KINDS) | set(CELL_KINDS))
    units = _UNITS.format(
        **_tables(),
        grassroots=", ".join(["%s"] * len(GRASSROOTS_KINDS)),
        cells=", ".join(["%s"] * len(CELL_KINDS)),
        units=", ".join(["%s"] * len(unit_kinds)),
        tallied=tallied[0].format(column="s.organization_id"),
        only=only[0].format(column="u.id"),
    )
    _, high = subtree_bounds("")
    params = [*GRASSROOTS_KINDS, *CELL_KINDS, high, *unit_kinds, *tallied[1], *only[1]]
    next_day = d["next_day"].format(d="hi")
    sql = f"""
SELECT org, day, SUM(g), SUM(c) FROM (
  SELECT org, lo AS day, g, c FROM ({units}) u1
  UNION ALL
  SELECT org, {next_day} AS day, -g, -c FROM ({units}) u2 WHERE hi IS NOT NULL
) changes GROUP BY org, day
"""
    return sql, [*params, *params]
