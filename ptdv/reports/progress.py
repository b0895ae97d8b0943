"""Progress of one organisation over one period: every figure of the dashboard and the reports.

The number of statements is fixed (about 15 plus one per calendar year of the period), whatever the
size of the subtree: counts are grouped in the database, never computed per organisation in a loop.
Formulas: docs/targets-and-progress.md.
"""

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone

from ptdv.admissions.models import OPEN_STAGES, Candidacy, Stage
from ptdv.common.formatting import vn_number
from ptdv.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, Population
from ptdv.organizations.paths import SEGMENT, subtree_q
from ptdv.people.models import EventKind, MembershipEvent
from ptdv.people.selectors import member_count_on
from ptdv.reports import forecast as fc
from ptdv.reports.aggregates import Median
from ptdv.reports.figures import (
    AT_RISK,
    BELOW,
    MET,
    NOT_MET,
    ON_TRACK,
    OVER,
    UNLIKELY,
    CategoryFigures,
    CategoryRef,
    Forecast,
    FunnelStage,
    IdleUnit,
    OrgRef,
    Period,
    Progress,
    TargetProgress,
    UnitFigures,
    YearFigures,
)
from ptdv.reports.queries import events_under
from ptdv.tallies import selectors as tally_selectors
from ptdv.targets.categories import category_q
from ptdv.targets.models import Category, Measure
from ptdv.targets.selectors import Requirement, cascade_warnings, category_list, requirements_for
from ptdv.targets.wording import lower_first, target_title, target_wording

HUNDRED = Decimal(100)
ONE_DAY = dt.timedelta(days=1)


def org_ref(org: Organization) -> OrgRef:
    return OrgRef(org.pk, org.code, org.name, org.kind, org.get_kind_display())


def cat_ref(category: Category | None) -> CategoryRef | None:
    return CategoryRef(category.key, category.name) if category is not None else None


def percent(part: Decimal | int, whole: Decimal | int | None) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def admitted_events(
    org: Organization, period: Period, as_of: dt.date, category: Category | None = None
) -> QuerySet[MembershipEvent]:
    """The admission events the figures count (by admission-decision date), optionally one category."""
    events = events_under(org, period.start, as_of, [EventKind.ADMITTED])
    return events.filter(category_q(category)) if category is not None else events


def _members(
    org: Organization, period: Period, as_of: dt.date, *, tallied: bool
) -> tuple[dict[int, int], int]:
    """Members on 1 January of each year of the period (its first day for the first), and on the as-of date."""
    starts = {
        year: max(period.start, dt.date(year, 1, 1)) for year in range(period.start.year, as_of.year + 1)
    }
    days = [*starts.values(), as_of]
    if tallied:
        counts = tally_selectors.member_counts(org, days)
    else:
        counts = {day: member_count_on(org, day) for day in days}
    return {year: counts[day] for year, day in starts.items()}, counts[as_of]


@dataclass(frozen=True)
class _EventFigures:
    """Effective events in a date range: per kind, and admissions per year and per category key."""

    kinds: Counter[str]
    by_year: Counter[int]
    by_key: Counter[str]

    def __add__(self, other: "_EventFigures") -> "_EventFigures":
        return _EventFigures(
            self.kinds + other.kinds, self.by_year + other.by_year, self.by_key + other.by_key
        )


_COUNTED_KINDS = (EventKind.ADMITTED, EventKind.CONFIRMED, EventKind.REMOVED)


def _figure_filters(
    start: dt.date, end: dt.date, category: Category | None, categories: list[Category], *, tally: bool
) -> dict[str, Q]:
    """What each figure counts, as filters of one aggregate (over events, or over tally rows)."""
    in_category: Callable[[Category], Q] = _tally_q if tally else category_q
    admitted = Q(kind=EventKind.ADMITTED) & (in_category(category) if category is not None else Q())
    day = "month" if tally else "date"
    return {
        **{f"k_{kind}": Q(kind=kind) for kind in _COUNTED_KINDS},
        **{f"y_{y}": admitted & Q(**{f"{day}__year": y}) for y in range(start.year, end.year + 1)},
        **{f"c_{cat.pk}": admitted & in_category(cat) for cat in categories},
    }


