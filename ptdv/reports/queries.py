"""The few statements every progress figure is computed from; none loops over organisations.

Events are counted where they happened: an event belongs to an organisation's figures when the unit
that recorded it sat, on the event's date, under that organisation or under one of its predecessors
(the organisations merged or split into it). So a commune formed in 2025 reports the admissions of
the old communes before the merger, and a cell that moved away keeps its earlier admissions with its
old parent.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ptdv.organizations.models import Organization, OrgLineage, OrgPlacement
from ptdv.organizations.paths import subtree_bounds
from ptdv.people.models import MembershipEvent

_EVENTS_SQL = """
SELECT e.id FROM {event} e
JOIN {placement} p ON p.organization_id = e.organization_id
  AND p.valid_from <= e.date AND (p.valid_to IS NULL OR p.valid_to >= e.date)
JOIN {placement} a ON p.path >= a.path AND p.path <= a.path || %s
  AND a.valid_from <= e.date AND (a.valid_to IS NULL OR a.valid_to >= e.date)
WHERE a.organization_id IN (SELECT ancestor_id FROM {lineage} WHERE descendant_id = %s)
  AND e.kind IN ({kinds}) AND e.date >= %s AND e.date <= %s
"""


def events_under(
    org: Organization, start: dt.date, end: dt.date, kinds: Iterable[str]
) -> QuerySet[MembershipEvent]:
    """Effective (not corrected) events of these kinds in [start, end] under `org` as it stood each day."""
    kinds = list(kinds)
    sql = _EVENTS_SQL.format(
        event=MembershipEvent._meta.db_table,
        placement=OrgPlacement._meta.db_table,
        lineage=OrgLineage._meta.db_table,
        kinds=", ".join(["%s"] * len(kinds)),
    )
    _, high = subtree_bounds("")
    params = [high, org.pk, *kinds, start, end]
    return MembershipEvent.objects.effective().filter(pk__in=RawSQL(sql, params))
