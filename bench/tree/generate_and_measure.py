#!/usr/bin/env python
"""Build a synthetic national organisation tree in a throw-away database and time the tree queries.

    .venv/bin/python bench/tree/generate_and_measure.py --db sqlite --scale 1.0
    .venv/bin/python bench/tree/generate_and_measure.py --db postgres --scale 1.0

The database is separate from the app's: PostgreSQL `ptdv_bench_tree` on 127.0.0.1:5432 (dropped and
re-created on every run, dropped again at the end unless --keep), or a SQLite file under /tmp. It is
migrated with the app's migrations, then filled with bulk loads (COPY on PostgreSQL, one executemany
transaction on SQLite) using ids and paths computed here with `ptdv.organizations.paths.child_path`.

Everything measured goes through the app's own code (models, selectors) unless it is labelled as a
variant. Variants (extra indexes, other query shapes, the recursive-CTE comparison) run only against
the bench database and are measured after the baseline, so they never change the baseline figures.

Results: bench/tree/results/<db>-scale<scale>.json, .md (table) and -explain.txt (query plans).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ptdv_bench_tree"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
SQLITE_DEFAULT = "/tmp/ptdv_bench_tree.sqlite3"

OLD = dt.date(2000, 1, 1)  # when the pre-reorganisation tree starts
REORG = dt.date(2025, 7, 1)  # the 2025 reorganisation: merged communes start, predecessors end the day before
BEFORE_REORG = dt.date(2025, 3, 1)  # an as-of date inside the old period
AFTER_REORG = dt.date(2025, 12, 1)
MOVE_DAY = dt.date(2026, 1, 1)  # effective date of the timed (rolled-back) moves
ROOT_COUNT_RUNS = 10  # the national per-province count reads every person: fewer runs
JIT_PROBE_SIZES = (1_000, 2_000, 4_000, 8_000)

# National sizes at scale 1.0 (the provinces are a fact, not a size: always 34).
PROVINCES = 34
BLOCKS_PER_PROVINCE = 4  # upper-grassroots committees of provincial agencies, enterprises, ...
COMMUNES = 3_300
GRASSROOTS = 60_000
CELLS = 300_000
PEOPLE = 1_000_000
MERGED_COMMUNES = 40  # communes created by merger in 2025; their units were moved (second placement)
GRASSROOTS_UNDER_BLOCKS = 0.10
GRASSROOTS_CELL_SHARE = 0.30  # grassroots cells have members directly and no cells below

STATUS_WEIGHTS = {
    "full": 88,
    "probationary": 4,
    "candidate": 3,
    "non_member": 2,
    "removed": 1,
    "transferred_out": 1,
    "deceased": 1,
}
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


# --------------------------------------------------------------------------------------------- setup

PARTS = ("subtrees", "ancestors", "counts", "asof", "cte", "moves", "jit", "nocase", "analyzed")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies communes, units, cells, people (a label with --reuse)",
    )
    parser.add_argument("--people", type=int, default=None, help="people rows (default 1,000,000 × scale)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (after 1 warm-up)")
    parser.add_argument("--seed", type=int, default=20250701)
    parser.add_argument("--sqlite-path", default=SQLITE_DEFAULT)
    parser.add_argument(
        "--sqlite-analyze",
        action="store_true",
        help="run ANALYZE on SQLite after loading (the app never does; off by default)",
    )
    parser.add_argument("--reuse", action="store_true", help="measure an existing bench database, no rebuild")
    parser.add_argument("--tag", default="", help="suffix for the result file names")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to measure (default all: {','.join(PARTS)})",
    )
    return parser.parse_args(argv)


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql)


def prepare_database(args: argparse.Namespace) -> str:
    """Create an empty bench database (unless --reuse) and return its DATABASE_URL."""
    if args.db == "postgres":
        if not args.reuse:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        return PG_BENCH_URL
    path = Path(args.sqlite_path)
    if not str(path.resolve()).startswith("/tmp/"):
        raise SystemExit("the SQLite bench database must live under /tmp")
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def drop_database(args: argparse.Namespace) -> None:
    from django.db import connection

    connection.close()
    if args.db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite_path}{suffix}").unlink(missing_ok=True)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"  # in-memory task queue: do not touch var/tasks.sqlite3
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ---------------------------------------------------------------------------------------- generation


@dataclass
class Node:
    id: int
    parent: Node | None
    kind: str
    sector: str
    path: str
    valid_from: dt.date = OLD
    valid_to: dt.date | None = None
    children: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    nodes: list[Node]
    placements: list[tuple]  # organization_id, parent_id, path, valid_from, valid_to
    lineage: list[tuple[int, int]]  # ancestor_id, descendant_id
    member_slots: list[int]  # ids of the units people sit in (cells, grassroots cells)
    slot_weights: list[float]
    moved: int = 0


def distribute(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each part at least `minimum`."""
    spare = total - minimum * len(weights)
    scale = spare / sum(weights)
    raw = [w * scale for w in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: spare - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def generate_tree(scale: float, rng: random.Random) -> Tree:
    from ptdv.organizations.paths import child_path

    ids = itertools.count(1)

    def add(parent: Node | None, kind: str, sector: str = "") -> Node:
        pk = next(ids)
        node = Node(pk, parent, kind, sector, child_path(parent.path if parent else "", pk))
        if parent is not None:
            parent.children.append(node)
        nodes.append(node)
        return node

    nodes: list[Node] = []
    # Ids are handed out level by level, parent by parent (a bulk import's order).
    root = add(None, "central")
    provinces = [add(root, "province", "") for _ in range(PROVINCES)]
    n_communes = max(PROVINCES, round(COMMUNES * scale))
    per_province = distribute(n_communes, [rng.uniform(0.5, 2.0) for _ in provinces], minimum=1)
    blocks: list[Node] = []
    communes: list[Node] = []
    for province, count in zip(provinces, per_province, strict=True):
        for sector in ("agency", "public_service", "state_enterprise", "armed_forces")[:BLOCKS_PER_PROVINCE]:
            blocks.append(add(province, "upper_grassroots", sector))
        communes.extend(add(province, "commune", "commune_ward") for _ in range(count))

    n_grassroots = max(len(communes), round(GRASSROOTS * scale))
    n_in_blocks = round(n_grassroots * GRASSROOTS_UNDER_BLOCKS)
    parents = communes + blocks
    counts = distribute(
        n_grassroots - n_in_blocks, [rng.uniform(0.3, 1.7) for _ in communes], minimum=1
    ) + distribute(n_in_blocks, [rng.uniform(0.3, 1.7) for _ in blocks])
    sectors = [
        "residential",
        "agency",
        "education",
        "health",
        "state_enterprise",
        "non_state_enterprise",
        "school",
        "armed_forces",
        "other",
    ]
    committees: list[Node] = []
    slots: list[Node] = []
    for parent, count in zip(parents, counts, strict=True):
        for _ in range(count):
            if rng.random() < GRASSROOTS_CELL_SHARE:
                slots.append(add(parent, "grassroots_cell", rng.choice(sectors)))
            else:
                committees.append(add(parent, "grassroots_committee", rng.choice(sectors)))
    per_committee = distribute(round(CELLS * scale), [rng.uniform(0.3, 1.7) for _ in committees], minimum=1)
    for committee, count in zip(committees, per_committee, strict=True):
        slots.extend(add(committee, "cell", committee.sector) for _ in range(count))

    # The 2025 reorganisation: some communes are the result of a merger. Their 2-4 predecessors
    # (dissolved the day before) held the units that now sit under the merged commune.
    placements: list[tuple] = []
    lineage: list[tuple[int, int]] = []
    old_paths: dict[int, tuple[int, str]] = {}  # node id -> (old parent id, old path)
    merged = rng.sample(communes, max(1, round(MERGED_COMMUNES * scale)))
    for commune in merged:
        commune.valid_from = REORG
        predecessors = []
        for _ in range(rng.randint(2, 4)):
            old = add(commune.parent, "commune", "commune_ward")
            old.parent.children.remove(old)  # not a current child
            old.valid_to = REORG - dt.timedelta(days=1)
            predecessors.append(old)
            lineage.append((old.id, commune.id))
        for unit in commune.children:
            before = rng.choice(predecessors)
            stack = [(unit, before.id, child_path(before.path, unit.id))]
            while stack:
                node, old_parent, old_path = stack.pop()
                old_paths[node.id] = (old_parent, old_path)
                stack.extend((c, node.id, child_path(old_path, c.id)) for c in node.children)

    for node in nodes:
        parent_id = node.parent.id if node.parent else None
        if node.id in old_paths:
            old_parent, old_path = old_paths[node.id]
            placements.append((node.id, old_parent, old_path, node.valid_from, REORG - dt.timedelta(days=1)))
            placements.append((node.id, parent_id, node.path, REORG, None))
        else:
            placements.append((node.id, parent_id, node.path, node.valid_from, node.valid_to))
        lineage.append((node.id, node.id))
    weights = [rng.uniform(0.2, 1.8) * (3.0 if s.kind == "grassroots_cell" else 1.0) for s in slots]
    return Tree(nodes, placements, lineage, [s.id for s in slots], weights, moved=len(old_paths))


def org_rows(tree: Tree) -> Iterable[tuple]:
    for n in tree.nodes:
        name = f"{n.kind.replace('_', ' ').title()} {n.id}"
        yield (
            n.id,
            f"B{n.id}",
            name,
            name.lower(),
            n.kind,
            n.sector,
            n.parent.id if n.parent else None,
            n.path,
            len(n.path) // 7,
            n.valid_from,
            n.valid_to,
            n.kind in ("commune", "grassroots_committee"),
        )


ORG_COLUMNS = (
    "id",
    "code",
    "name",
    "name_key",
    "kind",
    "sector",
    "parent_id",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "is_authorised_to_admit",
)
PLACEMENT_COLUMNS = ("organization_id", "parent_id", "path", "valid_from", "valid_to")
LINEAGE_COLUMNS = ("ancestor_id", "descendant_id")
PERSON_COLUMNS = (
    "full_name",
    "name_key",
    "name_folded",
    "gender",
    "date_of_birth",
    "national_id",
    "ethnicity",
    "religion",
    "education_level",
    "qualification",
    "occupation",
    "occupation_group",
    "is_youth_union_member",
    "is_trade_union_member",
    "is_demobilised_soldier",
    "residence",
    "workplace",
    "phone",
    "organization_id",
    "status",
    "created_at",
    "updated_at",
)


def person_rows(tree: Tree, count: int, rng: random.Random) -> Iterable[tuple]:
    """People in random order of organisation (records accumulate over years, not per unit)."""
    from ptdv.common.text import search_key

    orgs = rng.choices(tree.member_slots, weights=tree.slot_weights, k=count)
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
    keys: dict[str, str] = {}
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for i in range(count):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
        key = keys.get(name) or keys.setdefault(name, search_key(name))
        born = dt.date(1950 + i % 55, 1 + i % 12, 1 + i % 28)
        yield (
            name,
            key,
            name.lower(),
            "MF"[i % 2],
            born,
            f"{i + 1:012d}",
            "Kinh",
            "Không",
            "upper_secondary",
            "bachelor",
            "",
            "other",
            False,
            False,
            False,
            "",
            "",
            "",
            orgs[i],
            statuses[i],
            stamp,
            stamp,
        )


# -------------------------------------------------------------------------------------------- loading


def load(table: str, columns: Sequence[str], rows: Iterable[tuple], vendor: str) -> int:
    from django.db import connection, transaction

    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

            def plain(rows: Iterable[tuple]) -> Iterable[tuple]:
                nonlocal n
                for row in rows:
                    n += 1
                    yield tuple(_sqlite_value(v) for v in row)

            cursor.connection.executemany(sql, plain(rows))  # the raw sqlite3 connection: ? placeholders
    return n


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def build(args: argparse.Namespace, timings: dict[str, float]) -> dict[str, int]:
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from ptdv.organizations.models import Organization, OrgLineage, OrgPlacement
    from ptdv.people.models import Person

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - t0

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    tree = generate_tree(args.scale, rng)
    timings["generate_tree_s"] = time.perf_counter() - t0
    people = args.people if args.people is not None else round(PEOPLE * args.scale)
    vendor = connection.vendor
    counts = {"moved_nodes": tree.moved}
    for label, model, columns, rows in (
        ("organizations", Organization, ORG_COLUMNS, org_rows(tree)),
        ("placements", OrgPlacement, PLACEMENT_COLUMNS, tree.placements),
        ("lineage", OrgLineage, LINEAGE_COLUMNS, tree.lineage),
        ("people", Person, PERSON_COLUMNS, person_rows(tree, people, rng)),
    ):
        t0 = time.perf_counter()
        counts[label] = load(model._meta.db_table, columns, rows, vendor)
        timings[f"load_{label}_s"] = time.perf_counter() - t0
        print(f"  loaded {counts[label]:>9,} {label} in {timings[f'load_{label}_s']:.1f} s", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Organization, OrgPlacement, OrgLineage, Person]
        ):
            cursor.execute(sql)
        if vendor == "postgresql":
            for model in (Organization, OrgPlacement, OrgLineage, Person):
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        elif args.sqlite_analyze:
            cursor.execute("ANALYZE")
    timings["finish_s"] = time.perf_counter() - t0
    return counts