def _figures_from(
    row: dict[str, int | None], start: dt.date, end: dt.date, categories: list[Category]
) -> _EventFigures:
    return _EventFigures(
        Counter({kind: row[f"k_{kind}"] or 0 for kind in _COUNTED_KINDS}),
        Counter({y: row[f"y_{y}"] or 0 for y in range(start.year, end.year + 1)}),
        Counter({cat.key: row[f"c_{cat.pk}"] or 0 for cat in categories}),
    )


def _raw_event_figures(
    org: Organization, start: dt.date, end: dt.date, category: Category | None, categories: list[Category]
) -> _EventFigures:
    """The figures counted from the events themselves (the plain query), in one statement."""
    filters = _figure_filters(start, end, category, categories, tally=False)
    row = events_under(org, start, end, _COUNTED_KINDS).aggregate(
        **{name: Count("id", filter=q) for name, q in filters.items()}
    )
    return _figures_from(row, start, end, categories)


def _tally_q(category: Category) -> Q:
    return category_q(category, person="", organization="")


def _tallied_event_figures(
    org: Organization, first: dt.date, last: dt.date, category: Category | None, categories: list[Category]
) -> _EventFigures:
    """The same figures for whole months, read from the tallies in one statement."""
    filters = _figure_filters(first, last, category, categories, tally=True)
    row = tally_selectors.event_tallies([org.pk], first, last).aggregate(
        **{name: Sum("n", filter=q) for name, q in filters.items()}
    )
    return _figures_from(row, first, last, categories)


def _event_figures(
    org: Organization,
    start: dt.date,
    end: dt.date,
    category: Category | None,
    categories: list[Category],
    *,
    tallied: bool,
) -> _EventFigures:
    """Whole months from the tallies when the organisation has them, the days around them counted."""
    months = tally_selectors.whole_months(start, end) if tallied else None
    if months is None:
        return _raw_event_figures(org, start, end, category, categories)
    first, last = months
    figures = _tallied_event_figures(org, first, last, category, categories)
    if start < first:
        figures += _raw_event_figures(org, start, first - ONE_DAY, category, categories)
    if last < end:
        figures += _raw_event_figures(org, last + ONE_DAY, end, category, categories)
    return figures


def _years(
    by_year: dict[int, int], members: dict[int, int], period: Period, as_of: dt.date
) -> list[YearFigures]:
    rows = []
    for year, base in members.items():
        n = by_year.get(year, 0)
        partial = period.start > dt.date(year, 1, 1) or as_of < dt.date(year, 12, 31)
        rows.append(YearFigures(year, n, base, percent(n, base), partial))
    return rows


def _population(org: Organization, as_of: dt.date) -> Population | None:
    return org.populations.filter(year__lte=as_of.year).order_by("-year").first()


def _required_bounds(
    req: Requirement, members: dict[int, int], members_now: int
) -> tuple[Decimal, Decimal | None]:
    """Counts a requirement asks for; a %-of-base target multiplies by members on 1 January of each year."""
    base = req.base_years
    if base is None:
        return req.minimum, req.maximum

    def total(pct: Decimal) -> Decimal:
        counts = [math.ceil(pct * members.get(y, members_now) * w / HUNDRED) for y, w in base.items()]
        return Decimal(sum(counts))

    return total(req.minimum), total(req.maximum) if req.maximum is not None else None


@dataclass(frozen=True)
class _Achieved:
    """What the period achieved, for measuring targets against."""

    admitted: int
    report_key: str | None  # the report's category
    by_category: dict[str, int]
    sources: dict[str, int]  # candidacies opened, per nominating body
    ratio: Decimal | None

    def admissions(self, key: str | None) -> int:
        return self.admitted if key == self.report_key else self.by_category.get(key or "", 0)


