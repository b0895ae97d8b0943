"""The commit: resumable after a crash, exactly once per row, and every input row accounted for."""

import string

import pytest
from django.core.files.base import File
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.people.models import Person
from ptdv.spreadsheets import services
from ptdv.spreadsheets.models import ImportStatus, RowOutcome
from ptdv.spreadsheets.services import import_analyse, import_commit, import_create, import_start
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx
from ptdv.spreadsheets.workbooks import rejected_rows

pytestmark = pytest.mark.django_db


def prepared(clerk, tree, path):
    with path.open("rb") as handle:
        job = import_create(
            actor=clerk, kind="people", organization=tree.commune, upload=File(handle), name=path.name
        )
    return import_start(actor=clerk, job=import_analyse(job))


def test_a_commit_that_crashed_midway_resumes_and_writes_each_row_once(tree, clerk, tmp_path, monkeypatch):
    rows = [PEOPLE_HEADERS] + [
        [f"Người Thứ {chr(65 + i)}", "Nam", f"{i + 1:02d}/01/1990", "", tree.cell.code, "", None, None]
        for i in range(7)
    ]
    job = prepared(clerk, tree, xlsx(tmp_path / "a.xlsx", rows))
    monkeypatch.setattr(services, "CHUNK", 3)
    calls = {"n": 0}
    original = services._write_chunk

    def crash_after_writing_the_second_chunk(*args, **kwargs):
        results = original(*args, **kwargs)  # the chunk's people are written, not yet committed
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return results

    monkeypatch.setattr(services, "_write_chunk", crash_after_writing_the_second_chunk)
    with pytest.raises(SystemExit):
        import_commit(job)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING
    assert (job.processed, Person.objects.count()) == (
        3,
        3,
    )  # the first chunk committed, the second rolled back
    monkeypatch.setattr(services, "_write_chunk", original)
    job = import_commit(job)
    assert job.status == ImportStatus.DONE
    assert Person.objects.count() == 7 and job.created == 7 and job.processed == 7


def test_the_resume_task_picks_up_stalled_commits(tree, clerk, tmp_path):
    import datetime as dt

    from django.utils import timezone

    from ptdv.spreadsheets.models import ImportJob
    from ptdv.spreadsheets.tasks import resume_stalled_imports

    job = prepared(
        clerk,
        tree,
        xlsx(
            tmp_path / "a.xlsx",
            [PEOPLE_HEADERS, ["Nguyễn Văn An", "Nam", "12/03/1990", "", tree.cell.code, "", None, None]],
        ),
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    resume_stalled_imports.call_local()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Person.objects.count() == 1


cell_text = st.one_of(
    st.none(),
    # Excel files cannot hold most control characters (openpyxl refuses them), so neither can the input.
    st.text(
        alphabet=string.printable.replace("\x0b", "").replace("\x0c", "")
        + "ăâđêôơưáàảãạếềểễệĐÂƠ¸µ¶·¹¨©ªÔÕÖ\u0301\u0323",
        max_size=30,
    ),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.booleans(),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.lists(cell_text, min_size=8, max_size=8), min_size=1, max_size=6))
def test_arbitrary_cells_never_crash_and_every_row_ends_imported_or_in_the_rejected_file(
    tree, clerk, tmp_path_factory, data
):
    path = xlsx(tmp_path_factory.mktemp("prop") / "p.xlsx", [PEOPLE_HEADERS, *data])
    job = services.import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert job.status in (ImportStatus.DONE, ImportStatus.FAILED)
    if job.status == ImportStatus.FAILED:  # only when no row has any data left after dropping blank rows
        assert job.message
        return
    numbers = set(job.rows.values_list("number", flat=True))
    written = set(
        job.rows.filter(
            outcome__in=[RowOutcome.CREATED, RowOutcome.UPDATED, RowOutcome.UNCHANGED]
        ).values_list("number", flat=True)
    )
    rejected = set(rejected_rows(job).values_list("number", flat=True))
    assert written | rejected == numbers and not written & rejected
    non_blank = {
        i + 2
        for i, r in enumerate(data)
        if any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in r)
    }
    assert numbers == non_blank
