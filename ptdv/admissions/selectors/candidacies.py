"""Reads of candidacies: the pipeline board, lists, one candidacy's timeline."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.admissions.models import OPEN_STAGES, Candidacy, CandidacyStep, Stage
from ptdv.common.text import search_key
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import subtree_q


def candidacy_list(
    *,
    actor: Any,
    organization: Organization | None = None,
    stages: list[str] | None = None,
    q: str = "",
    action: str = Action.VIEW,
) -> QuerySet[Candidacy]:
    """Candidacies in the actor's scope, optionally under one organisation, in some stages, by name."""
    items = Candidacy.objects.restrict(actor, action).select_related("person", "organization")
    if organization is not None:
        items = items.filter(subtree_q("organization__path", organization.path))
    if stages:
        items = items.filter(stage__in=stages)
    if q:
        items = items.filter(person__name_key__contains=search_key(q))
    return items


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    cards: list[Candidacy]


CARDS_PER_COLUMN = 30
CARD_FIELDS = (
    "stage",
    "stage_since",
    "due_date",
    "person",
    "person__full_name",
    "organization",
    "organization__name",
)


def pipeline_board(
    *, actor: Any, organization: Organization | None = None, q: str = "", only_stage: str = ""
) -> list[BoardColumn]:
    """One column per open stage (or just `only_stage`, in full): the count, longest-waiting first."""
    stages: list[str] = [only_stage] if only_stage in OPEN_STAGES else list(OPEN_STAGES)
    limit = 1000 if only_stage in OPEN_STAGES else CARDS_PER_COLUMN
    # Two queries for every column, however many: per stage, each candidacy's place in the queue and
    # how many there are, on the narrow rows (the cards' people and organisations would be sorted along
    # otherwise); then the cards themselves. A query per column cost more in planning than in running.
    in_stage = [F("stage")]
    places = (
        candidacy_list(actor=actor, organization=organization, stages=stages, q=q)
        .annotate(
            place=Window(
                RowNumber(), partition_by=in_stage, order_by=[F("stage_since").asc(), F("id").asc()]
            ),
            stage_count=Window(Count("id"), partition_by=in_stage),
        )
        .filter(place__lte=limit)
        .values_list("id", "stage", "stage_count")
        .order_by("stage", "place")
    )
    counts: dict[str, int] = {}
    order: list[int] = []
    for pk, stage, count in places:
        counts[stage] = count
        order.append(pk)
    # A card shows the name, the unit and the dates: up to 360 cards, three models each, all columns
    # of which cost twice the time of these.
    found = Candidacy.objects.select_related("person", "organization").only(*CARD_FIELDS).in_bulk(order)
    cards: dict[str, list[Candidacy]] = {stage: [] for stage in stages}
    for pk in order:
        cards[found[pk].stage].append(found[pk])
    return [
        BoardColumn(stage=stage, label=Stage(stage).label, count=counts.get(stage, 0), cards=cards[stage])
        for stage in stages
    ]


def days_in_stage(candidacy: Candidacy, today: dt.date | None = None) -> int:
    return ((today or timezone.localdate()) - candidacy.stage_since).days


def candidacy_timeline(candidacy: Candidacy) -> QuerySet[CandidacyStep]:
    """The steps of a candidacy, oldest first, with who recorded them and where."""
    return candidacy.steps.select_related("organization", "recorded_by").order_by("date", "id")


def overdue_counts(*, actor: Any, today: dt.date | None = None) -> QuerySet:
    """Per organisation in scope: open candidacies past their deadline, and those due within 30 days."""
    today = today or timezone.localdate()
    return (
        Candidacy.objects.restrict(actor)
        .open()
        .filter(due_date__isnull=False, due_date__lte=today + dt.timedelta(days=30))
        .values("organization_id", "organization__name")
        .annotate(
            overdue=Count("id", filter=Q(due_date__lt=today)), soon=Count("id", filter=Q(due_date__gte=today))
        )
        .order_by("-overdue", "organization__name")
    )
