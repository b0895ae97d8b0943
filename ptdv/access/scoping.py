"""The one place that decides which organisations a user may act on."""

from django.db.models import Q

from ptdv.access.roles import Action, roles_allowing
from ptdv.organizations.paths import SEGMENT, subtree_q

_CACHE_ATTR = "_ptdv_scope_paths"
_ROOTS_ATTR = "_ptdv_root_paths"


def scope_paths(user: object, action: str) -> list[str] | None:
    """Materialised paths of the subtrees `user` may act on; None means everything (superuser).

    Cached on the user object, so one request asks the database once per action.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    if getattr(user, "is_superuser", False):
        return None
    cache: dict[str, list[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if action not in cache:
        from ptdv.access.models import Grant

        # One query answers every action: a page asks for several (its own, the menu's, the
        # second-factor check's), and they all come from the same few grants.
        grants = list(
            Grant.objects.filter(user_id=getattr(user, "pk", 0)).values_list("organization__path", "role")
        )
        for each in {*Action.values, action}:
            allowed = set(roles_allowing(each))
            cache[each] = _outermost(sorted(path for path, role in grants if role in allowed))
    return cache[action]


def _every_root(user: object, paths: list[str]) -> bool:
    """Whether `paths` hold the path of every root of the tree (cached on the user, like the grants)."""
    if not any(len(path) == SEGMENT for path in paths):
        return False
    roots = user.__dict__.get(_ROOTS_ATTR)
    if roots is None:
        from ptdv.organizations.models import Organization

        roots = set(Organization.objects.filter(parent__isnull=True).values_list("path", flat=True))
        user.__dict__[_ROOTS_ATTR] = roots
    return bool(roots) and roots <= set(paths)


def _outermost(paths: list[str]) -> list[str]:
    """A path inside another granted path adds nothing; keep the outermost ones."""
    outer: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in outer):
            outer.append(path)
    return outer


def scope_q(user: object, action: str, path_field: str) -> Q:
    """A filter on `path_field` (an organisation path) that keeps only the user's subtrees.

    When the subtrees are every tree there is (a national grant on the only root) it is a condition
    every row meets without a join (`pk IS NOT NULL`): the path condition would keep every row too,
    and costs a join with all the organisations. (Not an empty Q: OR-ed with another condition, an
    empty Q vanishes instead of meaning "everything".)
    """
    paths = scope_paths(user, action)
    if paths is None:
        return Q()
    if _every_root(user, paths):
        return Q(pk__isnull=False)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= subtree_q(path_field, path)
    return condition


def visible_org_ids(user: object, action: str):
    """Ids of the organisations `user` may perform `action` on, as a lazy subquery."""
    from ptdv.organizations.models import Organization

    return Organization.objects.filter(scope_q(user, action, "path")).values("pk")


def can(user: object, action: str, organization: object) -> bool:
    """Whether `user` may perform `action` on `organization`."""
    paths = scope_paths(user, action)
    if paths is None:
        return True
    org_path: str = getattr(organization, "path", "")
    return any(org_path.startswith(path) for path in paths)
