"""Reads behind the report pages: the report's parameters from a request, the people behind a figure."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.formats import get_format

from ptdv.access.roles import Action
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import subtree_q
from ptdv.organizations.selectors import organization_roots
from ptdv.people.models import MembershipEvent, Person
from ptdv.reports.figures import Period
from ptdv.reports.progress import admitted_events
from ptdv.targets.models import Category
from ptdv.targets.selectors import category_from_key, current_term, period_from_key, term_period

OUT_OF_SCOPE = "Không tìm thấy hoặc ngoài phạm vi quản lý."


def default_period(today: dt.date) -> Period:
    """The period a report shows when none is asked for: the current term, else the current year."""
    term = current_term(today)
    return term_period(term) if term else period_from_key(str(today.year))


@dataclass(frozen=True)
class ReportQuery:
    """What a report page shows: organisation, period, as-of date, category, decimals."""

    org: Organization
    period: Period
    as_of: dt.date
    category: Category | None
    decimals: int
    errors: tuple[str, ...] = ()

    def params(self) -> dict[str, str]:
        out = {"org": str(self.org.pk), "period": self.period.key, "as_of": self.as_of.strftime("%d/%m/%Y")}
        if self.category is not None:
            out["category"] = self.category.key
        if self.decimals != 2:
            out["decimals"] = str(self.decimals)
        return out


def parse_date(text: str) -> dt.date | None:
    """A date typed the Vietnamese way (25/03/2024) or in ISO form; None when it is not a date."""
    for fmt in get_format("DATE_INPUT_FORMATS"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def report_query(actor: object, get: QueryDict) -> ReportQuery | None:
    """The report asked for by a query string; an organisation out of scope is a 404.

    Bad values fall back to defaults and are reported in `errors` (never a crash, never a 500).
    None when the actor sees no organisation at all.
    """
    today = timezone.localdate()
    errors: list[str] = []
    visible = Organization.objects.restrict(actor, Action.VIEW)
    org_id = get.get("org", "")
    if org_id:
        org = visible.filter(pk=org_id).first() if org_id.isdigit() else None
        if org is None:
            raise Http404(OUT_OF_SCOPE)
    else:
        org = organization_roots(actor=actor).first()
        if org is None:
            return None
    period = None
    if key := get.get("period", ""):
        try:
            period = period_from_key(key)
        except ValidationError as error:
            errors += error.messages
    if period is None:
        period = default_period(today)
    category = None
    try:
        category = category_from_key(get.get("category") or None)
    except ValidationError as error:
        errors += error.messages
    as_of = today
    if text := get.get("as_of", ""):
        parsed = parse_date(text)
        if parsed is None:
            errors.append(f"Ngày “{text}” không đúng dạng dd/mm/yyyy; dùng ngày hôm nay.")
        else:
            as_of = parsed
    as_of = max(period.start, min(as_of, period.end, today))
    decimals_text = get.get("decimals", "")
    decimals = int(decimals_text) if decimals_text in {"0", "1", "2", "3"} else 2
    return ReportQuery(org, period, as_of, category, decimals, tuple(errors))


def admitted_list(
    *, actor: object, query: ReportQuery, year: int | None = None, unit: Organization | None = None
) -> tuple[QuerySet[MembershipEvent], int]:
    """The admissions behind a figure that the actor may see, and how many more lie outside their scope."""
    events = admitted_events(query.org, query.period, query.as_of, query.category)
    if year is not None:
        events = events.filter(date__year=year)
    if unit is not None:
        events = events.filter(subtree_q("organization__path", unit.path))
    total = events.count()
    visible = events.filter(person__in=Person.objects.restrict(actor, Action.VIEW)).select_related(
        "person", "organization"
    )
    return visible.order_by("date", "person__name_key", "id"), total
