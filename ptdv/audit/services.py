"""record_event(): the one way to write an audit row, inside the caller's transaction."""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction

from ptdv.audit.context import current_request_id
from ptdv.audit.models import AccessRecord, AuditEvent, Channel

_AS_IS = frozenset({str, int, bool, float, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: checked first, as snapshots of bulk imports take many
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` as JSON-ready data (foreign keys as ids)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def record_event(
    *,
    actor: Any,
    code: str,
    target: models.Model,
    organization: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append an AuditEvent for `target`; must run inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event() must run inside the write's transaction")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        code=code,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        organization=organization,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason,
        request_id=current_request_id(),
    )


def access_record_create(
    *,
    actor: Any,
    kind: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_repr: str = "",
    organization: Any = None,
    channel: str = Channel.WEB,
    detail: dict[str, Any] | None = None,
) -> AccessRecord:
    """Append an AccessRecord (a read of personal data), in its own transaction."""
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel: {channel!r}")
    with transaction.atomic():
        return AccessRecord.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            kind=kind,
            target_type=target._meta.label_lower if target is not None else target_type,
            target_id=str(target.pk) if target is not None else "",
            target_repr=(str(target) if target is not None else target_repr)[:255],
            organization=organization,
            channel=channel,
            detail=_plain(detail or {}),
            request_id=current_request_id(),
        )
