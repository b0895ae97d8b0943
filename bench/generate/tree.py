"""The synthetic national organisation tree: central → 34 provinces → communes → grassroots → cells.

Ids are assigned here (1, 2, 3 … in creation order) and paths are computed with the app's own
`ptdv.organizations.paths.child_path`, so they are exactly what `organization_create` would store.
The tree has no history: every organisation exists from FOUNDED on, with one open placement and
itself as its only lineage ancestor (simplification: no 2025 mergers are replayed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from ptdv.common.text import nfc, search_key
from ptdv.organizations.paths import child_path, depth_of
from ptdv.people.national_id import PROVINCE_CODES

FOUNDED = dt.date(2000, 1, 1)

PROVINCE_NAMES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
    "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa",
    "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp",
    "Cà Mau", "An Giang",
]  # fmt: skip
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
COMMUNE_WORDS = [
    "Hòa Bình", "Tân Phú", "An Khánh", "Phước Long", "Thạnh Mỹ", "Đông Hòa", "Tây Sơn", "Bình An",
    "Vĩnh Hưng", "Long Điền", "Quang Trung", "Hưng Đạo", "Minh Đức", "Thuận Thành", "Phú Lộc", "Tiên Lữ",
]  # fmt: skip
# Sector of a grassroots organisation or cell (the keys of ptdv.demo.names.JOBS_BY_SECTOR), weighted.
SECTORS = [
    ("residential", 50), ("agency", 12), ("education", 12), ("health", 5),
    ("state_enterprise", 4), ("non_state_enterprise", 9), ("armed_forces", 8),
]  # fmt: skip
GRASSROOTS_LABEL = {
    "residential": "khu dân cư",
    "agency": "cơ quan",
    "education": "trường học",
    "health": "trung tâm y tế",
    "state_enterprise": "công ty nhà nước",
    "non_state_enterprise": "công ty cổ phần",
    "armed_forces": "quân sự, công an",
}
# Share of grassroots organisations that are committees with cells (the rest are grassroots cells).
COMMITTEE_SHARE = 0.6


@dataclass
class Org:
    """One organisation as generated (only what the later phases need)."""

    id: int
    code: str
    name: str
    kind: str
    sector: str
    parent_id: int | None
    path: str
    province: int  # index of its province (0–33), -1 for the centre
    units: int = 0  # cells (cell kinds) in its subtree, itself included


@dataclass
class Tree:
    orgs: list[Org] = field(default_factory=list)

    @property
    def units(self) -> list[Org]:
        """Organisations whose own members sit directly in them: cells and grassroots cells."""
        return [o for o in self.orgs if o.kind in ("cell", "grassroots_cell")]

    def count(self, kind: str) -> int:
        return sum(o.kind == kind for o in self.orgs)


def _spread(total: int, buckets: int) -> list[int]:
    """`total` split as evenly as possible into `buckets` whole parts."""
    base, extra = divmod(total, buckets)
    return [base + (1 if i < extra else 0) for i in range(buckets)]


def build_tree(scale: float, rng: random.Random) -> Tree:
    """The whole tree, ids and paths included, for `scale` (1.0 = national)."""
    tree = Tree()
    sector_names = [s for s, _ in SECTORS]
    sector_weights = [w for _, w in SECTORS]

    def add(code: str, name: str, kind: str, sector: str, parent: Org | None, province: int) -> Org:
        pk = len(tree.orgs) + 1
        path = child_path(parent.path if parent else "", pk)
        org = Org(pk, code, nfc(name), kind, sector, parent.id if parent else None, path, province)
        tree.orgs.append(org)
        return org

    centre = add("TW", "Ban Chấp hành Trung ương", "central", "", None, -1)
    communes_per_province = _spread(max(34, round(3_300 * scale)), 34)
    n_communes = sum(communes_per_province)
    grassroots_per_commune = _spread(max(n_communes, round(60_000 * scale)), n_communes)
    n_committees = round(sum(grassroots_per_commune) * COMMITTEE_SHARE)
    # Cells per grassroots committee, on average; the grassroots cells count as one unit each.
    n_grassroots_cells = sum(grassroots_per_commune) - n_committees
    cells_each = max(1.0, (round(300_000 * scale) - n_grassroots_cells) / max(1, n_committees))
    commune_no = 0
    for p, (pname, n_comm) in enumerate(zip(PROVINCE_NAMES, communes_per_province, strict=True)):
        title = "Đảng bộ thành phố" if pname in CITIES else "Đảng bộ tỉnh"
        province = add(f"T{p + 1:02d}", f"{title} {pname}", "province", "", centre, p)
        for _ in range(n_comm):
            word = COMMUNE_WORDS[commune_no % len(COMMUNE_WORDS)]
            level = "phường" if pname in CITIES or commune_no % 5 == 0 else "xã"
            commune = add(
                f"X{len(tree.orgs) + 1:07d}",
                f"Đảng bộ {level} {word} {commune_no // len(COMMUNE_WORDS) + 1}",
                "commune",
                "commune_ward",
                province,
                p,
            )
            for g in range(grassroots_per_commune[commune_no]):
                sector = rng.choices(sector_names, sector_weights)[0]
                committee = rng.random() < COMMITTEE_SHARE
                kind = "grassroots_committee" if committee else "grassroots_cell"
                label = GRASSROOTS_LABEL[sector]
                prefix = "Đảng bộ" if committee else "Chi bộ"
                grassroots = add(
                    f"CS{len(tree.orgs) + 1:07d}", f"{prefix} {label} số {g + 1}", kind, sector, commune, p
                )
                if committee:
                    n_cells = max(1, round(rng.uniform(0.5, 1.5) * cells_each))
                    for c in range(n_cells):
                        add(f"CB{len(tree.orgs) + 1:07d}", f"Chi bộ {c + 1}", "cell", sector, grassroots, p)
            commune_no += 1
    _count_units(tree)
    return tree


def _count_units(tree: Tree) -> None:
    """Fill `units`: the cells in each subtree (children always come after their parent)."""
    by_id = {o.id: o for o in tree.orgs}
    for org in reversed(tree.orgs):
        if org.kind in ("cell", "grassroots_cell"):
            org.units += 1
        if org.parent_id is not None:
            by_id[org.parent_id].units += org.units


def province_codes() -> list[str]:
    """A birth-registration code (ptdv.people.national_id) for each of the 34 provinces."""
    codes = sorted(PROVINCE_CODES)
    return [codes[(i * len(codes)) // 34] for i in range(34)]


ORG_COLUMNS = [
    "id", "code", "name", "name_key", "kind", "sector", "path", "depth",
    "valid_from", "valid_to", "is_authorised_to_admit", "parent_id",
]  # fmt: skip
PLACEMENT_COLUMNS = ["id", "path", "valid_from", "valid_to", "organization_id", "parent_id"]
LINEAGE_COLUMNS = ["id", "ancestor_id", "descendant_id"]
POPULATION_COLUMNS = ["id", "year", "population", "source", "organization_id"]
POPULATION_YEARS = (2024, 2025, 2026)


def org_rows(tree: Tree) -> Iterator[tuple]:
    for o in tree.orgs:
        authorised = o.kind in ("central", "province", "commune", "grassroots_committee")
        yield (
            o.id, o.code, o.name, search_key(o.name), o.kind, o.sector, o.path, depth_of(o.path),
            FOUNDED, None, authorised, o.parent_id,
        )  # fmt: skip


def placement_rows(tree: Tree) -> Iterator[tuple]:
    for o in tree.orgs:
        yield (o.id, o.path, FOUNDED, None, o.id, o.parent_id)


def lineage_rows(tree: Tree) -> Iterator[tuple]:
    for o in tree.orgs:  # every organisation is its own lineage ancestor
        yield (o.id, o.id, o.id)


def population_rows(tree: Tree, rng: random.Random) -> Iterator[tuple]:
    """Population per commune and year; provinces and the centre get the sums of their communes."""
    totals: dict[int, list[int]] = {}
    pk = 0
    for o in tree.orgs:
        if o.kind != "commune":
            continue
        base = rng.randint(15_000, 45_000)
        for i, year in enumerate(POPULATION_YEARS):
            pk += 1
            value = base + i * base // 100
            yield (pk, year, value, "Cục Thống kê (tổng hợp)", o.id)
            province = tree.orgs[o.parent_id - 1] if o.parent_id else None
            for anc in (province.id if province else None, 1):
                if anc is not None:
                    totals.setdefault(anc, [0] * len(POPULATION_YEARS))[i] += value
    for org_id in sorted(totals):
        for i, year in enumerate(POPULATION_YEARS):
            pk += 1
            yield (pk, year, totals[org_id][i], "Cục Thống kê (tổng hợp)", org_id)
