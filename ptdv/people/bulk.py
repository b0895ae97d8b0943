"""Many new people at once, with their admission history: what person_create and
membership_event_record would write for each, checked by the same rules, written with a few INSERTs.

For imports: a chunk of new people (non-members, probationary and full members) is checked person by
person with the services' own checks (`person_errors`, `_check_event_date`, `_check_org`, the allowed
transitions), the holders of the chunk's national IDs are found with one query, and the people who pass
are written with bulk inserts: the people, their membership events, the status periods `_replay` makes
of those events (the same that `_rebuild` would store), and one audit event per write, exactly as the
services record them (same codes, targets, before/after and request id); then the pre-aggregated
tallies are told of the new people (`persons_added`), as the services do for each of their writes. A person who fails gets the
ValidationError the services would have raised and nothing of theirs is written.

Must run inside the caller's transaction, like record_event.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.context import current_request_id
from ptdv.audit.models import AuditEvent
from ptdv.audit.services import _plain, snapshot
from ptdv.common.copying import ReadyRows, draw_ids, insert_values, ready_rows, send
from ptdv.common.text import nfc
from ptdv.organizations.models import Organization
from ptdv.people.models import EventKind, Membership, MembershipEvent, MembershipStatus, Person
from ptdv.people.services import (
    AUDITED,
    MSG_EVENT_ORDER,
    MSG_ORG_OUT_OF_SCOPE,
    MSG_TRANSITION,
    TRANSITIONS,
    _apply,
    _check_event_date,
    _check_org,
    _clean_person,
    _replay,
    _status_after,
    _Step,
    person_errors,
)
from ptdv.tallies.services import persons_added

S = MembershipStatus
STATUS_FIELDS = ["status", "organization_id"]
EVENT_FIELDS = ["id", "kind", "date", "document"]


@dataclass(frozen=True)
class NewEvent:
    """One step of a new person's history, as membership_event_record takes it."""

    kind: str
    date: dt.date
    organization: Organization | None = None  # None: the person's organisation at that moment
    document: str = ""
    note: str = ""
    status: str | None = None


@dataclass
class NewPerson:
    """A person to create (the keyword arguments of person_create) and the events to append, in order."""

    data: dict[str, Any]
    events: list[NewEvent] = field(default_factory=list)


@dataclass
class _Planned:
    person: Person
    created: dict[str, Any]  # the person.created snapshot (status non-member, as person_create saves it)
    events: list[dict[str, Any]]  # MembershipEvent columns (attname → value)
    audits: list[tuple[str, dict[str, Any], dict[str, Any]]]  # (code, before, after without "event")
    periods: list[tuple[str, int, dt.date, dt.date | None]]


def national_id_holders(ids: Sequence[str]) -> dict[str, Person]:
    """The people already holding any of `ids`, by ID (one query)."""
    if not ids:
        return {}
    found = Person.objects.filter(national_id__in=sorted(set(ids))).select_related("organization")
    return {person.national_id or "": person for person in found}


def check_new_person(
    actor: Any,
    data: dict[str, Any],
    history: Sequence[NewEvent],
    holder: Person | None,
    today: dt.date | None = None,
) -> _Planned:
    """What person_create (of cleaned `data`) then membership_event_record of each step would write.

    Raises the ValidationError the first of those services would raise.
    """
    today = today or timezone.localdate()
    if errors := person_errors(actor, data, None, holder, today):
        raise ValidationError(errors)
    person = Person()
    _apply(person, data)
    created = snapshot(person, AUDITED)
    status, org = S.NON_MEMBER, person.organization
    recorder = actor.pk if getattr(actor, "pk", None) else None
    events: list[dict[str, Any]] = []
    audits: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    steps: list[_Step] = []
    for step in history:
        if not can(actor, Action.CHANGE, org):  # the person's organisation at that step
            raise ValidationError(MSG_ORG_OUT_OF_SCOPE.format(org=org))
        organization = step.organization or org
        _check_event_date(person, step.date, today)
        _check_org(actor, organization, step.date)
        if steps and step.date < steps[-1].date:
            last = steps[-1]
            raise ValidationError(
                {"date": MSG_EVENT_ORDER.format(day=step.date, last=last.label, last_day=last.date)}
            )
        allowed, _ = TRANSITIONS[step.kind]
        if status not in allowed:
            raise ValidationError(
                {"kind": MSG_TRANSITION.format(kind=EventKind(step.kind).label, status=S(status).label)}
            )
        before = {"status": status, "organization_id": org.pk}
        status, org = S(_status_after(step.kind, step.status, status)), organization
        events.append(
            {
                "kind": step.kind,
                "status_after": status.value,
                "organization_id": org.pk,
                "date": step.date,
                "document": nfc(step.document),
                "note": nfc(step.note),
                "recorded_by_id": recorder,
            }
        )
        audits.append((f"membership.{step.kind}", before, {"status": status, "organization_id": org.pk}))
        steps.append(_Step(step.kind, step.date, status, org.pk, EventKind(step.kind).label))
    periods = _replay(steps)
    person.status, person.organization = status, org
    return _Planned(person, created, events, audits, periods)


@dataclass
class PeoplePlan:
    """What people_create will write: each person's result (the Person or why it was refused) and the
    rows of those who passed. Checked without writing anything, so it can be made while another
    connection writes the plan before it (the import's writer thread)."""

    results: list[Person | ValidationError]
    planned: list[_Planned]
    ready: list[ReadyRows] | None = None  # the rows of every table, ready to send (people_prepare)


