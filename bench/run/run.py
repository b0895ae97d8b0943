#!/usr/bin/env python
"""The benchmark of issue 7: the app's figures and pages on a generated national dataset, each database
figure beside a hand-written SQL floor computing the same numbers (and checked equal to them).

    .venv/bin/python bench/run/run.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench \
        [--repeat 20] [--quick] [--skip-import] [--skip-http] [--out bench/run/results/1.0.md]
    .venv/bin/python bench/run/run.py --smoke      # CI: tiny throw-away dataset, every part, no timing

Parts (README.md): progress_for and the dashboard page of the national root, a province and a
commune; people search without diacritics for three scopes; the pipeline board of a commune; the
people import (bench/import/run.py in a subprocess); HTTP load with wrk against gunicorn (2 workers).
The only writes to the benchmarked database are three bench users, their view grants and sessions.
Exits 1 when a part fails or the app's figures differ from the floor's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import floors  # noqa: E402

# The server the smoke database is created on (.ci/run exports PG_URL for its test database).
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/ptdv").rsplit("/", 1)[0]
SMOKE_DB = "ptdv_bench_smoke"
SMOKE_SCALE = "0.001"
FULL_SCALE_PERSONS = 6_006_911  # bench/generate at scale 1.0
SEARCHES = ["nguyen van an", "tran thi", "le hoang nam"]  # plus a rare full name picked from the data
PROTECTED = {"ptdv"}  # never generate into these


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------- results


@dataclass
class Row:
    what: str
    p50: float | None = None  # ms
    p95: float | None = None
    floor_p50: float | None = None
    equal: bool | None = None  # None: nothing to compare
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.p50 is None or not self.floor_p50:
            return None
        return self.p50 / self.floor_p50


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # import and HTTP tables
    failures: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        status = {True: "equal", False: "DIFFERENT", None: "-"}[row.equal]
        log(f"  {row.what}: p50 {fmt_ms(row.p50)} ms, floor {fmt_ms(row.floor_p50)} ms, {status}")
        if row.equal is False:
            self.failures.append(f"{row.what}: numbers differ: {'; '.join(row.notes)}")
        return row


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 1 else f"{v:.2f}"


def percentile(values: list[float], pct: float) -> float:
    """Nearest rank: with 20 runs the p95 is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[float, float, Any, int]:
    """(p50 ms, p95 ms, last result, SQL statements of the last run) over `repeat` runs after warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    statements = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t0) * 1000)
        statements = len(queries)
    return statistics.median(times), percentile(times, 95), result, statements


def timed_floor(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[float, Any]:
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


# ---------------------------------------------------------------------------------------- setup


def db_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def smoke_generate() -> str:
    """Generate the tiny dataset into the throw-away database; its DATABASE_URL."""
    url = f"{PG_SERVER}/{SMOKE_DB}"
    summary = ROOT / "bench" / "generate" / "results" / f"{SMOKE_SCALE}.json"
    existed = summary.exists()
    log(f"== generating scale {SMOKE_SCALE} into {SMOKE_DB}")
    cmd = [sys.executable, str(ROOT / "bench/generate/run.py"), "--scale", SMOKE_SCALE, "--seed", "1"]
    out = subprocess.run([*cmd, "--database-url", url, "--replace"], capture_output=True, text=True)
    if not existed:  # the generator writes a summary per scale; the smoke run keeps the tree clean
        summary.unlink(missing_ok=True)
    if out.returncode != 0:
        log(out.stdout[-3000:] + out.stderr[-3000:])
        raise SystemExit("bench/run smoke: the generator failed")
    return url


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


REDIS: str | None = None  # --redis: the server and the harness share this cache, as in production


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"  # no task queue file
    if REDIS:
        os.environ["REDIS_URL"] = REDIS
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def check_migrations(migrate: bool) -> None:
    """Stop when the database lags the code (a new app since it was generated), or apply with --migrate."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan)
    if not migrate:
        raise SystemExit(f"bench/run: the database has unapplied migrations ({names}); run with --migrate")
    log(f"== migrate: {names}")
    call_command("migrate", verbosity=0)


def tally_note(org: Any) -> str:
    """Whether progress_for can take the pre-aggregated path for `org` (ptdv/tallies, if installed)."""
    try:
        from ptdv.tallies.selectors import tallied_ids
    except ImportError:
        return ""
    return "tallied" if tallied_ids([org]) else "live (no ready tallies)"


