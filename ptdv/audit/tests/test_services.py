"""record_event(): one audit row per write, inside the write's transaction, carrying the request id."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import transaction

from ptdv.access.roles import Role
from ptdv.access.services import grant_create
from ptdv.audit.context import current_request_id, request_context
from ptdv.audit.models import AuditEvent
from ptdv.audit.services import record_event, snapshot
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person, make_user
from ptdv.organizations.models import OrgKind
from ptdv.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
    organization_rename,
    organization_update,
    organizations_merge,
    population_set,
)
from ptdv.people.models import EventKind
from ptdv.people.services import (
    membership_event_correct,
    membership_event_record,
    person_create,
    person_update,
)


# Each case: (code, write) where write(tree, actor) performs one service call and returns its target.
def _create_org(tree, actor):
    return organization_create(
        actor=actor,
        code="CB-MOI",
        name="Chi bộ Mới",
        kind=OrgKind.CELL,
        parent=tree.grassroots,
        valid_from=dt.date(2024, 1, 1),
    )


def _rename_org(tree, actor):
    return organization_rename(
        actor=actor, org=tree.commune, name="Đảng bộ phường An Bình", effective_date=dt.date(2025, 7, 1)
    )


def _update_org(tree, actor):
    return organization_update(actor=actor, org=tree.cell, sector="school", is_authorised_to_admit=False)


def _move_org(tree, actor):
    return organization_move(
        actor=actor, org=tree.cell, new_parent=tree.commune, effective_date=dt.date(2024, 1, 1)
    )


def _dissolve_org(tree, actor):
    return organization_dissolve(actor=actor, org=tree.other_cell, effective_date=dt.date(2024, 1, 1))


def _merge_orgs(tree, actor):
    return organizations_merge(
        actor=actor,
        predecessors=[tree.commune, tree.other_commune],
        effective_date=dt.date(2025, 7, 1),
        code="XA-C",
        name="Đảng bộ xã C",
        kind=OrgKind.COMMUNE,
        parent=tree.province,
    )


def _set_population(tree, actor):
    population_set(actor=actor, org=tree.commune, year=2024, population=12000)
    return tree.commune


def _create_person(tree, actor):
    return person_create(
        actor=actor,
        full_name="Nguyễn Văn Hiếu",
        gender="M",
        date_of_birth=dt.date(1990, 5, 17),
        national_id="001090123456",
        organization=tree.cell,
    )


def _update_person(tree, actor):
    person = tree.person
    return person_update(actor=actor, person=person, phone="0912345678")


def _nominate(tree, actor):
    membership_event_record(
        actor=actor, person=tree.person, kind=EventKind.NOMINATED, date=dt.date(2020, 1, 1)
    )
    return tree.person


def _correct(tree, actor):
    event = tree.member.events.get(kind=EventKind.ADMITTED)
    membership_event_correct(actor=actor, event=event, reason="Sai ngày", date=dt.date(2015, 2, 1))
    return tree.member


def _grant(tree, actor):
    return grant_create(actor=actor, user=tree.newcomer, organization=tree.cell, role=Role.VIEWER)


WRITES = [
    ("organization.created", _create_org),
    ("organization.renamed", _rename_org),
    ("organization.updated", _update_org),
    ("organization.moved", _move_org),
    ("organization.dissolved", _dissolve_org),
    ("organization.merged", _merge_orgs),
    ("organization.population_set", _set_population),
    ("person.created", _create_person),
    ("person.updated", _update_person),
    ("membership.nominated", _nominate),
    ("membership.corrected", _correct),
    ("grant.created", _grant),
]


@pytest.mark.django_db
class TestEveryWriteIsAudited:
    @pytest.fixture
    def world(self, tree, national_admin):
        tree.person = make_person(tree.cell)
        tree.member = make_member(tree.cell)
        tree.newcomer = make_user()
        return tree

    @pytest.mark.parametrize(("code", "write"), WRITES, ids=[code for code, _ in WRITES])
    def test_writes_exactly_one_event_with_actor_code_target_and_request_id(
        self, world, national_admin, code, write
    ):
        before = AuditEvent.objects.count()
        with request_context("abc"):
            target = write(world, national_admin)
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.code, event.actor, event.request_id) == (code, national_admin, "abc")
        assert (event.target_type, event.target_id) == (target._meta.label_lower, str(target.pk))
        assert event.target_repr == str(target)


@pytest.mark.django_db
class TestRecordEvent:
    def test_stores_the_target_and_the_json_ready_before_and_after(self, tree):
        event = record_event(
            actor=SYSTEM,
            code="thu.nghiem",
            target=tree.cell,
            organization=tree.commune,
            before={"day": dt.date(2024, 3, 25)},
            after={"parent": tree.commune, "n": Decimal("1.5")},
            reason="Thử",
        )
        event.refresh_from_db()
        assert (event.target_type, event.target_id, event.target_repr) == (
            "organizations.organization",
            str(tree.cell.pk),
            "Chi bộ Tổ Toán",
        )
        assert event.before == {"day": "2024-03-25"}
        assert event.after == {"parent": tree.commune.pk, "n": "1.5"}
        assert (event.organization, event.reason) == (tree.commune, "Thử")

    def test_records_the_system_as_no_actor(self, tree):
        event = record_event(actor=SYSTEM, code="thu.nghiem", target=tree.cell)
        assert event.actor is None

    def test_leaves_the_request_id_empty_outside_a_request(self, tree):
        assert record_event(actor=SYSTEM, code="thu.nghiem", target=tree.cell).request_id == ""

    def test_disappears_with_a_transaction_that_is_rolled_back(self, tree):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            record_event(actor=SYSTEM, code="thu.nghiem", target=tree.cell)
            raise RuntimeError("the write failed after its audit row")
        assert AuditEvent.objects.count() == before


class TestRequestContext:
    def test_binds_the_given_id_and_restores_the_previous_one(self):
        with request_context("abc") as outer:
            assert outer == current_request_id() == "abc"
            with request_context("def"):
                assert current_request_id() == "def"
            assert current_request_id() == "abc"
        assert current_request_id() == ""

    def test_makes_up_an_id_when_none_is_given(self):
        with request_context() as value:
            assert len(value) == 32
            uuid.UUID(value)


class TestSnapshot:
    def test_takes_every_concrete_field_with_foreign_keys_as_ids(self, db):
        org = make_org(None, kind=OrgKind.CENTRAL)
        data = snapshot(org)
        assert data["parent_id"] is None
        assert data["valid_from"] == "2000-01-01"
        assert data["path"] == org.path

    def test_takes_only_the_named_fields(self, db):
        org = make_org(None, kind=OrgKind.CENTRAL, name="Gốc")
        assert snapshot(org, ["name", "valid_to"]) == {"name": "Gốc", "valid_to": None}
