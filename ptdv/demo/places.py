"""The place plan of the demo: tỉnh Tây Nam (fictional), its units and cells, and the 2025 reorganisation.

Pure data and pure functions (no Django models): the seeding module turns the plan into organisations
through the services, and persons.py places people in the cells listed by `cells()`.
"""

import datetime as dt
from dataclasses import dataclass

ORIGIN = dt.date(1975, 5, 1)  # the whole provincial tree exists from here on, so old admissions fit in it
REORGANISATION = dt.date(2025, 7, 1)
PROVINCE_PLACE = "tỉnh Tây Nam"

CENTRAL = ("TW", "Ban Chấp hành Trung ương", dt.date(1930, 2, 3))
PROVINCE = ("TN", "Đảng bộ tỉnh Tây Nam", ORIGIN)

MERGER_DOCUMENT = (
    "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội; "
    "Quyết định số 1203-QĐ/TU ngày 30/6/2025 của Ban Thường vụ Tỉnh ủy"
)
MOVE_DOCUMENT = "Quyết định số 1205-QĐ/TU ngày 30/6/2025 của Ban Thường vụ Tỉnh ủy"
DISSOLUTION_DOCUMENT = "Quyết định số 1210-QĐ/TU ngày 30/6/2025 của Ban Thường vụ Tỉnh ủy"
DISSOLUTION_REASON = "Kết thúc hoạt động của cấp huyện theo chủ trương sắp xếp đơn vị hành chính năm 2025."


@dataclass(frozen=True)
class Unit:
    """A grassroots organisation or a cell to create, with the cells under it."""

    code: str
    name: str
    kind: str
    sector: str
    founded: dt.date
    authorised: bool = False
    cells: tuple["Unit", ...] = ()
    workplace: str = ""  # where its members work; empty for residential cells
    hamlet: str = ""  # "ấp Mỹ Lợi", "khu phố 2": for residential cells


@dataclass(frozen=True)
class Commune:
    """A pre-2025 commune or ward and the grassroots organisations under it."""

    code: str
    place: str  # "xã Mỹ An", "phường 1"
    hamlets: tuple[str, ...]
    population_2020: int
    features: tuple[tuple[str, str], ...] = ()  # ("thpt" | "company" | "company_cell" | "agency", name)
    khmer_area: bool = False

    @property
    def name(self) -> str:
        """The organisation's name: "Đảng bộ" and the place."""
        return f"Đảng bộ {self.place}"


@dataclass(frozen=True)
class District:
    """A pre-2025 district (huyện, thị xã) and its communes."""

    code: str
    place: str
    issuer: str  # how its committee signs decisions: "HU" (huyện ủy), "TXU" (thị xã ủy)
    communes: tuple[Commune, ...]

    @property
    def name(self) -> str:
        """The organisation's name: "Đảng bộ" and the place."""
        return f"Đảng bộ {self.place}"


@dataclass(frozen=True)
class Merger:
    """A post-2025 commune made on 1 July 2025 from two or three old ones."""

    code: str
    place: str
    predecessors: tuple[str, ...]  # commune codes

    @property
    def name(self) -> str:
        """The organisation's name: "Đảng bộ" and the place."""
        return f"Đảng bộ {self.place}"


@dataclass(frozen=True)
class Cell:
    """A unit where members sit (chi bộ trực thuộc or chi bộ cơ sở), with what persons.py needs to know."""

    code: str
    name: str
    sector: str
    founded: dt.date
    workplace: str
    residential: bool
    hamlets: tuple[str, ...]  # where its people may live (their current address)
    address: str  # ", xã Mỹ Thạnh, tỉnh Tây Nam": the current commune and province
    issuer_before: str  # who signed admission decisions before 1 July 2025
    issuer_after: str
    khmer_area: bool = False


def _cell(code: str, name: str, sector: str, founded: dt.date, workplace: str = "", hamlet: str = "") -> Unit:
    """A chi bộ cơ sở: a grassroots cell with no cells below it."""
    return Unit(code, name, "grassroots_cell", sector, founded, workplace=workplace, hamlet=hamlet)


def _committee(
    code: str,
    name: str,
    sector: str,
    founded: dt.date,
    workplace: str,
    cells: tuple[tuple[str, str], ...],
    authorised: bool = False,
) -> Unit:
    """A đảng bộ cơ sở with its cells, given as (name, sector) pairs."""
    below = tuple(
        Unit(f"{code}-{i}", f"Chi bộ {cell}", "cell", cell_sector, founded, workplace=workplace)
        for i, (cell, cell_sector) in enumerate(cells, 1)
    )
    return Unit(
        code, f"Đảng bộ {name}", "grassroots_committee", sector, founded, authorised, below, workplace
    )