def tallies_installed() -> bool:
    from django.core.management import get_commands

    return "tallies_rebuild" in get_commands()


def invalidate_tallies() -> None:
    """Mark every tally not ready, so progress_for takes its live path until the rebuild."""
    from ptdv.tallies.models import TallyState

    n = TallyState.objects.filter(ready=True).update(ready=False)
    log(f"== tallies marked not ready ({n}): the first progress rows time the live path")


def rebuild_tallies(res: Results) -> bool:
    """`manage.py tallies_rebuild` when the command exists; whether it ran."""
    from django.core.management import call_command, get_commands

    if "tallies_rebuild" not in get_commands():
        return False
    log("== manage.py tallies_rebuild")
    t0 = time.perf_counter()
    call_command("tallies_rebuild", verbosity=0, stdout=io.StringIO())
    res.extra += [
        "",
        f"`manage.py tallies_rebuild`: {time.perf_counter() - t0:.1f} s (then the rows marked '(tallies)')",
    ]
    return True


def machine(cursor: Any) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), "?"
    )
    mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    gib = int(mem.split()[1]) / 1024 / 1024
    cursor.execute("SHOW server_version")
    version = cursor.fetchone()[0]
    settings = {}
    for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather"):
        cursor.execute(f"SHOW {name}")
        settings[name] = cursor.fetchone()[0]
    load = os.getloadavg()
    return [
        f"- CPU: {model}, {os.cpu_count()} cores; RAM {gib:.1f} GiB; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        f"- PostgreSQL {version}: " + ", ".join(f"{k} {v}" for k, v in settings.items()),
        f"- Python {platform.python_version()}, {platform.platform()}",
    ]


def dataset(cursor: Any) -> tuple[list[str], float]:
    tables = [
        ("organizations_organization", "organisations"),
        ("people_person", "persons"),
        ("people_membershipevent", "events"),
        ("people_membership", "memberships"),
        ("admissions_candidacy", "candidacies"),
        ("admissions_candidacystep", "steps"),
        ("targets_target", "targets"),
    ]
    counts = {}
    for table, label in tables:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[label] = cursor.fetchone()[0]
    scale = counts["persons"] / FULL_SCALE_PERSONS
    cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
    size = cursor.fetchone()[0]
    line = ", ".join(f"{label} {n:,}" for label, n in counts.items())
    return [f"- Dataset: {line}; database {size} (≈ scale {scale:.3g})"], scale


@dataclass
class Subjects:
    root: Any
    province: Any
    commune: Any
    users: dict[str, Any]  # national / province / commune viewers


def pick_subjects(cursor: Any) -> Subjects:
    """The national root; the province with the most people; that province's commune with the most."""
    from ptdv.organizations.models import Organization, OrgKind

    root = (
        Organization.objects.filter(parent__isnull=True, valid_to__isnull=True)
        .order_by("depth", "code")
        .first()
    )

    def largest(parent: Any, kind: str) -> Any:
        cursor.execute(
            """SELECT c.id, count(p.id) AS n FROM organizations_organization c
               JOIN organizations_organization o ON o.path >= c.path AND o.path <= c.path || %(high)s
               JOIN people_person p ON p.organization_id = o.id
               WHERE c.parent_id = %(parent)s AND c.kind = %(kind)s AND c.valid_to IS NULL
               GROUP BY c.id, c.code ORDER BY n DESC, c.code LIMIT 1""",
            {"high": floors.HIGH, "parent": parent.pk, "kind": kind},
        )
        row = cursor.fetchone()
        if row is None:
            return Organization.objects.filter(kind=kind, valid_to__isnull=True).order_by("code").first()
        return Organization.objects.get(pk=row[0])

    province = largest(root, OrgKind.PROVINCE)
    commune = largest(province, OrgKind.COMMUNE)
    return Subjects(root, province, commune, bench_users(root, province, commune))


def bench_users(root: Any, province: Any, commune: Any) -> dict[str, Any]:
    """Viewer accounts (no admin role, so no second factor) on the root, the province, the commune."""
    from ptdv.access.models import Grant, User
    from ptdv.access.roles import Role

    users = {}
    for label, org in (("national", root), ("province", province), ("commune", commune)):
        user, _ = User.objects.get_or_create(username=f"bench-run-{label}", defaults={"first_name": "Bench"})
        if user.has_usable_password():
            user.set_unusable_password()
            user.save()
        Grant.objects.filter(user=user).exclude(organization=org, role=Role.VIEWER).delete()
        Grant.objects.get_or_create(user=user, organization=org, role=Role.VIEWER)
        users[label] = user
    return users


