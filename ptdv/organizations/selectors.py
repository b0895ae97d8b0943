"""Reads of the organisation tree. Lists start from .restrict(); history queries are single statements."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from ptdv.access.roles import Action
from ptdv.common.text import search_key
from ptdv.organizations.models import Organization, OrgChange, OrgPlacement


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


def organization_ids_as_of(org: Organization, day: dt.date, *, include_predecessors: bool = True) -> QuerySet:
    """Ids of every organisation that sat under `org` on `day` (one SQL statement).

    With `include_predecessors`, the subtrees of the organisations that were later merged or split into
    `org` count too, so a merged commune's figures before the merger are the sum of the old communes'.
    """
    if include_predecessors:
        anchors = Q(organization__lineage_descendants__descendant=org)
    else:
        anchors = Q(organization=org)
    anchor_paths = placements_on(day).filter(anchors)
    inside = anchor_paths.filter(path=_prefix_of(OuterRef("path")))
    return placements_on(day).filter(Exists(inside)).values("organization_id")


def _prefix_of(outer_path: OuterRef):
    """The first len(inner.path) characters of an outer path: equal to inner.path iff outer is below it."""
    from django.db.models.functions import Length, Substr

    return Substr(outer_path, 1, Length("path"))


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