def _target_progress(
    req: Requirement,
    achieved_so_far: _Achieved,
    members: dict[int, int],
    members_now: int,
    forecast_for: Callable[[str | None, int], Forecast | None],
    period_over: bool,
) -> TargetProgress:
    """One target measured: what it requires of the period, what was achieved, and its outlook."""
    t = req.target
    low = high = None
    if t.measure == Measure.MEMBER_POPULATION_RATIO:
        achieved = achieved_so_far.ratio if achieved_so_far.ratio is not None else Decimal(0)
        req_min, req_max, unit = req.minimum, req.maximum, "percent"
    else:
        if t.measure == Measure.SOURCES:
            achieved = Decimal(achieved_so_far.sources.get(t.nominated_by, 0))
        else:
            key = t.category.key if t.category is not None else None
            achieved = Decimal(achieved_so_far.admissions(key))
            if (f := forecast_for(key, int(achieved))) is not None:
                low, high = Decimal(f.low), Decimal(f.high)
        req_min, req_max = _required_bounds(req, members, members_now)
        unit = "count"
    return TargetProgress(
        target_id=t.pk,
        measure=t.measure,
        title=target_title(t),
        category=cat_ref(t.category),
        wording=_wording(req),
        source_document=t.source_document,
        unit=unit,
        required_min=req_min,
        required_max=req_max,
        achieved=achieved,
        attainment_min=percent(achieved, req_min),
        attainment_max=percent(achieved, req_max),
        status=_status(achieved, low, high, req_min, req_max, period_over),
        forecast_low=low,
        forecast_high=high,
    )


def _wording(req: Requirement) -> str:
    """The target's wording; targets added up (yearly ones over a span, 2025 from both terms) say so."""
    if req.merged < 2:
        return target_wording(req.target)
    bounds = vn_number(req.minimum) + (f"–{vn_number(req.maximum)}" if req.maximum is not None else "")
    noun = "quần chúng ưu tú" if req.target.measure == Measure.SOURCES else "đảng viên"
    what = f", đối tượng {lower_first(req.target.category.name)}" if req.target.category is not None else ""
    years = f"các năm {req.years[0]}–{req.years[-1]}" if len(req.years) > 1 else f"năm {req.years[0]}"
    return f"{bounds} {noun}{what} (tổng chỉ tiêu {years})"


def _status(
    achieved: Decimal,
    low: Decimal | None,
    high: Decimal | None,
    req_min: Decimal | None,
    req_max: Decimal | None,
    period_over: bool,
) -> str:
    if req_min is None:
        return MET
    if req_max is not None and achieved > req_max:
        return OVER
    if achieved >= req_min:
        return MET
    if period_over:
        return NOT_MET
    if high is None or low is None:
        return BELOW
    if high < req_min:
        return UNLIKELY
    if low >= req_min:
        return ON_TRACK
    return AT_RISK


