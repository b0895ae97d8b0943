"""Rows sent with COPY (PostgreSQL) read back exactly as they were given, whatever their text holds."""

import pytest
from django.db import connection

from ptdv.audit.models import AuditEvent
from ptdv.common.copying import insert_values, ready_rows, send

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

TRICKY = "Tab\there, new\nline, back\\slash, \\N as text, return\r, “Nguyễn Thị Ánh” 🙂"


def test_rows_sent_with_copy_read_back_exactly_as_given():
    rows = [
        {
            "code": "person.created",
            "target_type": "people.person",
            "target_id": str(n),
            "target_repr": TRICKY,
            "before": None,
            "after": {"full_name": TRICKY, "date_of_birth": "1990-03-12", "n": n, "ok": True},
            "reason": TRICKY if n else "",
            "request_id": "import-1",
        }
        for n in range(3)
    ]
    ids = insert_values(AuditEvent, rows)
    written = {e.pk: e for e in AuditEvent.objects.filter(pk__in=ids)}
    assert len(written) == 3
    for new_id, row in zip(ids, rows, strict=True):
        event = written[new_id]
        assert (event.target_repr, event.reason, event.before, event.after) == (
            row["target_repr"],
            row["reason"],
            None,
            row["after"],
        )
        assert event.at is not None and event.actor_id is None and event.organization_id is None


def test_rows_made_ready_without_ids_take_the_tables_own():
    before = AuditEvent.objects.count()
    ready = ready_rows(
        AuditEvent, [{"code": "x.y", "target_type": "t", "target_id": "1", "target_repr": "r"}]
    )
    send(ready)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").code == "x.y"
    with pytest.raises(ValueError):
        ready_rows(AuditEvent, [{"code": "x.y"}], ids=[1, 2])
