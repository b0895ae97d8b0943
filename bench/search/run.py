#!/usr/bin/env python
"""People search, the people list page and the pipeline board at national scale, against a SQL floor.

    .venv/bin/python bench/search/run.py \
        --database-url postgres://postgres@127.0.0.1:5432/ptdv_srch [--repeat 20] [--save 0.1-after]

In-process (Django's test client), one request at a time, for three users: a national admin, a
province officer and a commune officer. For each page it prints p50/p95 in ms and SQL statements per
request, beside the hand-written SQL "floor" (the cheapest plain SQL giving the same page: its rows and
its count) and the ratio of the two medians. The users, their grants and sessions are made inside a
transaction that is rolled back at the end, so the database is left as it was.

The last line of the output is one JSON object (for bench/run); `--save NAME` also writes it to
bench/search/results/NAME.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each case, after one warm-up")
    parser.add_argument("--save", default="", help="also write the JSON to results/NAME.json")
    return parser.parse_args()


ARGS = parse_args()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from ptdv.access.models import Grant, User  # noqa: E402
from ptdv.access.roles import Role  # noqa: E402
from ptdv.admissions.models import OPEN_STAGES  # noqa: E402
from ptdv.admissions.selectors.candidacies import CARDS_PER_COLUMN  # noqa: E402
from ptdv.common.text import search_key  # noqa: E402
from ptdv.organizations.models import Organization, OrgKind  # noqa: E402
from ptdv.organizations.paths import subtree_bounds  # noqa: E402
from ptdv.people.models import Person  # noqa: E402

PAGE = 50
COUNT_CAP = 10_000
SEARCHES = ["nguyen van an", "tran thi", "le hoang", "nguyen", "nguyễn văn an"]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, -(-len(times) * 95 // 100) - 1)]


def time_request(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """(p50 ms, p95 ms, statements, status) of GET `url`, after a warm-up."""
    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentiles(times)
    return p50, p95, len(queries), response.status_code


def time_sql(statements: list[tuple[str, list[Any]]], repeat: int) -> tuple[float, float]:
    """(p50 ms, p95 ms) of running `statements` one after the other and fetching every row."""

    def once() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    once()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def people_floor(path: str, q: str) -> list[list[tuple[str, list[Any]]]]:
    """The page's 50 rows (what the list shows) and its count capped at COUNT_CAP + 1, in plain SQL.

    As a person would write it knowing the data, in each way worth trying (the fastest one counts):
    `LIKE '%key%'`, and, for a name that every match starts with (no name holds the key further in,
    checked here once, outside the timing), a range of the name index.
    """
    key = search_key(q)
    if not key:
        return [people_sql(path, "", [], q)]
    ways = [people_sql(path, " AND p.name_key LIKE %s", [f"%{key}%"], q)]
    if len(key) >= 3 and key[-1] in "abcdefghijklmnopqrstuvwxy012345678" and not found_inside(key):
        bounds = [key, key[:-1] + chr(ord(key[-1]) + 1)]
        ways.append(people_sql(path, " AND p.name_key >= %s AND p.name_key < %s", bounds, q))
    return ways


def people_sql(path: str, name: str, name_params: list[Any], q: str) -> list[tuple[str, list[Any]]]:
    low, high = subtree_bounds(path)
    where = "o.path >= %s AND o.path <= %s" + name
    params: list[Any] = [low, high, *name_params]
    order, order_params = "p.name_key, p.id", []
    if q and search_key(q) != q.lower():
        order = f"(CASE WHEN p.name_folded LIKE %s THEN 0 ELSE 1 END), {order}"
        order_params = [f"%{q.lower()}%"]
    base = "FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id"
    rows = (
        "SELECT p.id, p.full_name, p.status, p.gender, p.date_of_birth, p.national_id, o.name "
        f"{base} WHERE {where} ORDER BY {order} LIMIT {PAGE}"
    )
    count = f"SELECT count(*) FROM (SELECT 1 {base} WHERE {where} LIMIT {COUNT_CAP + 1}) s"
    return [(rows, params + order_params), (count, params)]


def found_inside(key: str) -> bool:
    """Whether some name holds `key` after its first character without starting with it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM people_person WHERE substring(name_key, 2) LIKE %s "
            "AND name_key NOT LIKE %s)",
            [f"%{key}%", f"{key}%"],
        )
        return bool(cursor.fetchone()[0])


