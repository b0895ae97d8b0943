"""Demo targets (chỉ tiêu) and the province's population, derived from the demo's own history.

The figures are not constants: they are computed from what the seeded people did, so the dashboard
reads sensibly whatever `--seed` and `--people` were given. The province's term target for 2020–2025
is set so the term ends at about 75% of it; the yearly targets for 2025–2030 ask a little more than
the pace of 2020–2024. Targets are shared out among the province's units in proportion to their
members at the start of the term (largest remainders, so the shares add up to the province's figure),
except one commune, deliberately left without a 2025–2030 target so the cascade check has something
to report. Everything goes through the services (checked, audited) and is deterministic.
"""

import datetime as dt
import math
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from ptdv.demo import places as P
from ptdv.organizations.models import Organization, OrgKind, Population
from ptdv.organizations.paths import subtree_q
from ptdv.organizations.services import population_set
from ptdv.people.selectors import member_count_on
from ptdv.reports.progress import admitted_events
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.selectors import period_from_key, term_period
from ptdv.targets.services import target_create

FIRST_POPULATION_YEAR = 2015  # the first term the targets app knows (2015–2020)
POPULATION_SOURCE = "Niên giám thống kê tỉnh Tây Nam năm {year}"
ATTAINMENT = Fraction(3, 4)  # how much of its 2020–2025 term target the demo province reached
YEARLY_MIN, YEARLY_MAX = Fraction(21, 20), Fraction(13, 10)  # 2025–2030 a year, × the 2020–2024 pace
CATEGORY_KEY = "hssv-va-dn-ngoai-nha-nuoc"
CATEGORY_MIN, CATEGORY_MAX = Fraction(11, 10), Fraction(3, 2)
SOURCES_SHARE = Fraction(1, 2)  # of the yearly admissions, sources the Youth Union should nominate
RATIO_STEP = Decimal("0.2")  # percentage points above today's members / population
UNASSIGNED = P.MERGERS[-1].code  # phường Long Đức: no 2025–2030 target yet, for the cascade warning

CONGRESS_2020 = "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Tây Nam lần thứ XI, nhiệm kỳ 2020–2025"
CONGRESS_2025 = "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Tây Nam lần thứ XII, nhiệm kỳ 2025–2030"
PLAN_2020 = (
    "Kế hoạch số 17-KH/TU ngày 18/12/2020 của Ban Thường vụ Tỉnh ủy về giao chỉ tiêu kết nạp đảng viên "
    "nhiệm kỳ 2020–2025"
)
PLAN_2025 = (
    "Kế hoạch số 41-KH/TU ngày 12/11/2025 của Ban Thường vụ Tỉnh ủy về giao chỉ tiêu kết nạp đảng viên "
    "nhiệm kỳ 2025–2030"
)
CATEGORY_RESOLUTION = (
    "Nghị quyết số 20-NQ/TU ngày 11/01/2024 của Ban Chấp hành Đảng bộ tỉnh về phát triển đảng viên "
    "trong học sinh, sinh viên và doanh nghiệp ngoài nhà nước"
)
YOUTH_PLAN = (
    "Kế hoạch số 45-KH/TU ngày 20/02/2026 của Ban Thường vụ Tỉnh ủy về tạo nguồn kết nạp đảng viên "
    "trong đoàn viên, thanh niên"
)
MERGED_NOTE = (
    "Tổng chỉ tiêu đã giao cho {names} (trước sắp xếp ngày 01/07/2025), "
    "ghi cho đảng bộ mới để theo dõi liên tục."
)

Progress = Callable[[str], None]


def _province() -> Organization:
    return Organization.objects.get(code=P.PROVINCE[0])


def _nice(value: Fraction | Decimal | int) -> int:
    """A figure as a resolution would write it: to the 10 from 200, to the 5 from 50, else whole."""
    step = 10 if value >= 200 else 5 if value >= 50 else 1
    return max(1, round(Fraction(value) / step) * step)


