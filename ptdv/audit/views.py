"""The audit trail and the access log, for organisation admins (their subtree) and national admins."""

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.generic import ListView

from ptdv.audit.display import AuditRow, audit_rows
from ptdv.audit.forms import AccessFilterForm, AuditFilterForm
from ptdv.audit.labels import target_label
from ptdv.audit.models import AccessRecord, AuditEvent
from ptdv.audit.selectors import (
    access_record_filter,
    access_record_list,
    audit_event_filter,
    audit_event_list,
)
from ptdv.common.views import AdminRequiredMixin
from ptdv.spreadsheets.export import CHUNK, Column, export_denied, export_response, wants_export


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
ACCESS_COLUMNS = [
    Column("Thời điểm", lambda r: r.at),
    Column("Người truy cập", lambda r: r.actor.username if r.actor else "Hệ thống"),
    Column("Hành động", lambda r: r.get_kind_display()),
    Column("Loại đối tượng", lambda r: target_label(r.target_type) if r.target_type else ""),
    Column("Đối tượng", lambda r: r.target_repr),
    Column("Tổ chức đảng", lambda r: r.organization.name if r.organization else ""),
    Column("Kênh", lambda r: r.get_channel_display()),
    Column("Chi tiết", lambda r: r.detail_text(), width=40),
    Column("Mã yêu cầu", lambda r: r.request_id, text=True),
]


def rows_in_chunks(events: Iterable[AuditEvent]) -> Iterator[AuditRow]:
    """Readable rows, a chunk at a time: one organisation-name lookup per chunk, never all in memory."""
    events = iter(events)
    while chunk := list(itertools.islice(events, CHUNK)):
        yield from audit_rows(chunk)


class _LogListView(AdminRequiredMixin, ListView):
    """A filtered, paginated, downloadable log: the download holds exactly the filtered rows."""

    paginate_by = 50
    page_kwarg = "trang"
    form_class: type[AuditFilterForm] | type[AccessFilterForm]
    title: str
    # Each log defines its own filtered rows (get_queryset) and how they are written to a file.
    export: Callable[[str], HttpResponseBase]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        params = request.GET.copy()
        for key in ("xuat", "trang"):
            params.pop(key, None)
        self.form = self.form_class(params or None, user=request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        fmt = wants_export(request)
        self.form.filters()
        # A filter typed wrongly would widen the file beyond what was asked: show the page instead.
        if fmt and not self.form.errors:
            if denied := export_denied(request):
                return denied
            return self.export(fmt)
        self.export_refused = bool(fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filters = self.form.filters()
        target = filters.get("doi_tuong", "")
        return {
            **super().get_context_data(**kwargs),
            "form": self.form,
            "export_refused": getattr(self, "export_refused", False),
            "title": self.title,
            "filtered": bool(filters),
            "target_filter": target,
            "target_filter_id": target.partition(":")[2],
            "target_filter_label": target_label(target.partition(":")[0]) if target else "",
        }


class AuditEventListView(_LogListView):
    template_name = "audit/auditevent_list.html"
    form_class = AuditFilterForm
    title = "Nhật ký thay đổi"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        events = audit_event_list(actor=self.request.user).select_related("organization")
        return audit_event_filter(events, self.form.filters())

    def export(self, fmt: str) -> HttpResponseBase:
        return export_response(
            rows=rows_in_chunks(self.get_queryset().iterator(chunk_size=CHUNK)),
            columns=AUDIT_COLUMNS,
            filename=f"Nhật ký {timezone.localdate():%d-%m-%Y}",
            fmt=fmt,
            title="Nhật ký thay đổi",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return {**context, "rows": audit_rows(context["object_list"])}


class AccessRecordListView(_LogListView):
    """Who opened, revealed or downloaded personal data in the admin's subtree."""

    template_name = "audit/accessrecord_list.html"
    form_class = AccessFilterForm
    title = "Nhật ký truy cập hồ sơ"

    def get_queryset(self) -> QuerySet[AccessRecord]:
        records = access_record_list(actor=self.request.user).select_related("organization")
        return access_record_filter(records, self.form.filters())

    def export(self, fmt: str) -> HttpResponseBase:
        return export_response(
            rows=self.get_queryset(),
            columns=ACCESS_COLUMNS,
            filename=f"Nhật ký truy cập hồ sơ {timezone.localdate():%d-%m-%Y}",
            fmt=fmt,
            title="Nhật ký truy cập hồ sơ",
        )