# ------------------------------------------------------------------------------------------- timing


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Bench:
    runs: int
    vendor: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)

    def time(
        self,
        group: str,
        label: str,
        fn: Callable[[], Any],
        *,
        runs: int | None = None,
        inner: int = 1,
        variant: str = "app",
    ) -> Any:
        result = fn()  # warm-up (and the value reported)
        samples = []
        for _ in range(runs or self.runs):
            t0 = time.perf_counter()
            for _ in range(inner):
                fn()
            samples.append((time.perf_counter() - t0) / inner)
        row = {
            "group": group,
            "label": label,
            "variant": variant,
            "runs": len(samples),
            "p50_ms": percentile(samples, 0.5) * 1000,
            "p95_ms": percentile(samples, 0.95) * 1000,
            "result": _describe(result),
        }
        self.rows.append(row)
        print(
            f"  {group:<3} {variant:<26} {label:<58} p50 {row['p50_ms']:9.3f} ms  p95 {row['p95_ms']:9.3f} ms"
            f"  -> {row['result']}",
            flush=True,
        )
        return result

    def explain(self, title: str, fn: Callable[[], Any]) -> None:
        """Capture the SQL that `fn` sends, then EXPLAIN it (ANALYZE + BUFFERS on PostgreSQL)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            fn()
        for query in ctx.captured_queries:
            sql = query["sql"]
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if self.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                rows = cursor.fetchall()
            plan = "\n".join(r[0] for r in rows) if self.vendor == "postgresql" else _sqlite_plan(rows)
            self.plans.append(f"### {title}\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```\n")


def _sqlite_plan(rows: list[tuple]) -> str:
    depth: dict[int, int] = {0: -1}
    lines = []
    for node_id, parent, _unused, detail in rows:
        depth[node_id] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node_id] + detail)
    return "\n".join(lines)


def _describe(value: Any) -> Any:
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, dict):
        return f"{len(value)} groups"
    if isinstance(value, list | tuple):
        return f"{len(value)} rows"
    return type(value).__name__


# -------------------------------------------------------------------------------------- measurements


@dataclass
class Subjects:
    root: Any
    province: Any
    commune: Any
    leaf: Any
    provinces: list[Any]
    province_children: list[Any]
    facts: dict[str, Any]


def pick_subjects() -> Subjects:
    """The root, the largest province, a merged commune of median size, and a deepest cell."""
    from django.db.models import F

    from ptdv.organizations.models import Organization, OrgLineage
    from ptdv.organizations.selectors import organization_children
    from ptdv.people.models import Person

    root = Organization.objects.get(parent__isnull=True)
    provinces = list(organization_children(org=root))
    sizes = {p.pk: Organization.objects.filter(path__startswith=p.path).count() for p in provinces}
    province = max(provinces, key=lambda p: sizes[p.pk])
    merged_ids = set(
        OrgLineage.objects.exclude(ancestor=F("descendant")).values_list("descendant", flat=True)
    )
    merged = sorted(
        Organization.objects.filter(pk__in=merged_ids, kind="commune"),
        key=lambda c: (Organization.objects.filter(path__startswith=c.path).count(), c.pk),
    )
    commune = merged[len(merged) // 2]
    leaf = Organization.objects.order_by("-depth", "id").first()
    children = list(organization_children(org=province))
    facts = {
        "organizations": Organization.objects.count(),
        "people": Person.objects.count(),
        "province_id": province.pk,
        "province_path": province.path,
        "province_orgs": sizes[province.pk],
        "province_children": len(children),
        "province_people": Person.objects.filter(organization__path__startswith=province.path).count(),
        "commune_id": commune.pk,
        "commune_path": commune.path,
        "commune_orgs": Organization.objects.filter(path__startswith=commune.path).count(),
        "commune_predecessors": OrgLineage.objects.filter(descendant=commune)
        .exclude(ancestor=commune)
        .count(),
        "leaf_depth": leaf.depth,
    }
    return Subjects(root, province, commune, leaf, provinces, children, facts)


# How a subtree filter is written. "startswith" is Django's LIKE 'p%' ESCAPE '\' (the brief's query and
# the original app code); "range" is the app's paths.subtree_q (path between p and p + 'zzz…') when the
# app has it, else the same range written here.


def starts(path: str, field_name: str = "path") -> Any:
    from django.db.models import Q

    return Q(**{f"{field_name}__startswith": path})


def ranged(path: str, field_name: str = "path") -> Any:
    from django.db.models import Q

    from ptdv.organizations import paths

    if hasattr(paths, "subtree_q"):
        return paths.subtree_q(field_name, path)
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lte": path + "z" * (255 - len(path))})


PREDICATES = (("startswith (LIKE)", starts), ("range (subtree_q)", ranged))


def measure_subtrees(
    bench: Bench, s: Subjects, suffix: str = "", explain: bool = True, predicates: Sequence = PREDICATES
) -> None:
    """(a) subtree of a province / commune / root, (b) people under a province / commune."""
    from ptdv.organizations.models import Organization
    from ptdv.people.models import Person

    for name, predicate in predicates:
        v = name + suffix
        for who, org in (("province", s.province), ("commune", s.commune), ("root", s.root)):
            bench.time(
                "a",
                f"subtree count: {who}",
                lambda o=org, f=predicate: Organization.objects.filter(f(o.path)).count(),
                variant=v,
            )
        for who, org in (("province", s.province), ("commune", s.commune), ("root", s.root)):
            bench.time(
                "a",
                f"subtree id list: {who}",
                lambda o=org, f=predicate: list(
                    Organization.objects.filter(f(o.path)).values_list("id", flat=True)
                ),
                variant=v,
            )
        for who, org in (("province", s.province), ("commune", s.commune)):
            bench.time(
                "b",
                f"people count under {who}",
                lambda o=org, f=predicate: Person.objects.filter(f(o.path, "organization__path")).count(),
                variant=v,
            )
        if explain:
            bench.explain(
                f"(a) subtree count, province — {v}",
                lambda f=predicate: Organization.objects.filter(f(s.province.path)).count(),
            )
            bench.explain(
                f"(b) people count under province — {v}",
                lambda f=predicate: Person.objects.filter(f(s.province.path, "organization__path")).count(),
            )


def counts_by_people(
    parent: Any, children: list[Any], predicate: Callable, status_in_where: bool, counted: str = "id"
) -> dict:
    """subtree_counts' query shape (people joined to organisations), optionally without the WHERE on status.

    With `starts`, the status in WHERE and counted="id" this is the original (b499fc7) subtree_counts
    query. counted="status" counts a column of the (organization, status) index instead of the id
    (the same number: status is NOT NULL), so PostgreSQL can answer from that index alone.
    """
    from django.db.models import Count, Q
    from django.db.models.functions import Substr

    from ptdv.people.models import MEMBER_STATUSES, MembershipStatus, Person

    width = len(children[0].path)
    people = Person.objects.filter(predicate(parent.path, "organization__path"))
    if status_in_where:
        people = people.filter(status__in=[*MEMBER_STATUSES, MembershipStatus.CANDIDATE])
    rows = (
        people.annotate(branch=Substr("organization__path", 1, width))
        .values("branch")
        .annotate(
            members=Count(counted, filter=Q(status__in=MEMBER_STATUSES)),
            probationary=Count(counted, filter=Q(status=MembershipStatus.PROBATIONARY)),
            candidates=Count(counted, filter=Q(status=MembershipStatus.CANDIDATE)),
        )
    )
    return _by_child(rows, children)


def counts_by_organizations(parent: Any, children: list[Any], predicate: Callable) -> dict:
    """The same counts driven from the organisations: each unit's people read from (organization, status)."""
    from django.db.models import Count, Q
    from django.db.models.functions import Substr

    from ptdv.organizations.models import Organization
    from ptdv.people.models import MEMBER_STATUSES, MembershipStatus

    width = len(children[0].path)
    rows = (
        Organization.objects.filter(predicate(parent.path, "path"))
        .annotate(branch=Substr("path", 1, width))
        .values("branch")
        .annotate(
            members=Count("people", filter=Q(people__status__in=MEMBER_STATUSES)),
            probationary=Count("people", filter=Q(people__status=MembershipStatus.PROBATIONARY)),
            candidates=Count("people", filter=Q(people__status=MembershipStatus.CANDIDATE)),
        )
    )
    return _by_child(rows, children)


