"""A large file's rows are checked by worker processes as well; the analysis stores exactly what it
stores when this process checks every row, and the commit writes the same."""

import pytest

from ptdv.spreadsheets import checking, services
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.services import import_commit
from ptdv.spreadsheets.tests.test_bulk_commit import described, people_file
from ptdv.spreadsheets.tests.test_commit import prepared

pytestmark = pytest.mark.django_db


def _stored(job):
    return [
        (r.number, r.status, r.errors, r.warnings, r.values, r.duplicate, r.decision, r.summary, r.cells)
        for r in job.rows.order_by("number")
    ]


@pytest.fixture
def pools(monkeypatch):
    """The worker pools the analysis starts."""
    started = []
    real = checking.ProcessPoolExecutor

    def recording(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(checking, "ProcessPoolExecutor", recording)
    return started


def test_rows_checked_by_worker_processes_are_stored_as_when_checked_here(
    tree, clerk, tmp_path, settings, monkeypatch, pools
):
    path = people_file(tree, tmp_path / "a.xlsx")
    monkeypatch.setattr(services, "ROW_BATCH", 3)  # several batches, some in flight together
    settings.IMPORT_CHECK_PROCESSES, settings.IMPORT_CHECK_PROCESSES_FROM_ROWS = 2, 10**6
    here = _stored(prepared(clerk, tree, path))
    assert pools == [], "a small file is checked in this process"

    settings.IMPORT_CHECK_PROCESSES_FROM_ROWS = 1
    in_workers = prepared(clerk, tree, path)

    assert pools == [2]
    assert _stored(in_workers) == here
    assert {r[1] for r in here} == {"valid", "warning", "error"}, "good rows, doubtful ones and bad ones"
    assert any(r[5] and "row" in r[5] for r in here), "a duplicate inside the file, across batches"


def test_a_file_checked_by_worker_processes_commits_the_same_people(
    tree, clerk, tmp_path, settings, monkeypatch, pools
):
    monkeypatch.setattr(services, "ROW_BATCH", 3)
    settings.IMPORT_CHECK_PROCESSES, settings.IMPORT_CHECK_PROCESSES_FROM_ROWS = 2, 1
    job = import_commit(prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx")))
    written = described(job)
    assert pools == [2]
    assert written["counts"] == (5, 0, 0, 1, 3)
    assert {p[0] for p in written["people"]} >= {"Vũ Văn Hải", "Đỗ Thị Giang", "Trần Thị Bình"}


def test_only_kinds_whose_check_reads_no_database_are_checked_elsewhere(settings):
    settings.IMPORT_CHECK_PROCESSES, settings.IMPORT_CHECK_PROCESSES_FROM_ROWS = 2, 100
    assert checking._workers(KINDS["people"], 100) == 2
    assert checking._workers(KINDS["people"], 99) == 0, "a small file"
    impure = [key for key, kind in KINDS.items() if not getattr(kind, "pure_check", False)]
    assert impure, "the other kinds look organisations and candidacies up as they check"
    assert all(checking._workers(KINDS[key], 10**5) == 0 for key in impure)
    settings.IMPORT_CHECK_PROCESSES = 1
    assert checking._workers(KINDS["people"], 10**5) == 1, "one worker beside the importing process"
    settings.IMPORT_CHECK_PROCESSES = 0
    assert checking._workers(KINDS["people"], 10**5) == 0, "none"


def test_the_analysis_keeps_the_first_three_rows_as_samples_for_choosing_columns(tree, clerk, tmp_path):
    job = prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx"))
    assert [cells[0] for cells in job.samples] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert job.samples[1][2] == "01/02/1985"
