"""The backup commands committed for real (a transactional test: the suite runs these after the others)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ptdv.access.roles import Role
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person, make_user
from ptdv.organizations.models import Organization, OrgKind
from ptdv.spreadsheets.tests.test_backup import dump
from ptdv.targets.models import Term
from ptdv.targets.services import target_create


@pytest.mark.django_db(transaction=True)
def test_the_commands_round_trip_outside_any_test_transaction(tmp_path):
    """Committed for real: the export's snapshot, deferred key checks at commit, the sequences."""
    term, _ = Term.objects.get_or_create(
        code="2020-2025",
        defaults={"name": "Nhiệm kỳ 2020–2025", "start": dt.date(2020, 7, 1), "end": dt.date(2025, 6, 30)},
    )
    province = make_org(None, kind=OrgKind.PROVINCE, name="Đảng bộ tỉnh Sao Lưu")
    cell = make_org(province, kind=OrgKind.CELL, name="Chi bộ Sao Lưu")
    make_user("saoluu", org=province, role=Role.ORG_ADMIN)
    make_member(cell, full_name="Trần Văn Lưu")
    target_create(actor=SYSTEM, organization=province, term=term, minimum=5, source_document="NQ 01")
    call_command("export_all", tmp_path / "a.zip", stdout=io.StringIO())
    before = dump()
    call_command("import_all", tmp_path / "a.zip", "--replace", stdout=io.StringIO())
    assert dump() == before
    assert make_person(Organization.objects.get(pk=cell.pk)).pk > max(
        p["pk"] for p in before["people.person"]
    )