def _by_child(rows: Iterable[dict], children: list[Any]) -> dict[int, dict[str, int]]:
    """subtree_counts' return value: {child id: {members, probationary, candidates}}."""
    by_path = {row["branch"]: row for row in rows}
    empty = {"members": 0, "probationary": 0, "candidates": 0}
    return {c.pk: {k: by_path.get(c.path, empty)[k] for k in empty} for c in children}


def count_cases(s: Subjects) -> list[tuple[str, Any, list[Any], int | None]]:
    return [
        (f"subtree_counts: root → {len(s.provinces)} provinces", s.root, s.provinces, ROOT_COUNT_RUNS),
        (
            f"subtree_counts: province → {len(s.province_children)} children",
            s.province,
            s.province_children,
            None,
        ),
    ]


def measure_counts(bench: Bench, s: Subjects) -> None:
    """(c) per-child counts: the app's subtree_counts, the original query, and other shapes."""
    from ptdv.people.selectors import subtree_counts

    variants: list[tuple[str, Callable[[Any, list[Any]], dict]]] = [
        ("app", subtree_counts),
        (
            "original (LIKE, status in WHERE)",
            lambda p, c: counts_by_people(p, c, starts, status_in_where=True),
        ),
    ]
    for name, predicate in (("LIKE", starts), ("range", ranged)):
        variants.append(
            (f"{name}, no status in WHERE", lambda p, c, f=predicate: counts_by_people(p, c, f, False))
        )
        variants.append(
            (f"{name}, driven from orgs", lambda p, c, f=predicate: counts_by_organizations(p, c, f))
        )
    variants += [
        ("range, Count(status)", lambda p, c: counts_by_people(p, c, ranged, True, counted="status")),
        (
            "range, Count(status), no status in WHERE",
            lambda p, c: counts_by_people(p, c, ranged, False, counted="status"),
        ),
    ]
    # Every shape must give the app's answer before it is timed.
    for _label, parent, children, _runs in count_cases(s):
        expected = subtree_counts(parent, children)
        for name, fn in variants:
            assert fn(parent, children) == expected, f"{name} disagrees with subtree_counts"
    for name, fn in variants:
        for label, parent, children, runs in count_cases(s):
            bench.time("c", label, lambda p=parent, c=children, f=fn: f(p, c), variant=name, runs=runs)
        if name == "app" and bench.vendor == "postgresql":
            with pg_setting("jit", "off"):
                for label, parent, children, runs in count_cases(s):
                    bench.time(
                        "c",
                        label,
                        lambda p=parent, c=children: subtree_counts(p, c),
                        variant="app, jit=off",
                        runs=runs,
                    )
    for name, fn in variants:
        if name in (
            "app",
            "original (LIKE, status in WHERE)",
            "range, no status in WHERE",
            "range, Count(status)",
            "range, Count(status), no status in WHERE",
        ):
            bench.explain(
                f"(c) subtree_counts province → children — {name}",
                lambda f=fn: f(s.province, s.province_children),
            )


