"""The people phase: for every cell, its members and candidacies, streamed to five COPY streams at once.

Per cell (or grassroots cell), in id order so that a seed always gives the same data:
- members admitted before the pipeline was kept in the system: nominated, admitted, confirmed
  events (plus a few transfers, deaths, removals, transfers out), ~15 years of them and older ones;
- candidacies opened since CANDIDACIES_FROM, walked along the pipeline to the reference date: each
  one's steps, and the person's nominated / admitted / confirmed / withdrawn events as the admission
  services would record them.
Nothing is kept in memory beyond one person at a time (and the national-ID serial counters).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from db import CopyStreams
from history import Ev, candidacy_row, member_events, periods, step_rows, walk_case
from persons import IdFactory, make_identity, person_row
from tree import PROVINCE_NAMES, Tree, province_codes

MEMBERS_NATIONAL = 5_600_000
CANDIDACIES_NATIONAL = 600_000
WINDOW_FROM = dt.date(2011, 10, 1)  # 15 years of admissions before the reference date
OLDEST_ADMISSION = dt.date(1972, 1, 1)
CANDIDACIES_FROM = dt.date(2022, 10, 1)  # candidacies kept in the system from here on
PIPELINE_FROM = dt.date(2023, 10, 1)  # members admitted without a candidacy: before this day
RECENT_SHARE = 0.55  # of those members: admitted within the 15-year window

EVENT_COLUMNS = [
    "id", "kind", "status_after", "date", "document", "note", "reason", "recorded_at",
    "corrects_id", "organization_id", "recorded_by_id", "person_id",
]  # fmt: skip
MEMBERSHIP_COLUMNS = ["id", "status", "valid_from", "valid_to", "organization_id", "person_id"]


class Counters:
    """The next id of each table (ids are assigned here, so the rows can reference each other)."""

    def __init__(self) -> None:
        self.person = self.event = self.membership = self.candidacy = self.step = 0


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _count(rng: random.Random, mean: float, spread: float) -> int:
    """A count around `mean` (uniform ±spread), rounded at random so the totals come out right."""
    value = mean * rng.uniform(1 - spread, 1 + spread)
    whole = int(value)
    return whole + (1 if rng.random() < value - whole else 0)


def _write_history(
    streams: CopyStreams, ids: Counters, person_id: int, events: list[Ev], stamp: dt.datetime
) -> None:
    for ev in events:
        ids.event += 1
        streams.write(
            "people_membershipevent",
            (
                ids.event,
                ev.kind,
                ev.status_after,
                ev.date,
                "",
                "",
                "",
                stamp,
                None,
                ev.org_id,
                None,
                person_id,
            ),
        )
    for status, org_id, start, end in periods(events):
        ids.membership += 1
        streams.write("people_membership", (ids.membership, status, start, end, org_id, person_id))


def generate_people(
    tree: Tree, rng: random.Random, streams: CopyStreams, scale: float, today: dt.date, stamp: dt.datetime
) -> Counters:
    """Generate and stream every person of the tree's cells; return the last ids used."""
    units = tree.units
    unit_ids = [u.id for u in units]
    by_id = {o.id: o for o in tree.orgs}
    codes = province_codes()
    id_factory = IdFactory()
    ids = Counters()
    cand_mean = CANDIDACIES_NATIONAL * scale / len(units)
    # Roughly half of the candidacies end in an admission by the reference date.
    member_mean = max(1.0, (MEMBERS_NATIONAL * scale / len(units)) - 0.5 * cand_mean) / 0.98
    started, report_every = time.perf_counter(), max(1, len(units) // 20)
    for n, unit in enumerate(units):
        if n and n % report_every == 0:
            rate = ids.person / (time.perf_counter() - started)
            print(f"  people: {n:,}/{len(units):,} cells, {ids.person:,} persons ({rate:,.0f}/s)", flush=True)
        has_committee = by_id[unit.parent_id].kind == "grassroots_committee" if unit.parent_id else False
        place = {
            "sector": unit.sector,
            "province_code": codes[unit.province],
            "province_name": PROVINCE_NAMES[unit.province],
            "today": today,
        }
        workplace = unit.name if unit.sector != "residential" else ""
        for _ in range(_count(rng, member_mean, 0.5)):
            if rng.random() < RECENT_SHARE:
                admitted = _random_day(rng, WINDOW_FROM, PIPELINE_FROM - dt.timedelta(days=1))
            else:
                admitted = _random_day(rng, OLDEST_ADMISSION, WINDOW_FROM - dt.timedelta(days=1))
            who = make_identity(rng, id_factory, joined=admitted, recent=False, **place)
            events = member_events(rng, unit.id, admitted, today, rng.choice(unit_ids))
            ids.person += 1
            last = events[-1]
            streams.write(
                "people_person", person_row(ids.person, who, workplace, last.status_after, last.org_id, stamp)
            )
            _write_history(streams, ids, ids.person, events, stamp)
        for _ in range(_count(rng, cand_mean, 0.6)):
            opened = _random_day(rng, CANDIDACIES_FROM, today)
            who = make_identity(rng, id_factory, joined=opened, recent=True, **place)
            case, events = walk_case(rng, unit.id, opened, today, has_committee)
            ids.person += 1
            last = events[-1]
            streams.write(
                "people_person", person_row(ids.person, who, workplace, last.status_after, last.org_id, stamp)
            )
            _write_history(streams, ids, ids.person, events, stamp)
            ids.candidacy += 1
            streams.write(
                "admissions_candidacy", candidacy_row(ids.candidacy, ids.person, case, who.trade_union, stamp)
            )
            for row in step_rows(ids.step + 1, ids.candidacy, case, stamp):
                streams.write("admissions_candidacystep", row)
            ids.step += len(case.steps)
    return ids
