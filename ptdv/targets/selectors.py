"""Reads: periods by key, the targets that apply to a period, and the cascade check."""

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from ptdv.access.roles import Action
from ptdv.common.formatting import vn_number
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import subtree_q
from ptdv.reports.figures import Period
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.wording import lower_first

MSG_BAD_PERIOD = (
    "Không hiểu kỳ “{key}”. Hãy ghi một nhiệm kỳ (ví dụ 2020-2025), một năm (2024) "
    "hoặc một khoảng năm (2019-2021)."
)
MSG_BAD_CATEGORY = "Không có đối tượng “{key}”."
TOLERANCE = Decimal("0.01")  # part-year shares are not exact decimals
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


def term_period(term: Term) -> Period:
    return Period(
        key=term.code,
        label=f"nhiệm kỳ {term.code.replace('-', '–')}",
        start=term.start,
        end=term.end,
        kind="term",
    )


def period_from_key(key: str) -> Period:
    """A term by its code ("2020-2025"), else a year ("2024") or a span of years ("2019-2021")."""
    key = (key or "").strip()
    if (term := Term.objects.filter(code=key.replace("–", "-")).first()) is not None:
        return term_period(term)
    match = _YEARS.match(key)
    if not match:
        raise ValidationError(MSG_BAD_PERIOD.format(key=key))
    first, last = int(match[1]), int(match[2] or match[1])
    if not 1930 <= first <= last <= 2100:
        raise ValidationError(MSG_BAD_PERIOD.format(key=key))
    if first == last:
        return Period(str(first), f"năm {first}", dt.date(first, 1, 1), dt.date(first, 12, 31), "year")
    return Period(
        f"{first}-{last}", f"giai đoạn {first}–{last}", dt.date(first, 1, 1), dt.date(last, 12, 31), "years"
    )


def term_list() -> QuerySet[Term]:
    return Term.objects.order_by("start")


def current_term(today: dt.date) -> Term | None:
    return Term.objects.filter(start__lte=today, end__gte=today).order_by("-start").first()


def category_list(*, active_only: bool = True) -> QuerySet[Category]:
    categories = Category.objects.all()
    return categories.filter(is_active=True) if active_only else categories


def category_from_key(key: str | None) -> Category | None:
    if not key:
        return None
    category = Category.objects.filter(key=key).first()
    if category is None:
        raise ValidationError(MSG_BAD_CATEGORY.format(key=key))
    return category


def target_list(*, actor: object, organization: Organization | None = None) -> QuerySet[Target]:
    """Targets the actor may see, optionally only those of one organisation's subtree."""
    targets = Target.objects.restrict(actor, Action.VIEW).select_related("organization", "term", "category")
    if organization is not None:
        targets = targets.filter(subtree_q("organization__path", organization.path))
    return targets


def _year_fraction(year: int, start: dt.date, end: dt.date) -> Decimal:
    """The share of calendar year `year` that lies inside [start, end]."""
    first = max(start, dt.date(year, 1, 1))
    last = min(end, dt.date(year, 12, 31))
    if last < first:
        return Decimal(0)
    days_in_year = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    return Decimal((last - first).days + 1) / Decimal(days_in_year)


@dataclass(frozen=True)
class Requirement:
    """What a target asks of one period: bounds, or how to compute them from members at the start of years."""

    target: Target
    # For count targets: the number of admissions (or sources) required; for ratio targets: the %.
    minimum: Decimal
    maximum: Decimal | None
    # For %-of-base targets: {year: fraction of the year counted}; bounds are then per year × members.
    base_years: dict[int, Decimal] | None = None
    # Yearly targets of the same kind over a span of years add up into one requirement.
    years: tuple[int, ...] = ()
    merged: int = 1  # how many targets were added up into this one

    def plus(self, other: "Requirement") -> "Requirement":
        """This requirement and another year's of the same kind, added up."""
        maximum = None
        if self.maximum is not None or other.maximum is not None:
            maximum = (self.maximum or self.minimum) + (other.maximum or other.minimum)
        base = None
        if self.base_years is not None and other.base_years is not None:
            base = {**self.base_years, **other.base_years}
        years = tuple(sorted({*self.years, *other.years}))
        return Requirement(
            self.target, self.minimum + other.minimum, maximum, base, years, self.merged + other.merged
        )

    def rounded(self) -> "Requirement":
        """Whole people: a share of a year's figure is rounded up, once, after adding up."""

        def up(value: Decimal) -> Decimal:
            return Decimal(math.ceil(value - Decimal("0.000001")))

        maximum = up(self.maximum) if self.maximum is not None else None
        return Requirement(self.target, up(self.minimum), maximum, self.base_years, self.years, self.merged)