def progress_for(
    *,
    org: Organization,
    period: Period,
    as_of: dt.date | None = None,
    category: Category | None = None,
    decimals: int = 2,
) -> Progress:
    """Compute the progress of `org` (its subtree, predecessors included) over `period`."""
    today = timezone.localdate()
    as_of = max(min(as_of or today, period.end), period.start)
    period_over = as_of >= period.end
    # The pipeline is today's: it forecasts (and shows a funnel) only for a report as of today.
    live = as_of == today and not period_over
    categories = list(category_list())
    reqs_by_org = requirements_for(
        [org.pk, *org.children.filter(valid_to__isnull=True).values_list("pk", flat=True)], period
    )
    own_reqs = [
        r for r in reqs_by_org.get(org.pk, []) if category is None or r.target.category_id == category.pk
    ]
    for req in own_reqs:  # a target may use a category that is no longer listed
        if req.target.category is not None and req.target.category not in categories:
            categories.append(req.target.category)

    tallied = bool(tally_selectors.tallied_ids([org]))
    figures = _event_figures(org, period.start, as_of, category, categories, tallied=tallied)
    kind_counts, by_year = figures.kinds, figures.by_year
    admitted = sum(by_year.values())
    by_key = {cat.key: figures.by_key.get(cat.key, 0) for cat in categories}
    admitted_qs = admitted_events(org, period, as_of, category)

    members, members_now = _members(org, period, as_of, tallied=tallied)
    years = _years(by_year, members, period, as_of)
    rates = [y.rate for y in years if y.rate is not None]
    population = _population(org, as_of)
    ratio = percent(members_now, population.population) if population else None

    # The pipeline, the forecasts.
    pipeline = _pipeline(org, period, as_of, category, categories, snapshot=tallied) if live else _Pipeline()
    table, measured, tallies = pipeline.table, pipeline.measured, pipeline.tallies
    full_days = table.get("sourced", 0)

    def forecast_for(key: str | None, achieved: int) -> Forecast | None:
        if not live:
            return None
        return fc.make_forecast(
            period=period,
            as_of=as_of,
            admitted=achieved,
            tally=tallies.get(key, fc.Tally()),
            full_pipeline_days=full_days,
            measured=bool(measured),
        )

    main_forecast = forecast_for(category.key if category else None, admitted)
    sources = (
        _sources_by_body(org, period, as_of, category)
        if any(r.target.measure == Measure.SOURCES for r in own_reqs)
        else {}
    )

    counts = _Achieved(admitted, category.key if category else None, by_key, sources, ratio)
    targets = [
        _target_progress(req, counts, members, members_now, forecast_for, period_over) for req in own_reqs
    ]

    units = _units(org, period.start, as_of, reqs_by_org, category, members, members_now)
    grassroots_total, cells_total = (
        tally_selectors.unit_totals(org, as_of) if tallied else _unit_totals(org, as_of)
    )
    idle_grassroots: list[IdleUnit] = []
    idle_cells: list[IdleUnit] = []
    idle_listed = grassroots_total + cells_total <= settings.IDLE_LIST_MAX_UNITS
    if idle_listed:
        grassroots_total, cells_total, idle_grassroots, idle_cells = _idle(org, admitted_qs, as_of)
    return Progress(
        organization=org_ref(org),
        period=period,
        as_of=as_of,
        category=cat_ref(category),
        decimals=decimals,
        admitted=admitted,
        years=years,
        years_counted=len(years),
        average_per_year=Decimal(admitted) / len(years) if years else Decimal(0),
        average_rate=sum(rates, Decimal(0)) / len(rates) if rates else None,
        members_at_start=members.get(period.start.year, 0),
        members_now=members_now,
        population=population.population if population else None,
        population_year=population.year if population else None,
        member_population_ratio=ratio,
        targets=targets,
        by_category=[
            CategoryFigures(
                CategoryRef(cat.key, cat.name), by_key[cat.key], percent(by_key[cat.key], admitted)
            )
            for cat in categories
            if cat.is_active and (category is None or cat.pk != category.pk)
        ],
        units=units,
        grassroots_total=grassroots_total,
        cells_total=cells_total,
        idle_grassroots=idle_grassroots,
        idle_cells=idle_cells,
        funnel=pipeline.funnel,
        confirmed=kind_counts.get(EventKind.CONFIRMED, 0),
        removed=kind_counts.get(EventKind.REMOVED, 0),
        forecast=main_forecast,
        cascade_warnings=cascade_warnings(org, period),
        idle_listed=idle_listed,
        pipeline_computed_at=pipeline.computed_at,
    )


@dataclass(frozen=True)
class _Pipeline:
    """Today's pipeline: typical days to a decision, what can still be admitted, the funnel."""

    table: dict[str, int] = field(default_factory=dict)
    measured: set[str] = field(default_factory=set)
    tallies: dict[str | None, fc.Tally] = field(default_factory=dict)
    funnel: list[FunnelStage] = field(default_factory=list)
    computed_at: dt.datetime | None = None  # set when it is a snapshot


def _compute_pipeline(
    org: Organization,
    period: Period,
    as_of: dt.date,
    category: Category | None,
    categories: list[Category],
    *,
    snapshot: bool,
) -> _Pipeline:
    table, measured = fc.typical_days(org, as_of)
    return _Pipeline(
        table,
        measured,
        dict(fc.pipeline_tallies(org, period, as_of, categories, table)),
        _funnel(org, as_of, category),
        timezone.now() if snapshot else None,
    )


