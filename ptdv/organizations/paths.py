"""Materialised paths: each node's id as a fixed-width base-36 segment after its parent's path.

Fixed width means the ancestor of a node at depth k is simply the first k*SEGMENT characters of its
path, so "count per child subtree" is one GROUP BY on a substring (see selectors.subtree_counts).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Q

SEGMENT = 7
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def segment(pk: int) -> str:
    """The path segment of node `pk`: base 36, zero-padded to SEGMENT characters."""
    if pk <= 0:
        raise ValueError("a path segment needs a positive id")
    out = ""
    while pk:
        pk, rest = divmod(pk, 36)
        out = _DIGITS[rest] + out
    if len(out) > SEGMENT:
        raise ValueError("id too large for a path segment")
    return out.rjust(SEGMENT, "0")


def child_path(parent_path: str, pk: int) -> str:
    return parent_path + segment(pk)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT


def ancestor_paths(path: str) -> list[str]:
    """Paths of every ancestor of `path`, root first, excluding `path` itself."""
    return [path[: i * SEGMENT] for i in range(1, depth_of(path))]


MAX_PATH = 255  # Organization.path max_length
_HIGHEST = _DIGITS[-1]


def subtree_bounds(path: str) -> tuple[str, str]:
    """Lowest and highest possible path in the subtree rooted at `path` (inclusive).

    Paths use only [0-9a-z], so every descendant sorts between `path` and `path` followed by 'z's,
    and nothing else does: a range an ordinary B-tree index answers on SQLite and PostgreSQL alike,
    under the C collation or a locale one. (SQLite cannot use an index for LIKE 'x%' ESCAPE '\\',
    which Django's startswith emits: see docs/organization-tree.md.)
    """
    return path, path + _HIGHEST * (MAX_PATH - len(path))


def subtree_q(field: str, path: str) -> "Q":
    """A filter keeping rows whose `field` (an organisation path) lies in the subtree at `path`."""
    from django.db.models import Q

    low, high = subtree_bounds(path)
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})
