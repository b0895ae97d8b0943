"""Party histories: membership events, the status periods rebuilt from them, and candidacies with steps.

Everything here is plain data (no database): a person's events are a list of `Ev`, in date order
(strictly increasing dates, so ordering by (date, id) is unambiguous), and `periods()` replays them
exactly as ptdv.people.services._replay does (check.py compares the two on a sample).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from ptdv.admissions.rules import probation_end

NON_MEMBER, CANDIDATE, PROBATIONARY, FULL = "non_member", "candidate", "probationary", "full"


class Ev(NamedTuple):
    kind: str
    status_after: str
    org_id: int
    date: dt.date


def periods(events: list[Ev]) -> list[tuple[str, int, dt.date, dt.date | None]]:
    """Status periods (status, org, from, to) as the people services rebuild them from the events."""
    out = []
    for i, ev in enumerate(events):
        end = events[i + 1].date - dt.timedelta(days=1) if i + 1 < len(events) else None
        if ev.status_after != NON_MEMBER and (end is None or end >= ev.date):
            out.append((ev.status_after, ev.org_id, ev.date, end))
    return out


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def member_events(
    rng: random.Random, unit_id: int, admitted: dt.date, today: dt.date, other_unit: int
) -> list[Ev]:
    """A member admitted without a recorded candidacy (before the pipeline was kept in the system)."""
    nominated = _day(admitted.toordinal() - rng.randint(150, 400))
    events = [Ev("nominated", CANDIDATE, unit_id, nominated), Ev("admitted", PROBATIONARY, unit_id, admitted)]
    confirmed = probation_end(_day(admitted.toordinal() + rng.randint(7, 25)))
    if confirmed > today:
        return events
    events.append(Ev("confirmed", FULL, unit_id, confirmed))
    last, org = confirmed.toordinal(), unit_id
    if last + 60 < today.toordinal() and rng.random() < 0.04:
        last = rng.randint(last + 30, today.toordinal() - 30)
        org = other_unit
        events.append(Ev("transferred", FULL, org, _day(last)))
    if last + 30 < today.toordinal():
        roll = rng.random()
        old = admitted.year < 1995
        kind = (
            "deceased" if roll < (0.08 if old else 0.005)
            else "transferred_out" if roll < 0.015
            else "removed" if roll < 0.019
            else None
        )  # fmt: skip
        if kind is not None:
            events.append(Ev(kind, kind, org, _day(rng.randint(last + 1, today.toordinal()))))
    return events


# The main line of the pipeline: (step, stage after it, days after the previous step).
MAIN_LINE = [
    ("course", "trained", (20, 240)),
    ("apply", "applied", (5, 30)),
    ("history", "history_declared", (5, 20)),
    ("verify", "verified", (20, 60)),
    ("introduce", "introduced", (5, 20)),
    ("opinions", "opinions_gathered", (5, 20)),
    ("cell_vote", "cell_resolved", (5, 20)),
    ("committee_vote", "committee_resolved", (5, 15)),
    ("decide", "admitted", (10, 30)),
    ("ceremony", "probation", (7, 25)),
    ("confirmation_vote", "confirmation_proposed", (3, 20)),  # counted from the end of probation
    ("confirm", "full_member", (7, 25)),
]
PRE_VOTE = [s for s, _, _ in MAIN_LINE[: MAIN_LINE.index(("cell_vote", "cell_resolved", (5, 20)))]]
WITHDRAW_SHARE, REFUSE_SHARE = 0.06, 0.02


@dataclass
class Case:
    """A candidacy as generated: its steps (step, date, stage before, stage after) and key dates."""

    unit_id: int
    opened_on: dt.date
    nominated_by: str
    steps: list[tuple[str, dt.date, str, str]] = field(default_factory=list)
    dates: dict[str, dt.date] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        return self.steps[-1][3]

    @property
    def stage_since(self) -> dt.date:
        return self.steps[-1][1]


NOMINATORS = (["cell"] * 6) + ["youth_union", "trade_union", "womens_union", "veterans", "fatherland_front"]


def walk_case(
    rng: random.Random, unit_id: int, opened_on: dt.date, today: dt.date, has_committee: bool
) -> tuple[Case, list[Ev]]:
    """Walk one candidacy from `opened_on` along the main line until `today`; its membership events too."""
    case = Case(unit_id, opened_on, rng.choice(NOMINATORS))
    case.steps.append(("nominate", opened_on, "", "sourced"))
    events = [Ev("nominated", CANDIDATE, unit_id, opened_on)]
    roll = rng.random()
    quit_at = rng.choice(PRE_VOTE) if roll < WITHDRAW_SHARE else None
    refused = WITHDRAW_SHARE <= roll < WITHDRAW_SHARE + REFUSE_SHARE
    day = opened_on.toordinal()
    stage = "sourced"
    for step, stage_after, (low, high) in MAIN_LINE:
        if step == "committee_vote" and not has_committee:
            continue  # a grassroots cell's admission is decided by the committee above it directly
        if step == quit_at or (refused and step == "decide"):
            day += rng.randint(5, 60)
            if day > today.toordinal():
                break
            closing, closed_stage = ("withdraw", "withdrawn") if quit_at else ("refuse", "refused")
            case.steps.append((closing, _day(day), stage, closed_stage))
            case.dates["closed_on"] = _day(day)
            events.append(Ev("withdrawn", NON_MEMBER, unit_id, _day(day)))
            break
        if step == "confirmation_vote":
            day = case.dates["probation_end"].toordinal()
        day += rng.randint(low, high)
        if day > today.toordinal():
            break
        case.steps.append((step, _day(day), stage, stage_after))
        case.dates[step] = _day(day)
        stage = stage_after
        if step == "decide":
            events.append(Ev("admitted", PROBATIONARY, unit_id, _day(day)))
        elif step == "ceremony":
            case.dates["probation_end"] = probation_end(_day(day))
        elif step == "confirm":
            # Confirmed from the day the 12 months end, however late the decision (services._sync_membership).
            events.append(Ev("confirmed", FULL, unit_id, min(case.dates["probation_end"], _day(day))))
            case.dates["closed_on"] = _day(day)
    return case, events


CANDIDACY_COLUMNS = [
    "id", "stage", "stage_since", "opened_on", "nominated_by", "lives_in_exempt_area",
    "is_village_elder", "youth_union_exists", "trade_union_exists", "planned_vote_date",
    "is_readmission", "previous_exit_date", "previous_exit_reason", "conviction_cleared_on",
    "family_hardship", "certificate_number", "certificate_date", "papers_date",
    "cell_resolution_date", "decision_number", "decision_date", "decision_received_date",
    "decision_extended", "ceremony_date", "probation_end", "confirmation_vote_date",
    "confirmation_decision_date", "closed_on", "closing_reason", "due_date", "due_kind", "version",
    "created_at", "updated_at", "mentor_id", "organization_id", "person_id",
]  # fmt: skip
STEP_COLUMNS = [
    "id", "step", "date", "stage_before", "stage_after", "document", "approval_document", "note",
    "data", "ruleset", "results", "recorded_at", "candidacy_id", "organization_id", "recorded_by_id",
]  # fmt: skip


def candidacy_row(pk: int, person_id: int, case: Case, trade_union: bool, stamp: dt.datetime) -> tuple:
    d = case.dates
    decide = d.get("decide")
    closing = {"withdrawn": "Xin rút khỏi danh sách", "refused": "Cấp ủy không đồng ý kết nạp"}
    return (
        pk, case.stage, case.stage_since, case.opened_on, case.nominated_by, False,
        False, True, trade_union, None,
        False, None, "", None,
        False, f"{pk}/GCN" if "course" in d else "", d.get("course"), d.get("introduce"),
        d.get("cell_vote"), f"{pk}-QĐ/ĐU" if decide else "", decide, decide,
        False, d.get("ceremony"), d.get("probation_end"), d.get("confirmation_vote"),
        d.get("confirm"), d.get("closed_on"), closing.get(case.stage, ""), None, "", len(case.steps),
        stamp, stamp, None, case.unit_id, person_id,
    )  # fmt: skip


def step_rows(first_pk: int, candidacy_id: int, case: Case, stamp: dt.datetime) -> list[tuple]:
    return [
        (
            first_pk + i,
            step,
            day,
            before,
            after,
            "",
            "",
            "",
            "{}",
            "",
            "[]",
            stamp,
            candidacy_id,
            case.unit_id,
            None,
        )
        for i, (step, day, before, after) in enumerate(case.steps)
    ]
