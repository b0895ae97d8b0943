"""Report pages: the progress dashboard, the people behind a figure, the .docx/.pdf/.xlsx downloads."""

from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from ptdv.access.roles import Action
from ptdv.common.views import paginate
from ptdv.organizations.models import Organization
from ptdv.organizations.selectors import organizations_around
from ptdv.reports.charts import charts_for, render_svg
from ptdv.reports.figures import STATUS_LABELS, Progress, UnitFigures, YearFigures
from ptdv.reports.narrative import report_blocks
from ptdv.reports.progress import _status, progress_for
from ptdv.reports.render_docx import render_docx
from ptdv.reports.render_pdf import render_pdf
from ptdv.reports.selectors import OUT_OF_SCOPE, ReportQuery, admitted_list, report_query
from ptdv.reports.stat_form import render_stat_form_xlsx
from ptdv.reports.stats import new_member_stats
from ptdv.spreadsheets.export import (
    Column,
    ExportLog,
    Table,
    export_denied,
    export_response,
    export_tables_response,
    wants_export,
)
from ptdv.targets.selectors import category_list, term_list

STATUS_STYLE = {
    "not_met": "danger",
    "at_risk": "warning",
    "on_track": "info",
    "met": "success",
    "over": "success",
}


def _progress(query: ReportQuery) -> Progress:
    return progress_for(
        org=query.org,
        period=query.period,
        as_of=query.as_of,
        category=query.category,
        decimals=query.decimals,
    )


