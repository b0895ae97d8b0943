"""Party history of an imported person: nominated, admitted, confirmed, written as dated events."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from ptdv.organizations.models import Organization
from ptdv.people.models import EventKind, MembershipEvent, MembershipStatus, Person
from ptdv.people.services import membership_event_record

S = MembershipStatus
MSG_OTHER_DATE = (
    "{name} đã có {what} ngày {old:%d/%m/%Y}, khác ngày {new:%d/%m/%Y} trong tệp. "
    "Nếu ngày cũ sai, hãy dùng chức năng đính chính trên trang của người này."
)
MSG_OPEN_CASE = (
    "{name} đang có hồ sơ kết nạp mở; hãy ghi quyết định kết nạp trong hồ sơ đó thay vì nhập từ tệp."
)
MSG_NOT_MEMBER_YET = "{name} đang ở tình trạng “{status}”, không thể ghi ngày chính thức."
NOTE = "Nhập từ tệp {file}"


def _effective(person: Person, kind: str) -> MembershipEvent | None:
    return (
        MembershipEvent.objects.filter(person=person, kind=kind).effective().order_by("-date", "-id").first()
    )


def _same_or_fail(person: Person, event: MembershipEvent, day: dt.date, what: str) -> None:
    if event.date != day:
        raise ValidationError(
            MSG_OTHER_DATE.format(name=person.full_name, what=what, old=event.date, new=day)
        )


def record_admission(
    *,
    actor: Any,
    person: Person,
    organization: Organization,
    admitted_on: dt.date,
    admitted_document: str = "",
    confirmed_on: dt.date | None = None,
    confirmed_document: str = "",
    file_label: str = "",
) -> bool:
    """Append the admission (and confirmation) a legacy file records; True when anything was written.

    Re-importing the same file writes nothing; a different date is refused, never overwritten.
    """
    note = NOTE.format(file=file_label) if file_label else ""
    wrote = False
    admitted = _effective(person, EventKind.ADMITTED)
    if admitted is not None:
        _same_or_fail(person, admitted, admitted_on, "ngày vào Đảng")
    else:
        if person.candidacies.open().exists():  # type: ignore[attr-defined]
            raise ValidationError(MSG_OPEN_CASE.format(name=person.full_name))
        if person.status != S.CANDIDATE:
            membership_event_record(
                actor=actor,
                person=person,
                kind=EventKind.NOMINATED,
                date=admitted_on,
                organization=organization,
                note=note,
            )
        membership_event_record(
            actor=actor,
            person=person,
            kind=EventKind.ADMITTED,
            date=admitted_on,
            organization=organization,
            document=admitted_document,
            note=note,
        )
        person.refresh_from_db()
        wrote = True
    if confirmed_on is not None:
        confirmed = _effective(person, EventKind.CONFIRMED)
        if confirmed is not None:
            _same_or_fail(person, confirmed, confirmed_on, "ngày chính thức")
        else:
            if person.status != S.PROBATIONARY:
                raise ValidationError(
                    MSG_NOT_MEMBER_YET.format(name=person.full_name, status=person.get_status_display())
                )
            membership_event_record(
                actor=actor,
                person=person,
                kind=EventKind.CONFIRMED,
                date=confirmed_on,
                organization=person.organization,
                document=confirmed_document,
                note=note,
            )
            wrote = True
    return wrote
