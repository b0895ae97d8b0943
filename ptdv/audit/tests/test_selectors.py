"""Reads of the audit trail: only organisation admins of the subtree see its events."""

import pytest

from ptdv.audit.models import AuditEvent
from ptdv.audit.selectors import audit_event_list
from ptdv.common.testing.factories import make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return make_person(tree.cell), make_person(tree.other_cell)


def test_an_org_admin_sees_the_events_of_their_subtree_only(tree, people, unrelated_officer):
    here, there = people
    events = audit_event_list(actor=unrelated_officer)
    assert events.filter(target_type="people.person", target_id=str(there.pk)).exists()
    assert not events.filter(target_type="people.person", target_id=str(here.pk)).exists()
    assert all(event.organization.path.startswith(tree.other_commune.path) for event in events)


def test_a_clerk_who_may_not_administer_sees_nothing(people, clerk):
    assert not audit_event_list(actor=clerk).exists()


def test_a_superuser_sees_everything_including_events_without_an_organisation(people):
    admin = make_user(superuser=True)
    assert audit_event_list(actor=admin).count() == AuditEvent.objects.count()


def test_filters_to_one_target(people, provincial_officer):
    here, _ = people
    events = list(audit_event_list(actor=provincial_officer, target=here))
    assert [(e.code, e.target_id) for e in events] == [("person.created", str(here.pk))]