def _no_scope(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dashboard.html", {"no_scope": True}, status=200)


def _rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    return None if value is None else round(value, decimals)


def unit_status(unit: UnitFigures, p: Progress) -> str:
    """A unit's standing against its own target, by the rule the report's own targets use."""
    if unit.target_min is None:
        return "Chưa giao chỉ tiêu"
    over = p.as_of >= p.period.end
    return STATUS_LABELS[_status(Decimal(unit.admitted), None, None, unit.target_min, unit.target_max, over)]


def dashboard_tables(p: Progress) -> list[Table]:
    """The dashboard's tables: the units (with status), then admissions per year."""
    units = [
        Column("Tổ chức đảng", lambda u: u.org.name),
        Column("Loại tổ chức", lambda u: u.org.kind_label),
        Column("Kết nạp", lambda u: u.admitted),
        Column("Chỉ tiêu (tối thiểu)", lambda u: u.target_min),
        Column("Chỉ tiêu tối đa", lambda u: u.target_max),
        Column("Tỷ lệ đạt (%)", lambda u: _rounded(u.attainment, p.decimals)),
        Column("Tình trạng", lambda u: unit_status(u, p)),
    ]
    years = [
        Column("Năm", lambda y: y.year),
        Column("Kết nạp", lambda y: y.admitted),
        Column("Đảng viên đầu năm", lambda y: y.members_at_start),
        Column("Tỷ lệ so với đảng viên đầu năm (%)", lambda y: _rounded(y.rate, 2)),
        Column("Chưa hết năm", lambda y: y.partial),
    ]
    unit_rows: list[UnitFigures] = p.units
    year_rows: list[YearFigures] = p.years
    return [Table("Tổ chức trực thuộc", unit_rows, units), Table("Kết nạp theo năm", year_rows, years)]


class DashboardView(View):
    """Progress against targets for an organisation in the user's scope, with charts and links."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        query = report_query(request.user, request.GET)
        if query is None:
            return _no_scope(request)
        progress = _progress(query)
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            return export_tables_response(
                tables=dashboard_tables(progress),
                filename=f"Tiến độ {query.org.name} {query.period.key}",
                fmt=fmt,
            )
        base = query.params()

        def href(filters: dict[str, str]) -> str | None:
            if "stage" in filters:
                params = {"org": str(query.org.pk), "giai_doan": filters["stage"]}
                return reverse("admissions:pipeline_board") + "?" + urlencode(params)
            return reverse("reports:admitted_list") + "?" + urlencode({**base, **filters})

        years = sorted({y for t in term_list() for y in range(t.start.year, t.end.year + 1)}, reverse=True)
        context = {
            "q": query,
            "p": progress,
            "charts": [{"spec": spec, "svg": render_svg(spec, href)} for spec in charts_for(progress)],
            "list_url": reverse("reports:admitted_list") + "?" + urlencode(base),
            "query_string": urlencode(base),
            "org_choices": organizations_around(actor=request.user, org=query.org),
            "terms": term_list(),
            "years": years,
            "categories": category_list(),
            "board_url": reverse("admissions:pipeline_board") + "?" + urlencode({"org": query.org.pk}),
        }
        return render(request, "reports/dashboard.html", context)


ADMITTED_COLUMNS = [
    Column("Họ và tên", lambda e: e.person.full_name),
    Column("Giới tính", lambda e: e.person.get_gender_display()),
    Column("Ngày sinh", lambda e: e.person.date_of_birth),
    Column("Dân tộc", lambda e: e.person.ethnicity),
    Column("Ngày quyết định kết nạp", lambda e: e.date),
    Column("Chi bộ kết nạp", lambda e: e.organization.name),
    Column("Văn bản (số, ngày)", lambda e: e.document, text=True),
    Column("Tình trạng hiện nay", lambda e: e.person.get_status_display()),
    Column("Tổ chức đảng quản lý hiện nay", lambda e: e.person.organization.name),
]


class AdmittedListView(View):
    """The people behind an admissions figure (by year, unit or category), within the user's scope."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        query = report_query(request.user, request.GET)
        if query is None:
            return _no_scope(request)
        year_text = request.GET.get("year", "")
        year = int(year_text) if year_text.isdigit() else None
        unit = None
        if unit_id := request.GET.get("unit", ""):
            unit = (
                Organization.objects.restrict(request.user, Action.VIEW)
                .filter(pk=unit_id if unit_id.isdigit() else 0)
                .first()
            )
            if unit is None:
                raise Http404(OUT_OF_SCOPE)
        events, total = admitted_list(actor=request.user, query=query, year=year, unit=unit)
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            where = unit.name if unit else query.org.name
            return export_response(
                rows=events.select_related("person__organization"),
                columns=ADMITTED_COLUMNS,
                filename=f"Đã kết nạp {where} {year or query.period.key}",
                fmt=fmt,
                title="Đảng viên đã kết nạp",
                log=ExportLog(
                    actor=request.user, organization=unit or query.org, target_type="people.membershipevent"
                ),
            )
        page = paginate(request, events)
        context = {
            "q": query,
            "year": year,
            "unit": unit,
            "page": page,
            "total": total,
            "hidden": total - page.paginator.count,
            "dashboard_url": reverse("reports:dashboard") + "?" + urlencode(query.params()),
        }
        return render(request, "reports/admitted_list.html", context)


def _filename(query: ReportQuery, ext: str) -> str:
    return f"bao-cao-{slugify(query.org.code)}-{query.period.key}.{ext}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReportDownloadView(View):
    """The narrative report (báo cáo) as .docx or .pdf, with the same charts as the dashboard."""

    fmt = "docx"

    def get(self, request: HttpRequest) -> HttpResponse:
        query = report_query(request.user, request.GET)
        if query is None:
            return _no_scope(request)
        progress = _progress(query)
        stats = new_member_stats(
            org=query.org, period=query.period, as_of=query.as_of, category=query.category
        )
        blocks = report_blocks(progress, stats=stats)
        if self.fmt == "pdf":
            return _download(render_pdf(blocks), "application/pdf", _filename(query, "pdf"))
        docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return _download(render_docx(blocks), docx_type, _filename(query, "docx"))


class StatFormDownloadView(View):
    """The new-member statistical table (2-BTCTW layout) as .xlsx."""

    def get(self, request: HttpRequest) -> HttpResponse:
        query = report_query(request.user, request.GET)
        if query is None:
            return _no_scope(request)
        stats = new_member_stats(
            org=query.org, period=query.period, as_of=query.as_of, category=query.category
        )
        xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(
            render_stat_form_xlsx(stats),
            xlsx_type,
            f"2-BTCTW-{slugify(query.org.code)}-{query.period.key}.xlsx",
        )
