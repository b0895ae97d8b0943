"""Hand-built report figures for the renderer tests: no database needed."""

import dataclasses
import datetime as dt
from decimal import Decimal

from ptdv.reports.figures import (
    AT_RISK,
    MET,
    NOT_MET,
    ON_TRACK,
    CategoryFigures,
    CategoryRef,
    Forecast,
    FunnelStage,
    IdleUnit,
    NewMemberStats,
    OrgRef,
    Period,
    Progress,
    StatRow,
    TargetProgress,
    UnitFigures,
    YearFigures,
)

STUDENTS = CategoryRef("students", "học sinh, sinh viên")
PRIVATE_WORKERS = CategoryRef("private_workers", "công nhân lao động doanh nghiệp ngoài nhà nước")
WOMEN = CategoryRef("women", "nữ")

TERM = Period("2020-2025", "nhiệm kỳ 2020–2025", dt.date(2020, 10, 1), dt.date(2025, 9, 30), "term")
YEAR_2024 = Period("2024", "năm 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")


def org(id_: int, name: str, kind: str = "grassroots_committee", kind_label: str = "Đảng bộ cơ sở") -> OrgRef:
    return OrgRef(id=id_, code=f"ORG{id_:04d}", name=name, kind=kind, kind_label=kind_label)


def pct(achieved: float, required: float) -> Decimal:
    return Decimal(achieved) / Decimal(required) * 100


CAN_THO = org(1, "Đảng bộ thành phố Cần Thơ", "province", "Đảng bộ tỉnh, thành phố")
HAU_GIANG = org(2, "Đảng bộ tỉnh Hậu Giang", "province", "Đảng bộ tỉnh, thành phố")
TAN_GIANG = org(3, "Đảng bộ phường Tân Giang", "commune", "Đảng bộ xã, phường, đặc khu")
BIG = org(4, "Đảng bộ tỉnh Nhiều Đơn Vị", "province", "Đảng bộ tỉnh, thành phố")


def _empty_progress(organization: OrgRef, period: Period, as_of: dt.date) -> Progress:
    return Progress(
        organization=organization,
        period=period,
        as_of=as_of,
        category=None,
        decimals=2,
        admitted=0,
        years=[],
        years_counted=0,
        average_per_year=Decimal(0),
        average_rate=None,
        members_at_start=0,
        members_now=0,
        population=None,
        population_year=None,
        member_population_ratio=None,
        targets=[],
        by_category=[],
        units=[],
        grassroots_total=0,
        cells_total=0,
        idle_grassroots=[],
        idle_cells=[],
        funnel=[],
        confirmed=0,
        removed=0,
        forecast=None,
    )


