"""Reads of the audit trail, always scoped to what the actor may administer."""

from django.db import models
from django.db.models import QuerySet

from ptdv.access.roles import Action
from ptdv.audit.models import AuditEvent


def audit_event_list(*, actor: object, target: models.Model | None = None) -> QuerySet[AuditEvent]:
    """Audit events the actor may read (organisation admins of the subtree), newest first."""
    events = AuditEvent.objects.restrict(actor, Action.ADMIN).select_related("actor")
    if target is not None:
        events = events.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return events
