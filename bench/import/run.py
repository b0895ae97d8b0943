#!/usr/bin/env python
"""Time the people import end to end on a throw-away database: analyse, then commit.

    .venv/bin/python bench/import/run.py --db sqlite --rows 100000
    .venv/bin/python bench/import/run.py --db postgres --rows 100000
    .venv/bin/python bench/import/run.py --db sqlite --rows 2000 --profile     # cProfile of the commit
    .venv/bin/python bench/import/run.py --db sqlite --rows 200 --queries      # SQL queries per row
    .venv/bin/python bench/import/run.py --db sqlite --rows 20000 --tracemalloc

The database is separate from the app's (the approach of bench/tree/generate_and_measure.py):
PostgreSQL `ptdv_bench_import` on 127.0.0.1:5432, dropped and re-created on every run and dropped at
the end unless --keep, or a SQLite file under /tmp. It is migrated with the app's migrations; a tree
of one province, 10 communes and 100 cells is created through the services. A people .xlsx is written
with openpyxl's write-only mode: distinct people with valid national IDs spread over the cells, about
30 % members with admission dates, and a few % rows that must be rejected (year-only birth date,
unknown organisation code, an 11-digit ID, a member without admission date).

Everything timed is the app's own code: `import_create`, `import_analyse`, `import_start` and
`import_commit` of `ptdv.spreadsheets.services`, run as `SystemActor()`. Results go to
bench/import/results/<db>-<rows>[-variant].json. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ptdv_bench_import"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
SQLITE_DEFAULT = "/tmp/ptdv_bench_import.sqlite3"
MEDIA_DIR = Path(f"/tmp/ptdv_bench_import_media_{os.getpid()}")  # per run: two runs may overlap

COMMUNES, CELLS_PER_COMMUNE = 10, 10
FOUNDED = dt.date(1945, 1, 1)  # before every admission date in the file: the cells are active then
MEMBER_SHARE = 0.30  # two thirds of them full members (confirmed), one third probationary
BAD_SHARE = 0.03
BAD_KINDS = ("year_only", "unknown_org", "short_id", "member_without_date")
HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Dân tộc",
    "Tôn giáo",
    "Trình độ giáo dục phổ thông",
    "Nghề nghiệp, chức vụ",
    "Số điện thoại",
    "Nơi cư trú",
    "Mã tổ chức đảng",
    "Tình trạng",
    "Ngày vào Đảng",
    "Số quyết định kết nạp",
    "Ngày chính thức",
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Công", "Anh"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Yến",
]
JOBS = ["Giáo viên", "Nông dân", "Công nhân", "Viên chức", "Kinh doanh", "Sinh viên", "Bác sĩ"]
PROVINCE_CODES = ["001", "031", "079", "092", "048", "036"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, help="default bench/import/results/<db>-<rows>[-variant].json")
    parser.add_argument("--sqlite-path", default=SQLITE_DEFAULT)
    parser.add_argument(
        "--pg-db", default=PG_BENCH_DB, help="PostgreSQL database to (re)create, when two runs overlap"
    )
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument(
        "--into",
        metavar="DATABASE_URL",
        help="import into this generated national database (bench/generate), under its largest province, "
        "inside one transaction rolled back at the end: the database is left as it was",
    )
    variant = parser.add_mutually_exclusive_group()
    variant.add_argument("--tracemalloc", action="store_true", help="Python allocation peaks (slower)")
    variant.add_argument("--profile", action="store_true", help="cProfile the commit (slower)")
    variant.add_argument("--queries", action="store_true", help="capture the commit's SQL (slower)")
    variant.add_argument("--analyse-only", action="store_true", help="stop after the analysis (no commit)")
    return parser.parse_args(argv)


def variant_name(args: argparse.Namespace) -> str:
    names = ("tracemalloc", "profile", "queries", "analyse_only")
    return next((n.replace("_", "-") for n in names if getattr(args, n)), "")


# ------------------------------------------------------------------------------------------ database


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql)


def prepare_database(args: argparse.Namespace) -> str:
    """Create an empty bench database and return its DATABASE_URL (or the national one, with --into)."""
    if args.into:
        return args.into
    if args.db == "postgres":
        if not re.fullmatch(r"ptdv_(bench_import|imp_)\w*", args.pg_db):
            raise SystemExit("the bench database is named ptdv_bench_import… or ptdv_imp_…")
        pg_admin(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {args.pg_db}")
        return PG_BENCH_URL.replace(PG_BENCH_DB, args.pg_db)
    path = Path(args.sqlite_path)
    if not str(path.resolve()).startswith("/tmp/"):
        raise SystemExit("the SQLite bench database must live under /tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def drop_database(args: argparse.Namespace) -> None:
    from django.db import connection

    connection.close()
    if args.into:
        shutil.rmtree(MEDIA_DIR, ignore_errors=True)
        return
    if args.db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite_path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(MEDIA_DIR, ignore_errors=True)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"  # in-memory task queue: do not touch var/tasks.sqlite3
    os.environ["MEDIA_ROOT"] = str(MEDIA_DIR)  # the uploaded copy goes here, not to var/media
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def build_tree() -> tuple[Any, list[str]]:
    """Central → province → 10 communes → 10 cells each, through organization_create."""
    from ptdv.common.testing.factories import make_org
    from ptdv.organizations.models import OrgKind, Sector

    root = make_org(
        None, kind=OrgKind.CENTRAL, name="Trung ương (bench)", code="BENCH-TW", valid_from=FOUNDED
    )
    province = make_org(root, kind=OrgKind.PROVINCE, name="Đảng bộ tỉnh Bench", code="BT", valid_from=FOUNDED)
    codes = []
    for c in range(1, COMMUNES + 1):
        commune = make_org(
            province,
            kind=OrgKind.COMMUNE,
            name=f"Đảng bộ xã Bench {c:02d}",
            code=f"BT-X{c:02d}",
            sector=Sector.COMMUNE_WARD,
            valid_from=FOUNDED,
        )
        for k in range(1, CELLS_PER_COMMUNE + 1):
            cell = make_org(
                commune,
                kind=OrgKind.CELL,
                name=f"Chi bộ ấp {k:02d} xã {c:02d}",
                code=f"BT-X{c:02d}-CB{k:02d}",
                valid_from=FOUNDED,
            )
            codes.append(cell.code)
    return province, codes


def national_cells() -> tuple[Any, list[str]]:
    """The province with the most cells of a generated national tree, and the cells of 10 communes."""
    from django.db.models import Count

    from ptdv.organizations.models import Organization, OrgKind

    province = (
        Organization.objects.filter(kind=OrgKind.PROVINCE, valid_to__isnull=True)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    assert province is not None, "not a generated national database"
    cells = Organization.objects.filter(
        path__startswith=province.path, kind=OrgKind.CELL, valid_to__isnull=True
    ).order_by("path")
    return province, [c.code for c in cells][: COMMUNES * CELLS_PER_COMMUNE]


# ------------------------------------------------------------------------------------------- the file


def people_rows(n: int, cells: list[str], rng: random.Random, serial_offset: int = 0) -> Any:
    """(row values, expected kind: "ok" or one of BAD_KINDS) for n distinct people."""
    from ptdv.people import national_id as nid

    today = dt.date.today()
    seen: set[tuple[str, dt.date]] = set()
    for i in range(n):
        gender = rng.choice("MF")
        while True:
            middle = "Thị" if gender == "F" and rng.random() < 0.7 else rng.choice(MIDDLES)
            name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"
            dob = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
            if (name, dob) not in seen:  # same name and birth date would be a (legitimate) duplicate
                seen.add((name, dob))
                break
        national_id = nid.build(rng.choice(PROVINCE_CODES), gender, dob.year, serial_offset + i)
        status, admitted, document, confirmed = "", None, "", None
        if rng.random() < MEMBER_SHARE:
            if rng.random() < 2 / 3:
                admitted = dob + dt.timedelta(days=rng.randint(19 * 365, 30 * 365))
                admitted = min(admitted, today - dt.timedelta(days=800))
                confirmed = admitted + dt.timedelta(days=365)
                status = "Đảng viên chính thức"
            else:
                admitted = today - dt.timedelta(days=rng.randint(30, 330))
                status = "Đảng viên dự bị"
            document = f"{rng.randint(1, 999)}-QĐ/ĐU"
        row: list[Any] = [
            i + 1,
            name,
            "Nam" if gender == "M" else "Nữ",
            dob if i % 2 else dob.strftime("%d/%m/%Y"),  # date cells and typed text, as real files mix them
            national_id,
            "Kinh",
            "Không",
            rng.choice(["12/12", "9/12"]),
            rng.choice(JOBS),
            f"09{rng.randint(0, 99_999_999):08d}",
            f"Ấp {rng.randint(1, 20)}, xã Bench",
            cells[i % len(cells)],
            status,
            admitted,
            document,
            confirmed,
        ]
        kind = "ok"
        if rng.random() < BAD_SHARE:
            kind = BAD_KINDS[i % len(BAD_KINDS)]
            if kind == "year_only":
                row[3] = dob.year
            elif kind == "unknown_org":
                row[11] = "KHONG-CO"
            elif kind == "short_id":
                row[4] = national_id[1:]  # typed as text, one digit lost: not padded, rejected
            else:
                row[12], row[13], row[15] = "Đảng viên dự bị", None, None
        yield row, kind


def write_file(
    path: Path, n: int, cells: list[str], seed: int, serial_offset: int = 0
) -> collections.Counter:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH NHÂN SỰ (SỐ LIỆU THỬ)"])
    sheet.append(HEADERS)
    kinds: collections.Counter = collections.Counter()
    for values, kind in people_rows(n, cells, random.Random(seed), serial_offset):
        kinds[kind] += 1
        row = []
        for value in values:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)
    book.save(path)
    return kinds


# --------------------------------------------------------------------------------------- measuring

CODE_GLOBS = ("ptdv/spreadsheets/**/*.py", "ptdv/people/*.py", "ptdv/audit/*.py", "ptdv/common/*.py")


def code_fingerprint() -> dict[str, str]:
    """Which app code was measured: others change the checkout while benchmarks run (no git here)."""
    import hashlib

    files = sorted(
        f for pattern in CODE_GLOBS for f in REPO.glob(pattern) if "tests" not in f.parts and f.is_file()
    )
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(REPO).as_posix().encode() + b"\0" + f.read_bytes())
    newest = max(files, key=lambda f: f.stat().st_mtime)
    return {
        "sha256": digest.hexdigest()[:16],
        "newest_file": newest.relative_to(REPO).as_posix(),
        "newest_mtime": dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC).isoformat(
            timespec="seconds"
        ),
    }


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def workers_cpu_s() -> float:
    """CPU seconds of the finished child processes (the analysis's check workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class ChildrenRss:
    """The largest sum of the RSS of this process's children (the analysis's check workers), sampled
    from /proc every 0,2 s while running. (RUSAGE_CHILDREN's ru_maxrss would count the memory a child
    shared with this process when it was forked, before it loaded its own program.)"""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildrenRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.2):
            total = 0
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(
                        line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                    )
                except OSError:  # the process ended meanwhile
                    continue
                if fields.get("PPid", "").strip() == me and "VmRSS" in fields:
                    total += int(fields["VmRSS"].split()[0])
            self.peak_kb = max(self.peak_kb, total)


