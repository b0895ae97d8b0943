"""Writes to people and their party status. Each is atomic, checked, and audited."""

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc, search_key
from ptdv.organizations.models import Organization
from ptdv.people import national_id as nid
from ptdv.people.models import EventKind, Membership, MembershipEvent, MembershipStatus, Person
from ptdv.tallies.services import keeps_tallies

S = MembershipStatus
PERSON_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "national_id",
    "ethnicity",
    "religion",
    "education_level",
    "qualification",
    "occupation",
    "occupation_group",
    "is_youth_union_member",
    "is_trade_union_member",
    "is_demobilised_soldier",
    "residence",
    "workplace",
    "phone",
    "organization",
]
TEXT_FIELDS = ["full_name", "occupation", "residence", "workplace"]
AUDITED = [f if f != "organization" else "organization_id" for f in PERSON_FIELDS] + ["status"]

MSG_NAME_EMPTY = "Họ và tên không được để trống."
MSG_NAME_DIGITS = "Họ và tên không được chứa chữ số."
MSG_DOB_EMPTY = "Ngày sinh không được để trống."
MSG_DOB_FUTURE = "Ngày sinh {day:%d/%m/%Y} ở tương lai."
MSG_DOB_TOO_OLD = "Ngày sinh {day:%d/%m/%Y} cách đây hơn 120 năm; hãy kiểm tra lại."
MSG_ID_DUPLICATE_VISIBLE = "Số CCCD {value} đã có ở hồ sơ của {name} ({org})."
MSG_ID_DUPLICATE_HIDDEN = "Số CCCD {value} đã có trong hệ thống, ở một tổ chức ngoài phạm vi của bạn."
MSG_PHONE = "Số điện thoại phải gồm 10 chữ số và bắt đầu bằng 0 (ví dụ 0912345678)."
MSG_ORG_OUT_OF_SCOPE = "Bạn không có quyền nhập dữ liệu cho “{org}”."
MSG_ORG_INACTIVE = "“{org}” không hoạt động vào ngày {day:%d/%m/%Y}."
MSG_ORG_EMPTY = "Hãy chọn tổ chức đảng quản lý."
MSG_CHOICE = "“{value}” không phải là giá trị hợp lệ của mục “{label}”."
MSG_CHOICE_EMPTY = "Hãy chọn “{label}”."
MSG_ORG_VIA_EVENT = "Đảng viên và đối tượng kết nạp chỉ đổi tổ chức qua sự kiện chuyển sinh hoạt."
MSG_EVENT_FUTURE = "Ngày {day:%d/%m/%Y} ở tương lai."
MSG_EVENT_BEFORE_BIRTH = "Ngày {day:%d/%m/%Y} trước ngày sinh."
MSG_EVENT_ORDER = (
    "Ngày {day:%d/%m/%Y} trước sự kiện gần nhất ({last} ngày {last_day:%d/%m/%Y}). "
    "Nếu sự kiện cũ ghi sai ngày, hãy dùng chức năng đính chính."
)
MSG_TRANSITION = "Không thể ghi “{kind}” cho người đang ở tình trạng “{status}”."
MSG_STATUS_NEEDED = "Hãy chọn tình trạng khi chuyển đến (dự bị hoặc chính thức)."
MSG_REASON_NEEDED = "Phải ghi lý do đính chính."
MSG_ALREADY_CORRECTED = "Sự kiện này đã được đính chính; hãy đính chính bản mới nhất."

_PHONE = re.compile(r"^0\d{9}$")
# Coded fields (gender, ethnicity, religion…): an import must not store a value the lists do not have,
# or statistics by category silently go wrong ("kinh" would count as an ethnic minority).
CHOICE_FIELDS = ["gender", "ethnicity", "religion", "education_level", "qualification", "occupation_group"]
MEMBERS = {S.PROBATIONARY, S.FULL}
# kind -> (statuses it may follow, status it leads to; None = chosen when recording)
TRANSITIONS: dict[str, tuple[set[str], str | None]] = {
    EventKind.NOMINATED: ({S.NON_MEMBER, S.REMOVED, S.TRANSFERRED_OUT}, S.CANDIDATE),
    EventKind.WITHDRAWN: ({S.CANDIDATE}, S.NON_MEMBER),
    EventKind.ADMITTED: ({S.CANDIDATE}, S.PROBATIONARY),
    EventKind.CONFIRMED: ({S.PROBATIONARY}, S.FULL),
    EventKind.TRANSFERRED: ({S.CANDIDATE, S.PROBATIONARY, S.FULL}, None),
    EventKind.TRANSFERRED_IN: ({S.NON_MEMBER, S.TRANSFERRED_OUT}, None),
    EventKind.TRANSFERRED_OUT: (set(MEMBERS), S.TRANSFERRED_OUT),
    EventKind.REMOVED: (set(MEMBERS), S.REMOVED),
    EventKind.DECEASED: ({S.NON_MEMBER, S.CANDIDATE, S.PROBATIONARY, S.FULL}, S.DECEASED),
}