def _commune_units(c: Commune) -> tuple[Unit, ...]:
    """The grassroots organisations of a commune: hamlet cells, agency, schools, health station, firms."""
    units = [
        _cell(f"{c.code}-{i:02d}", f"Chi bộ {hamlet}", "residential", ORIGIN, hamlet=hamlet)
        for i, hamlet in enumerate(c.hamlets, 1)
    ]
    features = dict(c.features)
    agency = f"Cơ quan Ủy ban nhân dân {c.place}"
    cells: tuple[tuple[str, str], ...]
    if "agency" in features:
        cells = (
            ("Văn phòng - Tài chính", "agency"),
            (f"Công an {c.place}", "armed_forces"),
            (f"Quân sự {c.place}", "armed_forces"),
        )
        units.append(_committee(f"{c.code}-UB", agency, "agency", ORIGIN, agency, cells))
    else:
        units.append(_cell(f"{c.code}-UB", f"Chi bộ {agency}", "agency", ORIGIN, agency))
    short = c.place.split(" ", 1)[1] if c.place.startswith("xã ") else c.place.title()
    for suffix, school, opened in (
        ("TH", "Tiểu học", dt.date(1976, 9, 5)),
        ("CS", "Trung học cơ sở", dt.date(1981, 9, 5)),
    ):
        school_name = f"Trường {school} {short}"
        units.append(_cell(f"{c.code}-{suffix}", f"Chi bộ {school_name}", "education", opened, school_name))
    station = f"Trạm Y tế {c.place}"
    units.append(_cell(f"{c.code}-YT", f"Chi bộ {station}", "health", dt.date(1978, 3, 1), station))
    if name := features.get("thpt"):
        groups = ("Tổ Toán - Tin học", "Tổ Ngữ văn - Ngoại ngữ", "Tổ Khoa học tự nhiên")
        cells = tuple((group, "education") for group in groups)
        units.append(_committee(f"{c.code}-PT", name, "education", dt.date(1985, 9, 5), name, cells, True))
    if name := features.get("company"):
        groups = ("Phân xưởng Chế biến", "Phân xưởng Cấp đông", "Khối Văn phòng")
        cells = tuple((group, "non_state_enterprise") for group in groups)
        units.append(
            _committee(f"{c.code}-CT", name, "non_state_enterprise", dt.date(2008, 4, 15), name, cells, True)
        )
    if name := features.get("company_cell"):
        units.append(
            _cell(f"{c.code}-CT", f"Chi bộ {name}", "non_state_enterprise", dt.date(2012, 10, 1), name)
        )
    return tuple(units)


def _ward_hamlets(first: int, count: int) -> tuple[str, ...]:
    return tuple(f"khu phố {n}" for n in range(first, first + count))


# fmt: off
DISTRICTS: tuple[District, ...] = (
    District("TN-MT", "huyện Mỹ Thạnh", "HU", (
        Commune("TN-MT-01", "xã Mỹ An", ("ấp Mỹ Lợi", "ấp Mỹ Phú", "ấp Hòa Thuận", "ấp Tân Quới"), 12400,
                (("thpt", "Trường Trung học phổ thông Mỹ Thạnh"), ("agency", ""))),
        Commune("TN-MT-02", "xã Mỹ Hòa", ("ấp Hòa Lợi", "ấp Hòa Hưng", "ấp Mỹ Trung"), 9800,
                (("company", "Công ty TNHH Chế biến Thủy sản Mỹ Hòa"),)),
        Commune("TN-MT-03", "xã Tân Phước", ("ấp Tân Thới", "ấp Phước Hậu", "ấp Phước Lợi", "ấp Tân Long"), 8900,
                (("agency", ""),)),
        Commune("TN-MT-04", "xã Tân Lập", ("ấp Lập Thành", "ấp Tân Hiệp", "ấp Xẻo Gừa"), 7600),
        Commune("TN-MT-05", "xã Tân Hòa", ("ấp Hòa Thạnh", "ấp Hòa Long", "ấp Bưng Tróp"), 7100,
                (("company_cell", "Công ty TNHH May mặc Tân Hòa"),), khmer_area=True),
        Commune("TN-MT-06", "xã Long Hưng", ("ấp Sóc Mới", "ấp Trà Tim", "ấp Long Thới", "ấp Prey Chóp"), 10300,
                (("company_cell", "Công ty Cổ phần Lúa gạo Long Hưng"),), khmer_area=True),
    )),
    District("TN-LP", "thị xã Long Phú", "TXU", (
        Commune("TN-LP-01", "phường 1", _ward_hamlets(1, 4), 15200,
                (("thpt", "Trường Trung học phổ thông Long Phú"), ("agency", ""))),
        Commune("TN-LP-02", "phường 2", _ward_hamlets(5, 3), 11800,
                (("company", "Công ty Cổ phần Xây dựng Long Phú"),)),
        Commune("TN-LP-03", "phường 3", _ward_hamlets(8, 3), 9400),
        Commune("TN-LP-04", "xã Long Đức", ("ấp Đức An", "ấp Đức Hòa", "ấp Long Bình"), 8700, (("agency", ""),)),
        Commune("TN-LP-05", "xã Phú Hữu", ("ấp Phú Thạnh", "ấp Phú Lợi", "ấp Sóc Xoài"), 9100,
                (("company_cell", "Công ty TNHH Phân bón Phú Hữu"),), khmer_area=True),
    )),
)
# fmt: on