def placements_on(day: dt.date) -> Any:
    from django.db.models import Q

    from ptdv.organizations.models import OrgPlacement

    return OrgPlacement.objects.filter(
        Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def ids_as_of_original(org: Any, day: dt.date, *, include_predecessors: bool = True) -> Any:
    """organization_ids_as_of as it was before commit a4f9b47 (verbatim): a correlated EXISTS."""
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.functions import Length, Substr

    if include_predecessors:
        anchors = Q(organization__lineage_descendants__descendant=org)
    else:
        anchors = Q(organization=org)
    anchor_paths = placements_on(day).filter(anchors)
    inside = anchor_paths.filter(path=Substr(OuterRef("path"), 1, Length("path")))
    return placements_on(day).filter(Exists(inside)).values("organization_id")


def ids_as_of_two_step(org: Any, day: dt.date) -> Any:
    """organization_ids_as_of in two statements: read the few anchor paths, then one index range each."""
    from django.db.models import Q

    anchors = placements_on(day).filter(organization__lineage_descendants__descendant=org)
    condition = Q()
    for path in anchors.values_list("path", flat=True):
        condition |= ranged(path)
    if not condition:
        return placements_on(day).none().values("organization_id")
    return placements_on(day).filter(condition).values("organization_id")


AS_OF_JOIN_SQL = """
SELECT p.id FROM organizations_orgplacement p
JOIN organizations_orgplacement a ON p.path >= a.path AND p.path <= a.path || %s {extra}
WHERE a.organization_id IN (SELECT ancestor_id FROM organizations_orglineage WHERE descendant_id = %s)
  AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s)
  AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to >= %s)
"""
PREFIX_EQUALITY = "AND substr(p.path, 1, length(a.path)) = a.path"


def ids_as_of_range_join(org: Any, day: dt.date, *, prefix_equality: bool = True) -> Any:
    """The app's range join (a4f9b47), optionally with a redundant prefix equality.

    The equality changes no result (the range already implies it) but gives PostgreSQL a realistic
    row estimate for the join (it otherwise assumes a third of a third of all placements per anchor
    and wraps the join in a hash semi-join over a sequential scan of every placement).
    """
    from django.db.models.expressions import RawSQL

    from ptdv.organizations.models import OrgPlacement

    sql = AS_OF_JOIN_SQL.format(extra=PREFIX_EQUALITY if prefix_equality else "")
    params = ["z" * 255, org.pk, day, day, day, day]
    return OrgPlacement.objects.filter(pk__in=RawSQL(sql, params)).values("organization_id")


def measure_as_of(bench: Bench, s: Subjects) -> None:
    """(d) organization_ids_as_of: the app's, the original correlated EXISTS, and a two-step version."""
    from ptdv.organizations.selectors import organization_ids_as_of

    variants = [
        ("app", organization_ids_as_of),
        ("original (correlated EXISTS)", ids_as_of_original),
        ("two-step, range per anchor", ids_as_of_two_step),
        ("range join + prefix equality", ids_as_of_range_join),
    ]
    cases = [(s.commune, BEFORE_REORG), (s.commune, AFTER_REORG), (s.province, AFTER_REORG)]
    for org, day in cases:
        expected = sorted(r["organization_id"] for r in organization_ids_as_of(org, day))
        for name, fn in variants:
            assert sorted(r["organization_id"] for r in fn(org, day)) == expected, f"{name} disagrees"
    for name, fn in variants:
        for org, day in cases:
            who = "commune" if org is s.commune else "province"
            bench.time(
                "d",
                f"organization_ids_as_of({who}, {day})",
                lambda o=org, d=day, f=fn: list(f(o, d)),
                variant=name,
            )
        bench.explain(
            f"(d) organization_ids_as_of(commune, {BEFORE_REORG}) — {name}",
            lambda f=fn: list(f(s.commune, BEFORE_REORG)),
        )


def measure_app_selectors(bench: Bench, s: Subjects, variant: str) -> None:
    """The app's (c) and (d) selectors only (for the SQLite-after-ANALYZE comparison)."""
    from ptdv.organizations.selectors import organization_ids_as_of
    from ptdv.people.selectors import subtree_counts

    for label, parent, children, runs in count_cases(s):
        bench.time("c", label, lambda p=parent, c=children: subtree_counts(p, c), variant=variant, runs=runs)
    for label, parent, children, runs in count_cases(s):
        bench.time(
            "c",
            label,
            lambda p=parent, c=children: counts_by_people(p, c, ranged, False, counted="status"),
            variant=f"range, Count(status), no status in WHERE{variant.removeprefix('app')}",
            runs=runs,
        )
    for org, day in ((s.commune, BEFORE_REORG), (s.province, AFTER_REORG)):
        who = "commune" if org is s.commune else "province"
        bench.time(
            "d",
            f"organization_ids_as_of({who}, {day})",
            lambda o=org, d=day: list(organization_ids_as_of(o, d)),
            variant=variant,
        )
    bench.explain(
        f"(c) subtree_counts province → children — {variant}",
        lambda: subtree_counts(s.province, s.province_children),
    )


def measure_ancestors(bench: Bench, s: Subjects) -> None:
    from ptdv.organizations.models import Organization
    from ptdv.organizations.paths import ancestor_paths

    bench.time(
        "e",
        f"ancestor paths of a depth-{s.leaf.depth} cell (slicing, no query)",
        lambda: ancestor_paths(s.leaf.path),
        inner=10_000,
    )
    bench.time(
        "e",
        "ancestors fetched: filter(path__in=ancestor_paths)",
        lambda: list(Organization.objects.filter(path__in=ancestor_paths(s.leaf.path))),
    )
    bench.time("e", "ancestors by walking parent_id (one query per level)", lambda: _walk_up(s.leaf))


def _walk_up(org: Any) -> list[Any]:
    from ptdv.organizations.models import Organization

    out, parent_id = [], org.parent_id
    while parent_id is not None:
        node = Organization.objects.get(pk=parent_id)
        out.append(node)
        parent_id = node.parent_id
    return out


CTE_IDS = """
WITH RECURSIVE sub(id) AS (
    SELECT id FROM organizations_organization WHERE id = %s
    UNION ALL
    SELECT o.id FROM organizations_organization o JOIN sub ON o.parent_id = sub.id
)
"""


def measure_cte(bench: Bench, s: Subjects) -> None:
    """The adjacency-list alternative: the same questions by a hand-written recursive CTE on parent_id."""
    from django.db import connection

    def run(sql: str, pk: int) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            rows = cursor.fetchall()
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    count = CTE_IDS + "SELECT count(*) FROM sub"
    ids = CTE_IDS + "SELECT id FROM sub"
    people = CTE_IDS + "SELECT count(*) FROM people_person p JOIN sub ON p.organization_id = sub.id"
    v = "adjacency + recursive CTE"
    t = bench.time
    for who, org in (("province", s.province), ("commune", s.commune), ("root", s.root)):
        t("a", f"subtree count: {who}", lambda o=org: run(count, o.pk), variant=v)
    for who, org in (("province", s.province), ("commune", s.commune), ("root", s.root)):
        t("a", f"subtree id list: {who}", lambda o=org: run(ids, o.pk), variant=v)
    for who, org in (("province", s.province), ("commune", s.commune)):
        t("b", f"people count under {who}", lambda o=org: run(people, o.pk), variant=v)
    bench.explain(
        "(a) subtree count, province — adjacency + recursive CTE", lambda: run(count, s.province.pk)
    )
    bench.explain(
        "(b) people count under province — adjacency + recursive CTE", lambda: run(people, s.province.pk)
    )


def measure_sqlite_nocase_index(bench: Bench, s: Subjects) -> None:
    """SQLite only: an index LIKE can use (SQLite's LIKE is case-insensitive, so it needs NOCASE)."""
    from django.db import connection

    from ptdv.organizations.models import Organization, OrgPlacement

    tables = {"bench_org_path_nocase": Organization, "bench_placement_path_nocase": OrgPlacement}
    with connection.cursor() as cursor:
        for name, model in tables.items():
            cursor.execute(f"CREATE INDEX {name} ON {model._meta.db_table} (path COLLATE NOCASE)")
    try:
        measure_subtrees(bench, s, suffix=" + NOCASE index", predicates=PREDICATES[:1])
    finally:
        with connection.cursor() as cursor:
            for name in tables:
                cursor.execute(f"DROP INDEX {name}")


def measure_sqlite_analyzed(bench: Bench, s: Subjects) -> None:
    """SQLite only: the queries again after ANALYZE (the app never runs it; plans change). Last: it stays."""
    from django.db import connection

    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute("ANALYZE")
        print(f"  ANALYZE took {time.perf_counter() - t0:.1f} s", flush=True)
    measure_subtrees(bench, s, suffix=" after ANALYZE", explain=False)
    measure_app_selectors(bench, s, variant="app after ANALYZE")


class Rollback(Exception):
    pass


@contextlib.contextmanager
def pg_setting(name: str, value: str) -> Iterator[None]:
    """Change a PostgreSQL setting for the bench's own session only (no-op on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"RESET {name}")


def move_subtree_bulk_update(org: Any, new_parent: Any, day: dt.date) -> None:
    """services._move_subtree as it was before commit 747aacd (verbatim): one bulk_update per table.

    Django's bulk_update writes one UPDATE whose CASE has a branch per row (on PostgreSQL, all rows in
    one statement): its cost grows faster than linearly with the subtree, and PostgreSQL's JIT may spend
    many minutes compiling the CASE. Kept here only to measure the change (the "before").
    """
    from django.core.exceptions import ValidationError

    from ptdv.organizations import services
    from ptdv.organizations.models import Organization, OrgPlacement
    from ptdv.organizations.paths import child_path, depth_of

    one_day = dt.timedelta(days=1)
    old_prefix = org.path
    new_prefix = child_path(new_parent.path, org.pk)
    nodes = list(Organization.objects.filter(path__startswith=old_prefix))
    open_placements = {
        p.organization_id: p
        for p in OrgPlacement.objects.filter(organization__in=nodes, valid_to__isnull=True)
    }
    new_placements, closed, reused = [], [], []
    for node in nodes:
        node.path = new_prefix + node.path[len(old_prefix) :]
        node.depth = depth_of(node.path)
        if node.pk == org.pk:
            node.parent = new_parent
        placement = open_placements.get(node.pk)
        if placement is None:
            continue
        if placement.valid_from > day:
            raise ValidationError(
                services.MSG_DATE_BEFORE_PLACEMENT.format(day=day, start=placement.valid_from)
            )
        parent_id = new_parent.pk if node.pk == org.pk else node.parent_id
        if placement.valid_from == day:
            placement.path, placement.parent_id = node.path, parent_id
            reused.append(placement)
            continue
        placement.valid_to = day - one_day
        closed.append(placement)
        new_placements.append(
            OrgPlacement(organization=node, parent_id=parent_id, path=node.path, valid_from=day)
        )
    OrgPlacement.objects.bulk_update(closed, ["valid_to"])
    OrgPlacement.objects.bulk_update(reused, ["path", "parent"])
    OrgPlacement.objects.bulk_create(new_placements)
    Organization.objects.bulk_update(nodes, ["path", "depth", "parent"])
    org.path, org.depth, org.parent = new_prefix, depth_of(new_prefix), new_parent


def measure_moves(bench: Bench, s: Subjects) -> None:
    """organization_move of a commune and of the largest province, each rolled back afterwards.

    "app" is the service as it is now; "before 747aacd" runs the same service with `_move_subtree`
    patched in memory (bench only) to the earlier bulk_update version, after checking on the commune
    that both leave identical tree and placement rows. On PostgreSQL any bulk_update version of the
    province move runs with JIT off: with JIT on it did not finish in 24 minutes.
    """
    import inspect
    from unittest import mock

    from django.db import transaction

    from ptdv.access.models import User
    from ptdv.organizations import services
    from ptdv.organizations.models import Organization, OrgPlacement

    actor, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True, "is_active": True}
    )

    def move(org_pk: int, parent_pk: int, snapshot: bool = False) -> Any:
        org = Organization.objects.get(pk=org_pk)
        parent = Organization.objects.get(pk=parent_pk)
        n = Organization.objects.filter(path__startswith=org.path).count()
        state = None
        try:
            with transaction.atomic():
                services.organization_move(actor=actor, org=org, new_parent=parent, effective_date=MOVE_DAY)
                if snapshot:
                    below = Organization.objects.filter(path__startswith=org.path)
                    state = (
                        sorted(below.values_list("pk", "path", "depth", "parent_id")),
                        sorted(
                            OrgPlacement.objects.filter(organization__in=below.values("pk")).values_list(
                                "organization_id", "parent_id", "path", "valid_from", "valid_to"
                            )
                        ),
                    )
                raise Rollback
        except Rollback:
            pass
        return state if snapshot else n

    other = next(p for p in s.provinces if p.pk != s.province.pk)
    app_move = services._move_subtree
    app_state = move(s.commune.pk, other.pk, snapshot=True)
    with mock.patch.object(services, "_move_subtree", move_subtree_bulk_update):
        assert move(s.commune.pk, other.pk, snapshot=True) == app_state, "the two moves leave different rows"
    for variant, implementation in (
        ("app", app_move),
        ("before 747aacd (bulk_update)", move_subtree_bulk_update),
    ):
        jit_off = bench.vendor == "postgresql" and "bulk_update(" in inspect.getsource(implementation)
        with mock.patch.object(services, "_move_subtree", implementation):
            bench.time(
                "m",
                "organization_move: a commune to another province (rolled back)",
                lambda: move(s.commune.pk, other.pk),
                runs=5,
                variant=variant,
            )
            with pg_setting("jit", "off") if jit_off else contextlib.nullcontext():
                bench.time(
                    "m",
                    "organization_move: the largest province under another (rolled back)",
                    lambda: move(s.province.pk, other.pk),
                    runs=3,
                    variant=f"{variant}, jit=off" if jit_off else variant,
                )


def measure_bulk_update_jit(bench: Bench, s: Subjects) -> None:
    """PostgreSQL only: Django's bulk_update (one UPDATE, one CASE branch per row) by size, JIT on/off."""
    from django.db import transaction

    from ptdv.organizations.models import Organization

    nodes = list(Organization.objects.filter(path__startswith=s.province.path).order_by("path"))

    def update(n: int) -> int:
        try:
            with transaction.atomic():
                Organization.objects.bulk_update(nodes[:n], ["path", "depth", "parent"])
                raise Rollback
        except Rollback:
            pass
        return n

    for n in [n for n in JIT_PROBE_SIZES if n <= len(nodes)] or [len(nodes)]:
        for jit in ("off", "on"):
            with pg_setting("jit", jit):
                bench.time(
                    "m",
                    f"bulk_update(path, depth, parent) of {n:,} organisations",
                    lambda n=n: update(n),
                    runs=1,
                    variant=f"jit={jit}",
                )