def logged_in_client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------- parts


def part_progress(res: Results, subj: Subjects, pg: Any, repeat: int, tag: str = "") -> None:
    from django.utils import timezone

    from ptdv.reports.progress import progress_for
    from ptdv.targets.selectors import current_term, term_period

    today = timezone.localdate()
    term = current_term(today)
    if term is None:
        raise RuntimeError("no current term: the dashboard's default period is missing")
    period = term_period(term)
    log(f"== progress_for, {period.label} ({period.start}–{period.end}), as of {today}")
    for label, org in (("national root", subj.root), ("province", subj.province), ("commune", subj.commune)):
        row = Row(f"progress_for{tag}: {label} {org.code}")
        try:
            p50, p95, progress, statements = timed(lambda o=org: progress_for(org=o, period=period), repeat)
            cur = pg.cursor()
            f50, floor = timed_floor(
                lambda o=org, a=progress.as_of, cur=cur: floors.floor_figures(
                    cur, org_id=o.pk, start=period.start, as_of=a
                ),
                repeat,
            )
            diff = floors.differences(floors.app_figures(progress), floor)
            row.p50, row.p95, row.floor_p50, row.equal = p50, p95, f50, not diff
            row.notes = diff or [
                f"{statements} statements; admitted {progress.admitted:,}, members {progress.members_now:,}, "
                f"{len(progress.units)} units"
            ]
            if note := tally_note(org):
                row.notes.append(note)
        except Exception as error:
            fail(res, row, error)
        res.add(row)

    log("== pipeline snapshot refresh (the background task, what the first request would pay)")
    from ptdv.reports.progress import refresh_pipeline_snapshot

    for label, org in (("national root", subj.root), ("province", subj.province)):
        if tally_note(org) != "tallied":
            continue
        row = Row(f"pipeline snapshot refresh{tag}: {label} {org.code}")
        try:
            p50, p95, _, statements = timed(
                lambda o=org: refresh_pipeline_snapshot(o, period), min(repeat, 3), warmup=0
            )
            row.p50, row.p95 = p50, p95
            row.notes = [
                f"{statements} statements; runs in the worker every 10 min, the pages read its result "
                "(typical days, pipeline tallies, funnel)"
            ]
        except Exception as error:
            fail(res, row, error)
        res.add(row)

    log("== dashboard page (test client, rendering included)")
    client = logged_in_client(subj.users["national"])
    for label, org in (("national root", subj.root), ("province", subj.province), ("commune", subj.commune)):
        row = Row(f"dashboard page{tag}: {label} {org.code}")
        try:
            p50, p95, response, statements = timed(lambda o=org: client.get(f"/bao-cao/?org={o.pk}"), repeat)
            check_status(response)
            row.p50, row.p95 = p50, p95
            row.notes = [f"{statements} statements, {len(response.content) // 1024} KB"]
        except Exception as error:
            fail(res, row, error)
        res.add(row)


def rare_name(pg: Any, commune: Any) -> str:
    """A full name from the commune (its lowest person id): few people share it nationally."""
    from ptdv.common.text import search_key

    cur = pg.cursor()
    cur.execute(
        """SELECT p.full_name FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id
           WHERE o.path >= %s AND o.path <= %s ORDER BY p.id LIMIT 1""",
        (commune.path, commune.path + floors.HIGH),
    )
    row = cur.fetchone()
    return search_key(row[0]) if row else "thach thi sa"


def part_search(res: Results, subj: Subjects, pg: Any, repeat: int, quick: bool) -> None:
    from ptdv.common.text import search_key
    from ptdv.people.selectors import person_list

    log("== people search without diacritics (person_list: a page of 50 and its count)")
    searches = [*SEARCHES, rare_name(pg, subj.commune)]
    if quick:
        searches = [searches[0], searches[-1]]
    scopes = (("national", subj.root), ("province", subj.province), ("commune", subj.commune))
    cur = pg.cursor()
    for q in searches:
        for label, org in scopes:
            row = Row(f"search '{q}': {label} officer")
            user = subj.users[label]

            def app(q: str = q, user: Any = user) -> tuple[list[int], int]:
                people = person_list(actor=user, q=q)
                return [p.pk for p in people[:50]], people.count()

            try:
                p50, p95, (ids, count), statements = timed(app, repeat)
                f50, (fids, fcount) = timed_floor(
                    lambda o=org, q=q: floors.floor_search(cur, scope_path=o.path, key=search_key(q)), repeat
                )
                row.p50, row.p95, row.floor_p50 = p50, p95, f50
                row.equal = ids == fids and count == fcount
                row.notes = [f"{count:,} found, {statements} statements"]
                if not row.equal:
                    row.notes.append(f"floor {fcount:,} found; first ids app {ids[:3]} floor {fids[:3]}")
            except Exception as error:
                fail(res, row, error)
            res.add(row)