MERGERS: tuple[Merger, ...] = (
    Merger("TN-X01", "xã Mỹ Thạnh", ("TN-MT-01", "TN-MT-02")),
    Merger("TN-X02", "xã Tân Thạnh", ("TN-MT-03", "TN-MT-04", "TN-MT-05")),
    Merger("TN-P01", "phường Long Phú", ("TN-LP-01", "TN-LP-02")),
    Merger("TN-P02", "phường Long Đức", ("TN-LP-03", "TN-LP-04")),
)

_SGD = "Sở Giáo dục và Đào tạo tỉnh Tây Nam"
_BV = "Bệnh viện Đa khoa tỉnh Tây Nam"
_CN = "Công ty Cổ phần Cấp nước Tây Nam"
_FOUNDED_1976 = dt.date(1976, 1, 2)
PROVINCIAL_UNITS: tuple[Unit, ...] = (
    _committee("TN-SGD", "Sở Giáo dục và Đào tạo", "agency", _FOUNDED_1976, _SGD,
               (("Văn phòng Sở", "agency"), ("Phòng Giáo dục Trung học", "agency"),
                ("Phòng Tổ chức cán bộ", "agency"))),
    _committee("TN-BV", "Bệnh viện Đa khoa tỉnh", "health", _FOUNDED_1976, _BV,
               (("Khoa Nội", "health"), ("Khoa Ngoại", "health"), ("Khoa Sản", "health"),
                ("Phòng Điều dưỡng", "health")), authorised=True),
    _committee("TN-CN", "Công ty Cổ phần Cấp nước Tây Nam", "state_enterprise", dt.date(1992, 7, 1), _CN,
               (("Nhà máy nước số 1", "state_enterprise"), ("Văn phòng Công ty", "state_enterprise"))),
)  # fmt: skip


def communes() -> list[Commune]:
    """Every pre-2025 commune, district by district."""
    return [c for d in DISTRICTS for c in d.communes]


def units_of(commune: Commune) -> tuple[Unit, ...]:
    """The grassroots organisations planned under `commune`."""
    return _commune_units(commune)


def moved_communes() -> list[Commune]:
    """The communes that were not merged in 2025 and move under the province unchanged."""
    merged = {code for m in MERGERS for code in m.predecessors}
    return [c for c in communes() if c.code not in merged]


def current_commune(commune_code: str) -> tuple[str, str]:
    """(code, place) of the commune that holds the old commune's area after 1 July 2025."""
    for merger in MERGERS:
        if commune_code in merger.predecessors:
            return merger.code, merger.place
    place = next(c.place for c in communes() if c.code == commune_code)
    return commune_code, place


def _member_units(unit: Unit) -> list[Unit]:
    return list(unit.cells) if unit.cells else [unit]


def cells() -> list[Cell]:
    """Every unit where members sit, in plan order (provincial units first)."""
    town = next(c for c in communes() if c.code == "TN-LP-01")
    town_code, town_place = current_commune(town.code)
    town_hamlets = tuple(h for c in communes() if current_commune(c.code)[0] == town_code for h in c.hamlets)
    found: list[Cell] = []
    for unit in PROVINCIAL_UNITS:
        issuer = "ĐU" if unit.authorised else "TU"
        for cell in _member_units(unit):
            found.append(
                Cell(
                    cell.code,
                    cell.name,
                    cell.sector,
                    cell.founded,
                    cell.workplace,
                    False,
                    town_hamlets,
                    f", {town_place}, {PROVINCE_PLACE}",
                    issuer,
                    issuer,
                )
            )
    for district in DISTRICTS:
        for commune in district.communes:
            _, place = current_commune(commune.code)
            for unit in units_of(commune):
                before = "ĐU" if unit.authorised else district.issuer
                after = "ĐU"
                for cell in _member_units(unit):
                    hamlets = (cell.hamlet,) if cell.hamlet else commune.hamlets
                    found.append(
                        Cell(
                            cell.code,
                            cell.name,
                            cell.sector,
                            cell.founded,
                            cell.workplace,
                            bool(cell.hamlet),
                            hamlets,
                            f", {place}, {PROVINCE_PLACE}",
                            before,
                            after,
                            commune.khmer_area,
                        )
                    )
    return found