# ------------------------------------------------------------------------------------------- report


def machine_facts(vendor: str) -> dict[str, Any]:
    from django.db import connection

    facts: dict[str, Any] = {
        "load_average_1_5_15": os.getloadavg(),
        "cpu_cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        facts["ram_gb"] = round(int(mem) / 1024 / 1024, 1)
        facts["cpu_model"] = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT version()")
            facts["database"] = cursor.fetchone()[0].split(" on ")[0]
            cursor.execute(
                "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', "
                "'work_mem', 'random_page_cost', 'max_parallel_workers_per_gather', 'jit')"
            )
            facts["pg_settings"] = {n: f"{v} × {u}" if u else v for n, v, u in cursor.fetchall()}
            cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
            facts["collation"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            facts["database_size"] = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            facts["database"] = f"SQLite {cursor.fetchone()[0]}"
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            facts["database_size"] = f"{pages * cursor.fetchone()[0] / 1024 / 1024:.0f} MB"
    return facts


def git_revision() -> str:
    import subprocess

    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "ptdv", "config")
    return git("rev-parse", "--short", "HEAD") + (" (app files modified)" if dirty else "")


def write_report(args: argparse.Namespace, bench: Bench, s: Subjects, build_info: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{args.db}-scale{args.scale:g}{args.tag}"
    data = {"args": vars(args), "build": build_info, "subjects": s.facts, "measurements": bench.rows}
    Path(f"{stem}.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    lines = [
        f"# Tree benchmark — {args.db}, scale {args.scale:g}",
        "",
        f"Machine and database: `{json.dumps(build_info['machine'], ensure_ascii=False)}`",
        "",
        f"Data: `{json.dumps(s.facts)}`",
        "",
        f"Build timings (s): `{json.dumps({k: round(v, 1) for k, v in build_info['timings'].items()})}`",
        "",
        f"App revision: {build_info['git_at_start']} at start, {build_info.get('git_at_end')} at end "
        f"(the run uses the code imported at start). Errors: {build_info['errors'] or 'none'}.",
        "",
        "| | variant | measurement | p50 ms | p95 ms | result |",
        "|---|---|---|---:|---:|---|",
    ]
    for r in bench.rows:
        lines.append(
            f"| {r['group']} | {r['variant']} | {r['label']} | {r['p50_ms']:.3f} | {r['p95_ms']:.3f} "
            f"| {r['result']} |"
        )
    Path(f"{stem}.md").write_text("\n".join(lines) + "\n")
    Path(f"{stem}-explain.txt").write_text("\n".join(bench.plans))
    return stem


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    url = prepare_database(args)
    setup_django(url)
    from django.db import connection

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    if not args.reuse:
        print(f"building the bench database ({args.db}, scale {args.scale:g}) …", flush=True)
        t0 = time.perf_counter()
        counts = build(args, timings)
        timings["build_total_s"] = time.perf_counter() - t0
        print(f"  built in {timings['build_total_s']:.0f} s", flush=True)
    # One snapshot of the app for the whole run (others edit it meanwhile): import everything now.
    import ptdv.access.scoping
    import ptdv.organizations.selectors
    import ptdv.organizations.services
    import ptdv.people.selectors  # noqa: F401

    revision = git_revision()
    if args.reuse and connection.vendor == "sqlite" and not args.sqlite_analyze:
        # The baseline is "no statistics", as after a fresh build (the app never runs ANALYZE);
        # the `analyzed` part of an earlier run leaves them behind.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    bench = Bench(args.runs, connection.vendor)
    subjects = pick_subjects()
    print(f"app at {revision}; subjects: {subjects.facts}", flush=True)
    parts = set(args.only.split(","))
    sqlite = connection.vendor == "sqlite"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("subtrees", lambda: measure_subtrees(bench, subjects)),
        ("ancestors", lambda: measure_ancestors(bench, subjects)),
        ("counts", lambda: measure_counts(bench, subjects)),
        ("asof", lambda: measure_as_of(bench, subjects)),
        ("cte", lambda: measure_cte(bench, subjects)),
        ("moves", lambda: measure_moves(bench, subjects)),
        ("jit", lambda: None if sqlite else measure_bulk_update_jit(bench, subjects)),
        ("nocase", lambda: measure_sqlite_nocase_index(bench, subjects) if sqlite else None),
        (
            "analyzed",
            lambda: measure_sqlite_analyzed(bench, subjects) if sqlite and not args.sqlite_analyze else None,
        ),
    ]
    info: dict[str, Any] = {
        "timings": timings,
        "counts": counts,
        "git_at_start": revision,
        "load_average_at_start": os.getloadavg(),
        "errors": [],
    }
    try:
        for name, step in steps:
            if name not in parts:
                continue
            try:
                step()
            except Exception as exc:  # keep the other parts' figures; say what failed
                traceback.print_exc()
                info["errors"].append(f"{name}: {exc!r}")
            info["machine"] = machine_facts(connection.vendor)
            info["git_at_end"] = git_revision()
            stem = write_report(args, bench, subjects, info)
        print(f"results: {stem}.md, {stem}.json, {stem}-explain.txt")
    finally:
        if not args.keep:
            drop_database(args)


if __name__ == "__main__":
    main()