def _snapshot_key(
    org: Organization, period: Period, as_of: dt.date, category: Category | None, categories: list[Category]
) -> str:
    kinds = ",".join(f"{c.pk}@{c.key}" for c in categories)
    parts = [
        str(org.pk),
        period.key,
        str(period.start),
        str(period.end),
        str(as_of),
        category.key if category else "",
    ]
    return ":".join(["pipeline", *parts, kinds])


def _pipeline(
    org: Organization,
    period: Period,
    as_of: dt.date,
    category: Category | None,
    categories: list[Category],
    *,
    snapshot: bool,
) -> _Pipeline:
    """The live pipeline; for a tallied organisation (the centre, a province), a recent snapshot of it.

    Below the provinces it is computed on every request. Above, it reads every open case and three
    years of steps of the whole subtree (seconds at national scale), so it is kept in the cache for
    PIPELINE_SNAPSHOT_SECONDS and refreshed in the background (`refresh_pipeline_snapshot`); the page
    says when it was computed. The counts of admissions and members are never a snapshot.
    """
    if not snapshot:
        return _compute_pipeline(org, period, as_of, category, categories, snapshot=False)
    return cast(
        _Pipeline,
        cache.get_or_set(
            _snapshot_key(org, period, as_of, category, categories),
            lambda: _compute_pipeline(org, period, as_of, category, categories, snapshot=True),
            settings.PIPELINE_SNAPSHOT_SECONDS,
        ),
    )


def refresh_pipeline_snapshot(org: Organization, period: Period) -> None:
    """Compute today's snapshot of the organisation's pipeline (all categories) again and keep it."""
    as_of, categories = timezone.localdate(), list(category_list())
    fresh = _compute_pipeline(org, period, as_of, None, categories, snapshot=True)
    cache.set(_snapshot_key(org, period, as_of, None, categories), fresh, settings.PIPELINE_SNAPSHOT_SECONDS)


def _sources_by_body(
    org: Organization, period: Period, as_of: dt.date, category: Category | None
) -> dict[str, int]:
    """Candidacies opened in the period, per body that nominated them (mass organisations' targets)."""
    cases = Candidacy.objects.filter(
        subtree_q("organization__path", org.path), opened_on__gte=period.start, opened_on__lte=as_of
    )
    if category is not None:
        cases = cases.filter(category_q(category))
    return dict(cases.values("nominated_by").annotate(n=Count("id")).values_list("nominated_by", "n"))


def _admitted_per_branch(
    org: Organization, start: dt.date, end: dt.date, category: Category | None
) -> Counter[str]:
    """Admissions in [start, end] per child branch of `org` (by the path of the unit that recorded them)."""
    admitted_qs = events_under(org, start, end, [EventKind.ADMITTED])
    if category is not None:
        admitted_qs = admitted_qs.filter(category_q(category))
    width = len(org.path) + SEGMENT
    return Counter(
        dict(
            admitted_qs.annotate(branch=Substr("organization__path", 1, width))
            .values("branch")
            .annotate(n=Count("id"))
            .values_list("branch", "n")
        )
    )


def _admitted_per_child(
    org: Organization, children: list[Organization], start: dt.date, end: dt.date, category: Category | None
) -> Counter[str]:
    """Admissions per child (keyed by the child's path); from the tallies when every child has them.

    A tallied child's figure is its own (by the tree as it stood each day, predecessors included),
    the one its dashboard shows; the plain query groups by where the recording units sit now. The two
    differ only for units moved between children during the period.
    """
    months = tally_selectors.whole_months(start, end)
    if months is None or len(tally_selectors.tallied_ids(children)) < len(children):
        return _admitted_per_branch(org, start, end, category)
    first, last = months
    rows = tally_selectors.event_tallies(
        [c.pk for c in children],
        first,
        last,
        Q(kind=EventKind.ADMITTED) & (_tally_q(category) if category else Q()),
    )
    by_org = tally_selectors.counts_by(rows, "organization_id")
    counts = Counter({child.path: by_org.get(child.pk, 0) for child in children})
    if start < first:
        counts += _admitted_per_branch(org, start, first - ONE_DAY, category)
    if last < end:
        counts += _admitted_per_branch(org, last + ONE_DAY, end, category)
    return counts


