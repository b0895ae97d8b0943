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
        return f"Đảng bộ {self.place}"


@dataclass(frozen=True)
class Merger:
    """A post-2025 commune made on 1 July 2025 from two or three old ones."""

    code: str
    place: str
    predecessors: tuple[str, ...]  # commune codes

    @property
    def name(self) -> str:
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


def _unit(code: str, name: str, kind: str, sector: str, founded: dt.date, **extra) -> Unit:
    return Unit(code=code, name=name, kind=kind, sector=sector, founded=founded, **extra)


def _commune_units(c: Commune) -> tuple[Unit, ...]:
    """The grassroots organisations of a commune: hamlet cells, agency, schools, health station, firms."""
    units = [
        _unit(f"{c.code}-{i:02d}", f"Chi bộ {hamlet}", "grassroots_cell", "residential", ORIGIN, hamlet=hamlet)
        for i, hamlet in enumerate(c.hamlets, 1)
    ]
    features = dict(c.features)
    agency = f"Cơ quan Ủy ban nhân dân {c.place}"
    if "agency" in features:
        units.append(_unit(
            f"{c.code}-UB", f"Đảng bộ {agency}", "grassroots_committee", "agency", ORIGIN, workplace=agency,
            cells=(
                _unit(f"{c.code}-UB-1", "Chi bộ Văn phòng - Tài chính", "cell", "agency", ORIGIN, workplace=agency),
                _unit(f"{c.code}-UB-2", f"Chi bộ Công an {c.place}", "cell", "armed_forces", ORIGIN,
                      workplace=f"Công an {c.place}"),
                _unit(f"{c.code}-UB-3", f"Chi bộ Quân sự {c.place}", "cell", "armed_forces", ORIGIN,
                      workplace=f"Ban Chỉ huy Quân sự {c.place}"),
            ),
        ))
    else:
        units.append(_unit(f"{c.code}-UB", f"Chi bộ {agency}", "grassroots_cell", "agency", ORIGIN,
                           workplace=agency))
    short = c.place.split(" ", 1)[1] if c.place.startswith("xã ") else c.place.title()
    for suffix, school, opened in (("TH", "Tiểu học", dt.date(1976, 9, 5)), ("CS", "Trung học cơ sở",
                                                                          dt.date(1981, 9, 5))):
        name = f"Trường {school} {short}"
        units.append(_unit(f"{c.code}-{suffix}", f"Chi bộ {name}", "grassroots_cell", "education", opened,
                           workplace=name))
    station = f"Trạm Y tế {c.place}"
    units.append(_unit(f"{c.code}-YT", f"Chi bộ {station}", "grassroots_cell", "health", dt.date(1978, 3, 1),
                       workplace=station))
    if name := features.get("thpt"):
        opened = dt.date(1985, 9, 5)
        units.append(_unit(
            f"{c.code}-PT", f"Đảng bộ {name}", "grassroots_committee", "education", opened, authorised=True,
            workplace=name, cells=tuple(
                _unit(f"{c.code}-PT-{i}", f"Chi bộ {group}", "cell", "education", opened, workplace=name)
                for i, group in enumerate(("Tổ Toán - Tin học", "Tổ Ngữ văn - Ngoại ngữ",
                                           "Tổ Khoa học tự nhiên"), 1)
            ),
        ))
    if name := features.get("company"):
        opened = dt.date(2008, 4, 15)
        units.append(_unit(
            f"{c.code}-CT", f"Đảng bộ {name}", "grassroots_committee", "non_state_enterprise", opened,
            authorised=True, workplace=name, cells=tuple(
                _unit(f"{c.code}-CT-{i}", f"Chi bộ {group}", "cell", "non_state_enterprise", opened,
                      workplace=name)
                for i, group in enumerate(("Phân xưởng Chế biến", "Phân xưởng Cấp đông", "Khối Văn phòng"), 1)
            ),
        ))
    if name := features.get("company_cell"):
        units.append(_unit(f"{c.code}-CT", f"Chi bộ {name}", "grassroots_cell", "non_state_enterprise",
                           dt.date(2012, 10, 1), workplace=name))
    return tuple(units)


def _ward_hamlets(first: int, count: int) -> tuple[str, ...]:
    return tuple(f"khu phố {n}" for n in range(first, first + count))


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

MERGERS: tuple[Merger, ...] = (
    Merger("TN-X01", "xã Mỹ Thạnh", ("TN-MT-01", "TN-MT-02")),
    Merger("TN-X02", "xã Tân Thạnh", ("TN-MT-03", "TN-MT-04", "TN-MT-05")),
    Merger("TN-P01", "phường Long Phú", ("TN-LP-01", "TN-LP-02")),
    Merger("TN-P02", "phường Long Đức", ("TN-LP-03", "TN-LP-04")),
)

_SGD = "Sở Giáo dục và Đào tạo tỉnh Tây Nam"
_BV = "Bệnh viện Đa khoa tỉnh Tây Nam"
_CN = "Công ty Cổ phần Cấp nước Tây Nam"
PROVINCIAL_UNITS: tuple[Unit, ...] = (
    _unit("TN-SGD", "Đảng bộ Sở Giáo dục và Đào tạo", "grassroots_committee", "agency", dt.date(1976, 1, 2),
          workplace=_SGD, cells=tuple(
              _unit(f"TN-SGD-{i}", f"Chi bộ {n}", "cell", "agency", dt.date(1976, 1, 2), workplace=_SGD)
              for i, n in enumerate(("Văn phòng Sở", "Phòng Giáo dục Trung học", "Phòng Tổ chức cán bộ"), 1))),
    _unit("TN-BV", "Đảng bộ Bệnh viện Đa khoa tỉnh", "grassroots_committee", "health", dt.date(1976, 1, 2),
          authorised=True, workplace=_BV, cells=tuple(
              _unit(f"TN-BV-{i}", f"Chi bộ {n}", "cell", "health", dt.date(1976, 1, 2), workplace=_BV)
              for i, n in enumerate(("Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Phòng Điều dưỡng"), 1))),
    _unit("TN-CN", "Đảng bộ Công ty Cổ phần Cấp nước Tây Nam", "grassroots_committee", "state_enterprise",
          dt.date(1992, 7, 1), workplace=_CN, cells=tuple(
              _unit(f"TN-CN-{i}", f"Chi bộ {n}", "cell", "state_enterprise", dt.date(1992, 7, 1), workplace=_CN)
              for i, n in enumerate(("Nhà máy nước số 1", "Văn phòng Công ty"), 1))),
)


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
            found.append(Cell(cell.code, cell.name, cell.sector, cell.founded, cell.workplace, False,
                              town_hamlets, f", {town_place}, {PROVINCE_PLACE}", issuer, issuer))
    for district in DISTRICTS:
        for commune in district.communes:
            _, place = current_commune(commune.code)
            for unit in units_of(commune):
                before = "ĐU" if unit.authorised else district.issuer
                after = "ĐU"
                for cell in _member_units(unit):
                    hamlets = (cell.hamlet,) if cell.hamlet else commune.hamlets
                    found.append(Cell(cell.code, cell.name, cell.sector, cell.founded, cell.workplace,
                                      bool(cell.hamlet), hamlets, f", {place}, {PROVINCE_PLACE}", before,
                                      after, commune.khmer_area))
    return found
