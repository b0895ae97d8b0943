"""The audit trail page, for organisation admins (their subtree) and national admins."""

from typing import Any

from django.http import Http404
from django.views.generic import ListView

from ptdv.access.roles import Action
from ptdv.access.scoping import scope_paths
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list


class AuditEventListView(ListView):
    template_name = "audit/auditevent_list.html"
    paginate_by = 50
    page_kwarg = "trang"

    def dispatch(self, request, *args, **kwargs):
        if scope_paths(request.user, Action.ADMIN) == []:
            raise Http404("Chỉ quản trị viên xem được nhật ký.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        events = audit_event_list(actor=self.request.user).select_related("organization")
        if code := self.request.GET.get("ma", "").strip():
            events = events.filter(code__startswith=code)
        if who := self.request.GET.get("nguoi", "").strip():
            events = events.filter(actor__username=who)
        return events

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "rows": audit_rows(context["object_list"]),
            "ma": self.request.GET.get("ma", ""),
            "nguoi": self.request.GET.get("nguoi", ""),
        }
