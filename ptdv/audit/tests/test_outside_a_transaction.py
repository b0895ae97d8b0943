"""Writes outside any transaction (a transactional test: the suite runs these after the others)."""

import pytest

from ptdv.audit.models import AuditEvent
from ptdv.audit.services import record_event
from ptdv.common.testing.factories import SYSTEM, make_org
from ptdv.organizations.models import OrgKind

# Each case: (code, write) where write(tree, actor) performs one service call and returns its target.


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction():
    org = make_org(None, kind=OrgKind.CENTRAL)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="inside the write's transaction"):
        record_event(actor=SYSTEM, code="thu.nghiem", target=org)
    assert AuditEvent.objects.count() == before
