"""people_create writes what person_create and membership_event_record write, and refuses what they refuse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.audit.models import AuditEvent
from ptdv.people import national_id as nid
from ptdv.people.bulk import NewEvent, NewPerson, people_create
from ptdv.people.models import EventKind, Membership, MembershipStatus, Person
from ptdv.people.services import membership_event_record, person_create

pytestmark = pytest.mark.django_db
S = MembershipStatus


def full_member(tree, name, serial):
    data = {
        "full_name": name,
        "gender": "M",
        "date_of_birth": dt.date(1980, 1, 2),
        "national_id": nid.build("001", "M", 1980, serial),
        "organization": tree.cell,
        "phone": "0912 345 678",
    }
    history = [
        NewEvent(EventKind.NOMINATED, dt.date(2010, 5, 19), tree.cell),
        NewEvent(EventKind.ADMITTED, dt.date(2010, 5, 19), tree.cell, "12-QĐ/ĐU", "Nhập từ tệp"),
        NewEvent(EventKind.CONFIRMED, dt.date(2011, 5, 19), None, "3-QĐ/ĐU"),
    ]
    return data, history


def through_the_services(clerk, data, history):
    person = person_create(actor=clerk, **data)
    for step in history:
        membership_event_record(
            actor=clerk,
            person=person,
            kind=step.kind,
            date=step.date,
            organization=step.organization,
            document=step.document,
            note=step.note,
        )
    return Person.objects.get(pk=person.pk)


def written(person):
    audits = AuditEvent.objects.filter(target_type="people.person", target_id=str(person.pk)).order_by("id")
    events = list(person.events.order_by("id"))
    ids = {e.pk: i for i, e in enumerate(events)}

    def plain(after):  # without ids: the two people differ in them only
        if "event" in after:
            return {**after, "event": {**after["event"], "id": ids[after["event"]["id"]]}}
        return {key: value for key, value in after.items() if key != "national_id"}

    return {
        "person": (person.status, person.organization_id, person.phone, person.name_key, person.name_folded),
        "events": [(e.kind, e.status_after, e.organization_id, e.date, e.document, e.note) for e in events],
        "periods": [
            (m.status, m.organization_id, m.valid_from, m.valid_to)
            for m in Membership.objects.filter(person=person).order_by("valid_from")
        ],
        "audit": [(a.code, a.actor_id, a.organization_id, a.before, plain(a.after)) for a in audits],
    }


def test_a_full_member_created_in_bulk_has_the_same_record_history_periods_and_audit_as_through_the_services(
    tree, clerk
):
    one = through_the_services(clerk, *full_member(tree, "Nguyễn Văn An", 1))
    data, history = full_member(tree, "Nguyễn Văn An", 2)
    with transaction.atomic():
        [two] = people_create(actor=clerk, people=[NewPerson(data, history)])
    assert isinstance(two, Person)
    assert written(two) == written(one)
    assert written(two)["person"][0] == S.FULL


def test_a_person_the_services_would_refuse_gets_their_error_and_nothing_of_theirs_is_written(tree, clerk):
    taken, history = full_member(tree, "Trần Văn Bình", 3)
    person_create(actor=clerk, **taken)
    same_id = {**taken, "full_name": "Lê Văn Cường"}
    too_early = [NewEvent(EventKind.NOMINATED, dt.date(1970, 1, 1), tree.cell)]
    fine, _ = full_member(tree, "Phạm Văn Dũng", 4)
    with transaction.atomic():
        results = people_create(
            actor=clerk,
            people=[
                NewPerson(same_id, history),
                NewPerson({**fine, "national_id": None, "full_name": "Hồ Văn Em"}, too_early),
                NewPerson(fine, []),
            ],
        )
    with pytest.raises(ValidationError) as refused:
        person_create(actor=clerk, **same_id)
    assert isinstance(results[0], ValidationError) and results[0].messages == refused.value.messages
    assert isinstance(results[1], ValidationError) and "trước ngày sinh" in " ".join(results[1].messages)
    assert isinstance(results[2], Person) and results[2].status == S.NON_MEMBER
    assert set(Person.objects.values_list("full_name", flat=True)) == {"Trần Văn Bình", "Phạm Văn Dũng"}
