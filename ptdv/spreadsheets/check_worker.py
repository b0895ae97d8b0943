"""A worker process of `checking.checked_batches`.

A spawned process unpickles the function it is to run before anything sets Django up, so this module
imports nothing of Django's at its top; `start` sets Django up, then loads the job's kind and context.
"""

import pickle
from typing import Any

_job: tuple[Any, dict[str, str], Any] | None = None


def start(kind_key: str, mapping: dict[str, str], ctx: bytes) -> None:
    import django

    django.setup()
    from ptdv.spreadsheets.kinds import KINDS

    global _job
    _job = (KINDS[kind_key], mapping, pickle.loads(ctx))


def check(batch: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any], Any]]:
    from ptdv.spreadsheets.checking import check_batch

    assert _job is not None, "start() runs first"
    kind, mapping, ctx = _job
    checked = check_batch(kind, batch, mapping, ctx)
    for _, _, row_check in checked:
        # What the analysis keeps of a row leaves out its organisation (found again by its code at the
        # commit), so the model instance is not sent back.
        row_check.values.pop("organization", None)
    return checked
