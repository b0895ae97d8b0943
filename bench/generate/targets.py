"""Targets at every level: admissions for the 2020–2025 and 2025–2030 terms, cascading exactly.

Each cell (or grassroots cell) gets its own numbers; every organisation above gets the sum of its
children's, so `cascade_warnings` finds nothing to report. Provinces and the centre also get a
women's-category target for the current term.

No yearly targets: an organisation holding both a whole-term and a yearly target of the same kind
gets cascade warnings on a term report even when both cascade exactly, because `cascade_warnings`
compares each own target with the sum of all the children's matching requirements (term + year).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from tree import Tree

TARGET_COLUMNS = [
    "id", "year", "per_year", "measure", "form", "minimum", "maximum", "nominated_by",
    "source_document", "note", "created_at", "category_id", "created_by_id", "organization_id", "term_id",
]  # fmt: skip
# (key, term code or None, year or None, typical admissions per cell in that period)
PERIODS = [("2020-2025", None, 3.0), ("2025-2030", None, 3.0)]


def target_rows(
    tree: Tree,
    rng: random.Random,
    term_ids: dict[str, int],
    women_category_id: int,
    stamp: dt.datetime,
) -> Iterator[tuple]:
    """Yield the target rows; the per-organisation sums are built bottom-up first."""
    sums = [[0] * len(PERIODS) for _ in tree.orgs]
    for org in reversed(tree.orgs):  # children come after their parents
        row = sums[org.id - 1]
        if org.kind in ("cell", "grassroots_cell"):
            for i, (_, _, typical) in enumerate(PERIODS):
                row[i] = max(0, round(rng.uniform(0.5, 1.5) * typical))
        if org.parent_id is not None:
            parent = sums[org.parent_id - 1]
            for i in range(len(PERIODS)):
                parent[i] += row[i]
    pk = 0
    for org in tree.orgs:
        document = f"Nghị quyết Đại hội {org.name}"
        for i, (term, year, _) in enumerate(PERIODS):
            pk += 1
            term_id = term_ids[term] if term else None
            yield (
                pk, year, False, "admissions", "exact", Decimal(sums[org.id - 1][i]), None, "",
                document, "", stamp, None, None, org.id, term_id,
            )  # fmt: skip
        if org.kind in ("central", "province"):
            pk += 1
            women = Decimal(round(sums[org.id - 1][1] * 0.4))
            yield (
                pk, None, False, "admissions", "exact", women, None, "",
                document, "", stamp, women_category_id, None, org.id, term_ids["2025-2030"],
            )  # fmt: skip
