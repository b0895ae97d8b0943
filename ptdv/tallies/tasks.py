"""Rebuilding the tallies in the worker after a change of the tree."""

from huey.contrib.djhuey import HUEY, db_task

from ptdv.tallies import services


@db_task()
def rebuild_tallies() -> None:
    """Rebuild every tally; a lock keeps two workers from doing it at once."""
    with HUEY.lock_task("tallies-rebuild"):
        services.rebuild()
