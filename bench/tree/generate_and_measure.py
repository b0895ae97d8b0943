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
import datetime as dt
import itertools
import json
import math
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
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

PARTS = ("app", "ancestors", "cte", "range", "counts", "asof", "nocase", "analyzed", "moves")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies communes, units, cells, people")
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


def measure_app(bench: Bench, s: Subjects, variant: str = "app") -> None:
    """(a)-(d) through the app's own querysets and selectors."""
    from ptdv.organizations.models import Organization
    from ptdv.organizations.selectors import organization_ids_as_of
    from ptdv.people.models import Person
    from ptdv.people.selectors import subtree_counts

    def subtree(org: Any) -> Callable[[], int]:
        return lambda: Organization.objects.filter(path__startswith=org.path).count()

    def subtree_ids(org: Any) -> Callable[[], list[int]]:
        return lambda: list(
            Organization.objects.filter(path__startswith=org.path).values_list("id", flat=True)
        )

    t = bench.time
    t("a", "subtree count: province", subtree(s.province), variant=variant)
    t("a", "subtree count: commune", subtree(s.commune), variant=variant)
    t("a", "subtree count: root", subtree(s.root), variant=variant)
    t("a", "subtree id list: province", subtree_ids(s.province), variant=variant)
    t("a", "subtree id list: commune", subtree_ids(s.commune), variant=variant)
    t("a", "subtree id list: root", subtree_ids(s.root), variant=variant)
    t(
        "b",
        "people count under province",
        lambda: Person.objects.filter(organization__path__startswith=s.province.path).count(),
        variant=variant,
    )
    t(
        "b",
        "people count under commune",
        lambda: Person.objects.filter(organization__path__startswith=s.commune.path).count(),
        variant=variant,
    )
    t(
        "c",
        f"subtree_counts: root → {len(s.provinces)} provinces",
        lambda: subtree_counts(s.root, s.provinces),
        variant=variant,
        runs=ROOT_COUNT_RUNS,
    )
    t(
        "c",
        f"subtree_counts: province → {len(s.province_children)} children",
        lambda: subtree_counts(s.province, s.province_children),
        variant=variant,
    )
    for day in (BEFORE_REORG, AFTER_REORG):
        t(
            "d",
            f"organization_ids_as_of(commune, {day})",
            lambda day=day: list(organization_ids_as_of(s.commune, day)),
            variant=variant,
        )
    t(
        "d",
        f"organization_ids_as_of(province, {AFTER_REORG})",
        lambda: list(organization_ids_as_of(s.province, AFTER_REORG)),
        variant=variant,
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


def explain_app(bench: Bench, s: Subjects, tag: str = "") -> None:
    from ptdv.organizations.models import Organization
    from ptdv.organizations.selectors import organization_ids_as_of
    from ptdv.people.models import Person
    from ptdv.people.selectors import subtree_counts

    bench.explain(
        f"(a) subtree count, province{tag}",
        lambda: Organization.objects.filter(path__startswith=s.province.path).count(),
    )
    bench.explain(
        f"(b) people count under province{tag}",
        lambda: Person.objects.filter(organization__path__startswith=s.province.path).count(),
    )
    bench.explain(
        f"(c) subtree_counts province → children{tag}",
        lambda: subtree_counts(s.province, s.province_children),
    )
    bench.explain(
        f"(d) organization_ids_as_of(commune, {BEFORE_REORG}){tag}",
        lambda: list(organization_ids_as_of(s.commune, BEFORE_REORG)),
    )


# ---- variants: other representations / shapes, measured in the bench database only


def subtree_upper(path: str) -> str:
    """The smallest base-36 string above every path that starts with `path` (path + 1 in base 36).

    Descendants of P are exactly P <= path < subtree_upper(P): a plain range, usable by a BINARY
    (SQLite) or collation-ordered (PostgreSQL) b-tree index, for any collation that orders [0-9a-z]
    like ASCII does (C, C.UTF-8, en_US.UTF-8, ICU).
    """
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        if chars[i] != "z":
            chars[i] = digits[digits.index(chars[i]) + 1]
            return "".join(chars[: i + 1])
    raise ValueError("no upper bound for an all-z path")


def under(path: str, field_name: str = "path") -> Any:
    from django.db.models import Q

    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": subtree_upper(path)})


def measure_range(bench: Bench, s: Subjects) -> None:
    """(a)-(c) with a range predicate instead of LIKE 'prefix%'."""
    from ptdv.organizations.models import Organization
    from ptdv.people.models import Person

    v = "range (gte/lt) predicate"
    t = bench.time
    t(
        "a",
        "subtree count: province",
        lambda: Organization.objects.filter(under(s.province.path)).count(),
        variant=v,
    )
    t(
        "a",
        "subtree count: commune",
        lambda: Organization.objects.filter(under(s.commune.path)).count(),
        variant=v,
    )
    t(
        "b",
        "people count under province",
        lambda: Person.objects.filter(under(s.province.path, "organization__path")).count(),
        variant=v,
    )

    bench.explain(
        "(a) subtree count, province — range predicate",
        lambda: Organization.objects.filter(under(s.province.path)).count(),
    )
    bench.explain(
        "(b) people count under province — range predicate",
        lambda: Person.objects.filter(under(s.province.path, "organization__path")).count(),
    )


def starts(path: str, field_name: str = "path") -> Any:
    from django.db.models import Q

    return Q(**{f"{field_name}__startswith": path})


def counts_by_people(parent: Any, children: list[Any], predicate: Callable, status_in_where: bool) -> dict:
    """subtree_counts' query (people joined to organisations), optionally without the WHERE on status."""
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
            members=Count("id", filter=Q(status__in=MEMBER_STATUSES)),
            probationary=Count("id", filter=Q(status=MembershipStatus.PROBATIONARY)),
            candidates=Count("id", filter=Q(status=MembershipStatus.CANDIDATE)),
        )
    )
    return {r["branch"]: r for r in rows}


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
    return {r["branch"]: r for r in rows if r["members"] or r["probationary"] or r["candidates"]}


