"""What the pure rules are given: the working calendar, the rule set in force, and the facts."""

import datetime as dt
from typing import Any

from ptdv.admissions.models import CalendarDay, Candidacy, RuleParameter
from ptdv.admissions.models.configuration import DayKind
from ptdv.admissions.models.dossier import Verification
from ptdv.admissions.rules import (
    CandidacyFacts,
    ExitFacts,
    IntroducerFacts,
    RelativeFacts,
    RuleSet,
    VoteFacts,
    WorkCalendar,
    ruleset_on,
)
from ptdv.people.models import Membership, MembershipStatus


def work_calendar() -> WorkCalendar:
    """Public holidays from the `holidays` package plus the make-up and extra days users configured."""
    days = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkCalendar(
        extra_days_off=[day for day, kind in days if kind == DayKind.DAY_OFF],
        make_up_working_days=[day for day, kind in days if kind == DayKind.WORKING],
    )


def parameter_overrides(day: dt.date) -> dict[str, int]:
    """The configured value of each overridden parameter on `day` (the latest from-date wins)."""
    values: dict[str, int] = {}
    for key, value in (
        RuleParameter.objects.filter(valid_from__lte=day)
        .order_by("key", "valid_from", "id")
        .values_list("key", "value")
    ):
        values[key] = value
    return values


def ruleset_for(day: dt.date) -> RuleSet:
    """The rule set in force on `day`, with the parameters users configured."""
    return ruleset_on(day).with_params(parameter_overrides(day))


def full_members_on(organization_id: int, day: dt.date) -> int:
    """Full members whose membership sat in the organisation on `day`."""
    return (
        Membership.objects.on(day)
        .filter(organization_id=organization_id, status=MembershipStatus.FULL)
        .values("person_id")
        .distinct()
        .count()
    )


def _introducers(candidacy: Candidacy, day: dt.date) -> tuple[IntroducerFacts, ...]:
    rows = list(candidacy.introductions.filter(ended_on__isnull=True).select_related("introducer"))
    member_ids = [row.introducer_id for row in rows if row.introducer_id]
    full_ids = set(
        Membership.objects.on(day)
        .filter(person_id__in=member_ids, status=MembershipStatus.FULL)
        .values_list("person_id", flat=True)
    )
    return tuple(
        IntroducerFacts(
            kind=row.kind,
            name=row.introducer.full_name if row.introducer else row.name,
            person_id=row.introducer_id,
            is_full_member=row.introducer_id in full_ids,
            together_since=row.together_since,
            same_unit=row.same_unit,
        )
        for row in rows
    )


def _relatives(candidacy: Candidacy) -> tuple[RelativeFacts, ...]:
    rows: list[Verification] = list(candidacy.verifications.all())
    return tuple(
        RelativeFacts(
            relation=row.relation,
            name=row.name,
            is_party_member=row.is_party_member,
            verified_on=row.verified_on,
            result=row.result,
        )
        for row in rows
    )


def _vote(data: dict[str, Any]) -> VoteFacts | None:
    if data.get("members") is None or data.get("votes_for") is None:
        return None
    return VoteFacts(
        members=int(data["members"]),
        votes_for=int(data["votes_for"]),
        present=None if data.get("present") is None else int(data["present"]),
        on_temporary_transfer=int(data.get("on_temporary_transfer") or 0),
        exempt_absent=int(data.get("exempt_absent") or 0),
    )


def candidacy_facts(candidacy: Candidacy, step: str, day: dt.date, data: dict[str, Any]) -> CandidacyFacts:
    """Everything the rules may ask about `candidacy` for a step dated `day` with the form's `data`."""
    person = candidacy.person
    readmission = None
    if candidacy.is_readmission and candidacy.previous_exit_date:
        readmission = ExitFacts(
            left_on=candidacy.previous_exit_date,
            reason=candidacy.previous_exit_reason or "other",
            conviction_cleared_on=candidacy.conviction_cleared_on,
            readmitted_before=candidacy.person.candidacies.filter(is_readmission=True, stage="full_member")
            .exclude(pk=candidacy.pk or 0)
            .exists(),
            family_hardship=candidacy.family_hardship,
        )
    vote = _vote(data)
    saved = candidacy.pk is not None  # a candidacy being opened is checked before it is saved
    return CandidacyFacts(
        on=day,
        applicant_id=person.pk,
        date_of_birth=person.date_of_birth,
        education_level=person.education_level,
        lives_in_exempt_area=candidacy.lives_in_exempt_area,
        is_village_elder=candidacy.is_village_elder,
        is_youth_union_member=person.is_youth_union_member,
        is_trade_union_member=person.is_trade_union_member,
        youth_union_exists=candidacy.youth_union_exists,
        trade_union_exists=candidacy.trade_union_exists,
        certificate_date=data.get("certificate_date") or candidacy.certificate_date,
        papers_date=candidacy.papers_date,
        introducers=_introducers(candidacy, day) if saved else (),
        relatives=_relatives(candidacy) if saved else (),
        cell_full_members=full_members_on(candidacy.organization_id, day),
        cell_vote=vote if step in ("cell_vote", "confirmation_vote") else None,
        committee_vote=vote if step == "committee_vote" else None,
        cell_resolution_date=candidacy.cell_resolution_date,
        decision_date=day if step == "decide" else candidacy.decision_date,
        decision_received_date=data.get("received_date") or candidacy.decision_received_date,
        ceremony_date=day if step == "ceremony" else candidacy.ceremony_date,
        confirmation_vote_date=day if step == "confirmation_vote" else candidacy.confirmation_vote_date,
        readmission=readmission,
    )
