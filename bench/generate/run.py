#!/usr/bin/env python
"""Generate a deterministic synthetic national dataset into PostgreSQL, with COPY.

    .venv/bin/python bench/generate/run.py --scale 0.01 \
        --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench [--seed 1] [--replace]

Creates the database if missing and migrates it; refuses one that already holds data unless
--replace (drop and re-create). Same seed and scale give the same rows. See README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import db  # noqa: E402

REFERENCE_DATE = dt.date(2026, 9, 30)  # "today" of the data: nothing happens after it
STAMP = dt.datetime(2026, 9, 30, 10, 0, tzinfo=dt.UTC)  # created_at / recorded_at of every row


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 = national size")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replace", action="store_true", help="drop and re-create the database first")
    return parser.parse_args(argv)


class Phases:
    """Wall-clock seconds per phase, printed as they end."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        print(f"[{name}] …", flush=True)
        t0 = time.perf_counter()
        result = fn()
        self.seconds[name] = round(time.perf_counter() - t0, 1)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"[{name}] done in {self.seconds[name]:.1f} s (peak RSS {rss} MB)", flush=True)
        return result


def copy_table(url: str, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` into `table` on a connection of its own."""
    streams = db.CopyStreams(url, {table: columns})
    for row in rows:
        streams.write(table, row)
    streams.close()
    return streams.counts[table]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = db.libpq_url(args.database_url)
    phases = Phases()
    started = time.perf_counter()

    def prepare() -> None:
        db.prepare_database(args.database_url, args.replace)
        import psycopg

        with psycopg.connect(url) as conn:
            if not db.is_empty(conn):
                raise SystemExit("the database already holds data: use --replace to drop and re-create it")
        db.setup_django(args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

    phases.run("migrate", prepare)

    # Imported after Django is set up (ptdv modules may touch settings).
    import psycopg
    from history import CANDIDACY_COLUMNS, STEP_COLUMNS
    from people import EVENT_COLUMNS, MEMBERSHIP_COLUMNS, generate_people
    from persons import PERSON_COLUMNS
    from targets import TARGET_COLUMNS, target_rows
    from tree import (
        LINEAGE_COLUMNS,
        ORG_COLUMNS,
        PLACEMENT_COLUMNS,
        POPULATION_COLUMNS,
        build_tree,
        lineage_rows,
        org_rows,
        placement_rows,
        population_rows,
    )

    rng = random.Random(args.seed)
    admin = psycopg.connect(url)
    tree = phases.run("tree (in memory)", lambda: build_tree(args.scale, rng))
    print(
        f"  {len(tree.orgs):,} organisations: {tree.count('commune'):,} communes, "
        f"{tree.count('grassroots_committee') + tree.count('grassroots_cell'):,} grassroots, "
        f"{tree.count('cell'):,} cells"
    )
    with db.constraints_dropped(admin, db.LOADED_TABLES):

        def load_tree() -> None:
            copy_table(url, "organizations_organization", ORG_COLUMNS, org_rows(tree))
            copy_table(url, "organizations_orgplacement", PLACEMENT_COLUMNS, placement_rows(tree))
            copy_table(url, "organizations_orglineage", LINEAGE_COLUMNS, lineage_rows(tree))
            copy_table(url, "organizations_population", POPULATION_COLUMNS, population_rows(tree, rng))

        phases.run("tree COPY", load_tree)

        def load_people() -> None:
            streams = db.CopyStreams(
                url,
                {
                    "people_person": PERSON_COLUMNS,
                    "people_membershipevent": EVENT_COLUMNS,
                    "people_membership": MEMBERSHIP_COLUMNS,
                    "admissions_candidacy": CANDIDACY_COLUMNS,
                    "admissions_candidacystep": STEP_COLUMNS,
                },
            )
            generate_people(tree, rng, streams, args.scale, REFERENCE_DATE, STAMP)
            streams.close()

        phases.run("people + candidacies COPY", load_people)

        def load_targets() -> None:
            terms = dict(admin.execute("SELECT code, id FROM targets_term").fetchall())
            women = admin.execute("SELECT id FROM targets_category WHERE key = 'nu'").fetchone()[0]
            copy_table(url, "targets_target", TARGET_COLUMNS, target_rows(tree, rng, terms, women, STAMP))

        phases.run("targets COPY", load_targets)
        print("[indexes + foreign keys] …", flush=True)
        t0 = time.perf_counter()
    phases.seconds["indexes + foreign keys"] = round(time.perf_counter() - t0, 1)
    print(f"[indexes + foreign keys] done in {phases.seconds['indexes + foreign keys']:.1f} s")

    def finish() -> None:
        db.reset_sequences(admin, db.LOADED_TABLES)
        admin.autocommit = True
        admin.execute("VACUUM ANALYZE")
        admin.autocommit = False

    phases.run("setval + vacuum analyze", finish)

    def tallies() -> None:
        # The rows went around the services, so the pre-aggregated figures are built once from them.
        from django.core.management import call_command

        call_command("tallies_rebuild")
        admin.autocommit = True
        admin.execute("ANALYZE tallies_eventtally, tallies_membertally, tallies_tallystate")
        admin.autocommit = False

    phases.run("tallies rebuild", tallies)
    counts = db.row_counts(admin, db.LOADED_TABLES)
    size = admin.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    admin.close()
    total = round(time.perf_counter() - started, 1)
    report(args, counts, phases.seconds, total, size)


def report(
    args: argparse.Namespace, counts: dict[str, int], seconds: dict[str, float], total: float, size: str
) -> None:
    print(f"\n{'table':<32}{'rows':>14}")
    for table, n in counts.items():
        print(f"{table:<32}{n:>14,}")
    print(f"\n{'phase':<32}{'seconds':>14}")
    for phase, s in seconds.items():
        print(f"{phase:<32}{s:>14.1f}")
    print(f"{'total':<32}{total:>14.1f}\ndatabase size: {size}")
    out = HERE / "results" / f"{args.scale:g}.json"
    out.parent.mkdir(exist_ok=True)
    summary = {
        "scale": args.scale,
        "seed": args.seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        "rows": counts,
        "seconds": seconds,
        "total_seconds": total,
        "database_size": size,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"summary: {out.relative_to(HERE.parents[1])}")


if __name__ == "__main__":
    main()
