"""Demo candidacies: the demo's outstanding non-members walked along the pipeline to various stages."""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from ptdv.admissions.domain.pipeline import MAIN_LINE, STEPS
from ptdv.admissions.models import NominatedBy, Stage
from ptdv.admissions.rules import Step
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.walk import GAPS, walk
from ptdv.organizations.models import CELL_KINDS
from ptdv.people.models import EventKind, MembershipStatus, Person

# How far each demo candidacy goes, by weight: most wait early in the pipeline, as in real life.
TARGETS = [
    (Stage.SOURCED, 6),
    (Stage.TRAINED, 5),
    (Stage.APPLIED, 4),
    (Stage.HISTORY_DECLARED, 4),
    (Stage.VERIFIED, 3),
    (Stage.INTRODUCED, 3),
    (Stage.OPINIONS_GATHERED, 3),
    (Stage.CELL_RESOLVED, 2),
    (Stage.COMMITTEE_RESOLVED, 2),
    (Stage.ADMITTED, 2),
    (Stage.PROBATION, 4),
    (Stage.CONFIRMATION_PROPOSED, 1),
]


def _days_to() -> dict[str, int]:
    """Days a brisk walk needs from sourcing to each stage (skipped steps counted: an upper bound)."""
    days: dict[str, int] = {Stage.SOURCED: 0}
    total = 0
    for step in MAIN_LINE:
        total += GAPS[step] + (365 if step == Step.CONFIRMATION_VOTE else 0)
        days[str(STEPS[step].leads_to)] = total
    return days


def create_candidacies(actor: object, rng: random.Random, cutoff: dt.date, limit: int = 90) -> int:
    """Open candidacies for demo candidates in cells with enough full members, and walk them on."""
    cells_ok = set(
        Person.objects.filter(status=MembershipStatus.FULL, organization__kind__in=CELL_KINDS)
        .values("organization_id")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
        .values_list("organization_id", flat=True)
    )
    candidates = list(
        Person.objects.filter(status=MembershipStatus.CANDIDATE, organization_id__in=cells_ok)
        .annotate(nominated=Count("events", filter=Q(events__kind=EventKind.NOMINATED)))
        .select_related("organization")
        .order_by("id")[: limit * 2]
    )
    rng.shuffle(candidates)
    stages, weights = zip(*TARGETS, strict=True)
    needed = _days_to()
    opened = 0
    for person in candidates[:limit]:
        last = person.events.order_by("-date", "-id").first()
        start = last.date if last else cutoff - dt.timedelta(days=400)
        target = rng.choices(stages, weights)[0]
        while target != Stage.SOURCED and start + dt.timedelta(days=needed[target] + 40) > cutoff:
            target = stages[stages.index(target) - 1]
        try:
            candidacy = candidacy_create(
                actor=actor,
                person=person,
                organization=person.organization,
                opened_on=start,
                youth_union_exists=person.is_youth_union_member,
                # Youth Union members are proposed by the Youth Union (its sources target counts them).
                nominated_by=NominatedBy.YOUTH_UNION if person.is_youth_union_member else NominatedBy.CELL,
            )
            opened += 1
            walk(actor, candidacy, until=target, start=start)
        except ValidationError:
            continue  # a rule stopped this one (too young at the vote, say): it waits where it is, as in life
    return opened
