"""Reads of people: search, filters, counts per subtree, counts as of a date."""

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr

from ptdv.access.roles import Action
from ptdv.access.scoping import scope_paths, scope_q
from ptdv.common.text import has_diacritics, nfc, search_key
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import depth_of, subtree_q
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
    organizations = list(organizations)
    for org in organizations:
        org_filter |= subtree_q("organization__path", org.path)
    if org_filter:
        people = people.filter(org_filter)
    scope = [org.path for org in organizations] or scope_paths(actor, action)
    if statuses := list(statuses):
        people = people.filter(status__in=statuses)
    if gender:
        people = people.filter(gender=gender)
    if ethnic_minority is not None:
        people = people.exclude(ethnicity="Kinh") if ethnic_minority else people.filter(ethnicity="Kinh")
    q = nfc(q).replace("\x00", "")  # a NUL byte means nothing in a name, and PostgreSQL refuses it
    if not q:
        return people.order_by("name_key", "id")
    digits = nid.normalise(q)
    if digits.isdigit() and len(digits) >= 4:
        # Only those who may see a full national ID search by its start: for anyone else a prefix
        # search would spell out a masked number digit by digit. They find a person by the whole number.
        may_read_full = scope_q(actor, Action.CHANGE, "organization__path")
        found = Q(national_id=digits) | (Q(national_id__startswith=digits) & may_read_full)
        return people.filter(found).order_by("national_id")
    # In a commune or below, reading its few thousand people is cheaper than preparing an index range.
    narrow = scope is not None and all(depth_of(path) >= NARROW_DEPTH for path in scope)
    people = people.filter(Q(name_key__contains=search_key(q)) if narrow else name_filter(search_key(q)))
    if has_diacritics(q):
        exact = Case(
            When(name_folded__contains=q.lower(), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return people.annotate(rank=exact).order_by("rank", "name_key", "id")
    return people.order_by("name_key", "id")


NARROW_DEPTH = 3  # a commune (or a district before 07/2025) in the tree central → province → commune …
# A key ending in one of these has a successor (the last character + 1) that is again a letter or a digit.
_RANGE_ENDS = frozenset("abcdefghijklmnopqrstuvwxy012345678")
_MIN_TRIGRAM = 3  # shorter keys have no trigram, so the check below would read the whole table


def name_filter(key: str) -> Q:
    """Names holding `key` anywhere, written as an index range when every such name starts with it.

    The range [key, key with its last character + 1) is exactly "starts with the key" when the database
    orders text by code point, and it is a contiguous run of the (name_key, id) index: the page and the
    capped count read only the matches, in order, and the planner estimates them well. With
    `name_key LIKE '%key%'` alone, PostgreSQL walks the name index from "a" looking for "nguyen van
    an" (matches are not spread evenly through the alphabet), or sorts every match of a common name.
    """
    if (
        len(key) >= _MIN_TRIGRAM
        and key[-1] in _RANGE_ENDS
        and _sorts_by_code_point()
        and not _found_inside_names(key)
    ):
        return Q(name_key__gte=key, name_key__lt=key[:-1] + chr(ord(key[-1]) + 1))
    return Q(name_key__contains=key)


_CODE_POINT_ORDER: dict[tuple[str, str], bool] = {}


def _sorts_by_code_point() -> bool:
    """Whether the database compares text by code point (SQLite; PostgreSQL with the C locales)."""
    if connection.vendor == "sqlite":
        return True
    if connection.vendor != "postgresql":
        return False
    database = (connection.alias, str(connection.settings_dict.get("NAME")))
    if database not in _CODE_POINT_ORDER:
        with connection.cursor() as cursor:
            # datlocprovider (PostgreSQL 15+) is "i" for an ICU default collation, whatever datcollate says.
            cursor.execute(
                "SELECT datcollate, to_jsonb(d) ->> 'datlocprovider' FROM pg_database d "
                "WHERE datname = current_database()"
            )
            collate, provider = cursor.fetchone() or ("", None)
        libc = provider in (None, "c")
        _CODE_POINT_ORDER[database] = libc and (collate in ("C", "POSIX") or collate.upper().startswith("C."))
    return _CODE_POINT_ORDER[database]


def _found_inside_names(key: str) -> bool:
    """Whether some name, anywhere, holds `key` after its first character but does not start with it."""
    inside = (
        Person.objects.annotate(rest=Substr("name_key", 2))
        .filter(rest__contains=key)
        .exclude(name_key__startswith=key)
        .order_by()
    )
    if connection.vendor != "postgresql":
        return inside.exists()
    # As a plain EXISTS, PostgreSQL expects to meet such a name soon in a scan of the whole table, and
    # reads all of it when there is none (the usual answer). Planned on its own, for all its rows, the
    # query uses the trigram index on the name without its first character (migration people 0002).
    sql, params = inside.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH inside AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM inside)", params)
        row = cursor.fetchone()
    return bool(row and row[0])


def with_name_and_birth(people: QuerySet[Person], pairs: Iterable[tuple[str, dt.date]]) -> QuerySet[Person]:
    """The people whose (name_key, date of birth) is one of `pairs`, each pair looked up exactly on the
    index of both (a common name has thousands of people; names × dates would read all of them).

    On PostgreSQL the pairs travel as two array parameters: a Q per pair cost more to build than the
    query took to run (~0,3 s per 1.000 pairs).
    """
    pairs = list(pairs)
    if not pairs:
        return people.none()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Person._meta.db_table)
        names, days = zip(*pairs, strict=True)
        return people.filter(
            RawSQL(
                f"({table}.name_key, {table}.date_of_birth) IN (SELECT * FROM unnest(%s::text[], %s::date[]))",
                (list(names), list(days)),
                output_field=BooleanField(),
            )
        )
    either = Q()
    for name_key, born in pairs:
        either |= Q(name_key=name_key, date_of_birth=born)
    return people.filter(either)


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
