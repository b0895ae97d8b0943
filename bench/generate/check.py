#!/usr/bin/env python
"""Check generated data: the app's own selectors against hand-written SQL over the raw tables.

    .venv/bin/python bench/generate/check.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench

For a sample of organisations at every level it prints, side by side, each figure of
`progress_for` (admissions per year, members on 1 January and on the as-of date, confirmations,
removals, grassroots and cell counts, per-child admissions, population), the people per status in the
subtree (`organization_totals`, `person_list`), the pipeline board's counts, and a name search, each
with the SQL answer; then invariants on samples (status periods replayed by the people services'
own `_replay`, national IDs, name keys) and on all rows (candidacy stage vs. steps vs. status).
Exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import db  # noqa: E402
from run import REFERENCE_DATE  # noqa: E402

MEMBERS = ("probationary", "full")
PRE_ADMISSION = (
    "sourced", "trained", "applied", "history_declared", "verified", "introduced",
    "opinions_gathered", "cell_resolved", "appraised", "committee_resolved",
)  # fmt: skip
STATUS_OF_STAGE = (
    [(s, "candidate") for s in PRE_ADMISSION]
    + [(s, "probationary") for s in ("admitted", "probation", "confirmation_proposed")]
    + [("full_member", "full"), ("withdrawn", "non_member"), ("refused", "non_member")]
)


class Report:
    def __init__(self) -> None:
        self.checked = self.failed = 0

    def compare(self, label: str, app: object, sql: object) -> None:
        ok = app == sql
        self.checked += 1
        self.failed += not ok
        print(f"  {'OK ' if ok else 'BAD'} {label:<46} app={app!s:<24} sql={sql}")


def q(conn, sql: str, params: list | tuple = ()) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


SUBTREE = "o.path >= %(path)s AND o.path <= %(path)s || repeat('z', 255 - length(%(path)s))"


def sql_events(conn, path: str, kind: str, start: dt.date, end: dt.date) -> dict[int, int]:
    rows = q(
        conn,
        f"""SELECT extract(year FROM e.date)::int, count(*) FROM people_membershipevent e
            JOIN organizations_organization o ON o.id = e.organization_id
            WHERE {SUBTREE} AND e.kind = %(kind)s AND e.date BETWEEN %(start)s AND %(end)s
              AND NOT EXISTS (SELECT 1 FROM people_membershipevent c WHERE c.corrects_id = e.id)
            GROUP BY 1""",
        {"path": path, "kind": kind, "start": start, "end": end},
    )
    return dict(rows)


def sql_members_on(conn, path: str, day: dt.date) -> int:
    """Members on `day` from the events alone (each person's last event up to that day).

    Only people with some event in the subtree can be in it on `day`, so those are picked first:
    a small subtree then reads a few index ranges instead of every event.
    """
    return q(
        conn,
        f"""WITH here AS (
              SELECT DISTINCT e.person_id FROM people_membershipevent e
              JOIN organizations_organization o ON o.id = e.organization_id WHERE {SUBTREE})
            SELECT count(*) FROM (
              SELECT DISTINCT ON (e.person_id) e.status_after, e.organization_id
              FROM people_membershipevent e JOIN here USING (person_id)
              WHERE e.date <= %(day)s ORDER BY e.person_id, e.date DESC, e.id DESC) last
            JOIN organizations_organization o ON o.id = last.organization_id
            WHERE {SUBTREE} AND last.status_after IN ('probationary', 'full')""",
        {"path": path, "day": day},
    )[0][0]


def check_progress(conn, report: Report, org, period) -> None:
    from ptdv.reports.progress import progress_for

    p = progress_for(org=org, period=period, as_of=REFERENCE_DATE)
    as_of = p.as_of
    print(f"\n{org.code} {org.name} [{org.kind}] — {period.label}, as of {as_of}")
    by_year = sql_events(conn, org.path, "admitted", period.start, as_of)
    report.compare("admitted (total)", p.admitted, sum(by_year.values()))
    report.compare("admitted per year", {y.year: y.admitted for y in p.years if y.admitted}, by_year)
    starts = {y.year: y.members_at_start for y in p.years}
    sql_starts = {y: sql_members_on(conn, org.path, max(period.start, dt.date(y, 1, 1))) for y in starts}
    report.compare("members on 1 January of each year", starts, sql_starts)
    report.compare("members on the as-of date", p.members_now, sql_members_on(conn, org.path, as_of))
    report.compare(
        "confirmed", p.confirmed, sum(sql_events(conn, org.path, "confirmed", period.start, as_of).values())
    )
    report.compare(
        "removed", p.removed, sum(sql_events(conn, org.path, "removed", period.start, as_of).values())
    )
    kinds = dict(
        q(
            conn,
            f"SELECT kind, count(*) FROM organizations_organization o WHERE {SUBTREE} GROUP BY 1",
            {"path": org.path},
        )
    )
    report.compare(
        "grassroots organisations",
        p.grassroots_total,
        kinds.get("grassroots_committee", 0) + kinds.get("grassroots_cell", 0),
    )
    report.compare(
        "cells (cell kinds)", p.cells_total, kinds.get("cell", 0) + kinds.get("grassroots_cell", 0)
    )
    pop = q(
        conn,
        "SELECT population FROM organizations_population WHERE organization_id = %s AND year <= %s ORDER BY year DESC LIMIT 1",
        [org.id, as_of.year],
    )
    report.compare("population", p.population, pop[0][0] if pop else None)
    child_sql = dict(
        q(
            conn,
            f"""SELECT c.id, count(e.id) FROM organizations_organization c
                JOIN organizations_organization o ON {SUBTREE.replace("%(path)s", "c.path")}
                LEFT JOIN people_membershipevent e ON e.organization_id = o.id AND e.kind = 'admitted'
                  AND e.date BETWEEN %(start)s AND %(end)s
                WHERE c.parent_id = %(id)s GROUP BY c.id""",
            {"id": org.id, "start": period.start, "end": as_of},
        )
    )
    report.compare(
        "admitted per child unit",
        {u.org.id: u.admitted for u in p.units},
        {k: v for k, v in child_sql.items()} if p.units else {},
    )
    report.compare("target warnings (cascade)", p.cascade_warnings, [])


def check_people(conn, report: Report, org) -> None:
    from ptdv.admissions.selectors.candidacies import pipeline_board
    from ptdv.people.selectors import organization_totals, person_list
    from ptdv.spreadsheets.services import SystemActor

    actor = SystemActor()
    statuses = dict(
        q(
            conn,
            f"SELECT p.status, count(*) FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id WHERE {SUBTREE} GROUP BY 1",
            {"path": org.path},
        )
    )
    app = {s: person_list(actor=actor, organizations=[org], statuses=[s]).count() for s in statuses}
    report.compare("people per status (person_list)", app, statuses)
    totals = organization_totals(org)
    report.compare(
        "members (organization_totals)", totals["members"], sum(statuses.get(s, 0) for s in MEMBERS)
    )
    report.compare("candidates (organization_totals)", totals["candidates"], statuses.get("candidate", 0))
    board = {c.stage: c.count for c in pipeline_board(actor=actor, organization=org) if c.count}
    stages = dict(
        q(
            conn,
            f"""SELECT c.stage, count(*) FROM admissions_candidacy c JOIN organizations_organization o
        ON o.id = c.organization_id WHERE {SUBTREE} AND c.stage NOT IN ('full_member', 'withdrawn', 'refused', 'removed') GROUP BY 1""",
            {"path": org.path},
        )
    )
    report.compare("pipeline board counts", board, stages)
    name = q(
        conn,
        f"SELECT p.name_key FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id WHERE {SUBTREE} ORDER BY p.id LIMIT 1",
        {"path": org.path},
    )
    if name:
        word = name[0][0].split()[-1]
        found = q(
            conn,
            f"SELECT count(*) FROM people_person p JOIN organizations_organization o ON o.id = p.organization_id WHERE {SUBTREE} AND p.name_key LIKE %(like)s",
            {"path": org.path, "like": f"%{word}%"},
        )[0][0]
        report.compare(
            f"search '{word}' (person_list)",
            person_list(actor=actor, organizations=[org], q=word).count(),
            found,
        )


def check_invariants(conn, report: Report, rng: random.Random) -> None:
    from ptdv.common.text import search_key
    from ptdv.people import national_id
    from ptdv.people.models import EventKind, Membership, MembershipEvent, Person
    from ptdv.people.services import _replay, _Step

    print("\nInvariants")
    top = q(conn, "SELECT max(id) FROM people_person")[0][0]
    ids = sorted(rng.sample(range(1, top + 1), min(2000, top)))
    bad_period = bad_status = bad_id = bad_key = 0
    for person in Person.objects.filter(pk__in=ids):
        events = list(MembershipEvent.objects.filter(person=person).effective().order_by("date", "id"))
        steps = [
            _Step(e.kind, e.date, e.status_after, e.organization_id, EventKind(e.kind).label) for e in events
        ]
        expected = [(str(s), o, a, b) for s, o, a, b in _replay(steps)]
        stored = list(
            Membership.objects.filter(person=person)
            .order_by("valid_from")
            .values_list("status", "organization_id", "valid_from", "valid_to")
        )
        bad_period += expected != stored
        bad_status += (events[-1].status_after, events[-1].organization_id) != (
            person.status,
            person.organization_id,
        )
        bad_id += bool(
            national_id.problems(person.national_id, gender=person.gender, date_of_birth=person.date_of_birth)
        )
        bad_key += (search_key(person.full_name), person.full_name.lower()) != (
            person.name_key,
            person.name_folded,
        )
    n = len(ids)
    report.compare(f"periods differing from _replay ({n} people)", bad_period, 0)
    report.compare(f"status/org differing from last event ({n})", bad_status, 0)
    report.compare(f"national IDs with problems ({n})", bad_id, 0)
    report.compare(f"name keys differing from search_key ({n})", bad_key, 0)
    values = ", ".join(f"('{s}', '{st}')" for s, st in STATUS_OF_STAGE)
    mismatched = q(
        conn,
        f"""SELECT count(*) FROM admissions_candidacy c JOIN people_person p ON p.id = c.person_id
        JOIN (VALUES {values}) v(stage, status) ON v.stage = c.stage WHERE v.status <> p.status""",
    )[0][0]
    report.compare("candidacies whose person status fits the stage", mismatched, 0)
    last_step = q(
        conn,
        """SELECT count(*) FROM admissions_candidacy c JOIN LATERAL (SELECT * FROM admissions_candidacystep s
        WHERE s.candidacy_id = c.id ORDER BY s.date DESC, s.id DESC LIMIT 1) s ON true
        WHERE s.stage_after <> c.stage OR s.date <> c.stage_since""",
    )[0][0]
    report.compare("candidacies whose last step differs from stage", last_step, 0)
    chain = q(
        conn,
        """SELECT count(*) FROM (SELECT stage_before, lag(stage_after) OVER (PARTITION BY candidacy_id ORDER BY date, id) AS prev
        FROM admissions_candidacystep) s WHERE s.stage_before <> coalesce(s.prev, '')""",
    )[0][0]
    report.compare("steps whose stage_before breaks the chain", chain, 0)
    future = q(conn, "SELECT count(*) FROM people_membershipevent WHERE date > %s", [REFERENCE_DATE])[0][0]
    report.compare("events after the reference date", future, 0)
    seq = q(conn, "SELECT last_value >= (SELECT max(id) FROM people_person) FROM people_person_id_seq")[0][0]
    report.compare("person id sequence past the data", seq, True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=0, help="picks the sample")
    args = parser.parse_args()
    db.setup_django(args.database_url)
    import psycopg

    from ptdv.organizations.models import Organization
    from ptdv.reports.figures import Period
    from ptdv.targets.models import Term

    rng = random.Random(args.seed)
    sample = [Organization.objects.get(kind="central")]
    for kind in ("province", "commune", "grassroots_committee", "grassroots_cell", "cell"):
        pks = list(Organization.objects.filter(kind=kind).values_list("pk", flat=True))
        sample += list(Organization.objects.filter(pk__in=rng.sample(pks, min(2, len(pks)))))
    periods = [
        Period(t.code, t.name, t.start, t.end, "term")
        for t in Term.objects.filter(code__in=["2020-2025", "2025-2030"])
    ]
    periods.append(Period("2026", "năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "year"))
    report = Report()
    with psycopg.connect(db.libpq_url(args.database_url)) as conn:
        for i, org in enumerate(sample):
            check_progress(conn, report, org, periods[i % len(periods)])
            check_people(conn, report, org)
        check_invariants(conn, report, rng)
    print(f"\n{report.checked} checks, {report.failed} differing")
    print(f"check: {report.checked - report.failed} passed, {report.failed} failed")
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