def term_progress() -> Progress:
    """A city over a term: one term target (a single number), a ratio target, categories, a forecast."""
    years = [
        YearFigures(2020, 310, 93000, pct(310, 93000), True),
        YearFigures(2021, 1180, 93200, pct(1180, 93200), False),
        YearFigures(2022, 1350, 94000, pct(1350, 94000), False),
        YearFigures(2023, 1450, 94900, pct(1450, 94900), False),
        YearFigures(2024, 472, 95800, pct(472, 95800), True),
    ]
    main = TargetProgress(
        target_id=11,
        measure="admissions",
        title="Kết nạp đảng viên mới",
        category=None,
        wording="6.224 đảng viên trong nhiệm kỳ",
        source_document="Nghị quyết Đại hội Đảng bộ thành phố lần thứ XIV",
        unit="count",
        required_min=Decimal(6224),
        required_max=None,
        achieved=Decimal(4762),
        attainment_min=pct(4762, 6224),
        attainment_max=None,
        status=AT_RISK,
        forecast_low=Decimal(5900),
        forecast_high=Decimal(6400),
    )
    ratio = TargetProgress(
        target_id=12,
        measure="member_population_ratio",
        title="Tỷ lệ đảng viên so với dân số",
        category=None,
        wording="≥ 7,5% dân số",
        source_document="Nghị quyết Đại hội Đảng bộ thành phố lần thứ XIV",
        unit="percent",
        required_min=Decimal("7.5"),
        required_max=None,
        achieved=Decimal("7.7234"),
        attainment_min=Decimal("7.7234") / Decimal("7.5") * 100,
        attainment_max=None,
        status=MET,
    )
    units = [
        UnitFigures(org(100 + i, name), admitted, Decimal(target), None, pct(admitted, target))
        for i, (name, admitted, target) in enumerate(
            [
                ("Đảng bộ quận Ninh Kiều", 820, 900),
                ("Đảng bộ quận Cái Răng", 610, 760),
                ("Đảng bộ huyện Phong Điền", 402, 650),
                ("Đảng bộ Khối các cơ quan và doanh nghiệp thành phố", 300, 700),
                ("Đảng bộ quận Ô Môn", 150, 600),
            ]
        )
    ]
    return dataclasses.replace(
        _empty_progress(CAN_THO, TERM, dt.date(2024, 3, 25)),
        admitted=4762,
        years=years,
        years_counted=5,
        average_per_year=Decimal("952.4"),
        average_rate=sum((y.rate or Decimal(0) for y in years), Decimal(0)) / 5,
        members_at_start=93000,
        members_now=95900,
        population=1_241_700,
        population_year=2023,
        member_population_ratio=Decimal("7.7234"),
        targets=[main, ratio],
        by_category=[
            CategoryFigures(WOMEN, 2103, pct(2103, 4762)),
            CategoryFigures(STUDENTS, 120, pct(120, 4762)),
        ],
        units=units,
        grassroots_total=12,
        cells_total=304,
        idle_grassroots=[IdleUnit(org(200, "Chi bộ Công ty Cổ phần Thủy sản Mê Kông"), "Đảng bộ quận Ô Môn")],
        idle_cells=[
            IdleUnit(
                org(300 + i, f"Chi bộ khu vực {i}", "cell", "Chi bộ trực thuộc"), "Đảng bộ phường An Hòa"
            )
            for i in range(1, 4)
        ],
        funnel=[
            FunnelStage("source", "Quần chúng ưu tú (tạo nguồn)", 1240, None),
            FunnelStage("course", "Học lớp nhận thức về Đảng", 430, 21),
            FunnelStage("applied", "Đã làm đơn xin vào Đảng", 260, 35),
            FunnelStage("verification", "Thẩm tra lý lịch", 140, 48),
            FunnelStage("decision", "Chờ quyết định kết nạp", 45, 12),
        ],
        confirmed=3820,
        removed=57,
        forecast=Forecast(
            low=5900,
            high=6400,
            pace_projection=6150,
            pipeline_sure=45,
            pipeline_possible=400,
            reasoning=[
                "Theo nhịp độ từ đầu nhiệm kỳ, đến hết nhiệm kỳ kết nạp khoảng 6.150 đảng viên.",
                "45 hồ sơ đang chờ quyết định kết nạp có hạn trong nhiệm kỳ.",
            ],
        ),
        cascade_warnings=["Đảng bộ quận Ô Môn chưa nhập số liệu dân số năm 2023."],
    )


def range_progress() -> Progress:
    """A province in one year: a per-year range target and a category range target."""
    main = TargetProgress(
        target_id=21,
        measure="admissions",
        title="Kết nạp đảng viên mới",
        category=None,
        wording="1.020–1.250 đảng viên mỗi năm",
        source_document="Nghị quyết số 20-NQ/TU ngày 11/01/2024",
        unit="count",
        required_min=Decimal(1020),
        required_max=Decimal(1250),
        achieved=Decimal(1100),
        attainment_min=pct(1100, 1020),
        attainment_max=pct(1100, 1250),
        status=MET,
    )
    students = TargetProgress(
        target_id=22,
        measure="admissions",
        title="Kết nạp đảng viên mới",
        category=STUDENTS,
        wording="40–55 người mỗi năm",
        source_document="Nghị quyết số 20-NQ/TU ngày 11/01/2024",
        unit="count",
        required_min=Decimal(40),
        required_max=Decimal(55),
        achieved=Decimal(31),
        attainment_min=pct(31, 40),
        attainment_max=pct(31, 55),
        status=NOT_MET,
    )
    sources = TargetProgress(
        target_id=23,
        measure="sources",
        title="Giới thiệu nguồn (Đoàn TN)",
        category=None,
        wording="1.500 đoàn viên ưu tú mỗi năm",
        source_document="",
        unit="count",
        required_min=Decimal(1500),
        required_max=None,
        achieved=Decimal(1320),
        attainment_min=pct(1320, 1500),
        attainment_max=None,
        status=ON_TRACK,
    )
    return dataclasses.replace(
        _empty_progress(HAU_GIANG, YEAR_2024, dt.date(2024, 12, 31)),
        admitted=1100,
        years=[YearFigures(2024, 1100, 45800, pct(1100, 45800), False)],
        years_counted=1,
        average_per_year=Decimal(1100),
        average_rate=pct(1100, 45800),
        members_at_start=45800,
        members_now=46650,
        targets=[main, students, sources],
        by_category=[CategoryFigures(STUDENTS, 31, pct(31, 1100))],
        confirmed=980,
        removed=12,
    )