def measure_counts_variants(bench: Bench, s: Subjects) -> None:
    """(c) per-child counts: other query shapes, each with LIKE (startswith) and with the range predicate."""
    from ptdv.people.selectors import subtree_counts

    cases = [
        (f"subtree_counts: root → {len(s.provinces)} provinces", s.root, s.provinces, ROOT_COUNT_RUNS),
        (
            f"subtree_counts: province → {len(s.province_children)} children",
            s.province,
            s.province_children,
            None,
        ),
    ]
    # The shapes must agree with the app's selector before they are timed.
    for _label, parent, children, _runs in cases:
        expected = {
            c.path: v for c, v in zip(children, subtree_counts(parent, children).values(), strict=True)
        }
        expected = {k: v for k, v in expected.items() if any(v.values())}
        for predicate in (starts, under):
            for got in (
                counts_by_people(parent, children, predicate, status_in_where=False),
                counts_by_organizations(parent, children, predicate),
            ):
                assert {
                    k: {f: r[f] for f in ("members", "probationary", "candidates")} for k, r in got.items()
                } == (expected), "a counting variant disagrees with subtree_counts"
    for name, predicate in (("LIKE", starts), ("range", under)):
        for label, parent, children, runs in cases:
            if name == "range":
                bench.time(
                    "c",
                    label,
                    lambda p=parent, c=children, f=predicate: counts_by_people(p, c, f, status_in_where=True),
                    variant="range predicate",
                    runs=runs,
                )
            bench.time(
                "c",
                label,
                lambda p=parent, c=children, f=predicate: counts_by_people(p, c, f, status_in_where=False),
                variant=f"{name}, no status in WHERE",
                runs=runs,
            )
            bench.time(
                "c",
                label,
                lambda p=parent, c=children, f=predicate: counts_by_organizations(p, c, f),
                variant=f"{name}, driven from orgs",
                runs=runs,
            )
    for name, predicate in (("LIKE", starts), ("range", under)):
        bench.explain(
            f"(c) subtree_counts province → children — {name}, no status in WHERE",
            lambda f=predicate: counts_by_people(s.province, s.province_children, f, status_in_where=False),
        )
        bench.explain(
            f"(c) subtree_counts province → children — {name}, driven from orgs",
            lambda f=predicate: counts_by_organizations(s.province, s.province_children, f),
        )


def ids_as_of_two_step(org: Any, day: dt.date) -> Any:
    """organization_ids_as_of rewritten: read the few anchor paths, then one indexed range per anchor."""
    from django.db.models import Q

    from ptdv.organizations.selectors import placements_on

    anchors = placements_on(day).filter(organization__lineage_descendants__descendant=org)
    condition = Q()
    for path in anchors.values_list("path", flat=True):
        condition |= under(path)
    if not condition:
        return placements_on(day).none().values("organization_id")
    return placements_on(day).filter(condition).values("organization_id")


