"""The audit trail page, for organisation admins (their subtree) and national admins."""

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.generic import ListView

from ptdv.audit.display import AuditRow, audit_rows
from ptdv.audit.models import AuditEvent
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import AdminRequiredMixin
from ptdv.spreadsheets.export import CHUNK, Column, export_response, wants_export


def _changes(row: AuditRow) -> str:
    return "\n".join(
        f"{c.label}: {c.old} → {c.new}" if c.old is not None else f"{c.label}: {c.new}" for c in row.changes
    )


AUDIT_COLUMNS = [
    Column("Thời điểm", lambda r: r.event.at),
    Column("Người thực hiện", lambda r: r.event.actor.username if r.event.actor else "Hệ thống"),
    Column("Sự kiện", lambda r: r.label),
    Column("Mã sự kiện", lambda r: r.event.code, text=True),
    Column("Đối tượng", lambda r: r.event.target_repr),
    Column("Tổ chức đảng", lambda r: r.event.organization.name if r.event.organization else ""),
    Column("Thay đổi", _changes, width=60),
    Column("Lý do", lambda r: r.event.reason),
    Column("Mã yêu cầu", lambda r: r.event.request_id, text=True),
]


def rows_in_chunks(events: Iterable[AuditEvent]) -> Iterator[AuditRow]:
    """Readable rows, a chunk at a time: one organisation-name lookup per chunk, never all in memory."""
    events = iter(events)
    while chunk := list(itertools.islice(events, CHUNK)):
        yield from audit_rows(chunk)


class AuditEventListView(AdminRequiredMixin, ListView):
    template_name = "audit/auditevent_list.html"
    paginate_by = 50
    page_kwarg = "trang"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if fmt := wants_export(request):
            events = self.get_queryset().iterator(chunk_size=CHUNK)
            return export_response(
                rows=rows_in_chunks(events),
                columns=AUDIT_COLUMNS,
                filename=f"Nhật ký {timezone.localdate():%d-%m-%Y}",
                fmt=fmt,
                title="Nhật ký thay đổi",
            )
        return super().get(request, *args, **kwargs)

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
