"""Target pages: the list with the cascade check, the target forms, the categories and the terms."""

import dataclasses
import itertools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views import View

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.models import NominatedBy
from ptdv.admissions.services.configuration import is_national_admin
from ptdv.audit.display import AuditRow, Change, audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import ServiceFormView, paginate
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import ancestor_paths, subtree_q
from ptdv.organizations.selectors import organization_roots, organizations_to_choose
from ptdv.reports.figures import Period
from ptdv.spreadsheets.export import Column, export_denied, export_response, wants_export
from ptdv.targets import forms, selectors, services
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.wording import target_title, target_wording

MSG_NO_APPROVE = (
    "Bạn không có quyền giao chỉ tiêu cho tổ chức nào: việc này cần quyền ghi nghị quyết, quyết định "
    "(vai trò Người phê duyệt hoặc Quản trị tổ chức)."
)
MSG_OUT_OF_SCOPE = "Không tìm thấy hoặc ngoài phạm vi quản lý."
TRAIL_LABELS = {
    "target.created": "Giao chỉ tiêu",
    "target.updated": "Sửa chỉ tiêu",
    "target.deleted": "Xóa chỉ tiêu",
}
TARGETS_PER_PAGE = 100


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 that says why, in Vietnamese, with a way back."""
    return render(request, "targets/forbidden.html", {"message": message}, status=403)


def _guarded(service: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a service; a refusal of rights is shown on the form like any other error."""
    try:
        return service(**kwargs)
    except PermissionDenied as exc:
        raise ValidationError(str(exc) or MSG_NO_APPROVE) from exc


def _applies_to(period: Period) -> Q:
    """Targets set for a year inside the period or for a term overlapping it."""
    return Q(year__gte=period.start.year, year__lte=period.end.year) | Q(
        term__start__lte=period.end, term__end__gte=period.start
    )


