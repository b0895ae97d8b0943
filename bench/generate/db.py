"""Database plumbing for the generator: create/replace the database, Django setup, bulk-load helpers."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

REPO = Path(__file__).resolve().parents[2]

# Tables the generator fills (Django's db_table names), in load order.
LOADED_TABLES = [
    "organizations_organization",
    "organizations_orgplacement",
    "organizations_orglineage",
    "organizations_population",
    "people_person",
    "people_membershipevent",
    "people_membership",
    "admissions_candidacy",
    "admissions_candidacystep",
    "targets_target",
]


def admin_url(database_url: str) -> tuple[str, str]:
    """The URL of the maintenance database on the same server, and the bench database's name."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unsupported database name {name!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def libpq_url(database_url: str) -> str:
    """psycopg wants postgresql:// (Django's dj-database-url also accepts postgres://)."""
    return database_url.replace("postgres://", "postgresql://", 1)


def prepare_database(database_url: str, replace: bool) -> None:
    """Create the database if missing; drop and re-create it with `replace`."""
    admin, name = admin_url(libpq_url(database_url))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and replace:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    """Point Django at the bench database (tasks in memory, media in /tmp) and set it up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"
    os.environ["MEDIA_ROOT"] = "/tmp/ptdv_bench_generate_media"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


def is_empty(conn: psycopg.Connection) -> bool:
    """True when none of the generator's tables holds a row (or they do not exist yet)."""
    for table in LOADED_TABLES:
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
            continue
        if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
            return False
    return True


@contextmanager
def constraints_dropped(conn: psycopg.Connection, tables: list[str]) -> Iterator[None]:
    """Drop the foreign keys and secondary indexes of `tables`, and put them back (validated) after.

    Loading without them is several times faster, lets several COPY streams run side by side on
    separate connections, and re-adding the foreign keys checks every reference of the loaded data.
    """
    fks = conn.execute(
        """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))""",
        [tables, tables],
    ).fetchall()
    uniques = conn.execute(
        """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)""",
        [tables],
    ).fetchall()
    indexes = conn.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [tables],
    ).fetchall()
    for table, name, _ in fks:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for table, name, _ in uniques:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.commit()
    yield
    conn.execute("SET maintenance_work_mem = '1GB'")
    for _, definition in indexes:
        conn.execute(definition)
    for table, name, definition in uniques:
        conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for table, name, definition in fks:
        conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    conn.commit()


def reset_sequences(conn: psycopg.Connection, tables: list[str]) -> None:
    """Move each table's id sequence past the highest id loaded, so the app can insert afterwards."""
    for table in tables:
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table]).fetchone()[0]
        if seq is None:
            continue
        conn.execute(f"SELECT setval(%s, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)", [seq])
    conn.commit()


def row_counts(conn: psycopg.Connection, tables: list[str]) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


class CopyStreams:
    """One COPY per table, each on its own connection, so rows of several tables can be written
    interleaved as a generator produces them (the foreign keys are dropped meanwhile)."""

    def __init__(self, url: str, columns: dict[str, list[str]]) -> None:
        self._conns: list[psycopg.Connection] = []
        self._copies: dict[str, psycopg.Copy] = {}
        self._contexts: list = []
        self.counts = {table: 0 for table in columns}
        for table, cols in columns.items():
            conn = psycopg.connect(url)
            conn.execute("SET synchronous_commit = off")
            cur = conn.cursor()
            ctx = cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN")
            self._copies[table] = ctx.__enter__()
            self._contexts.append(ctx)
            self._conns.append(conn)

    def write(self, table: str, row: tuple) -> None:
        self._copies[table].write_row(row)
        self.counts[table] += 1

    def close(self) -> None:
        for ctx in self._contexts:
            ctx.__exit__(None, None, None)
        for conn in self._conns:
            conn.commit()
            conn.close()
