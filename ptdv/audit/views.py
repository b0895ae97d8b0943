"""The audit trail page, for organisation admins (their subtree) and national admins."""

from typing import Any

from django.views.generic import ListView

from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import AdminRequiredMixin


class AuditEventListView(AdminRequiredMixin, ListView):
    template_name = "audit/auditevent_list.html"
    paginate_by = 50
    page_kwarg = "trang"

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