class TargetListView(View):
    """Targets of one organisation's subtree, grouped by organisation, with the cascade check above."""

    template_name = "targets/target_list.html"

    def _organization(self, request: HttpRequest) -> Organization | None:
        raw = request.GET.get("org", "").strip()
        if not raw:
            return organization_roots(actor=request.user).first()
        org = (
            Organization.objects.restrict(request.user, Action.VIEW).filter(pk=raw).first()
            if raw.isdigit()
            else None
        )
        if org is None:
            raise Http404(MSG_OUT_OF_SCOPE)
        return org

    def _org_choices(self, org: Organization | None) -> QuerySet[Organization]:
        """The chosen organisation, its ancestors, its children, and the user's own top organisations."""
        choices = organizations_to_choose(actor=self.request.user, action=Action.VIEW)
        if org is None:
            return choices.none()
        roots = organization_roots(actor=self.request.user).values("pk")
        near = (subtree_q("path", org.path) & Q(depth__lte=org.depth + 1)) | Q(
            path__in=ancestor_paths(org.path)
        )
        return choices.filter(near | Q(pk__in=roots))

    def _period_choices(self, targets: QuerySet[Target], period: Period | None) -> list[tuple[str, str]]:
        today = timezone.localdate()
        years = {y for y in targets.exclude(year=None).values_list("year", flat=True) if y} | {today.year}
        choices = [(t.code, t.name) for t in selectors.term_list()]
        choices += [(str(y), f"Năm {y}") for y in sorted(years, reverse=True)]
        if period is not None and period.key not in dict(choices):
            choices.append((period.key, period.label[:1].upper() + period.label[1:]))
        return choices

    def get(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        org = self._organization(request)
        period, period_error = None, ""
        if key := request.GET.get("period", "").strip():
            try:
                period = selectors.period_from_key(key)
            except ValidationError as error:
                period_error = error.messages[0]
        everything = selectors.target_list(actor=user, organization=org) if org else Target.objects.none()
        targets = everything.filter(_applies_to(period)) if period else everything
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            name = " ".join(["Chỉ tiêu", *([org.name] if org else []), *([period.key] if period else [])])
            return export_response(
                rows=targets, columns=TARGET_COLUMNS, filename=name, fmt=fmt, title="Chỉ tiêu"
            )
        page = paginate(request, targets, TARGETS_PER_PAGE)
        rows = [
            {
                "target": t,
                "title": target_title(t),
                "wording": target_wording(t),
                "can_approve": can(user, Action.APPROVE, t.organization),
            }
            for t in page.object_list
        ]
        groups = [
            {"org": o, "rows": list(items)}
            for o, items in itertools.groupby(rows, key=lambda row: row["target"].organization)
        ]
        checked = period
        if checked is None and (term := selectors.current_term(timezone.localdate())) is not None:
            checked = selectors.term_period(term)
        filter_form = forms.TargetFilterForm(
            initial={"org": org.pk if org else None, "period": period.key if period else ""},
            organizations=self._org_choices(org),
            periods=self._period_choices(everything, period),
        )
        context = {
            "org": org,
            "period": period,
            "period_error": period_error,
            "checked_period": checked,
            "warnings": selectors.cascade_warnings(org, checked) if org and checked else [],
            "groups": groups,
            "page": page,
            "filter_form": filter_form,
            "can_create": organizations_to_choose(actor=user, action=Action.APPROVE).exists(),
            "can_create_here": bool(org) and can(user, Action.APPROVE, org),
        }
        return render(request, self.template_name, context)


def _target_label(name: str) -> str:
    return str(getattr(Target._meta.get_field(name), "verbose_name", name))


TARGET_COLUMNS = [
    Column(_target_label("organization"), lambda t: t.organization.name),
    Column("Kỳ", lambda t: capfirst(t.period_label)),
    Column(_target_label("measure"), target_title),
    Column(_target_label("category"), lambda t: t.category.name if t.category else "Tất cả đối tượng"),
    Column(_target_label("form"), lambda t: t.get_form_display()),
    Column(_target_label("minimum"), lambda t: t.minimum),
    Column(_target_label("maximum"), lambda t: t.maximum if t.is_range else None),
    Column("Chỉ tiêu", lambda t: capfirst(target_wording(t))),
    Column(_target_label("source_document"), lambda t: t.source_document),
    Column(_target_label("note"), lambda t: t.note),
]


def _readable_trail(rows: list[AuditRow]) -> list[AuditRow]:
    """Audit rows of a target with codes, terms, categories, bodies and amounts in words."""

    def label(name: str) -> str:
        return str(getattr(Target._meta.get_field(name), "verbose_name", name))

    terms = {str(pk): code.replace("-", "–") for pk, code in Term.objects.values_list("pk", "code")}
    categories = {str(pk): name for pk, name in Category.objects.values_list("pk", "name")}
    readers: dict[str, Callable[[str], str | None]] = {
        label("term"): terms.get,
        label("category"): categories.get,
        label("nominated_by"): dict(NominatedBy.choices).get,
        label("minimum"): forms.amount_from_text,
        label("maximum"): forms.amount_from_text,
    }

    def read(name: str, value: str | None) -> str | None:
        if value is None or value == "—" or name not in readers:
            return value
        return readers[name](value) or value

    readable = []
    for row in rows:
        changes = [Change(c.label, read(c.label, c.old), read(c.label, c.new) or "") for c in row.changes]
        # 1020.00 and 1020 are the same figure: the service stores one, the database returns the other.
        changes = [c for c in changes if c.old != c.new]
        label_ = TRAIL_LABELS.get(row.event.code, row.label)
        readable.append(dataclasses.replace(row, label=label_, changes=changes))
    return readable


class FormPageView(ServiceFormView):
    """A ServiceFormView whose fields in error are outlined in red and announced as invalid."""

    def render_form(self, form: Any) -> HttpResponse:
        for name in form.errors:
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
        return super().render_form(form)


class TargetCreateView(FormPageView):
    """Give an organisation the user may approve for a target, from a resolution or a plan."""

    model = Target
    action = Action.APPROVE
    form_class = forms.TargetEditForm
    template_name = "targets/target_form.html"
    success_message = "Đã ghi chỉ tiêu."

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not organizations_to_choose(actor=request.user, action=Action.APPROVE).exists():
            return forbidden(request, MSG_NO_APPROVE)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def initial(self) -> dict[str, Any]:
        org = self.request.GET.get("org", "")
        return {
            "organization": org if org.isdigit() else None,
            "measure": Measure.ADMISSIONS,
            "form": TargetForm.EXACT,
        }

    def extra_context(self) -> dict[str, Any]:
        org = self.request.GET.get("org", "")
        back = reverse("targets:target_list") + (f"?org={org}" if org.isdigit() else "")
        return {"title": "Giao chỉ tiêu", "back_url": back}

    def perform(self, form: forms.TargetEditForm) -> Target:
        return _guarded(services.target_create, actor=self.request.user, **form.cleaned_data)


class TargetUpdateView(FormPageView):
    """Change a target (a revised resolution); the page shows what it was before."""

    model = Target
    action = Action.APPROVE
    form_class = forms.TargetEditForm
    template_name = "targets/target_form.html"
    success_message = "Đã sửa chỉ tiêu; nhật ký giữ lại mức cũ."

    def get_queryset(self) -> QuerySet[Target]:
        return super().get_queryset().select_related("organization", "term", "category")

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "instance": self.object}

    def initial(self) -> dict[str, Any]:
        return forms.TargetEditForm.initial_from(self.object)

    def extra_context(self) -> dict[str, Any]:
        target: Target = self.object
        rows = audit_rows(audit_event_list(actor=self.request.user, target=target)[:30])
        return {
            "title": f"Sửa chỉ tiêu của {target.organization.name}",
            "back_url": target.get_absolute_url(),
            "wording": target_wording(target),
            "audit_rows": _readable_trail(rows),
        }

    def perform(self, form: forms.TargetEditForm) -> Target:
        return _guarded(
            services.target_update, actor=self.request.user, target=self.object, **form.cleaned_data
        )


