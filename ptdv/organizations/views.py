"""Pages of the organisation tree. Every lookup starts from .restrict(); writes go through services."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import ScopedObjectMixin, ServiceFormView, paginate
from ptdv.organizations import forms, picker, selectors, services
from ptdv.organizations.models import Organization, OrgChange, OrgChangeKind, OrgKind
from ptdv.organizations.paths import ancestor_paths
from ptdv.people.selectors import member_count_on, organization_totals, subtree_counts

MERGERS = Prefetch(
    "changes_as_successor",
    queryset=OrgChange.objects.filter(kind__in=[OrgChangeKind.MERGER, OrgChangeKind.SPLIT]).prefetch_related(
        "predecessors"
    ),
    to_attr="formed_by",
)
ENDINGS = Prefetch(
    "changes_as_predecessor",
    queryset=OrgChange.objects.filter(
        kind__in=[OrgChangeKind.MERGER, OrgChangeKind.SPLIT, OrgChangeKind.DISSOLUTION]
    ).prefetch_related("successors"),
    to_attr="ended_by",
)


class HomeView(TemplateView):
    """The first page after login: the user's organisations with their figures."""

    template_name = "organizations/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        roots = list(selectors.organization_roots(actor=self.request.user))
        cards = [{"org": org, "totals": organization_totals(org)} for org in roots]
        return {**super().get_context_data(**kwargs), "cards": cards}


class OrganizationTreeView(TemplateView):
    """The tree browser: the user's top organisations, children loaded on demand."""

    template_name = "organizations/organization_tree.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        q = self.request.GET.get("q", "").strip()
        context: dict[str, Any] = {**super().get_context_data(**kwargs), "q": q}
        if q:
            include_dissolved = self.request.GET.get("giai_the") == "1"
            found = selectors.organization_list(actor=user, q=q, include_dissolved=include_dissolved)
            context["page"] = paginate(self.request, found.select_related("parent"))
            context["include_dissolved"] = include_dissolved
            return context
        roots = list(selectors.organization_roots(actor=user).prefetch_related(MERGERS))
        context["nodes"] = [
            {"org": org, "counts": organization_totals(org), "has_children": True} for org in roots
        ]
        return context


class OrganizationChildrenView(ScopedObjectMixin, DetailView):
    """The children of one node with their subtree counts (an htmx fragment of the tree)."""

    model = Organization
    template_name = "organizations/organization_tree.html#children"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        include_dissolved = self.request.GET.get("giai_the") == "1"
        children = list(
            selectors.organization_children(
                org=self.object, include_dissolved=include_dissolved
            ).prefetch_related(MERGERS, ENDINGS)
        )
        counts = subtree_counts(self.object, children)
        leaf_kinds = {OrgKind.CELL}
        nodes = [
            {"org": c, "counts": counts[c.pk], "has_children": c.kind not in leaf_kinds} for c in children
        ]
        return {**super().get_context_data(**kwargs), "nodes": nodes, "include_dissolved": include_dissolved}


class OrganizationDetailView(ScopedObjectMixin, DetailView):
    """One organisation: figures, children, population, history, and (for admins) its audit trail."""

    model = Organization
    template_name = "organizations/organization_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        org: Organization = self.object
        user = self.request.user
        children = list(selectors.organization_children(org=org).prefetch_related(MERGERS))
        counts = subtree_counts(org, children)
        totals = organization_totals(org)
        populations = list(org.populations.order_by("-year")[:6])
        # An organisation that has ended is shown as it stood on its last day.
        last_day_members = member_count_on(org, org.valid_to) if org.valid_to else None
        members = totals["members"] if last_day_members is None else last_day_members
        ratio = None
        if populations and populations[0].population:
            ratio = members * 100 / populations[0].population
        ancestors = Organization.objects.filter(path__in=ancestor_paths(org.path)).order_by("depth")
        visible_ancestors = [a for a in ancestors if can(user, Action.VIEW, a)]
        is_admin = can(user, Action.ADMIN, org)
        return {
            **super().get_context_data(**kwargs),
            "children": [{"org": c, "counts": counts[c.pk]} for c in children],
            "totals": totals,
            "populations": populations,
            "member_population_ratio": ratio,
            "last_day_members": last_day_members,
            "ancestors": visible_ancestors,
            "history": selectors.organization_history(org),
            "predecessors": selectors.organization_predecessors(org),
            "can_admin": is_admin,
            "can_change": can(user, Action.CHANGE, org),
            "audit_rows": audit_rows(audit_event_list(actor=user, target=org)[:20]) if is_admin else [],
        }