def part_board(res: Results, subj: Subjects, pg: Any, repeat: int) -> None:
    from ptdv.admissions.models import OPEN_STAGES
    from ptdv.admissions.selectors.candidacies import CARDS_PER_COLUMN, pipeline_board

    log("== pipeline board")
    cur = pg.cursor()
    for label, org, user in (
        ("commune", subj.commune, subj.users["commune"]),
        ("province", subj.province, subj.users["province"]),
    ):
        row = Row(f"pipeline board: {label} {org.code}")
        try:

            def app(org: Any = org, user: Any = user) -> tuple[dict[str, int], dict[str, list[int]]]:
                columns = pipeline_board(actor=user, organization=org)
                return (
                    {c.stage: c.count for c in columns if c.count},
                    {c.stage: [x.pk for x in c.cards] for c in columns if c.cards},
                )

            p50, p95, (counts, cards), statements = timed(app, repeat)
            f50, (fcounts, fcards) = timed_floor(
                lambda o=org: floors.floor_board(
                    cur, org_path=o.path, stages=list(OPEN_STAGES), cards=CARDS_PER_COLUMN
                ),
                repeat,
            )
            row.p50, row.p95, row.floor_p50 = p50, p95, f50
            row.equal = counts == fcounts and cards == fcards
            row.notes = [f"{sum(counts.values()):,} open candidacies, {statements} statements"]
            if not row.equal:
                row.notes.append(f"counts app {counts} floor {fcounts}")
        except Exception as error:
            fail(res, row, error)
        res.add(row)
    client = logged_in_client(subj.users["province"])
    row = Row(f"pipeline board page: commune {subj.commune.code}")
    try:
        p50, p95, response, statements = timed(lambda: client.get(f"/ket-nap/?org={subj.commune.pk}"), repeat)
        check_status(response)
        row.p50, row.p95 = p50, p95
        row.notes = [f"{statements} statements, {len(response.content) // 1024} KB"]
    except Exception as error:
        fail(res, row, error)
    res.add(row)
    client = logged_in_client(subj.users["province"])
    row = Row(f"people list page: province {subj.province.code}, q='tran thi'")
    try:
        p50, p95, response, statements = timed(lambda: client.get("/nhan-su/?q=tran+thi"), repeat)
        check_status(response)
        row.p50, row.p95 = p50, p95
        row.notes = [f"{statements} statements, {len(response.content) // 1024} KB"]
    except Exception as error:
        fail(res, row, error)
    res.add(row)