def empty_progress() -> Progress:
    """A new commune with nothing recorded: no targets, no admissions, no population."""
    return _empty_progress(TAN_GIANG, YEAR_2024, dt.date(2024, 3, 25))


def thap_muoi_progress() -> Progress:
    """A district reporting attainment with one decimal and its member/population ratio."""
    main = TargetProgress(
        target_id=31,
        measure="admissions",
        title="Kết nạp đảng viên mới",
        category=None,
        wording="570 đảng viên đến cuối nhiệm kỳ",
        source_document="Kế hoạch số 41-KH/HU",
        unit="count",
        required_min=Decimal(570),
        required_max=None,
        achieved=Decimal(126),
        attainment_min=pct(126, 570),
        attainment_max=None,
        status=AT_RISK,
    )
    return dataclasses.replace(
        _empty_progress(
            org(5, "Đảng bộ huyện Tháp Mười", "district", "Đảng bộ huyện"), TERM, dt.date(2022, 4, 30)
        ),
        decimals=1,
        admitted=126,
        years=[
            YearFigures(2020, 10, 4400, pct(10, 4400), True),
            YearFigures(2021, 80, 4460, pct(80, 4460), False),
            YearFigures(2022, 36, 4520, pct(36, 4520), True),
        ],
        years_counted=3,
        average_per_year=Decimal(42),
        members_at_start=4400,
        members_now=4541,
        population=131_623,
        population_year=2021,
        member_population_ratio=Decimal("3.4500"),
        targets=[main],
    )


def many_units_progress() -> Progress:
    """A province with 40 child organisations and many idle cells."""
    units = [
        UnitFigures(
            org(
                1000 + i,
                f"Đảng bộ xã Số {i:02d}"
                if i
                else "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Nhiều Đơn Vị",
            ),
            admitted=100 - i * 2,
            target_min=Decimal(100),
            target_max=None,
            attainment=Decimal(100 - i * 2),
        )
        for i in range(40)
    ]
    idle_cells = [
        IdleUnit(
            org(5000 + i, f"Chi bộ ấp {i:02d}", "cell", "Chi bộ trực thuộc"), f"Đảng bộ xã Số {i % 40:02d}"
        )
        for i in range(45)
    ]
    return dataclasses.replace(
        _empty_progress(BIG, YEAR_2024, dt.date(2024, 6, 30)),
        admitted=sum(u.admitted for u in units),
        units=units,
        grassroots_total=40,
        cells_total=600,
        idle_cells=idle_cells,
    )


def stat_row(label: str, scale: int) -> StatRow:
    return StatRow(
        label=label,
        total=10 * scale,
        women=4 * scale,
        ethnic_minority=scale,
        religious=scale,
        youth_union=7 * scale,
        readmitted=0,
        occupations={"Công nhân": 2 * scale, "Nông dân": 3 * scale, "Học sinh, sinh viên": 5 * scale},
        age_bands={"18–30": 6 * scale, "31–40": 3 * scale, "41–50": scale, "51–60": 0, "Trên 60": 0},
        average_age=Decimal("29.46"),
        education={"Trung học cơ sở": 3 * scale, "Trung học phổ thông": 7 * scale},
        qualification={"Trung cấp": 2 * scale, "Cao đẳng": scale, "Đại học": 4 * scale, "Thạc sĩ": scale},
    )


def new_member_stats() -> NewMemberStats:
    """The 2-BTCTW figures of a province with two child organisations."""
    rows = [stat_row("Đảng bộ quận Ninh Kiều", 100), stat_row("Đảng bộ quận Cái Răng", 20)]
    total = dataclasses.replace(stat_row("Tổng số", 120), readmitted=2)
    return NewMemberStats(organization=CAN_THO, period=TERM, rows=rows, total=total)