class OrganizationCreateView(ServiceFormView):
    """Add an organisation under the current one."""

    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationCreateForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã thêm tổ chức."

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Thêm tổ chức trực thuộc {self.object.name}"}

    def perform(self, form: forms.OrganizationCreateForm) -> Organization:
        return services.organization_create(actor=self.request.user, parent=self.object, **form.cleaned_data)


class OrganizationUpdateView(ServiceFormView):
    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationUpdateForm
    template_name = "organizations/organization_form.html"

    def initial(self) -> dict[str, Any]:
        return {"sector": self.object.sector, "is_authorised_to_admit": self.object.is_authorised_to_admit}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Sửa thông tin {self.object.name}"}

    def perform(self, form: forms.OrganizationUpdateForm) -> Organization:
        return services.organization_update(actor=self.request.user, org=self.object, **form.cleaned_data)


class OrganizationRenameView(ServiceFormView):
    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationRenameForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã đổi tên; tên cũ được giữ trong lịch sử."

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Đổi tên {self.object.name}"}

    def perform(self, form: forms.OrganizationRenameForm) -> Organization:
        return services.organization_rename(actor=self.request.user, org=self.object, **form.cleaned_data)


class OrganizationMoveView(ServiceFormView):
    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationMoveForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã chuyển trực thuộc."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Chuyển trực thuộc: {self.object.name}"}

    def perform(self, form: forms.OrganizationMoveForm) -> Organization:
        return services.organization_move(actor=self.request.user, org=self.object, **form.cleaned_data)


class OrganizationDissolveView(ServiceFormView):
    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationDissolveForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã ghi nhận giải thể."

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Giải thể {self.object.name}", "danger": True}

    def perform(self, form: forms.OrganizationDissolveForm) -> Organization:
        return services.organization_dissolve(actor=self.request.user, org=self.object, **form.cleaned_data)


class OrganizationMergeView(ServiceFormView):
    """Merge several organisations the user administers into a new one."""

    model = Organization
    action = Action.ADMIN
    form_class = forms.OrganizationMergeForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã sáp nhập; các tổ chức cũ được giữ trong lịch sử."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Sáp nhập, hợp nhất tổ chức"}

    def perform(self, form: forms.OrganizationMergeForm) -> Organization:
        data = dict(form.cleaned_data)
        return services.organizations_merge(
            actor=self.request.user, predecessors=list(data.pop("predecessors")), **data
        )


class PopulationSetView(ServiceFormView):
    model = Organization
    action = Action.CHANGE
    form_class = forms.PopulationForm
    template_name = "organizations/organization_form.html"
    success_message = "Đã cập nhật dân số."

    def initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Dân số trên địa bàn {self.object.name}"}

    def perform(self, form: forms.PopulationForm) -> Any:
        return services.population_set(actor=self.request.user, org=self.object, **form.cleaned_data)


@login_required
@require_GET
def organization_pick(request: HttpRequest) -> JsonResponse:
    """The organisation picker's results: what the named purpose lets this user choose, matching `q`.

    The purpose is looked up here, never described by the browser: an unknown one is 404. Asking
    without a purpose asks for nothing and gets an empty list (as every page, it answers a bare GET).
    """
    name = request.GET.get("muc", "")
    if not name:
        return JsonResponse({"results": [], "more": False})
    if name not in picker.PURPOSES:
        raise Http404("Không có danh sách tổ chức này.")
    found, more = picker.organization_pick_list(actor=request.user, purpose=name, q=request.GET.get("q", ""))
    return JsonResponse({"results": [picker.pick_row(org) for org in found], "more": more})


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without a session."""
    return HttpResponse(f"ok {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", content_type="text/plain")