AS_OF_JOIN_SQL = """
SELECT DISTINCT p.organization_id
FROM organizations_orgplacement a
JOIN organizations_orglineage l ON l.ancestor_id = a.organization_id AND l.descendant_id = %(org)s
JOIN organizations_orgplacement p ON p.path >= a.path AND p.path < a.path || '{{'
WHERE a.valid_from <= %(day)s AND (a.valid_to IS NULL OR a.valid_to >= %(day)s)
  AND p.valid_from <= %(day)s AND (p.valid_to IS NULL OR p.valid_to >= %(day)s)
"""


def measure_as_of_variants(bench: Bench, s: Subjects) -> None:
    from django.db import connection

    def join(org: Any, day: dt.date) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(AS_OF_JOIN_SQL.format(), {"org": org.pk, "day": day})
            return cursor.fetchall()

    for day in (BEFORE_REORG, AFTER_REORG):
        bench.time(
            "d",
            f"organization_ids_as_of(commune, {day})",
            lambda day=day: list(ids_as_of_two_step(s.commune, day)),
            variant="two-step, range per anchor",
        )
    bench.time(
        "d",
        f"organization_ids_as_of(province, {AFTER_REORG})",
        lambda: list(ids_as_of_two_step(s.province, AFTER_REORG)),
        variant="two-step, range per anchor",
    )
    for day in (BEFORE_REORG, AFTER_REORG):
        bench.time(
            "d",
            f"organization_ids_as_of(commune, {day})",
            lambda day=day: join(s.commune, day),
            variant="one statement, range join",
        )
    bench.time(
        "d",
        f"organization_ids_as_of(province, {AFTER_REORG})",
        lambda: join(s.province, AFTER_REORG),
        variant="one statement, range join",
    )
    bench.explain(
        f"(d) organization_ids_as_of(commune, {BEFORE_REORG}) — two-step, range per anchor",
        lambda: list(ids_as_of_two_step(s.commune, BEFORE_REORG)),
    )
    bench.explain(
        f"(d) organization_ids_as_of(commune, {BEFORE_REORG}) — one statement, range join",
        lambda: join(s.commune, BEFORE_REORG),
    )


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
    t("a", "subtree count: province", lambda: run(count, s.province.pk), variant=v)
    t("a", "subtree count: commune", lambda: run(count, s.commune.pk), variant=v)
    t("a", "subtree count: root", lambda: run(count, s.root.pk), variant=v)
    t("a", "subtree id list: province", lambda: run(ids, s.province.pk), variant=v)
    t("b", "people count under province", lambda: run(people, s.province.pk), variant=v)
    bench.explain(
        "(a) subtree count, province — adjacency + recursive CTE", lambda: run(count, s.province.pk)
    )


def measure_sqlite_nocase_index(bench: Bench, s: Subjects) -> None:
    """SQLite only: an index LIKE can use (LIKE is case-insensitive there, so it needs NOCASE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX bench_org_path_nocase ON organizations_organization (path COLLATE NOCASE)"
        )
        cursor.execute(
            "CREATE INDEX bench_placement_path_nocase ON organizations_orgplacement (path COLLATE NOCASE)"
        )
    try:
        measure_app(bench, s, variant="+ NOCASE index on path")
        explain_app(bench, s, tag=" — with NOCASE index")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX bench_org_path_nocase")
            cursor.execute("DROP INDEX bench_placement_path_nocase")


def measure_sqlite_analyzed(bench: Bench, s: Subjects) -> None:
    """SQLite only: the app's queries again after ANALYZE (the app never runs it; plans change)."""
    from django.db import connection

    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute("ANALYZE")
        print(f"  ANALYZE took {time.perf_counter() - t0:.1f} s", flush=True)
    measure_app(bench, s, variant="after ANALYZE")
    explain_app(bench, s, tag=" — after ANALYZE")


class Rollback(Exception):
    pass