def _requirement(target: Target, period: Period) -> Requirement | None:
    """How much of `target` falls on `period`; None when the target does not apply to it."""
    minimum, maximum = target.minimum, target.maximum if target.is_range else None
    if target.measure == Measure.MEMBER_POPULATION_RATIO:
        # A ratio target is a level to reach by the end of its own period: it is measured on a report
        # for that term or that year only (a 2030 level says nothing about 2026).
        if target.term is not None and period.kind == "term" and period.key == target.term.code:
            return Requirement(target, minimum, maximum)
        if target.year is not None and period.kind == "year" and target.year == period.start.year:
            return Requirement(target, minimum, maximum)
        return None
    if target.year is not None:
        weights = {target.year: _year_fraction(target.year, period.start, period.end)}
        if weights[target.year] == 0:
            return None
    elif target.per_year and target.term is not None:
        term = target.term
        weights = {
            y: _year_fraction(y, max(term.start, period.start), min(term.end, period.end))
            for y in range(period.start.year, period.end.year + 1)
        }
        weights = {y: w for y, w in weights.items() if w}
        if not weights:
            return None
    else:
        # A whole-term target applies only to a report on that term.
        if period.kind != "term" or target.term is None or period.key != target.term.code:
            return None
        weights = None
    if target.form == TargetForm.PERCENT_OF_BASE:
        return Requirement(target, minimum, maximum, base_years=weights or {})
    if weights is None:
        return Requirement(target, minimum, maximum)
    total = sum(weights.values(), Decimal(0))

    def scale(value: Decimal) -> Decimal:
        return value * total

    return Requirement(target, scale(minimum), scale(maximum) if maximum is not None else None)


def requirements_for(
    org_ids: Iterable[int], period: Period, *, round_up: bool = True
) -> dict[int, list[Requirement]]:
    """The targets of these organisations that apply to `period`, as requirements, per organisation."""
    candidates = (
        Target.objects.filter(organization_id__in=list(org_ids))
        .filter(
            Q(year__gte=period.start.year, year__lte=period.end.year)
            | Q(term__start__lte=period.end, term__end__gte=period.start)
        )
        .select_related("term", "category", "organization")
        .order_by("measure", "category__order", "id")
    )
    found: dict[int, list[Requirement]] = defaultdict(list)
    yearly: dict[tuple, Requirement] = {}
    for target in candidates:
        if (req := _requirement(target, period)) is None:
            continue
        # Yearly targets, and "every year" term targets (2025 takes half of each term's), add up.
        adds_up = target.year is not None or target.per_year
        if not adds_up or target.measure == Measure.MEMBER_POPULATION_RATIO or req.base_years:
            found[target.organization_id].append(req)
            continue
        key = (target.organization_id, *_key(target))
        years = (
            (target.year,)
            if target.year is not None
            else tuple(range(period.start.year, period.end.year + 1))
        )
        req = Requirement(req.target, req.minimum, req.maximum, req.base_years, years)
        yearly[key] = yearly[key].plus(req) if key in yearly else req
    for (org_id, *_), req in yearly.items():
        found[org_id].append(req)
    if round_up:
        for reqs in found.values():
            reqs[:] = [
                r.rounded()
                if r.base_years is None and r.target.measure != Measure.MEMBER_POPULATION_RATIO
                else r
                for r in reqs
            ]
    return found


def _key(target: Target) -> tuple:
    """Targets that measure the same thing (an exact figure and a range compare with each other)."""
    return (target.measure, target.category_id, target.nominated_by)


def cascade_warnings(org: Organization, period: Period) -> list[str]:
    """Where the children's targets do not add up to the organisation's own (count targets only)."""
    # Today's children, plus any closed since the period began that carried a share of it (a cell
    # dissolved after a past term still counts towards that term's cascade).
    children = list(
        org.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start)).only(
            "id", "name", "parent_id", "valid_to"
        )
    )
    # Unrounded, so that children's part-year shares add up like the parent's.
    reqs = requirements_for([org.pk, *(c.pk for c in children)], period, round_up=False)
    children = [c for c in children if c.valid_to is None or reqs.get(c.pk)]
    warnings: list[str] = []
    for own in reqs.get(org.pk, []):
        if own.base_years is not None or own.target.measure == Measure.MEMBER_POPULATION_RATIO:
            continue
        matching = [
            (child, req)
            for child in children
            for req in reqs.get(child.pk, [])
            if _key(req.target) == _key(own.target) and req.base_years is None
        ]
        if not matching:
            continue
        total_min = sum((req.minimum for _, req in matching), Decimal(0))
        what = (
            lower_first(own.target.category.name) if own.target.category is not None else "tất cả đối tượng"
        )
        missing = len(children) - len({child.pk for child, _ in matching})
        if abs(total_min - own.minimum) > TOLERANCE:
            warnings.append(
                f"Tổng chỉ tiêu giao cho các tổ chức trực thuộc ({vn_number(total_min)}) "
                f"{'thấp hơn' if total_min < own.minimum else 'cao hơn'} chỉ tiêu của {org.name} "
                f"({vn_number(own.minimum)}), {Measure(own.target.measure).label.lower()}, {what}."
            )
        if own.maximum is not None:
            total_max = sum((req.maximum or req.minimum for _, req in matching), Decimal(0))
            if abs(total_max - own.maximum) > TOLERANCE:
                warnings.append(
                    f"Tổng mức tối đa giao cho các tổ chức trực thuộc ({vn_number(total_max)}) khác mức tối đa "
                    f"của {org.name} ({vn_number(own.maximum)}), {what}."
                )
        if missing:
            warnings.append(
                f"{missing}/{len(children)} tổ chức trực thuộc chưa được giao chỉ tiêu này ({what})."
            )
    return warnings