def people_plan(*, actor: Any, people: Sequence[NewPerson]) -> PeoplePlan:
    """Check each person with their events (in order) as people_create does; writes nothing.

    The national IDs of the batch must be distinct (the caller sends a repeated one another way).
    """
    cleaned = [_clean_person(new.data) for new in people]
    holders = national_id_holders([nid for data in cleaned if (nid := data.get("national_id"))])
    results: list[Person | ValidationError] = []
    planned: list[_Planned] = []
    today = timezone.localdate()
    for new, data in zip(people, cleaned, strict=True):
        try:
            holder = holders.get(data.get("national_id") or "")
            plan = check_new_person(actor, data, new.events, holder, today)
        except ValidationError as exc:
            results.append(exc)
            continue
        planned.append(plan)
        results.append(plan.person)
    return PeoplePlan(results, planned)


def people_write(*, actor: Any, plan: PeoplePlan) -> list[Person | ValidationError]:
    """Write a plan of people_plan; the results, each Person now with its id.

    A national ID taken since the plan was made fails the insert (the column is unique): the caller's
    savepoint is rolled back and nothing of the plan is written.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("people_write() must run inside the write's transaction")
    if not plan.planned:
        return plan.results
    if plan.ready is None:
        _build(actor, plan.planned, _InsertNow())
    else:
        for table in plan.ready:
            send(table)
    persons_added([p.person.pk for p in plan.planned])  # the chunk's members and admissions, counted
    return plan.results


def people_prepare(*, actor: Any, plan: PeoplePlan) -> None:
    """On PostgreSQL, build the rows of every table of a plan now (ids drawn from the sequences), so
    that people_write only sends them: the import builds the next chunk's rows while its writer thread
    sends the chunk before. A no-op elsewhere, where ids come from the inserts themselves."""
    if connection.vendor == "postgresql" and plan.planned and plan.ready is None:
        sink = _MakeReady()
        _build(actor, plan.planned, sink)
        plan.ready = sink.tables


def people_create(*, actor: Any, people: Sequence[NewPerson]) -> list[Person | ValidationError]:
    """Create each person with their events (in order); each result is the Person or why it was refused.

    The national IDs of the batch must be distinct (the caller sends a repeated one another way).
    """
    return people_write(actor=actor, plan=people_plan(actor=actor, people=people))


class _InsertNow:
    """Each table's rows are inserted as soon as they are built."""

    def add(self, model: type[models.Model], rows: list[dict[str, Any]], ids_needed: bool) -> list[int]:
        return insert_values(model, rows)


class _MakeReady:
    """Each table's rows are made ready for COPY, their ids drawn from the sequences, to be sent later."""

    def __init__(self) -> None:
        self.tables: list[ReadyRows] = []

    def add(self, model: type[models.Model], rows: list[dict[str, Any]], ids_needed: bool) -> list[int]:
        ids = draw_ids(model, len(rows)) if ids_needed else None
        self.tables.append(ready_rows(model, rows, ids))
        return ids or []


def _build(actor: Any, planned: list[_Planned], sink: _InsertNow | _MakeReady) -> None:
    """The rows of every table for the planned people, given to `sink` table by table."""
    people = [plan.person for plan in planned]
    attnames = [f.attname for f in Person._meta.concrete_fields if not f.primary_key]
    person_ids = sink.add(Person, [{name: getattr(p, name) for name in attnames} for p in people], True)
    for person, new_id in zip(people, person_ids, strict=True):
        person.pk = new_id
        person._state.adding = False
        person._state.db = connection.alias
    for plan in planned:
        for event in plan.events:
            event["person_id"] = plan.person.pk
    event_ids = iter(sink.add(MembershipEvent, [event for plan in planned for event in plan.events], True))
    for plan in planned:
        for event in plan.events:
            event["id"] = next(event_ids)
    sink.add(
        Membership,
        [
            {
                "person_id": plan.person.pk,
                "status": state,
                "organization_id": org_id,
                "valid_from": start,
                "valid_to": end,
            }
            for plan in planned
            for state, org_id, start, end in plan.periods
        ],
        False,
    )
    sink.add(AuditEvent, _audits(actor, planned), False)


def _audits(actor: Any, planned: list[_Planned]) -> list[dict[str, Any]]:
    """One audit event per write, as person_create and membership_event_record record them."""
    request_id = current_request_id()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    audits: list[dict[str, Any]] = []
    for plan in planned:
        person = plan.person
        common = {
            "actor_id": actor_id,
            "target_type": person._meta.label_lower,
            "target_id": str(person.pk),
            "target_repr": str(person)[:255],
            "reason": "",
            "request_id": request_id,
        }
        # The snapshots are plain already (snapshot() makes them so); dates as ISO text, like _plain.
        created = plan.created
        audits.append(
            {
                "code": "person.created",
                "organization_id": created["organization_id"],
                "before": None,
                "after": created,
                **common,
            }
        )
        for event, (code, before, after) in zip(plan.events, plan.audits, strict=True):
            shown = {name: event[name] for name in EVENT_FIELDS}
            shown["date"] = _plain(shown["date"])
            audits.append(
                {
                    "code": code,
                    "organization_id": after["organization_id"],
                    "before": before,
                    "after": {**after, "event": shown},
                    **common,
                }
            )
    return audits