def board_floor(path: str) -> list[list[tuple[str, list[Any]]]]:
    """Counts per open stage and the longest-waiting cards of each stage, in one plain SQL query."""
    low, high = subtree_bounds(path)
    marks = ", ".join(["%s"] * len(OPEN_STAGES))
    sql = (
        "SELECT * FROM (SELECT c.id, c.stage, c.stage_since, c.due_date, pe.full_name, o.name,"
        " row_number() OVER (PARTITION BY c.stage ORDER BY c.stage_since, c.id) AS n,"
        " count(*) OVER (PARTITION BY c.stage) AS total"
        " FROM admissions_candidacy c JOIN organizations_organization o ON o.id = c.organization_id"
        " JOIN people_person pe ON pe.id = c.person_id"
        f" WHERE o.path >= %s AND o.path <= %s AND c.stage IN ({marks})) s WHERE n <= %s"
    )
    return [[(sql, [low, high, *[str(s) for s in OPEN_STAGES], CARDS_PER_COLUMN])]]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def bench_user(name: str, org: Organization, role: str) -> User:
    user = User.objects.create_user(username=f"bench-search-{name}", password=None)
    Grant.objects.create(user=user, organization=org, role=role)
    if role == Role.NATIONAL_ADMIN:
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user


def rare_name(commune: Organization) -> str:
    """A full name (without diacritics) held by one person in the whole country, from the commune."""
    low, high = subtree_bounds(commune.path)
    keys = Person.objects.filter(organization__path__gte=low, organization__path__lte=high)
    for key in keys.order_by("name_key").values_list("name_key", flat=True)[:200]:
        if Person.objects.filter(name_key=key).count() == 1:
            return key
    return keys.order_by("name_key").values_list("name_key", flat=True).first() or "nguyen"


def run(repeat: int) -> list[dict[str, Any]]:
    root = Organization.objects.filter(depth=1).order_by("path").first()
    province = Organization.objects.filter(kind=OrgKind.PROVINCE).order_by("pk").first()
    if root is None or province is None:
        raise SystemExit("No organisation tree: generate the data first (bench/generate).")
    lo, hi = subtree_bounds(province.path)
    commune = (
        Organization.objects.filter(kind=OrgKind.COMMUNE, path__gte=lo, path__lte=hi).order_by("pk").first()
    )
    assert commune is not None
    actors = [
        ("national admin", root, Role.NATIONAL_ADMIN),
        ("province officer", province, Role.CLERK),
        ("commune officer", commune, Role.CLERK),
    ]
    searches = [*SEARCHES, rare_name(commune)]
    rows: list[dict[str, Any]] = []

    def case(
        actor: str, what: str, client: Client, url: str, floors: list[list[tuple[str, list[Any]]]]
    ) -> None:
        p50, p95, statements, status = time_request(client, url, repeat)
        f50, f95 = min(time_sql(floor, repeat) for floor in floors)
        row = {
            "actor": actor,
            "case": what,
            "url": url,
            "status": status,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "statements": statements,
            "floor_p50_ms": round(f50, 1),
            "floor_p95_ms": round(f95, 1),
            "ratio": round(p50 / f50, 1) if f50 else None,
        }
        rows.append(row)
        print(
            f"| {actor} | {what} | {p50:.1f} | {p95:.1f} | {statements} | {f50:.1f} | {f95:.1f} "
            f"| {row['ratio']} | {status} |",
            flush=True,
        )

    print("| User | Case | p50 ms | p95 ms | SQL statements | floor p50 | floor p95 | ratio | status |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, org, role in actors:
        client = signed_in(bench_user(name.split()[0], org, role))
        case(name, "people list, page 1", client, "/nhan-su/", people_floor(org.path, ""))
        case(name, "people list, page 2", client, "/nhan-su/?trang=2", people_floor(org.path, ""))
        for q in searches:
            case(
                name, f"search '{q}'", client, f"/nhan-su/?q={q.replace(' ', '+')}", people_floor(org.path, q)
            )
        board_org = commune if name == "commune officer" else org
        case(
            name,
            f"board of {board_org.kind}",
            client,
            f"/ket-nap/?org={board_org.pk}",
            board_floor(board_org.path),
        )
    return rows


def main() -> None:
    load_before = os.getloadavg()
    persons = Person.objects.count()
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}; {persons:,} persons; "
        f"{ARGS.repeat} timed runs each after a warm-up; load average {load_before[0]:.2f}\n"
    )
    with transaction.atomic():
        rows = run(ARGS.repeat)
        transaction.set_rollback(True)
    load_after = os.getloadavg()
    print(f"\nLoad average after: {load_after[0]:.2f}")
    result = {
        "bench": "search",
        "database": connection.settings_dict["NAME"],
        "vendor": connection.vendor,
        "persons": persons,
        "repeat": ARGS.repeat,
        "loadavg": [round(load_before[0], 2), round(load_after[0], 2)],
        "worst_p95_ms": max(r["p95_ms"] for r in rows),
        "rows": rows,
    }
    line = json.dumps(result, ensure_ascii=False)
    if ARGS.save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{ARGS.save}.json").write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
