"""Checking a file's rows batch by batch: in this process, or for a large file in worker processes too.

The check of a row reads its cells and applies the kind's rules. For a kind marked `pure_check` it reads
nothing from the database (the organisations it may name are loaded into the context once), so the
batches of a large file can be checked by other processes while this one looks up the duplicates of the
batches checked before and stores them. The results are the same either way, in the file's order.
On two CPUs one worker gains as much as two (100.000 rows: ~14,7 s alone, ~13 s with one or two
workers) for half the memory (~117 MB a worker), hence one by default; more cores, more workers.

Worker processes are started fresh ("spawn", see check_worker.py), never forked: the caller holds an
open database connection inside a transaction, which a forked child would share.
"""

import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from django.conf import settings

from ptdv.spreadsheets import check_worker
from ptdv.spreadsheets.kinds.base import RowCheck
from ptdv.spreadsheets.kinds.context import Context
from ptdv.spreadsheets.mapping import row_values, to_json

log = logging.getLogger(__name__)

MSG_UNEXPECTED = "Dòng này gặp lỗi không lường trước khi kiểm tra ({error}); dòng được giữ lại để sửa."

Row = tuple[int, list[Any]]  # (row number in the sheet, the cells as read)
Checked = list[tuple[int, list[Any], RowCheck]]  # (number, the cells as stored, the check) per row


def check_row(kind: Any, cells: list[Any], mapping: dict[str, str], ctx: Context) -> RowCheck:
    """One row's check; a row must never crash the import: an unexpected failure is kept with the reason."""
    try:
        return kind.check(row_values(cells, mapping), ctx)
    except Exception as exc:
        log.exception("import row check failed")
        return RowCheck(errors=[MSG_UNEXPECTED.format(error=type(exc).__name__)])


def check_batch(kind: Any, batch: list[Row], mapping: dict[str, str], ctx: Context) -> Checked:
    checked = []
    for number, values in batch:
        cells = [to_json(v) for v in values]
        checked.append((number, cells, check_row(kind, cells, mapping, ctx)))
    return checked


def checked_batches(
    kind: Any, data: list[Row], mapping: dict[str, str], ctx: Context, size: int
) -> Iterator[Checked]:
    """The rows of `data` checked, `size` at a time, in order; each batch is let go of `data` once taken."""
    workers = _workers(kind, len(data))
    if not workers:
        for batch in _batches(data, size):
            yield check_batch(kind, batch, mapping, ctx)
        return
    ctx.orgs()  # loaded here once, and sent with the context
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=check_worker.start,
        initargs=(kind.key, mapping, pickle.dumps(ctx)),
    ) as pool:
        waiting: deque[Future[Checked]] = deque()
        for batch in _batches(data, size):
            waiting.append(pool.submit(check_worker.check, batch))
            if len(waiting) > 2 * workers:  # checked batches wait for this process only so far
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


def _workers(kind: Any, rows: int) -> int:
    """How many worker processes check a file of `rows` rows: none for a small file or an impure kind."""
    if not getattr(kind, "pure_check", False) or multiprocessing.current_process().daemon:
        return 0
    if rows < settings.IMPORT_CHECK_PROCESSES_FROM_ROWS:
        return 0
    return max(0, min(settings.IMPORT_CHECK_PROCESSES, os.cpu_count() or 1))


def _batches(data: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(data), size):
        batch = data[start : start + size]
        data[start : start + size] = [None] * len(batch)  # type: ignore[list-item]
        yield batch