class TargetDeleteView(FormPageView):
    """Withdraw a target entered by mistake, with a reason; only a POST deletes."""

    model = Target
    action = Action.APPROVE
    form_class = forms.TargetDeleteForm
    template_name = "targets/target_delete.html"
    success_message = "Đã xóa chỉ tiêu; nhật ký giữ lại nội dung và lý do."

    def get_queryset(self) -> QuerySet[Target]:
        return super().get_queryset().select_related("organization", "term", "category")

    def extra_context(self) -> dict[str, Any]:
        target: Target = self.object
        return {
            "title": "Xóa chỉ tiêu",
            "danger": True,
            "back_url": target.get_absolute_url(),
            "wording": target_wording(target),
        }

    def perform(self, form: forms.TargetDeleteForm) -> None:
        _guarded(services.target_delete, actor=self.request.user, target=self.object, **form.cleaned_data)


class CategoryListView(View):
    """The categories every target and statistic can be broken down by, with their conditions."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = [
            {"category": c, "conditions": forms.conditions_in_words(c)}
            for c in selectors.category_list(active_only=False)
        ]
        national = is_national_admin(request.user)
        return render(request, "targets/category_list.html", {"rows": rows, "national": national})


class NationalAdminMixin:
    """Pages that change national lists: anyone else gets a 403 that says why."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not is_national_admin(request.user):
            return forbidden(request, services.MSG_NATIONAL_ONLY)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class CategoryCreateView(NationalAdminMixin, FormPageView):
    """Add a category (đối tượng) every organisation's targets and statistics can use."""

    model = Category
    form_class = forms.CategoryForm
    template_name = "targets/category_form.html"
    success_message = "Đã lưu đối tượng."

    def get_queryset(self) -> QuerySet[Category]:
        return Category.objects.all()

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Thêm đối tượng"}

    def success_url(self, result: Any) -> str:
        return reverse("targets:category_list")

    def perform(self, form: forms.CategoryForm) -> Category:
        return services.category_save(actor=self.request.user, **form.cleaned_data)


class CategoryUpdateView(CategoryCreateView):
    """Change a category's name, order, conditions or whether it is in use (its key stays)."""

    def form_kwargs(self) -> dict[str, Any]:
        return {"editing": True}

    def initial(self) -> dict[str, Any]:
        return {name: getattr(self.object, name) for name in forms.CategoryForm.base_fields}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Sửa đối tượng: {self.object.name}"}

    def perform(self, form: forms.CategoryForm) -> Category:
        data = {k: v for k, v in form.cleaned_data.items() if k != "key"}
        return services.category_save(actor=self.request.user, category=self.object, **data)


class TermListView(View):
    """The terms, with the dates that decide which admissions count toward each."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        context = {
            "terms": selectors.term_list(),
            "current": selectors.current_term(today),
            "national": is_national_admin(request.user),
        }
        return render(request, "targets/term_list.html", context)


class TermCreateView(NationalAdminMixin, FormPageView):
    """Add a term of office and the dates its admissions are counted between."""

    model = Term
    form_class = forms.TermForm
    template_name = "targets/term_form.html"
    success_message = "Đã lưu nhiệm kỳ."

    def get_queryset(self) -> QuerySet[Term]:
        return Term.objects.all()

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Thêm nhiệm kỳ"}

    def success_url(self, result: Any) -> str:
        return reverse("targets:term_list")

    def perform(self, form: forms.TermForm) -> Term:
        return services.term_save(actor=self.request.user, **form.cleaned_data)


class TermUpdateView(TermCreateView):
    """Change a term's name or the dates its figures are counted between."""

    def initial(self) -> dict[str, Any]:
        return {name: getattr(self.object, name) for name in forms.TermForm.base_fields}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Sửa {self.object.name}"}

    def perform(self, form: forms.TermForm) -> Term:
        return services.term_save(actor=self.request.user, term=self.object, **form.cleaned_data)
