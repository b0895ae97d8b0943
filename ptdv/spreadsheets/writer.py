"""The import commit's writer: one chunk's writes run in a thread while the next chunk is checked.

Per 1.000 people the commit spends about as long waiting for PostgreSQL (COPY into indexed tables, the
tallies, the chunk's COMMIT) as it spends in Python checking the rows and building theirs. With a
writer thread on a connection of its own, PostgreSQL writes chunk N while the importing thread checks
chunk N+1: the two overlap on two CPUs. At most one chunk is in flight, and chunks are written and
committed in file order, each in its own transaction as before, so a crash still loses at most the
chunk being written and the resumed commit starts at its first pending row.

Used only on PostgreSQL and outside a transaction: inside one (the tests' wrapping transaction, the
benchmark's rolled-back run into national data) the writes must stay on the caller's connection, and
SQLite allows one writer at a time anyway. Anything else, including IMPORT_WRITER_THREAD off, writes
each chunk in the calling thread, which is the same code one chunk after the other.
"""

import contextvars
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, connections

log = logging.getLogger(__name__)


class ChunkWriter:
    """Runs each chunk's write after the one before it, in a thread of its own or in the caller's."""

    def __init__(self, threaded: bool) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-writer") if threaded else None
        self._in_flight: Future[Any] | None = None

    def submit(self, write: Callable[..., Any], *args: Any) -> None:
        """Write a chunk: after the chunk before it is written and committed (whose error is raised here)."""
        if self._pool is None:
            write(*args)
            return
        self.wait()
        # The request context (the audit's request id) goes with the write into the writer's thread.
        self._in_flight = self._pool.submit(contextvars.copy_context().run, write, *args)

    def wait(self) -> None:
        """Until the chunk in flight is committed; its error, if it failed, is raised here."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()

    def close(self) -> None:
        if self._pool is None:
            return
        try:
            self.wait()
        finally:
            self._pool.submit(connections.close_all).result()  # the writer thread's own connection
            self._pool.shutdown()


def writes_in_a_thread() -> bool:
    """Whether the commit can overlap its writes with its checks (see the module's docstring)."""
    return (
        settings.IMPORT_WRITER_THREAD and connection.vendor == "postgresql" and not connection.in_atomic_block
    )


@contextmanager
def chunk_writer() -> Iterator[ChunkWriter]:
    """A writer for one commit; on leaving, the chunk in flight is finished (committed or failed)."""
    writer = ChunkWriter(writes_in_a_thread())
    try:
        yield writer
    except BaseException:
        try:
            writer.close()
        except BaseException:  # the error being raised already stops the commit; this one is logged
            log.exception("import writer: the chunk in flight failed as well")
        raise
    writer.close()