def _units(
    org: Organization,
    start: dt.date,
    end: dt.date,
    reqs_by_org: dict[int, list[Requirement]],
    category: Category | None,
    members: dict[int, int],
    members_now: int,
) -> list[UnitFigures]:
    children = list(org.children.filter(valid_to__isnull=True).order_by("name"))
    if not children:
        return []
    counts = _admitted_per_child(org, children, start, end, category)
    cat_id = category.pk if category else None
    units = []
    for child in children:
        n = counts.get(child.path, 0)
        req = next(
            (
                r
                for r in reqs_by_org.get(child.pk, [])
                if r.target.measure == Measure.ADMISSIONS
                and r.target.category_id == cat_id
                and r.base_years is None
            ),
            None,
        )
        low, high = (req.minimum, req.maximum) if req else (None, None)
        units.append(UnitFigures(org_ref(child), n, low, high, percent(n, low)))
    return sorted(units, key=lambda u: (u.attainment is None, -(u.attainment or 0), -u.admitted, u.org.name))


def _units_on(org: Organization, as_of: dt.date) -> QuerySet[Organization]:
    """Grassroots organisations and cells under `org` existing on the as-of date."""
    return (
        Organization.objects.filter(subtree_q("path", org.path))
        .filter(Q(kind__in=GRASSROOTS_KINDS) | Q(kind__in=CELL_KINDS))
        .filter(valid_from__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))
    )


def _unit_totals(org: Organization, as_of: dt.date) -> tuple[int, int]:
    totals = _units_on(org, as_of).aggregate(
        grassroots=Count("id", filter=Q(kind__in=GRASSROOTS_KINDS)),
        cells=Count("id", filter=Q(kind__in=CELL_KINDS)),
    )
    return totals["grassroots"], totals["cells"]


def _idle(
    org: Organization, admitted_qs: QuerySet[MembershipEvent], as_of: dt.date
) -> tuple[int, int, list[IdleUnit], list[IdleUnit]]:
    """Grassroots organisations and cells (existing on the as-of date) with no admission in the period."""
    admitting = set(admitted_qs.order_by().values_list("organization__path", flat=True).distinct())
    prefixes = {path[:i] for path in admitting for i in range(SEGMENT, len(path) + 1, SEGMENT)}
    units = _units_on(org, as_of).select_related("parent").order_by("path")
    grassroots: list[IdleUnit] = []
    cells: list[IdleUnit] = []
    grassroots_total = cells_total = 0
    for unit in units:
        idle = unit.path not in prefixes
        parent = unit.parent.name if unit.parent else ""
        if unit.kind in GRASSROOTS_KINDS:
            grassroots_total += 1
            if idle:
                grassroots.append(IdleUnit(org_ref(unit), parent))
        if unit.kind in CELL_KINDS:
            cells_total += 1
            if idle:
                cells.append(IdleUnit(org_ref(unit), parent))
    return grassroots_total, cells_total, grassroots, cells


def _funnel(
    org: Organization, as_of: dt.date, category: Category | None, *, by_database: bool | None = None
) -> list[FunnelStage]:
    """Open candidacies per stage, with the median days they have spent in it."""
    cases = Candidacy.objects.filter(subtree_q("organization__path", org.path), stage__in=OPEN_STAGES)
    if category is not None:
        cases = cases.filter(category_q(category))
    if fc.in_database() if by_database is None else by_database:  # counts and medians in the database
        waited = RawSQL("GREATEST(0, %s - stage_since)", [as_of], output_field=IntegerField())
        rows = cases.order_by().values("stage").annotate(n=Count("id"), median=Median(waited))
        found = {r["stage"]: (r["n"], round(r["median"])) for r in rows}
        return [FunnelStage(stage, Stage(stage).label, *found.get(stage, (0, None))) for stage in OPEN_STAGES]
    days: dict[str, list[int]] = {stage: [] for stage in OPEN_STAGES}
    for stage, since in cases.values_list("stage", "stage_since"):
        days[stage].append(max(0, (as_of - since).days))
    return [
        FunnelStage(stage, Stage(stage).label, len(d), round(statistics.median(d)) if d else None)
        for stage, d in days.items()
    ]
