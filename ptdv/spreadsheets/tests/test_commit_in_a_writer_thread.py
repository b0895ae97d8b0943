"""On PostgreSQL the commit writes each chunk in a thread of its own while it checks the next one; it
writes exactly what the commit in one thread writes, chunk by chunk, and a crash still loses only the
chunk being written. Committed for real: a transactional test (the suite runs these after the others)."""

import threading

import pytest
from django.db import connection, transaction

from ptdv.audit.models import AuditEvent
from ptdv.people.models import MembershipEvent, Person
from ptdv.spreadsheets import services, writer
from ptdv.spreadsheets.models import ImportStatus
from ptdv.spreadsheets.services import import_commit
from ptdv.spreadsheets.tests.test_bulk_commit import described, people_file, seven_people_file
from ptdv.spreadsheets.tests.test_commit import prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the writer thread is for PostgreSQL only"),
]


class _Undo(Exception):
    pass


@pytest.fixture
def writing_threads(monkeypatch):
    """The threads that wrote each chunk."""
    threads = []
    original = services._write_chunk

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_write_chunk", recording)
    return threads


def test_chunks_written_by_the_writer_thread_hold_what_the_commit_in_one_thread_writes(
    tree, clerk, tmp_path, monkeypatch, writing_threads
):
    path = people_file(tree, tmp_path / "a.xlsx")
    monkeypatch.setattr(services, "CHUNK", 3)  # several chunks: some checked while another is written
    with pytest.raises(_Undo), transaction.atomic():  # inside a transaction the writes stay in this thread
        in_one_thread = described(import_commit(prepared(clerk, tree, path)))
        raise _Undo
    assert writing_threads and set(writing_threads) == {threading.current_thread()}
    assert not Person.objects.exists()
    writing_threads.clear()

    job = import_commit(prepared(clerk, tree, path))

    assert writing_threads and threading.current_thread() not in writing_threads
    assert len(set(writing_threads)) == 1, "one writer, so the chunks are committed in file order"
    assert job.status == ImportStatus.DONE
    assert described(job) == in_one_thread
    assert in_one_thread["counts"] == (5, 0, 0, 1, 3)
    assert AuditEvent.objects.filter(request_id=job.request_id, code="person.created").count() == 5


def test_a_chunk_that_fails_in_the_writer_stops_the_commit_which_resumes_and_writes_each_person_once(
    tree, clerk, tmp_path, monkeypatch
):
    job = prepared(clerk, tree, seven_people_file(tree, tmp_path / "a.xlsx"))
    monkeypatch.setattr(services, "CHUNK", 3)
    calls = {"n": 0}
    original = services._write_chunk

    def crash_in_the_second_chunk(*args, **kwargs):
        results = original(*args, **kwargs)  # the chunk's people are written, not yet committed
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return results

    monkeypatch.setattr(services, "_write_chunk", crash_in_the_second_chunk)
    with pytest.raises(RuntimeError, match="disk full"):
        import_commit(job)
    job.refresh_from_db()
    assert (job.status, job.processed, Person.objects.count()) == (ImportStatus.COMMITTING, 3, 3)

    job = import_commit(job)

    assert job.status == ImportStatus.DONE and job.created == 7 and Person.objects.count() == 7
    assert MembershipEvent.objects.count() == 3 * 2  # rows 2, 4, 6: nominated and admitted, once each
    assert AuditEvent.objects.filter(request_id=job.request_id, code="person.created").count() == 7


def test_the_writer_thread_can_be_turned_off(tree, clerk, tmp_path, settings, writing_threads):
    settings.IMPORT_WRITER_THREAD = False
    job = import_commit(prepared(clerk, tree, people_file(tree, tmp_path / "a.xlsx")))
    assert job.status == ImportStatus.DONE
    assert set(writing_threads) == {threading.current_thread()}
    assert not writer.writes_in_a_thread()
