"""Audit events as a person reads them: Vietnamese labels, choice names, dates, organisation names."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from ptdv.audit.labels import code_label, field_label
from ptdv.audit.models import AuditEvent
from ptdv.people.national_id import mask as mask_national_id

ORG_KEYS = {"organization_id", "parent_id"}
# Shown masked, like in every other list: the full number is read only on the person's page, logged.
MASKED_KEYS = {"national_id"}
# Derived or internal columns: true in the record, noise to a reader.
HIDDEN_KEYS = {"id", "path", "depth", "name_key", "name_folded"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None
    new: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    label: str
    changes: list[Change]


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    try:
        return model._meta.get_field(attname)  # type: ignore[return-value]
    except FieldDoesNotExist:
        return None


def _label(model: type[models.Model] | None, key: str) -> str:
    """The target model's own wording for a field, else the project-wide one."""
    field = _field(model, key)
    if (
        field is not None
        and hasattr(field, "verbose_name")
        and field.verbose_name != field.name.replace("_", " ")
    ):
        return str(field.verbose_name)
    return field_label(key)


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _render(model: type[models.Model] | None, key: str, value: Any, org_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if key in ORG_KEYS and isinstance(value, int):
        return org_names.get(value, f"#{value}")
    if key in MASKED_KEYS:
        return mask_national_id(str(value))
    if key == "event" and isinstance(value, dict):
        from ptdv.people.models import MembershipEvent

        kind = _render(MembershipEvent, "kind", value.get("kind"), org_names) if value.get("kind") else ""
        parts = [kind, _date(str(value.get("date", ""))), value.get("document") or ""]
        return " · ".join(part for part in parts if part and part != "—")
    field = _field(model, key)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return _date(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def audit_rows(events: Iterable[AuditEvent]) -> list[AuditRow]:
    """Render events for display; organisation names are looked up in one query for all of them."""
    from ptdv.organizations.models import Organization

    events = list(events)
    org_ids = {
        value
        for event in events
        for side in (event.before or {}, event.after or {})
        for key, value in side.items()
        if key in ORG_KEYS and isinstance(value, int)
    }
    org_names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name")) if org_ids else {}
    rows = []
    for event in events:
        try:
            model = apps.get_model(event.target_type)
        except (LookupError, ValueError):
            model = None
        changes = [
            Change(
                label=_label(model, key),
                old=_render(model, key, old, org_names) if old is not None else None,
                new=_render(model, key, new, org_names),
            )
            for key, old, new in event.changes()
            if key not in HIDDEN_KEYS
        ]
        rows.append(AuditRow(event=event, label=code_label(event.code), changes=changes))
    return rows
