"""Reads of the tallies: the same numbers the raw counts give, for whole months and any day."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet, Sum

from ptdv.organizations.models import Organization
from ptdv.tallies.models import EventTally, MemberTally, TallyState, UnitTally

ONE_DAY = dt.timedelta(days=1)


def tallied_ids(orgs: Iterable[Organization]) -> set[int]:
    """Which of these organisations have tallies that can be trusted now."""
    ids = [o.pk for o in orgs]
    return set(TallyState.objects.filter(pk__in=ids, ready=True).values_list("pk", flat=True))


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the whole calendar months inside [start, end], if there is one."""
    first = start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    after = end + ONE_DAY
    last = (after if after.day == 1 else after.replace(day=1)) - ONE_DAY
    return (first, last) if first <= last else None


def event_tallies(
    org_ids: Iterable[int], first: dt.date, last: dt.date, filters: Q | None = None
) -> QuerySet[EventTally]:
    """Tally rows of these organisations for the whole months from `first` to `last`."""
    return EventTally.objects.filter(
        filters or Q(), organization_id__in=list(org_ids), month__gte=first, month__lte=last
    )


def counts_by(rows: QuerySet[EventTally], field: str) -> dict:
    """Sum of the rows per value of `field` (values summing to nothing left out)."""
    grouped = rows.order_by().values(field).annotate(total=Sum("n")).values_list(field, "total")
    return {key: total for key, total in grouped if total}


def member_counts(org: Organization, days: Iterable[dt.date]) -> dict[dt.date, int]:
    """Party members under `org` on each day, as `people.selectors.member_count_on` counts them (one query)."""
    days = sorted(set(days))
    sums = MemberTally.objects.filter(organization=org).aggregate(
        **{f"d{i}": Sum("change", filter=Q(day__lte=day)) for i, day in enumerate(days)}
    )
    return {day: sums[f"d{i}"] or 0 for i, day in enumerate(days)}


def unit_totals(org: Organization, day: dt.date) -> tuple[int, int]:
    """Grassroots organisations and cells under `org` (as the tree stands now) existing on `day`."""
    sums = UnitTally.objects.filter(organization=org, day__lte=day).aggregate(
        g=Sum("grassroots"), c=Sum("cells")
    )
    return sums["g"] or 0, sums["c"] or 0
