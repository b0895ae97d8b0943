"""Who may download what: one table of pages, one rule per kind of file, a log of personal downloads."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ptdv.access.roles import Action
from ptdv.access.scoping import can, scope_paths
from ptdv.audit.models import AccessKind
from ptdv.audit.services import access_record_create
from ptdv.organizations.models import Organization

PERSONAL = "personal"  # lists of people: names, dates of birth, national IDs…
AGGREGATE = "aggregate"  # figures: dashboard, targets, progress
ADMIN = "admin"  # the audit trail, the access log, accounts
KIND_ACTION = {PERSONAL: Action.CHANGE, AGGREGATE: Action.VIEW, ADMIN: Action.ADMIN}
# Every page that offers `?xuat=`, and what its download holds. A page missing here counts as personal.
PAGE_KINDS = {
    "people:person_list": PERSONAL,
    "admissions:pipeline_board": PERSONAL,
    "reports:admitted_list": PERSONAL,
    # Imported files: personal for people and admission histories (the view passes the job's own kind).
    "spreadsheets:importjob_rejected": PERSONAL,
    "spreadsheets:importjob_original": PERSONAL,
    # Courses: name, organiser, dates and counts only; the students are not in the file.
    "admissions:course_list": AGGREGATE,
    "reports:dashboard": AGGREGATE,
    "targets:target_list": AGGREGATE,
    "audit:auditevent_list": ADMIN,
    "audit:accessrecord_list": ADMIN,
    "access:user_list": ADMIN,
}
DENIED = {
    PERSONAL: "Chỉ cán bộ có quyền nhập, sửa dữ liệu mới được tải danh sách có thông tin cá nhân.",
    AGGREGATE: "Bạn không có quyền xem số liệu này.",
    ADMIN: "Chỉ quản trị viên mới được tải dữ liệu này.",
}


def page_kind(request: HttpRequest) -> str:
    """What the current page's download holds, from the table above."""
    match = getattr(request, "resolver_match", None)
    return PAGE_KINDS.get(match.view_name if match else "", PERSONAL)


def export_allowed(user: object, kind: str, organization: object = None) -> bool:
    """Personal data needs the change right, figures the view right, admin files the admin right.

    Without `organization` the right is needed somewhere in the user's scope (the list itself is
    scoped); with it, on that organisation.
    """
    action = KIND_ACTION[kind]
    if organization is not None:
        return can(user, action, organization)
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


def export_denied(
    request: HttpRequest, kind: str | None = None, organization: object = None
) -> HttpResponse | None:
    """A 403 page with the reason when the user may not download this page's file; None when allowed."""
    kind = kind or page_kind(request)
    if export_allowed(request.user, kind, organization):
        return None
    return render(request, "components/forbidden.html", {"message": DENIED[kind]}, status=403)


@dataclass
class ExportLog:
    """Who downloads personal data and for which organisation: becomes one AccessRecord per file."""

    actor: Any
    organization: Any = None
    channel: str = "web"
    target_type: str = ""

    def record(self, *, filename: str, fmt: str, rows: int | None, full_ids: int | None) -> None:
        detail: dict[str, Any] = {"file": filename, "format": fmt}
        if rows is not None:
            detail["rows"] = rows
        if full_ids:
            detail["full_national_ids"] = full_ids
        access_record_create(
            actor=self.actor,
            kind=AccessKind.EXPORTED,
            target_type=self.target_type,
            target_repr=filename,
            organization=self.organization if self.organization is not None else _home_org(self.actor),
            channel=self.channel,
            detail=detail,
        )


def _home_org(user: object) -> Any:
    """The outermost organisation the user may view: where a download without a chosen unit is filed."""
    paths = scope_paths(user, Action.VIEW)
    if not paths:
        return None
    return Organization.objects.filter(path__in=paths).order_by("depth", "path").first()
