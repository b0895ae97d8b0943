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

from ptdv.organizations.models import Organization, OrgPlacement
from ptdv.organizations.paths import subtree_bounds
from ptdv.organizations.selectors import anchor_placements
from ptdv.people.models import MembershipEvent

_EVENTS_SQL = """
SELECT e.id FROM {event} e
JOIN {placement} p ON p.organization_id = e.organization_id
  AND p.valid_from <= e.date AND (p.valid_to IS NULL OR p.valid_to >= e.date)
WHERE e.kind IN ({kinds}) AND e.date >= %s AND e.date <= %s AND ({anchors})
"""
# Under one anchor placement: the unit sat in its subtree, on a day the anchor itself was placed.
_UNDER_ANCHOR = "(p.path >= %s AND p.path <= %s AND e.date >= %s AND e.date <= %s)"


def events_under(
    org: Organization, start: dt.date, end: dt.date, kinds: Iterable[str]
) -> QuerySet[MembershipEvent]:
    """Effective (not corrected) events of these kinds in [start, end] under `org` as it stood each day."""
    anchors = anchor_placements(org, start, end)
    if not anchors:
        return MembershipEvent.objects.none()
    kinds = list(kinds)
    sql = _EVENTS_SQL.format(
        event=MembershipEvent._meta.db_table,
        placement=OrgPlacement._meta.db_table,
        kinds=", ".join(["%s"] * len(kinds)),
        anchors=" OR ".join([_UNDER_ANCHOR] * len(anchors)),
    )
    params: list[object] = [*kinds, start, end]
    for path, valid_from, valid_to in anchors:
        params += [*subtree_bounds(path), max(start, valid_from), min(end, valid_to or end)]
    return MembershipEvent.objects.effective().filter(pk__in=RawSQL(sql, params))