def timed(label: str, fn: Any, report: dict[str, Any], args: argparse.Namespace) -> Any:
    import tracemalloc

    if args.tracemalloc:
        tracemalloc.reset_peak()
    t0, c0, w0 = time.perf_counter(), time.process_time(), workers_cpu_s()
    with ChildrenRss() as children:
        result = fn()
    report[f"{label}_s"] = round(time.perf_counter() - t0, 3)
    report[f"{label}_cpu_s"] = round(time.process_time() - c0, 3)  # this process only, not the DB server
    report[f"{label}_workers_cpu_s"] = round(workers_cpu_s() - w0, 3)  # the analysis's check workers
    workers_mb = round(children.peak_kb / 1024, 1)
    report["peak_rss_workers_mb"] = max(report.get("peak_rss_workers_mb", 0.0), workers_mb)
    report[f"peak_rss_after_{label}_mb"] = round(rss_mb(), 1)
    if args.tracemalloc:
        report[f"tracemalloc_peak_{label}_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    print(f"  {label}: {report[f'{label}_s']:.1f} s, peak RSS so far {rss_mb():.0f} MB", flush=True)
    return result


def profiled(fn: Any, job: Any, out: Path) -> Any:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    job = profiler.runcall(fn, job)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("cumulative")
    stats.print_stats(40)
    text.write("\n\n---- by own time ----\n")
    stats.sort_stats("tottime").print_stats(25)
    out.write_text(text.getvalue())
    return job


def capture_commit_queries(job: Any, report: dict[str, Any]) -> Any:
    """The commit's SQL statements: per row overall and per chunk, by verb and by table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from ptdv.spreadsheets import services

    per_chunk: list[tuple[int, int]] = []  # (rows, statements) of each chunk's rows
    original = services._write_chunk

    counted = [0]  # statements before this chunk's: its rows' fetch and checks come before its writes

    def counting(kind: Any, job: Any, chunk: Any, steps: Any, ctx: Any) -> Any:
        result = original(kind, job, chunk, steps, ctx)
        per_chunk.append((len(chunk), len(captured) - counted[0]))
        counted[0] = len(captured)
        return result

    services._write_chunk = counting  # the bench's own process only; nothing of the app is changed
    try:
        # The writes on this thread's connection, where they are captured (no writer thread).
        with override_settings(IMPORT_WRITER_THREAD=False), CaptureQueriesContext(connection) as captured:
            job = services.import_commit(job)
    finally:
        services._write_chunk = original
    report["commit_chunks"] = [{"rows": rows, "statements": n} for rows, n in per_chunk]
    sqls = [q["sql"] for q in captured.captured_queries]
    verbs: collections.Counter = collections.Counter(s.split(None, 1)[0].upper() for s in sqls)
    tables: collections.Counter = collections.Counter()
    for sql in sqls:
        match = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql)
        tables[f"{sql.split(None, 1)[0].upper()} {match[1] if match else '-'}"] += 1
    report["commit_queries"] = len(sqls)
    report["commit_queries_per_row"] = round(len(sqls) / job.total_rows, 2)
    report["commit_queries_by_verb"] = dict(verbs.most_common())
    report["commit_queries_by_table"] = dict(tables.most_common(25))
    return job


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    variant = variant_name(args)
    name = f"{args.db}{'-national' if args.into else ''}-{args.rows}{'-' + variant if variant else ''}"
    out = args.out or RESULTS / f"{name}.json"
    setup_django(prepare_database(args))
    from django.core.files.base import File
    from django.core.management import call_command
    from django.db import connection

    from ptdv.spreadsheets import services
    from ptdv.spreadsheets.models import ImportRow, ImportStatus

    report: dict[str, Any] = {"db": args.db, "rows": args.rows, "variant": variant, "seed": args.seed}
    report["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]  # a shared machine: say so
    report["code"] = code_fingerprint()
    t0 = time.perf_counter()
    rolled_back = None
    if args.into:  # the national database: everything below in one transaction, rolled back at the end
        from django.db import transaction

        report["into"] = args.into.rsplit("/", 1)[-1]
        rolled_back = transaction.atomic()
        rolled_back.__enter__()
        province, cells = national_cells()
    else:
        call_command("migrate", verbosity=0)
        report["migrate_s"] = round(time.perf_counter() - t0, 1)
        province, cells = build_tree()
    path = Path(f"/tmp/ptdv_bench_import_{args.rows}_{os.getpid()}.xlsx")
    t0 = time.perf_counter()
    # National IDs above the generator's serials (a few thousand per province, gender and year of birth)
    kinds = write_file(path, args.rows, cells, args.seed, serial_offset=600_000 if args.into else 0)
    report.update(
        write_file_s=round(time.perf_counter() - t0, 1),
        file_mb=round(path.stat().st_size / 2**20, 2),
        generated=dict(kinds),
        peak_rss_before_import_mb=round(rss_mb(), 1),
    )
    print(f"{args.db}, {args.rows} rows: file {report['file_mb']} MB, {dict(kinds)}", flush=True)
    actor = services.SystemActor()
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    with path.open("rb") as handle:
        job = services.import_create(
            actor=actor, kind="people", organization=province, upload=File(handle), name=path.name
        )
    if args.profile:
        analyse_profile = out.with_name(out.stem + "-analyse.txt")
        job = timed("analyse", lambda: profiled(services.import_analyse, job, analyse_profile), report, args)
    else:
        job = timed("analyse", lambda: services.import_analyse(job), report, args)
    if job.status != ImportStatus.READY:
        raise SystemExit(f"analysis ended in {job.status}: {job.message}")
    if args.analyse_only:
        report["commit_s"] = None
    elif args.profile:
        commit_profile = out.with_name(out.stem + "-commit.txt")
        job = services.import_start(actor=actor, job=job)
        job = timed("commit", lambda: profiled(services.import_commit, job, commit_profile), report, args)
    elif args.queries:
        job = services.import_start(actor=actor, job=job)
        job = timed("commit", lambda: capture_commit_queries(job, report), report, args)
    else:
        job = services.import_start(actor=actor, job=job)
        job = timed("commit", lambda: services.import_commit(job), report, args)
    if args.tracemalloc:
        tracemalloc.stop()

    n = args.rows
    report["analyse_rows_per_s"] = round(n / report["analyse_s"])
    if report["commit_s"] is not None:
        report["commit_rows_per_s"] = round(n / report["commit_s"])
        report["total_s"] = round(report["analyse_s"] + report["commit_s"], 1)
        report["total_rows_per_s"] = round(n / report["total_s"])
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["peak_rss_mb"] = round(rss_mb(), 1)
    report["job"] = {
        f: getattr(job, f)
        for f in ("status", "total_rows", "valid_rows", "warning_rows", "error_rows", "duplicate_rows")
    } | {f: getattr(job, f) for f in ("created", "updated", "unchanged", "skipped", "rejected")}
    reasons: collections.Counter = collections.Counter()
    for message in ImportRow.objects.filter(job=job, outcome="rejected").values_list(
        "outcome_message", flat=True
    ):
        reasons[re.sub(r"“[^”]*”|\d+", "…", message)[:90]] += 1
    report["rejected_reasons"] = dict(reasons.most_common(8))
    report["expected_rejected"] = n - kinds["ok"]
    report["rejected_as_expected"] = job.rejected == report["expected_rejected"] or args.analyse_only
    if not report["rejected_as_expected"]:
        print(f"!! {job.rejected} rows rejected, {report['expected_rejected']} expected", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        server = cursor.fetchone()[0]
    if rolled_back is not None:
        from django.db import transaction

        transaction.set_rollback(True)
        rolled_back.__exit__(None, None, None)
    report["env"] = {
        "python": platform.python_version(),
        "database": server,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"→ {out}")
    path.unlink(missing_ok=True)
    if not args.keep:
        drop_database(args)
    # Last line, for bench/run and other harnesses that call this script as a subprocess.
    summary = {
        "rows": n,
        "analyse_s": report["analyse_s"],
        "commit_s": report["commit_s"],
        "total_s": report.get("total_s"),
        "rows_per_s": report.get("total_rows_per_s"),
        "peak_rss_mb": report["peak_rss_mb"],
        "peak_rss_workers_mb": report.get("peak_rss_workers_mb", 0.0),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
