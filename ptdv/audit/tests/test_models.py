"""The audit trail is append-only."""

import pytest

from ptdv.audit.models import AuditEvent
from ptdv.audit.services import record_event
from ptdv.common.testing.factories import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(tree):
    return record_event(actor=SYSTEM, code="thu.nghiem", target=tree.cell, before={"a": 1}, after={"a": 2})


def test_saving_an_existing_event_again_is_refused(event):
    event.code = "sua.lai"
    with pytest.raises(ValueError, match="chỉ được ghi thêm"):
        event.save()
    event.refresh_from_db()
    assert event.code == "thu.nghiem"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(ValueError, match="không được xóa"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_changes_lists_only_the_fields_that_differ(db):
    event = AuditEvent(
        before={"name": "Cũ", "kind": "cell", "gone": 1}, after={"name": "Mới", "kind": "cell", "new": 2}
    )
    assert event.changes() == [("name", "Cũ", "Mới"), ("gone", 1, None), ("new", None, 2)]


def test_changes_of_a_creation_lists_every_field(db):
    assert AuditEvent(after={"name": "Mới"}).changes() == [("name", None, "Mới")]


def test_the_database_itself_refuses_to_rewrite_an_audit_row(db):
    from django.db import DatabaseError, connection, transaction

    from ptdv.common.testing.factories import make_org

    org = make_org(None)
    event = AuditEvent.objects.filter(target_id=str(org.pk)).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET code = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).code == "organization.created"


def test_bulk_updates_and_deletes_of_the_audit_trail_are_refused(db):
    from ptdv.common.testing.factories import make_org

    make_org(None)
    with pytest.raises(ValueError):
        AuditEvent.objects.all().update(code="forged")
    with pytest.raises(ValueError):
        AuditEvent.objects.all().delete()
