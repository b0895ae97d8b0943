"""Reads of the organisation tree. Lists start from .restrict(); history queries are single statements."""

import datetime as dt

from django.db.models import Q, QuerySet

from ptdv.access.roles import Action
from ptdv.common.text import search_key
from ptdv.organizations.models import Organization, OrgChange, OrgLineage, OrgPlacement
from ptdv.organizations.paths import subtree_q


def organization_list(
    *, actor: object, q: str = "", kind: str = "", include_dissolved: bool = False, action: str = Action.VIEW
) -> QuerySet[Organization]:
    """Organisations the actor may see, optionally filtered by name or code and kind."""
    orgs = Organization.objects.restrict(actor, action)
    if not include_dissolved:
        orgs = orgs.current()
    if q:
        orgs = orgs.filter(Q(name_key__contains=search_key(q)) | Q(code__iexact=q.strip()))
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs.order_by("path")


def organizations_to_choose(*, actor: object, action: str) -> QuerySet[Organization]:
    """Active organisations the actor may `action`, in tree order: the choices of every form."""
    return Organization.objects.restrict(actor, action).current().order_by("path")


def organizations_around(*, actor: object, org: Organization) -> list[Organization]:
    """For a page about `org`: its ancestors the actor may see, itself, and its active children.

    A short list whatever the size of the scope (the whole country has 339.000 organisations): one
    moves up or down a level at a time.
    """
    from ptdv.organizations.paths import ancestor_paths

    above = Organization.objects.restrict(actor, Action.VIEW).filter(path__in=ancestor_paths(org.path))
    below = org.children.filter(valid_to__isnull=True).order_by("name")
    return [*above.order_by("path"), org, *below]


def organization_roots(*, actor: object) -> QuerySet[Organization]:
    """The top of what the actor sees: the organisations of their view grants (all roots for a superuser)."""
    from ptdv.access.scoping import scope_paths

    paths = scope_paths(actor, Action.VIEW)
    if paths is None:
        return Organization.objects.filter(parent__isnull=True).order_by("name")
    return Organization.objects.filter(path__in=paths).order_by("name")


def organization_children(*, org: Organization, include_dissolved: bool = False) -> QuerySet[Organization]:
    children = org.children.all()
    if not include_dissolved:
        children = children.filter(valid_to__isnull=True)
    return children.order_by("kind", "name")


def placements_on(day: dt.date) -> QuerySet[OrgPlacement]:
    return OrgPlacement.objects.filter(
        Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def anchor_placements(
    org: Organization, start: dt.date, end: dt.date, *, include_predecessors: bool = True
) -> list[tuple[str, dt.date, dt.date | None]]:
    """(path, from, to) of the placements of `org` (and its predecessors) that overlap [start, end].

    Everything "under an organisation as the tree stood that day" starts from these few rows. They are
    read first so the statements that follow carry their paths as literal ranges: the planner then
    knows a commune's subtree is a hundred placements, not a tenth of the country, and reads its
    events and periods by organisation (see docs/scaling.md).
    """
    anchors = (
        OrgLineage.objects.filter(descendant=org).values("ancestor_id")
        if include_predecessors
        else Organization.objects.filter(pk=org.pk).values("pk")
    )
    return list(
        OrgPlacement.objects.filter(organization__in=anchors, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("path", "valid_from")
        .values_list("path", "valid_from", "valid_to")
    )


def organization_ids_as_of(org: Organization, day: dt.date, *, include_predecessors: bool = True) -> QuerySet:
    """Ids of every organisation that sat under `org` on `day` (a subquery; one small query before it).

    With `include_predecessors`, the subtrees of the organisations that were later merged or split into
    `org` count too, so a merged commune's figures before the merger are the sum of the old communes'.
    Each subtree is one index range on the placements' paths (docs/organization-tree.md).
    """
    in_subtrees = Q(pk__in=[])
    for path, _, _ in anchor_placements(org, day, day, include_predecessors=include_predecessors):
        in_subtrees |= subtree_q("path", path)
    return placements_on(day).filter(in_subtrees).values("organization_id")


def organization_predecessors(org: Organization) -> QuerySet[Organization]:
    """Every organisation that was merged or split into `org`, directly or through earlier changes."""
    return (
        Organization.objects.filter(lineage_descendants__descendant=org).exclude(pk=org.pk).order_by("name")
    )


def organization_history(org: Organization) -> QuerySet[OrgChange]:
    """The recorded changes that involve `org`, oldest first."""
    return (
        OrgChange.objects.filter(Q(predecessors=org) | Q(successors=org))
        .distinct()
        .prefetch_related("predecessors", "successors")
        .order_by("effective_date", "id")
    )
