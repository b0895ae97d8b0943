"""The figures a progress report is made of: plain frozen dataclasses, no Django.

`ptdv.reports.progress` computes them from the database; the dashboard, the CLI, the charts, the
narrative report (.docx/.pdf) and the statistical form (.xlsx) only read them. Percentages are
`Decimal` values on the 0–100 scale (76.51 means 76,51%), unrounded: formatting rounds.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# Target status, worst first.
NOT_MET = "not_met"  # the period is over below the minimum
UNLIKELY = "unlikely"  # the period runs on, but even the forecast's high end is below the minimum
AT_RISK = "at_risk"  # the forecast range straddles the minimum
BELOW = "below"  # below the minimum, period running, no forecast for this measure
ON_TRACK = "on_track"  # the forecast's worst case reaches the minimum
MET = "met"  # the minimum is already reached
OVER = "over"  # above the maximum of a range
STATUS_LABELS = {
    NOT_MET: "Không đạt",
    UNLIKELY: "Dự báo không đạt",
    AT_RISK: "Có nguy cơ không đạt",
    BELOW: "Chưa đạt",
    ON_TRACK: "Dự kiến đạt",
    MET: "Đã đạt",
    OVER: "Vượt mức tối đa",
}


@dataclass(frozen=True)
class Period:
    """A reporting period: a term, a year, or a span of years (both ends inclusive)."""

    key: str  # "2020-2025", "2024", "2019-2021"
    label: str  # "nhiệm kỳ 2020–2025", "năm 2024", "giai đoạn 2019–2021"
    start: dt.date
    end: dt.date
    kind: str  # "term" | "year" | "years"

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))


@dataclass(frozen=True)
class OrgRef:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str


@dataclass(frozen=True)
class CategoryRef:
    key: str
    name: str


@dataclass(frozen=True)
class TargetProgress:
    """One target measured against what was achieved."""

    target_id: int
    measure: str  # "admissions" | "member_population_ratio" | "sources"
    title: str  # "Kết nạp đảng viên mới", "Tỷ lệ đảng viên so với dân số", "Giới thiệu nguồn (Đoàn TN)"
    category: CategoryRef | None
    wording: str  # the target as written: "1.020–1.250 đảng viên mỗi năm", "≥ 7% số đảng viên đầu năm"
    source_document: str
    unit: str  # "count" | "percent"
    # What the target requires for this period (counts for count targets; a % for ratio targets).
    required_min: Decimal | None
    required_max: Decimal | None
    achieved: Decimal
    attainment_min: Decimal | None  # achieved ÷ required_min × 100
    attainment_max: Decimal | None  # achieved ÷ required_max × 100
    status: str
    forecast_low: Decimal | None = None
    forecast_high: Decimal | None = None


@dataclass(frozen=True)
class YearFigures:
    year: int
    admitted: int
    members_at_start: int  # members on 1 January of the year
    rate: Decimal | None  # admitted ÷ members_at_start × 100
    partial: bool  # the period or the as-of date cuts the year short


@dataclass(frozen=True)
class CategoryFigures:
    category: CategoryRef
    admitted: int
    share: Decimal | None  # of all admitted, × 100


@dataclass(frozen=True)
class UnitFigures:
    """A child organisation of the report's organisation, for the ranking."""

    org: OrgRef
    admitted: int
    target_min: Decimal | None
    target_max: Decimal | None
    attainment: Decimal | None  # against target_min


@dataclass(frozen=True)
class IdleUnit:
    """A grassroots organisation or cell that admitted nobody in the period."""

    org: OrgRef
    parent_name: str


@dataclass(frozen=True)
class FunnelStage:
    stage: str
    label: str
    count: int
    median_days: int | None  # median days the open candidacies have been in the stage


@dataclass(frozen=True)
class Forecast:
    """Expected admissions by the end of the period, as a range, with its reasoning."""

    low: int
    high: int
    pace_projection: int  # admitted so far ÷ elapsed days × period days
    pipeline_sure: int  # awaiting a decision whose deadline falls in the period
    pipeline_possible: int  # open cases that can still reach a decision in time
    reasoning: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """Everything the dashboard and the reports say about one organisation and period."""

    organization: OrgRef
    period: Period
    as_of: dt.date
    category: CategoryRef | None  # the report is restricted to this category
    decimals: int  # decimals for attainment percentages (ratios always use 2)
    admitted: int
    years: list[YearFigures]
    years_counted: int  # calendar years of the period up to the as-of date
    average_per_year: Decimal
    average_rate: Decimal | None  # mean of the yearly rates
    members_at_start: int  # members on the first day of the period
    members_now: int  # members on the as-of date
    population: int | None
    population_year: int | None
    member_population_ratio: Decimal | None
    targets: list[TargetProgress]
    by_category: list[CategoryFigures]
    units: list[UnitFigures]  # the children, best attainment (or most admitted) first
    grassroots_total: int
    cells_total: int
    idle_grassroots: list[IdleUnit]
    idle_cells: list[IdleUnit]
    funnel: list[FunnelStage]  # the live pipeline: empty unless the as-of date is today
    confirmed: int
    removed: int
    forecast: Forecast | None
    cascade_warnings: list[str] = field(default_factory=list)
    # False above IDLE_LIST_MAX_UNITS units: only the totals are given, each unit below lists its own
    idle_listed: bool = True
    # When the funnel and the forecast's pipeline are a snapshot (the centre, provinces): its time
    pipeline_computed_at: dt.datetime | None = None

    @property
    def main_target(self) -> TargetProgress | None:
        """The admissions target for all categories (or the report's category), if any."""
        key = self.category.key if self.category else None
        for target in self.targets:
            if target.measure == "admissions" and (target.category.key if target.category else None) == key:
                return target
        return None


@dataclass(frozen=True)
class StatRow:
    """One row of the new-member statistical form (2-BTCTW): a unit, or the total."""

    label: str
    total: int
    women: int
    ethnic_minority: int
    religious: int
    youth_union: int
    readmitted: int
    occupations: dict[str, int]  # label → count, in OCCUPATION order
    age_bands: dict[str, int]  # "18–30", "31–40", "41–50", "51–60", "Trên 60"
    average_age: Decimal | None
    education: dict[str, int]  # general education label → count
    qualification: dict[str, int]  # professional qualification label → count


@dataclass(frozen=True)
class NewMemberStats:
    organization: OrgRef
    period: Period
    rows: list[StatRow]  # one per child organisation
    total: StatRow