def move_subtree_set_based(org: Any, new_parent: Any, day: dt.date) -> None:
    """A drop-in for services._move_subtree with set-based statements instead of bulk_update.

    The tree rows get one UPDATE (path = new prefix || rest of the old path, depth shifted), the open
    placements one UPDATE (closed the day before) and one INSERT batch (the new period). The database
    work is the same as the app's; the Python work no longer grows with one CASE WHEN per row.
    """
    from django.core.exceptions import ValidationError
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Concat, Substr

    from ptdv.organizations import services
    from ptdv.organizations.models import Organization, OrgPlacement
    from ptdv.organizations.paths import child_path, depth_of

    one_day = dt.timedelta(days=1)
    old_prefix = org.path
    new_prefix = child_path(new_parent.path, org.pk)
    subtree = Organization.objects.filter(path__startswith=old_prefix)
    open_placements = OrgPlacement.objects.filter(
        organization__in=subtree.values("pk"), valid_to__isnull=True
    )
    late = open_placements.filter(valid_from__gt=day).values_list("valid_from", flat=True).first()
    if late is not None:
        raise ValidationError(services.MSG_DATE_BEFORE_PLACEMENT.format(day=day, start=late))
    new_path = Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1), output_field=CharField())
    reopened = list(
        subtree.filter(placements__valid_to__isnull=True, placements__valid_from__lt=day).values_list(
            "pk", "parent_id", "path"
        )
    )
    # Placed and moved on the same day: no earlier period exists, rewrite the placement in place.
    open_placements.filter(valid_from=day).update(path=new_path)
    open_placements.filter(valid_from=day, organization=org).update(parent=new_parent)
    open_placements.filter(valid_from__lt=day).update(valid_to=day - one_day)
    OrgPlacement.objects.bulk_create(
        [
            OrgPlacement(
                organization_id=pk,
                parent_id=new_parent.pk if pk == org.pk else parent_id,
                path=new_prefix + path[len(old_prefix) :],
                valid_from=day,
            )
            for pk, parent_id, path in reopened
        ],
        batch_size=5000,
    )
    subtree.update(path=new_path, depth=F("depth") + (depth_of(new_prefix) - depth_of(old_prefix)))
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.path, org.depth, org.parent = new_prefix, depth_of(new_prefix), new_parent


def measure_moves(bench: Bench, s: Subjects) -> None:
    """organization_move of a commune and of a whole province, each rolled back afterwards.

    The set-based variant runs the same service with `_move_subtree` patched in memory (bench only),
    after checking on the commune that both leave identical tree and placement rows.
    """
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
    app_state = move(s.commune.pk, other.pk, snapshot=True)
    with mock.patch.object(services, "_move_subtree", move_subtree_set_based):
        assert move(s.commune.pk, other.pk, snapshot=True) == app_state, (
            "set-based move differs from the app's"
        )
    for variant, patch in (
        ("app", mock.patch.object(services, "_move_subtree", services._move_subtree)),
        ("set-based _move_subtree", mock.patch.object(services, "_move_subtree", move_subtree_set_based)),
    ):
        with patch:
            bench.time(
                "m",
                "organization_move: a commune to another province (rolled back)",
                lambda: move(s.commune.pk, other.pk),
                runs=5,
                variant=variant,
            )
            bench.time(
                "m",
                "organization_move: the largest province under another (rolled back)",
                lambda: move(s.province.pk, other.pk),
                runs=3,
                variant=variant,
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
            facts["pg_settings"] = {n: f"{v}{u or ''}" for n, v, u in cursor.fetchall()}
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
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    lines = [
        f"# Tree benchmark — {args.db}, scale {args.scale:g}",
        "",
        f"Machine and database: `{json.dumps(build_info['machine'], ensure_ascii=False)}`",
        "",
        f"Data: `{json.dumps(s.facts)}`",
        "",
        f"Build timings (s): `{json.dumps({k: round(v, 1) for k, v in build_info['timings'].items()})}`",
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
    bench = Bench(args.runs, connection.vendor)
    subjects = pick_subjects()
    print(f"subjects: {subjects.facts}", flush=True)
    parts = set(args.only.split(","))
    sqlite = connection.vendor == "sqlite"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("app", lambda: (measure_app(bench, subjects), explain_app(bench, subjects))),
        ("ancestors", lambda: measure_ancestors(bench, subjects)),
        ("cte", lambda: measure_cte(bench, subjects)),
        ("range", lambda: measure_range(bench, subjects)),
        ("counts", lambda: measure_counts_variants(bench, subjects)),
        ("asof", lambda: measure_as_of_variants(bench, subjects)),
        ("nocase", lambda: measure_sqlite_nocase_index(bench, subjects) if sqlite else None),
        (
            "analyzed",
            lambda: measure_sqlite_analyzed(bench, subjects) if sqlite and not args.sqlite_analyze else None,
        ),
        ("moves", lambda: measure_moves(bench, subjects)),
    ]
    load_before = os.getloadavg()
    try:
        for name, step in steps:
            if name in parts:
                step()
        info = {
            "timings": timings,
            "counts": counts,
            "machine": machine_facts(connection.vendor),
            "load_average_at_start": load_before,
            "git": git_revision(),
        }
        stem = write_report(args, bench, subjects, info)
        print(f"results: {stem}.md, {stem}.json, {stem}-explain.txt")
    finally:
        if not args.keep:
            drop_database(args)


if __name__ == "__main__":
    main()
