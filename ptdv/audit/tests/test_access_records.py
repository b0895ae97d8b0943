"""Access records are append-only, scoped like the audit trail, and written in their own transaction."""

import pytest
from django.db import DatabaseError, connection, transaction

from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.audit.services import access_record_create
from ptdv.common.testing.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(tree, clerk):
    person = make_person(tree.cell)
    return access_record_create(actor=clerk, kind=AccessKind.VIEWED, target=person, organization=tree.cell)


def test_saving_an_existing_access_record_again_is_refused(record):
    record.kind = AccessKind.EXPORTED
    with pytest.raises(ValueError, match="chỉ được ghi thêm"):
        record.save()
    record.refresh_from_db()
    assert record.kind == AccessKind.VIEWED


def test_deleting_an_access_record_is_refused(record):
    with pytest.raises(ValueError, match="không được xóa"):
        record.delete()
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_bulk_updates_and_deletes_of_access_records_are_refused(record):
    with pytest.raises(ValueError):
        AccessRecord.objects.all().update(kind=AccessKind.EXPORTED)
    with pytest.raises(ValueError):
        AccessRecord.objects.all().delete()


def test_the_database_itself_refuses_to_rewrite_an_access_record(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessrecord SET kind = 'forged' WHERE id = %s", [record.pk])
    assert AccessRecord.objects.get(pk=record.pk).kind == AccessKind.VIEWED


def test_records_are_scoped_to_the_admins_subtree(record, provincial_officer, unrelated_officer, clerk):
    assert list(AccessRecord.objects.restrict(provincial_officer, "admin")) == [record]
    assert not AccessRecord.objects.restrict(unrelated_officer, "admin").exists()
    assert not AccessRecord.objects.restrict(clerk, "admin").exists()


def test_an_unknown_channel_is_refused(tree, clerk):
    with pytest.raises(ValueError):
        access_record_create(actor=clerk, kind=AccessKind.VIEWED, organization=tree.cell, channel="fax")


def test_the_detail_reads_in_vietnamese(tree, clerk):
    record = access_record_create(
        actor=clerk,
        kind=AccessKind.EXPORTED,
        target_type="people.person",
        target_repr="Danh sách nhân sự",
        organization=tree.cell,
        detail={"file": "ds.xlsx", "format": "xlsx", "rows": 4762, "full_national_ids": 12},
    )
    assert record.detail_text() == "Tệp ds.xlsx · XLSX · 4.762 dòng · 12 số CCCD đầy đủ"
