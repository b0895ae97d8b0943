"""The commit writes what the analysis checked, without reading the cells again, and checks again only
what may have changed since: the organisations and the people already in the system."""

import gc

import pytest
from django.db import transaction

from ptdv.organizations.models import Organization
from ptdv.people.models import Person
from ptdv.spreadsheets import services
from ptdv.spreadsheets.kinds.people import PeopleKind
from ptdv.spreadsheets.models import ImportRow, ImportStatus, RowOutcome
from ptdv.spreadsheets.services import import_commit, import_run
from ptdv.spreadsheets.tests.test_bulk_commit import _Undo, described, people_file
from ptdv.spreadsheets.tests.test_commit import prepared

pytestmark = pytest.mark.django_db


def test_the_analysis_keeps_the_checked_values_of_good_rows_only(tree, clerk, tmp_path):
    job = prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx"))
    rows = {row.number: row for row in job.rows.all()}
    admitted = rows[3].values  # Trần Thị Bình, full member since 19/05/2010
    assert admitted["full_name"] == "Trần Thị Bình"
    assert admitted["admitted_on"] == {"date": "2010-05-19"}
    assert admitted["status"] == "full" and admitted["org_code"] == tree.cell.code
    assert "organization" not in admitted, "the organisation is found again from its code at the commit"
    assert rows[9].errors and rows[9].values is None, "a row with errors keeps no values"


def test_the_commit_does_not_read_the_cells_again(tree, clerk, tmp_path, monkeypatch):
    job = prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx"))

    def reading_again(self, raw, ctx):
        raise AssertionError("the commit read a row's cells again")

    monkeypatch.setattr(PeopleKind, "check", reading_again)
    job = import_commit(job)
    assert job.status == ImportStatus.DONE and job.created == 5
    assert Person.objects.get(full_name="Trần Thị Bình").status == "full"


def test_rows_analysed_before_values_were_kept_are_read_again_and_write_the_same(tree, clerk, tmp_path):
    path = people_file(tree, tmp_path / "a.xlsx")
    with pytest.raises(_Undo), transaction.atomic():
        job = prepared(clerk, tree, path)
        ImportRow.objects.filter(job=job).update(values=None)  # as rows analysed by the previous version
        from_cells = described(import_commit(job))
        raise _Undo
    assert Person.objects.count() == 0
    from_values = described(import_run(actor=clerk, kind="people", organization=tree.commune, path=path))
    assert from_values["counts"] == from_cells["counts"] == (5, 0, 0, 1, 3)
    assert [r[1:] for r in from_values["rows"]] == [r[1:] for r in from_cells["rows"]]
    for part in ("people", "events", "periods", "tallies"):
        assert from_values[part] == from_cells[part]


def test_an_organisation_whose_code_changed_after_the_analysis_rejects_its_rows_with_the_reason(
    tree, clerk, tmp_path
):
    job = prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx"))
    Organization.objects.filter(pk=tree.cell.pk).update(code="CB-MOI")
    job = import_commit(job)
    rejected = job.rows.filter(outcome=RowOutcome.REJECTED)
    assert job.created == 0 and not Person.objects.exists()
    message = rejected.get(number=2).outcome_message
    assert f"Không có tổ chức đảng mã “{tree.cell.code}”" in message


def test_the_import_leaves_the_garbage_collector_as_it_found_it_even_after_a_crash(
    tree, clerk, tmp_path, monkeypatch
):
    job = prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx"))
    assert gc.get_freeze_count() == 0, "the analysis unfroze what it froze"

    def crash(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "_write_chunk", crash)
    with pytest.raises(SystemExit):
        import_commit(job)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