def next_event_kinds(status: str) -> list[str]:
    """The events that may follow a person's current status, in the order of the choices."""
    return [kind for kind in EventKind.values if status in TRANSITIONS[kind][0]]


def _clean_person(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    for field in TEXT_FIELDS:
        cleaned[field] = nfc(cleaned.get(field))
    cleaned["national_id"] = nid.normalise(cleaned.get("national_id")) or None
    cleaned["phone"] = re.sub(r"[\s.\-]", "", cleaned.get("phone") or "")
    return cleaned


@functools.cache
def _choice_keys(field: str) -> frozenset[str]:
    """The codes a coded Person field accepts (built once, not once a person)."""
    return frozenset(key for key, _ in cast(models.Field, Person._meta.get_field(field)).flatchoices)


def _validate_person(actor: Any, data: dict[str, Any], instance: Person | None) -> None:
    holder = None
    if value := data.get("national_id"):
        others = Person.objects.filter(national_id=value).select_related("organization")
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        holder = others.first()
    if errors := person_errors(actor, data, instance, holder):
        raise ValidationError(errors)


def person_errors(
    actor: Any,
    data: dict[str, Any],
    instance: Person | None,
    holder: Person | None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """What is wrong with cleaned person data, by field; `holder` is another person with its national ID.

    Pure checks (no query): the bulk import finds the holders of a whole chunk's IDs with one query
    (and passes `today`, read once for the chunk).
    """
    errors: dict[str, list[str]] = {}
    name, dob = data.get("full_name", ""), data.get("date_of_birth")
    if not name:
        errors["full_name"] = [MSG_NAME_EMPTY]
    elif any(ch.isdigit() for ch in name):
        errors["full_name"] = [MSG_NAME_DIGITS]
    today = today or timezone.localdate()
    if dob is None:
        errors["date_of_birth"] = [MSG_DOB_EMPTY]
    elif dob > today:
        errors["date_of_birth"] = [MSG_DOB_FUTURE.format(day=dob)]
    elif dob.year < today.year - 120:
        errors["date_of_birth"] = [MSG_DOB_TOO_OLD.format(day=dob)]
    if value := data.get("national_id"):
        found = nid.problems(value, gender=data.get("gender"), date_of_birth=dob)
        if (other := holder) is not None:
            message = (
                MSG_ID_DUPLICATE_VISIBLE
                if can(actor, Action.VIEW, other.organization)
                else MSG_ID_DUPLICATE_HIDDEN
            )
            found.append(message.format(value=value, name=other.full_name, org=other.organization.name))
        if found:
            errors["national_id"] = found
    if data.get("phone") and not _PHONE.match(data["phone"]):
        errors["phone"] = [MSG_PHONE]
    for field in CHOICE_FIELDS:
        model_field = cast(models.Field, Person._meta.get_field(field))
        label = model_field.verbose_name
        choice = data.get(field, model_field.get_default())
        if choice in (None, ""):
            errors[field] = [MSG_CHOICE_EMPTY.format(label=label)]
        elif choice not in _choice_keys(field):
            errors[field] = [MSG_CHOICE.format(value=choice, label=label)]
    org: Organization | None = data.get("organization")
    if org is None:
        errors["organization"] = [MSG_ORG_EMPTY]
    elif not can(actor, Action.CHANGE, org):
        errors["organization"] = [MSG_ORG_OUT_OF_SCOPE.format(org=org)]
    elif not org.is_active:
        errors["organization"] = [MSG_ORG_INACTIVE.format(org=org, day=today)]
    if (
        instance is not None
        and org is not None
        and org.pk != instance.organization_id
        and instance.status != S.NON_MEMBER
    ):
        errors["organization"] = [MSG_ORG_VIA_EVENT]
    return errors


def _apply(person: Person, data: dict[str, Any]) -> None:
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    person.name_key = search_key(person.full_name)
    person.name_folded = person.full_name.lower()


@transaction.atomic
def person_create(*, actor: Any, **data: Any) -> Person:
    """Register a person (a non-member) under an organisation the actor may change."""
    data = _clean_person(data)
    _validate_person(actor, data, None)
    person = Person()
    _apply(person, data)
    person.save()
    record_event(
        actor=actor,
        code="person.created",
        target=person,
        organization=person.organization,
        after=snapshot(person, AUDITED),
    )
    return person


@transaction.atomic
@keeps_tallies(lambda kw: kw["person"].pk)
def person_update(*, actor: Any, person: Person, **data: Any) -> Person:
    """Change a person's record; the previous values are kept in the audit event."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, person.organization):
        raise ValidationError(MSG_ORG_OUT_OF_SCOPE.format(org=person.organization))
    data = _clean_person({**{f: getattr(person, f) for f in PERSON_FIELDS}, **data})
    _validate_person(actor, data, person)
    before = snapshot(person, AUDITED)
    _apply(person, data)
    person.save()
    after = snapshot(person, AUDITED)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed:
        record_event(
            actor=actor,
            code="person.updated",
            target=person,
            organization=person.organization,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return person


@dataclass(frozen=True)
class _Step:
    kind: str
    date: dt.date
    status_after: str
    organization_id: int
    label: str


def _replay(steps: list[_Step]) -> list[tuple[str, int, dt.date, dt.date | None]]:
    """Check each step against the allowed transitions and return the status periods they make."""
    status = S.NON_MEMBER
    starts: list[tuple[str, int, dt.date]] = []
    for step in steps:
        allowed, _ = TRANSITIONS[step.kind]
        if status not in allowed:
            raise ValidationError(MSG_TRANSITION.format(kind=step.label, status=S(status).label))
        status = S(step.status_after)
        starts.append((status, step.organization_id, step.date))
    periods = []
    for index, (state, org_id, start) in enumerate(starts):
        end = starts[index + 1][2] - dt.timedelta(days=1) if index + 1 < len(starts) else None
        if state != S.NON_MEMBER and (end is None or end >= start):
            periods.append((state, org_id, start, end))
    return periods


def _rebuild(person: Person) -> None:
    """Rebuild the person's status periods and current status from their effective events."""
    events = list(MembershipEvent.objects.filter(person=person).effective().order_by("date", "id"))
    steps = [_Step(e.kind, e.date, e.status_after, e.organization_id, e.get_kind_display()) for e in events]
    periods = _replay(steps)
    Membership.objects.filter(person=person).delete()
    Membership.objects.bulk_create(
        [
            Membership(person=person, status=state, organization_id=org_id, valid_from=start, valid_to=end)
            for state, org_id, start, end in periods
        ]
    )
    if events:
        person.status = events[-1].status_after
        person.organization_id = events[-1].organization_id
    else:
        person.status = S.NON_MEMBER
    person.save(update_fields=["status", "organization", "updated_at"])


def _append_period(person: Person, event: MembershipEvent) -> None:
    """Extend the status periods by one event that is the person's latest (same result as _rebuild)."""
    open_period = Membership.objects.filter(person=person, valid_to__isnull=True).first()
    if open_period is not None:
        if open_period.valid_from >= event.date:  # the earlier status began the same day: it lasted no time
            open_period.delete()
        else:
            Membership.objects.filter(pk=open_period.pk).update(valid_to=event.date - dt.timedelta(days=1))
    if event.status_after != S.NON_MEMBER:
        Membership.objects.create(
            person=person,
            status=event.status_after,
            organization_id=event.organization_id,
            valid_from=event.date,
        )
    person.status, person.organization_id = event.status_after, event.organization_id
    Person.objects.filter(pk=person.pk).update(
        status=person.status, organization_id=person.organization_id, updated_at=timezone.now()
    )


def _check_event_date(person: Person, day: dt.date, today: dt.date | None = None) -> None:
    if day > (today or timezone.localdate()):
        raise ValidationError({"date": MSG_EVENT_FUTURE.format(day=day)})
    if day < person.date_of_birth:
        raise ValidationError({"date": MSG_EVENT_BEFORE_BIRTH.format(day=day)})


def _check_org(actor: Any, org: Organization, day: dt.date) -> None:
    if not can(actor, Action.CHANGE, org):
        raise ValidationError({"organization": MSG_ORG_OUT_OF_SCOPE.format(org=org)})
    if org.valid_from > day or (org.valid_to is not None and org.valid_to < day):
        raise ValidationError({"organization": MSG_ORG_INACTIVE.format(org=org, day=day)})


def _status_after(kind: str, status: str | None, current: str) -> str:
    _, fixed = TRANSITIONS[kind]
    if fixed is not None:
        return fixed
    if kind == EventKind.TRANSFERRED:
        return current
    if status not in MEMBERS:
        raise ValidationError({"status": MSG_STATUS_NEEDED})
    return status  # type: ignore[return-value]


@transaction.atomic
@keeps_tallies(lambda kw: kw["person"].pk)
def membership_event_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    date: dt.date,
    organization: Organization | None = None,
    document: str = "",
    note: str = "",
    status: str | None = None,
) -> MembershipEvent:
    """Append a dated step to a person's party history and update their current status."""
    person = Person.objects.select_for_update().select_related("organization").get(pk=person.pk)
    if not can(actor, Action.CHANGE, person.organization):
        raise ValidationError(MSG_ORG_OUT_OF_SCOPE.format(org=person.organization))
    organization = organization or person.organization
    _check_event_date(person, date)
    _check_org(actor, organization, date)
    last = MembershipEvent.objects.filter(person=person).effective().order_by("date", "id").last()
    if last is not None and date < last.date:
        raise ValidationError(
            {"date": MSG_EVENT_ORDER.format(day=date, last=last.get_kind_display(), last_day=last.date)}
        )
    allowed, _ = TRANSITIONS[kind]
    if person.status not in allowed:
        raise ValidationError(
            {"kind": MSG_TRANSITION.format(kind=EventKind(kind).label, status=S(person.status).label)}
        )
    before = snapshot(person, ["status", "organization_id"])
    event = MembershipEvent.objects.create(
        person=person,
        kind=kind,
        status_after=_status_after(kind, status, person.status),
        organization=organization,
        date=date,
        document=nfc(document),
        note=nfc(note),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _append_period(person, event)  # the event is the latest, so the periods only grow at the end
    record_event(
        actor=actor,
        code=f"membership.{kind}",
        target=person,
        organization=person.organization,
        before=before,
        after={
            **snapshot(person, ["status", "organization_id"]),
            "event": snapshot(event, ["id", "kind", "date", "document"]),
        },
    )
    return event


@transaction.atomic
@keeps_tallies(lambda kw: kw["event"].person_id)
def membership_event_correct(
    *,
    actor: Any,
    event: MembershipEvent,
    reason: str,
    date: dt.date | None = None,
    organization: Organization | None = None,
    document: str | None = None,
    note: str | None = None,
) -> MembershipEvent:
    """Correct an event by appending a new one that replaces it; the original stays, marked corrected."""
    person = Person.objects.select_for_update().get(pk=event.person_id)
    event = MembershipEvent.objects.get(pk=event.pk)
    if not can(actor, Action.CHANGE, person.organization):
        raise ValidationError(MSG_ORG_OUT_OF_SCOPE.format(org=person.organization))
    if MembershipEvent.objects.filter(corrects=event).exists():
        raise ValidationError(MSG_ALREADY_CORRECTED)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": MSG_REASON_NEEDED})
    new_date = date or event.date
    new_org = organization or event.organization
    _check_event_date(person, new_date)
    _check_org(actor, new_org, new_date)
    before = snapshot(person, ["status", "organization_id"])
    correction = MembershipEvent.objects.create(
        person=person,
        kind=event.kind,
        status_after=event.status_after,
        organization=new_org,
        date=new_date,
        document=nfc(document) if document is not None else event.document,
        note=nfc(note) if note is not None else event.note,
        corrects=event,
        reason=reason,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _rebuild(person)
    record_event(
        actor=actor,
        code="membership.corrected",
        target=person,
        organization=person.organization,
        before={**before, "event": snapshot(event, ["id", "date", "organization_id", "document"])},
        after={
            **snapshot(person, ["status", "organization_id"]),
            "event": snapshot(correction, ["id", "date", "organization_id", "document"]),
        },
        reason=reason,
    )
    return correction
