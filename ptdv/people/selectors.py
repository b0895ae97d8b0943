"""Reads of people: search, filters, counts per subtree, counts as of a date."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from ptdv.access.roles import Action
from ptdv.access.scoping import scope_q
from ptdv.common.text import has_diacritics, nfc, search_key
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import subtree_q
from ptdv.organizations.selectors import organization_ids_as_of
from ptdv.people import national_id as nid
from ptdv.people.models import MEMBER_STATUSES, Membership, MembershipEvent, MembershipStatus, Person


def person_list(
    *,
    actor: object,
    q: str = "",
    organizations: Iterable[Organization] = (),
    statuses: Iterable[str] = (),
    gender: str = "",
    ethnic_minority: bool | None = None,
    action: str = Action.VIEW,
) -> QuerySet[Person]:
    """People the actor may see. A search ignores diacritics; exact-diacritic matches come first."""
    people = Person.objects.restrict(actor, action).select_related("organization")
    org_filter = Q()
    for org in organizations:
        org_filter |= subtree_q("organization__path", org.path)
    if org_filter:
        people = people.filter(org_filter)
    if statuses := list(statuses):
        people = people.filter(status__in=statuses)
    if gender:
        people = people.filter(gender=gender)
    if ethnic_minority is not None:
        people = people.exclude(ethnicity="Kinh") if ethnic_minority else people.filter(ethnicity="Kinh")
    q = nfc(q)
    if not q:
        return people.order_by("name_key", "id")
    digits = nid.normalise(q)
    if digits.isdigit() and len(digits) >= 4:
        # Only those who may see a full national ID search by its start: for anyone else a prefix
        # search would spell out a masked number digit by digit. They find a person by the whole number.
        may_read_full = scope_q(actor, Action.CHANGE, "organization__path")
        found = Q(national_id=digits) | (Q(national_id__startswith=digits) & may_read_full)
        return people.filter(found).order_by("national_id")
    people = people.filter(name_key__contains=search_key(q))
    if has_diacritics(q):
        exact = Case(
            When(name_folded__contains=q.lower(), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return people.annotate(rank=exact).order_by("rank", "name_key", "id")
    return people.order_by("name_key", "id")


def person_timeline(person: Person) -> QuerySet[MembershipEvent]:
    """Every event of the person, corrections included, oldest first."""
    return (
        MembershipEvent.objects.filter(person=person)
        .select_related("organization", "recorded_by", "corrects", "corrected_by")
        .order_by("date", "id")
    )


def subtree_counts(parent: Organization, children: Iterable[Organization]) -> dict[int, dict[str, int]]:
    """Current members and candidates under each child of `parent`, in one grouped query."""
    children = list(children)
    if not children:
        return {}
    width = len(children[0].path)
    rows = (
        # No status condition here: it would lead the planner to the status index instead of the path
        # range (60x slower on a province, bench/tree); each count filters its own statuses.
        Person.objects.filter(subtree_q("organization__path", parent.path))
        .annotate(branch=Substr("organization__path", 1, width))
        .values("branch")
        .annotate(  # Count("status"), not "id": the (organization, status) index then covers the query
            members=Count("status", filter=Q(status__in=MEMBER_STATUSES)),
            probationary=Count("status", filter=Q(status=MembershipStatus.PROBATIONARY)),
            candidates=Count("status", filter=Q(status=MembershipStatus.CANDIDATE)),
        )
    )
    by_path = {row["branch"]: row for row in rows}
    empty = {"members": 0, "probationary": 0, "candidates": 0}
    return {c.pk: {k: by_path.get(c.path, empty)[k] for k in empty} for c in children}


def organization_totals(org: Organization) -> dict[str, int]:
    """Current members (full, probationary) and candidates in `org`'s whole subtree."""
    return Person.objects.filter(subtree_q("organization__path", org.path)).aggregate(
        members=Count("status", filter=Q(status__in=MEMBER_STATUSES)),
        full=Count("status", filter=Q(status=MembershipStatus.FULL)),
        probationary=Count("status", filter=Q(status=MembershipStatus.PROBATIONARY)),
        candidates=Count("status", filter=Q(status=MembershipStatus.CANDIDATE)),
    )


def member_count_on(org: Organization, day: dt.date, *, include_predecessors: bool = True) -> int:
    """Party members (probationary and full) under `org` on `day`, by the tree as it stood that day."""
    return (
        Membership.objects.members()
        .on(day)
        .filter(
            organization_id__in=organization_ids_as_of(org, day, include_predecessors=include_predecessors)
        )
        .count()
    )
