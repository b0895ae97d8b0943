"""Reads of the organisation tree. Lists start from .restrict(); history queries are single statements."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from ptdv.access.roles import Action
from ptdv.common.text import search_key
from ptdv.organizations.models import Organization, OrgChange, OrgLineage, OrgPlacement
from ptdv.organizations.paths import subtree_bounds


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


_AS_OF_SQL = """
SELECT p.id FROM {placement} p
JOIN {placement} a ON p.path >= a.path AND p.path <= a.path || %s
WHERE {anchor}
  AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s)
  AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to >= %s)
"""


def organization_ids_as_of(org: Organization, day: dt.date, *, include_predecessors: bool = True) -> QuerySet:
    """Ids of every organisation that sat under `org` on `day` (one SQL statement).

    With `include_predecessors`, the subtrees of the organisations that were later merged or split into
    `org` count too, so a merged commune's figures before the merger are the sum of the old communes'.
    The join starts from the few anchor placements and reads each subtree as one index range (written
    in SQL because the ORM would express it as a correlated EXISTS over every placement: 10,000x slower
    at national scale, see docs/organization-tree.md).
    """
    if include_predecessors:
        anchor = f"a.organization_id IN (SELECT ancestor_id FROM {OrgLineage._meta.db_table} WHERE descendant_id = %s)"
    else:
        anchor = "a.organization_id = %s"
    sql = _AS_OF_SQL.format(placement=OrgPlacement._meta.db_table, anchor=anchor)
    _, high = subtree_bounds("")
    params = [high, org.pk, day, day, day, day]
    return OrgPlacement.objects.filter(pk__in=RawSQL(sql, params)).values("organization_id")


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
