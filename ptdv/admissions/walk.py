"""Walk a candidacy along the pipeline with plausible data, through the real services.

Used by the demo data and by tests that need a candidacy at some stage; every step is checked by the
rules and audited exactly as if a clerk had recorded it.
"""

import datetime as dt
from typing import Any

from ptdv.admissions.domain.context import full_members_on
from ptdv.admissions.domain.pipeline import MAIN_LINE, STEPS, next_steps, structure_of
from ptdv.admissions.models import Candidacy
from ptdv.admissions.models.dossier import IntroducerKind, Relation
from ptdv.admissions.rules import Step
from ptdv.admissions.services import candidacy_advance, introduction_add, verification_add
from ptdv.people.models import MembershipStatus, Person

# Days from the previous step to each step, for a brisk but lawful case.
GAPS: dict[str, int] = {
    Step.COURSE: 30,
    Step.APPLY: 7,
    Step.HISTORY: 7,
    Step.VERIFY: 45,
    Step.INTRODUCE: 10,
    Step.OPINIONS: 10,
    Step.CELL_VOTE: 10,
    Step.APPRAISE: 7,
    Step.COMMITTEE_VOTE: 7,
    Step.DECIDE: 14,
    Step.CEREMONY: 14,
    Step.CONFIRMATION_VOTE: 5,
    Step.CONFIRM: 10,
}


def _full_members(candidacy: Candidacy) -> list[Person]:
    return list(
        Person.objects.filter(organization=candidacy.organization, status=MembershipStatus.FULL)
        .exclude(pk=candidacy.person_id)
        .order_by("id")[:2]
    )


def prepare_introductions(actor: Any, candidacy: Candidacy, day: dt.date) -> None:
    """Two full members of the cell introduce (or the Youth Union and one member, for a youth member)."""
    members = _full_members(candidacy)
    together = day - dt.timedelta(days=3 * 365)
    if candidacy.person.is_youth_union_member and candidacy.youth_union_exists:
        introduction_add(
            actor=actor,
            candidacy=candidacy,
            kind=IntroducerKind.YOUTH_UNION,
            name=f"Ban Chấp hành Đoàn cơ sở {candidacy.organization.name}",
            date=day,
        )
        members = members[:1]
    for member in members:
        introduction_add(
            actor=actor,
            candidacy=candidacy,
            kind=IntroducerKind.MEMBER,
            introducer=member,
            together_since=together,
            date=day,
        )


def prepare_verifications(actor: Any, candidacy: Candidacy, requested: dt.date, replied: dt.date) -> None:
    """The applicant and both parents verified, with a clear result."""
    for relation, name in [
        (Relation.SELF, candidacy.person.full_name),
        (Relation.FATHER, f"Cha của {candidacy.person.full_name}"),
        (Relation.MOTHER, f"Mẹ của {candidacy.person.full_name}"),
    ]:
        verification_add(
            actor=actor,
            candidacy=candidacy,
            relation=relation,
            name=name,
            requested_on=requested,
            verified_on=replied,
            result="clear",
        )


def walk(
    actor: Any, candidacy: Candidacy, *, until: str, start: dt.date, gaps: dict[str, int] | None = None
) -> dt.date:
    """Record main-line steps from `start` until the candidacy reaches stage `until`; returns the last date."""
    gaps = {**GAPS, **(gaps or {})}
    day = start
    structure = structure_of(candidacy.organization)
    while candidacy.stage != until:
        step = next(s for s in next_steps(candidacy.stage, structure) if s in MAIN_LINE)
        day = day + dt.timedelta(days=gaps[step])
        if step == Step.CONFIRMATION_VOTE and candidacy.probation_end and day < candidacy.probation_end:
            day = candidacy.probation_end + dt.timedelta(days=gaps[step])  # not before the 12 months end
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if step == Step.COURSE:
            data = {"certificate_number": f"CN-{candidacy.pk:05d}", "certificate_date": day}
        elif step == Step.VERIFY and not candidacy.verifications.exists():
            prepare_verifications(actor, candidacy, day - dt.timedelta(days=40), day - dt.timedelta(days=5))
        elif step == Step.INTRODUCE and not candidacy.introductions.exists():
            prepare_introductions(actor, candidacy, day)
        elif step in (Step.CELL_VOTE, Step.CONFIRMATION_VOTE):
            members = full_members_on(candidacy.organization_id, day)
            data = {"members": members, "present": members, "votes_for": members}
        elif step == Step.COMMITTEE_VOTE:
            data = {"members": 7, "present": 7, "votes_for": 7}
        elif step == Step.DECIDE:
            data = {"received_date": day + dt.timedelta(days=2)}
            extra["document"] = f"{candidacy.pk}-QĐ/ĐU"
        elif step == Step.CEREMONY:
            helpers = _full_members(candidacy)
            extra["mentor"] = helpers[0] if helpers else None
        elif step == Step.CONFIRM:
            extra["document"] = f"{candidacy.pk}-QĐ/ĐU/CT"
        candidacy_advance(actor=actor, candidacy=candidacy, step=step, date=day, data=data, **extra)
        candidacy.refresh_from_db()
        if STEPS[step].closes:
            break
    return day