def part_import(res: Results, rows: int) -> None:
    log(f"== import of {rows:,} rows (bench/import/run.py --db postgres, subprocess)")
    out = Path(f"/tmp/ptdv_bench_run_import_{os.getpid()}.json")
    cmd = [
        sys.executable,
        str(ROOT / "bench/import/run.py"),
        "--db",
        "postgres",
        "--rows",
        str(rows),
        "--out",
        str(out),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0 and "ptdv_bench_import" in proc.stderr:
        # Its database has a fixed name: another run of bench/import at the same moment drops it.
        log("  import failed on its database (another bench/import run?); retrying once in 30 s")
        time.sleep(30)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    report: dict[str, Any] = {}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            try:
                report = json.loads(line)
                break
            except ValueError:
                continue
    if not report and out.exists():
        report = json.loads(out.read_text())
    out.unlink(missing_ok=True)
    res.extra += [
        "",
        "| import | rows | rows/s (total) | analyse s | commit s | total s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    if proc.returncode != 0 or not report:
        res.failures.append(f"import: exit {proc.returncode}: {proc.stderr[-500:]}")
        res.extra.append(f"| bench/import/run.py | {rows:,} | FAILED (exit {proc.returncode}) | | | | |")
        return
    rps = report.get("rows_per_s") or report.get("total_rows_per_s")
    total = report.get("total_s")
    res.extra.append(
        f"| people .xlsx, PostgreSQL | {report.get('rows', rows):,} | {rps} | {report.get('analyse_s')} | "
        f"{report.get('commit_s')} | {total} | {report.get('peak_rss_mb')} |"
    )
    log(f"  import: {rps} rows/s, peak RSS {report.get('peak_rss_mb')} MB, subprocess {wall:.0f} s")


def part_search_bench(res: Results, url: str, repeat: int) -> None:
    """bench/search/run.py (the search engineer's own cases and floors), its table copied as is."""
    script = ROOT / "bench/search/run.py"
    if not script.exists():
        log("== bench/search/run.py not found: skipped")
        return
    log("== bench/search/run.py (subprocess)")
    proc = subprocess.run(
        [sys.executable, str(script), "--database-url", url, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        res.failures.append(f"bench/search/run.py: exit {proc.returncode}: {proc.stderr[-500:]}")
        return
    lines = [ln for ln in proc.stdout.splitlines() if not ln.startswith("{")]
    res.extra += ["", "### bench/search/run.py", "", *lines]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log_path: Path
    started: float

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown (SIGTERM waits up to 30 s)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_server(url: str) -> Server:
    """gunicorn config.wsgi with 2 workers (as bin/serve) on a free port, against the bench database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "HUEY_IMMEDIATE": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    if REDIS:
        env["REDIS_URL"] = REDIS
    else:
        env.pop("REDIS_URL", None)
    log_path = Path(f"/tmp/ptdv_bench_run_gunicorn_{os.getpid()}.log")
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_path.open("w"),
    )  # fmt: skip  (stderr to a file, not a pipe: a full pipe would block the server)
    return Server(proc, port, log_path, time.perf_counter())


def wait_idle(base: str, limit: float = 600) -> None:
    """Until both workers answer the health check at once, quickly (requests wrk left are finished)."""
    from concurrent.futures import ThreadPoolExecutor

    def ping(_: int) -> float:
        t0 = time.perf_counter()
        urllib.request.urlopen(f"{base}/suc-khoe/", timeout=limit).read()
        return time.perf_counter() - t0

    deadline = time.perf_counter() + limit
    with ThreadPoolExecutor(2) as pool:
        while time.perf_counter() < deadline:
            if max(pool.map(ping, range(2))) < 0.5:
                return
            time.sleep(0.5)


def part_http(
    res: Results,
    subj: Subjects,
    url: str,
    seconds: int,
    connections: int,
    warmup: int,
    smoke: bool = False,
    server: Server | None = None,
) -> None:
    from django.conf import settings

    wrk = shutil.which("wrk")
    if wrk is None:
        res.failures.append("http: wrk is not installed (apt-get install -y wrk)")
        return
    server = server or start_server(url)
    gunicorn, port, gunicorn_log, started = server.proc, server.port, server.log_path, server.started
    log(
        f"== HTTP: gunicorn, 2 workers on :{port}; wrk -t2 -c{connections} -d{seconds}s after a {warmup} s warm-up"
    )
    base = f"http://127.0.0.1:{port}"
    res.extra += ["", f"| HTTP (gunicorn 2 workers, wrk -t2 -c{connections} -d{seconds}s, after {warmup} s warm-up) | req/s | p50 ms | p95 ms | p99 ms | requests | errors |",
                  "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/suc-khoe/", timeout=2).read()
                break
            except OSError:
                if gunicorn.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {gunicorn_log.read_text()[-500:]}") from None
                time.sleep(0.2)
        log(f"  gunicorn up {time.perf_counter() - started:.1f} s after its start")
        if REDIS:  # what the worker's periodic task keeps ready in production
            from ptdv.reports.tasks import refresh_pipeline_snapshots

            t0 = time.perf_counter()
            refresh_pipeline_snapshots.call_local()
            log(f"  pipeline snapshots refreshed in {time.perf_counter() - t0:.1f} s (shared cache {REDIS})")
        targets = [  # cheapest first
            ("people list, province", "province", "/nhan-su/"),
            ("dashboard, province", "province", f"/bao-cao/?org={subj.province.pk}"),
            ("dashboard, national root", "national", f"/bao-cao/?org={subj.root.pk}"),
        ]
        if smoke:
            targets = targets[:2]
        for label, who, path in targets:
            client = logged_in_client(subj.users[who])
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            with urllib.request.urlopen(
                request, timeout=600
            ) as response:  # warm-up; a redirect to login is an error
                if response.status != 200 or "/dang-nhap" in response.url or response.url != base + path:
                    raise RuntimeError(f"{path}: status {response.status} at {response.url}")

            def load(secs: int, cookie: str = cookie, path: str = path) -> subprocess.CompletedProcess:
                return subprocess.run(
                    [wrk, "-t2", f"-c{connections}", f"-d{secs}s", "--latency", "--timeout", "60s",
                     "-s", str(HERE / "p95.lua"), "-H", f"Cookie: {cookie}", base + path],
                    capture_output=True, text=True, timeout=secs + 120,
                )  # fmt: skip

            log(f"  {label}: first request done at {time.perf_counter() - started:.1f} s")
            if warmup:  # every worker's first requests (imports, templates, connections) are not measured
                load(warmup)
                wait_idle(base)
            out = load(seconds)
            wait_idle(base)  # wrk stops at the deadline: the server may still be working on what it left
            vals = dict(re.findall(r"^BENCH (\w+) (\d+)$", out.stdout, re.M))
            if out.returncode != 0 or not vals:
                raise RuntimeError(f"wrk failed: {out.stdout[-500:]} {out.stderr[-500:]}")
            n, dur = int(vals["requests"]), int(vals["duration_us"]) / 1e6
            errors = int(vals["status_errors"]) + int(vals["socket_errors"])
            ms = {k: int(vals[f"{k}_us"]) / 1000 for k in ("p50", "p95", "p99")}
            if n == 0:  # every request took longer than the window: wrk has no latency to give
                res.extra.append(
                    f"| {label} `{path}` | 0 (none completed in {seconds} s) | | | | 0 | {errors} |"
                )
            else:
                res.extra.append(
                    f"| {label} `{path}` | {n / dur:.1f} | {fmt_ms(ms['p50'])} | {fmt_ms(ms['p95'])} | "
                    f"{fmt_ms(ms['p99'])} | {n:,} | {errors} |"
                )
            log(f"  {label}: {n / dur:.1f} req/s, p95 {ms['p95']:.0f} ms, {errors} errors")
            if errors:
                res.failures.append(f"http {label}: {errors} non-2xx/3xx or socket errors")
    except Exception as error:
        res.failures.append(f"http: {error!r}")
        traceback.print_exc()
    finally:
        # Read before stopping: a worker stopped while it boots prints a SystemExit traceback.
        errors = [ln for ln in gunicorn_log.read_text().splitlines() if "Error" in ln or "Traceback" in ln]
        server.stop()
        if errors:
            res.failures.append(f"http: the server logged errors ({gunicorn_log}): {errors[:3]}")
        else:
            gunicorn_log.unlink(missing_ok=True)


def check_status(response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"status {response.status_code} ({response.get('Location', '')})")


def fail(res: Results, row: Row, error: Exception) -> None:
    traceback.print_exc()
    row.notes = [f"ERROR {error!r}"[:300]]
    res.failures.append(f"{row.what}: {error!r}")


# ---------------------------------------------------------------------------------------- output


def render(
    res: Results, header: list[str], scale: float, repeat: int, args: argparse.Namespace, took: float
) -> str:
    equal = {True: "yes", False: "**NO**", None: ""}
    lines = [
        f"# bench/run — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`{' '.join(sys.argv)}` — {took:.0f} s",
        "",
        *header,
        f"- p50/p95 over {repeat} runs after one warm-up, in-process (Django ORM / test client, "
        "DEBUG off); floor = hand-written SQL (psycopg, bench/run/floors.py) computing the same numbers; "
        "ratio = app p50 ÷ floor p50",
        "",
        "| what | scale | p50 ms | p95 ms | floor p50 ms | ratio | numbers equal | notes |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in res.rows:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else ""
        notes = "; ".join(r.notes).replace("|", "/")
        lines.append(
            f"| {r.what} | {scale:.3g} | {fmt_ms(r.p50)} | {fmt_ms(r.p95)} | {fmt_ms(r.floor_p50)} | "
            f"{ratio} | {equal[r.equal]} | {notes} |"
        )
    lines += res.extra
    if res.failures:
        lines += ["", "## Failures", "", *[f"- {f}" for f in res.failures]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"e.g. {PG_SERVER}/ptdv_bench (not with --smoke)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--quick", action="store_true", help="5 runs, 2 searches, 2,000 import rows, 10 s load"
    )
    parser.add_argument(
        "--smoke", action="store_true", help=f"CI: generate {SMOKE_DB}, run everything briefly"
    )
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--search-bench", action="store_true", help="also run bench/search/run.py")
    parser.add_argument("--migrate", action="store_true", help="apply unapplied migrations first")
    parser.add_argument(
        "--tallies-rebuild",
        action="store_true",
        help="after the progress rows, run manage.py tallies_rebuild (if the command exists) and time "
        "progress_for again on the tallies (always on in --smoke)",
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--only", help="comma-separated parts to run: progress, search, board and list, import, http"
    )
    parser.add_argument(
        "--redis",
        help="a Redis URL: the server and the harness share the cache (pipeline snapshots warmed first)",
    )
    parser.add_argument("--import-rows", type=int)
    parser.add_argument("--http-seconds", type=int)
    parser.add_argument("--out", type=Path, help="default bench/run/results/<database>.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    global REDIS
    REDIS = args.redis

    if args.smoke:
        url = smoke_generate()
        log(f"   (generate: {time.perf_counter() - started:.1f} s)")
        repeat, import_rows, http_seconds, http_warmup = 2, 200, 2, 0
    else:
        if not args.database_url:
            parser.error("--database-url is required (or --smoke)")
        url = args.database_url
        if db_name(url) in PROTECTED:
            parser.error(f"refusing to benchmark the database {db_name(url)}")
        repeat = 5 if args.quick and args.repeat == 20 else args.repeat
        import_rows = 2_000 if args.quick else 100_000
        http_seconds = 10 if args.quick else 20
        http_warmup = 3 if args.quick else 5
    import_rows = args.import_rows or import_rows
    http_seconds = args.http_seconds or http_seconds

    setup_django(url)
    check_migrations(args.migrate)
    import psycopg

    res = Results()
    # The smoke starts the server now, so that its workers boot while the other parts run.
    server = start_server(url) if args.smoke and not args.skip_http else None
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as pg:
            header = machine(pg.cursor())
            lines, scale = dataset(pg.cursor())
            header += lines
            subj = pick_subjects(pg.cursor())
            header.append(
                f"- Subjects: national root {subj.root.code}, province {subj.province.code} ({subj.province.name}), "
                f"commune {subj.commune.code} ({subj.commune.name}) — the ones with the most people"
            )
            log("\n".join(header))
            both = (args.tallies_rebuild or args.smoke) and tallies_installed()
            parts: list[tuple[str, Callable[[], object]]] = [
                ("progress", lambda: part_progress(res, subj, pg, repeat, " (live)" if both else "")),
            ]
            if both:
                invalidate_tallies()
                parts.append(
                    (
                        "tallies",
                        lambda: rebuild_tallies(res) and part_progress(res, subj, pg, repeat, " (tallies)"),
                    )
                )
            parts += [
                ("search", lambda: part_search(res, subj, pg, repeat, args.quick or args.smoke)),
                ("board and list", lambda: part_board(res, subj, pg, repeat)),
            ]
            if args.search_bench:
                parts.append(("bench/search", lambda: part_search_bench(res, url, repeat)))
            if not args.skip_import:
                parts.append(("import", lambda: part_import(res, import_rows)))
            if not args.skip_http:
                parts.append(
                    (
                        "http",
                        lambda: part_http(
                            res,
                            subj,
                            url,
                            http_seconds,
                            4 if args.smoke else 8,
                            http_warmup,
                            args.smoke,
                            server,
                        ),
                    )
                )
            if args.only:
                wanted = {name.strip() for name in args.only.split(",")}
                parts = [part for part in parts if part[0] in wanted]
            for name, run in parts:
                t0 = time.perf_counter()
                run()
                log(f"   ({name}: {time.perf_counter() - t0:.1f} s)")
    finally:
        if server is not None:
            server.stop()
        if args.smoke:
            from django.db import connections

            connections.close_all()
            drop_database(SMOKE_DB)

    text = render(res, header, scale, repeat, args, time.perf_counter() - started)
    print(text)
    if not args.smoke:
        out = args.out or HERE / "results" / f"{db_name(url)}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        log(f"→ {out}")
    if res.failures:
        log("FAILED:\n" + "\n".join(f"  {f}" for f in res.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