def apportion(total: int, weights: dict[str, int], floor: int = 0) -> dict[str, int]:
    """`total` shared out in proportion to `weights` (largest remainders), each at least `floor` if possible.

    The shares always add up to `total`; ties go to the earlier key, so the result is deterministic.
    """
    keys = list(weights)
    if not keys:
        return {}
    base = floor if total >= floor * len(keys) else 0
    rest = total - base * len(keys)
    weight_sum = sum(weights.values())
    quotas = {
        k: Fraction(rest * weights[k], weight_sum) if weight_sum else Fraction(rest, len(keys)) for k in keys
    }
    shares = {k: base + math.floor(q) for k, q in quotas.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(keys, key=lambda k: (-(quotas[k] - math.floor(quotas[k])), keys.index(k)))
    for k in by_remainder[:left]:
        shares[k] += 1
    return shares


def record_province_population(actor: object) -> int:
    """The province's population per year: the sum of its communes' (as they stood on 31 December).

    The communes' figures (2020 on) are recorded by seeding; the years before them back to 2015 are
    carried back at the communes' average growth. Does nothing if the province already has figures.
    Returns the number of years recorded.
    """
    province = _province()
    if province.populations.exists():
        return 0
    rows = Population.objects.filter(
        subtree_q("organization__path", province.path), organization__kind=OrgKind.COMMUNE
    ).values_list("year", "population", "organization__valid_from", "organization__valid_to")
    totals: dict[int, int] = {}
    for year, population, valid_from, valid_to in rows:
        last_day = dt.date(year, 12, 31)
        if valid_from <= last_day and (valid_to is None or valid_to >= last_day):
            totals[year] = totals.get(year, 0) + population
    if not totals:
        return 0
    first, last = min(totals), max(totals)
    growth = (totals[last] / totals[first]) ** (1 / (last - first)) if last > first else 1.0
    for year in range(FIRST_POPULATION_YEAR, first):
        totals[year] = round(totals[first] / growth ** (first - year))
    for year in sorted(totals):
        population_set(
            actor=actor,
            org=province,
            year=year,
            population=totals[year],
            source=POPULATION_SOURCE.format(year=year),
        )
    return len(totals)


def _members_ratio(province: Organization, cutoff: dt.date) -> Decimal | None:
    population = province.populations.filter(year__lte=cutoff.year).order_by("-year").first()
    if population is None or not population.population:
        return None
    return Decimal(member_count_on(province, cutoff) * 100) / Decimal(population.population)


def _create(actor: object, org: Organization, **data: object) -> Target:
    return target_create(actor=actor, organization=org, **data)


def _range(low: int, high: int) -> dict[str, object]:
    if high > low:
        return {"form": TargetForm.RANGE, "minimum": low, "maximum": high}
    return {"form": TargetForm.EXACT, "minimum": low}


def create_targets(actor: object, cutoff: dt.date, progress: Progress = lambda _: None) -> list[Target]:
    """The province's targets for 2020–2025 and 2025–2030, and its units' shares (see the module doc)."""
    terms = {term.code: term for term in Term.objects.filter(code__in=["2020-2025", "2025-2030"])}
    if len(terms) < 2:
        progress("  Không có nhiệm kỳ 2020–2025 và 2025–2030: bỏ qua chỉ tiêu mẫu.")
        return []
    progress("Giao chỉ tiêu…")
    province = _province()
    units = list(province.children.filter(valid_to__isnull=True).order_by("path"))
    created: list[Target] = []
    created += _term_2020(actor, province, units, terms["2020-2025"], cutoff)
    created += _term_2025(actor, province, units, terms["2025-2030"], cutoff)
    return created


def _term_2020(
    actor: object, province: Organization, units: list[Organization], term: Term, cutoff: dt.date
) -> list[Target]:
    """2020–2025: one figure for the term, about 4/3 of what was admitted; every unit gets its share."""
    period = term_period(term)
    admitted = admitted_events(province, period, min(cutoff, term.end)).count()
    total = _nice(admitted / ATTAINMENT)
    if admitted and not Fraction(3, 5) < Fraction(admitted, total) < Fraction(9, 10):
        total = math.ceil(admitted / ATTAINMENT)  # the rounding must not push the attainment out of bounds
    created = [
        _create(
            actor,
            province,
            term=term,
            measure=Measure.ADMISSIONS,
            form=TargetForm.EXACT,
            minimum=max(total, admitted + 1),
            source_document=CONGRESS_2020,
        )
    ]
    weights = {u.code: member_count_on(u, term.start) for u in units}
    shares = apportion(int(created[0].minimum), weights, floor=1)
    names = dict(Organization.objects.filter(kind=OrgKind.COMMUNE).values_list("code", "name"))
    merged = {m.code: [names[code] for code in m.predecessors] for m in P.MERGERS}
    for unit in units:
        note = MERGED_NOTE.format(names=" và ".join(merged[unit.code])) if unit.code in merged else ""
        created.append(
            _create(
                actor,
                unit,
                term=term,
                measure=Measure.ADMISSIONS,
                form=TargetForm.EXACT,
                minimum=shares[unit.code],
                source_document=PLAN_2020,
                note=note,
            )
        )
    return created


def _term_2025(
    actor: object, province: Organization, units: list[Organization], term: Term, cutoff: dt.date
) -> list[Target]:
    """2025–2030: yearly ranges, a category, the members/population ratio and the Youth Union's sources."""
    before = period_from_key(f"{term.start.year - 5}-{term.start.year - 1}")  # the five full years before
    pace = Fraction(admitted_events(province, before, before.end).count(), 5)
    low = max(_nice(pace * YEARLY_MIN), len(units))
    high = max(_nice(pace * YEARLY_MAX), low + 1)
    yearly = {"term": term, "per_year": True, "measure": Measure.ADMISSIONS}
    created = [_create(actor, province, **yearly, **_range(low, high), source_document=CONGRESS_2025)]

    if (category := Category.objects.filter(key=CATEGORY_KEY).first()) is not None:
        cat_pace = Fraction(admitted_events(province, before, before.end, category).count(), 5)
        cat_low = max(1, math.ceil(cat_pace * CATEGORY_MIN))
        cat_high = max(cat_low + 1, math.ceil(cat_pace * CATEGORY_MAX))
        created.append(
            _create(
                actor,
                province,
                **yearly,
                category=category,
                **_range(cat_low, cat_high),
                source_document=CATEGORY_RESOLUTION,
            )
        )

    if (ratio := _members_ratio(province, cutoff)) is not None:
        level = (ratio * 10).to_integral_value(ROUND_CEILING) / 10 + RATIO_STEP
        created.append(
            _create(
                actor,
                province,
                term=term,
                measure=Measure.MEMBER_POPULATION_RATIO,
                form=TargetForm.EXACT,
                minimum=level,
                source_document=CONGRESS_2025,
            )
        )

    created.append(
        _create(
            actor,
            province,
            term=term,
            per_year=True,
            measure=Measure.SOURCES,
            form=TargetForm.EXACT,
            minimum=_nice(low * SOURCES_SHARE),
            nominated_by="youth_union",
            source_document=YOUTH_PLAN,
        )
    )

    # Shares of the whole province's figure, so the one unit left out shows as a gap in the cascade.
    weights = {u.code: member_count_on(u, term.start) for u in units}
    lows = apportion(low, weights, floor=1)
    extras = apportion(high - low, weights, floor=1)
    for unit in units:
        if unit.code == UNASSIGNED:
            continue
        # Always a range, like the province's: the cascade check compares targets of the same form.
        share = {
            "form": TargetForm.RANGE,
            "minimum": lows[unit.code],
            "maximum": lows[unit.code] + extras[unit.code],
        }
        created.append(_create(actor, unit, **yearly, **share, source_document=PLAN_2025))
    return created
