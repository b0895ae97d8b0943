"""Reads of the audit trail and the access log, always scoped to what the actor may administer."""

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.audit.models import AccessRecord, AuditEvent
from ptdv.organizations.paths import subtree_q

Log = TypeVar("Log", AuditEvent, AccessRecord)


def audit_event_list(*, actor: object, target: models.Model | None = None) -> QuerySet[AuditEvent]:
    """Audit events the actor may read (organisation admins of the subtree), newest first."""
    events = AuditEvent.objects.restrict(actor, Action.ADMIN).select_related("actor")
    if target is not None:
        events = events.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return events


def access_record_list(*, actor: object, target: models.Model | None = None) -> QuerySet[AccessRecord]:
    """Access records the actor may read (organisation admins of the subtree), newest first."""
    records = AccessRecord.objects.restrict(actor, Action.ADMIN).select_related("actor")
    if target is not None:
        records = records.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return records


def _local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the project's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def _common_filter(rows: QuerySet[Log], filters: dict[str, Any]) -> QuerySet[Log]:
    """The filters both logs share; dates are whole local days, both inclusive.

    `filters` holds cleaned values: nguoi (username), to_chuc (an Organization already checked to be
    in the admin's scope: its subtree), tu/den (dates), doi_tuong ("type:id"), tim (text in the
    object's name).
    """
    if who := filters.get("nguoi"):
        rows = rows.filter(actor__username=who)
    if org := filters.get("to_chuc"):
        rows = rows.filter(subtree_q("organization__path", org.path))
    if start := filters.get("tu"):
        rows = rows.filter(at__gte=_local_midnight(start))
    if end := filters.get("den"):
        rows = rows.filter(at__lt=_local_midnight(end + dt.timedelta(days=1)))
    if target := filters.get("doi_tuong"):
        kind, _, pk = target.partition(":")
        rows = rows.filter(target_type=kind, target_id=pk)
    if text := filters.get("tim"):
        rows = rows.filter(target_repr__icontains=text)
    return rows


def audit_event_filter(events: QuerySet[AuditEvent], filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Audit events narrowed by the page's filters, plus ma (code prefix) and loai (object type)."""
    events = _common_filter(events, filters)
    if code := filters.get("ma"):
        events = events.filter(code__startswith=code)
    if kind := filters.get("loai"):
        events = events.filter(target_type=kind)
    return events


def access_record_filter(records: QuerySet[AccessRecord], filters: dict[str, Any]) -> QuerySet[AccessRecord]:
    """Access records narrowed by the page's filters, plus hanh_dong (what was done)."""
    records = _common_filter(records, filters)
    if action := filters.get("hanh_dong"):
        records = records.filter(kind=action)
    return records
