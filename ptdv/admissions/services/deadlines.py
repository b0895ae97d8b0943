"""The next deadline of each candidacy, kept on the row so the to-do page and reminders are one query."""

import datetime as dt
from collections.abc import Callable
from functools import lru_cache

from ptdv.admissions.domain.context import ruleset_for, work_calendar
from ptdv.admissions.models import Candidacy, Stage
from ptdv.admissions.models.candidacy import AWAITING_DECISION, BEFORE_CELL_VOTE, DueKind
from ptdv.admissions.rules import (
    RuleSet,
    WorkCalendar,
    ceremony_deadline,
    certificate_expiry,
    confirmation_review_deadline,
    decision_deadline,
)


def due_of(
    c: Candidacy, calendar: WorkCalendar, rules_on: Callable[[dt.date], RuleSet] = ruleset_for
) -> tuple[dt.date | None, str]:
    """The next deadline of a candidacy and what it is for, from its stage and key dates."""
    params = rules_on(c.stage_since).params
    if c.stage in BEFORE_CELL_VOTE and c.certificate_date:
        return certificate_expiry(c.certificate_date, params), DueKind.CERTIFICATE
    if c.stage in AWAITING_DECISION and c.cell_resolution_date:
        return decision_deadline(
            c.cell_resolution_date, calendar, params, c.decision_extended
        ), DueKind.DECISION
    if c.stage == Stage.ADMITTED and c.decision_received_date:
        return ceremony_deadline(c.decision_received_date, calendar, params), DueKind.CEREMONY
    if c.stage == Stage.PROBATION and c.probation_end:
        return confirmation_review_deadline(c.probation_end, calendar, params), DueKind.PROBATION
    if c.stage == Stage.CONFIRMATION_PROPOSED and c.confirmation_vote_date:
        days = params.confirmation_decision_working_days
        return calendar.add_working_days(c.confirmation_vote_date, days), DueKind.CONFIRMATION
    return None, ""


def refresh_due(
    candidacy: Candidacy,
    calendar: WorkCalendar | None = None,
    rules_on: Callable[[dt.date], RuleSet] = ruleset_for,
) -> None:
    """Recompute and store the candidacy's next deadline."""
    due_date, due_kind = due_of(candidacy, calendar or work_calendar(), rules_on)
    if (candidacy.due_date, candidacy.due_kind) != (due_date, due_kind):
        candidacy.due_date, candidacy.due_kind = due_date, due_kind
        Candidacy.objects.filter(pk=candidacy.pk).update(due_date=due_date, due_kind=due_kind)


def refresh_all_due() -> int:
    """Recompute every open candidacy's deadline (after the calendar or a parameter changed)."""
    calendar = work_calendar()
    rules_on = lru_cache(maxsize=None)(ruleset_for)  # one parameter query per date, not per candidacy
    changed = 0
    for candidacy in Candidacy.objects.open().iterator(chunk_size=500):
        before = (candidacy.due_date, candidacy.due_kind)
        refresh_due(candidacy, calendar, rules_on)
        changed += before != (candidacy.due_date, candidacy.due_kind)
    return changed
