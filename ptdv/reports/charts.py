"""The charts of a progress report as a small bar-chart model (`ChartSpec`, `Bar`), built from `Progress`.

`chart_render` draws them (`render_png` for the documents, `render_svg` for the dashboard); both are
re-exported here so callers need one import.
"""

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from ptdv.common.formatting import vn_date, vn_number, vn_percent
from ptdv.reports.chart_render import (
    COLOR_COUNT,
    COLOR_OTHERS,
    COLOR_PARTIAL,
    DOCUMENT_WIDTH_IN,
    FIG_WIDTH_IN,
    Href,
    render_png,
    render_svg,
)
from ptdv.reports.figures import AT_RISK, MET, NOT_MET, ON_TRACK, OVER, STATUS_LABELS, Progress

__all__ = [
    "DOCUMENT_WIDTH_IN",
    "FIG_WIDTH_IN",
    "Bar",
    "ChartSpec",
    "Href",
    "admissions_by_year_chart",
    "attainment_chart",
    "charts_for",
    "funnel_chart",
    "render_png",
    "render_svg",
    "units_chart",
]

STATUS_COLORS = {
    NOT_MET: "#c0392b",
    AT_RISK: "#e67e22",
    ON_TRACK: "#2e86c1",
    MET: "#239b56",
    OVER: "#7d3c98",
}
MAX_UNIT_BARS = 15
LABEL_WIDTH = 30  # characters per line of a category label


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, the text printed at its end and the filters of its drill-down link."""

    label: str
    value: float
    text: str
    filters: dict[str, str] = field(default_factory=dict)
    link: bool = True  # False for bars that stand for no single list (e.g. "the other units")
    color: str = COLOR_COUNT
    hatch: bool = False  # incomplete data (a year not yet over)
    marker: float | None = None  # a range's maximum: a band is drawn from the reference line to it
    tooltip: str = ""


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart, independent of how it is drawn: bars in reading order, axis and legend texts."""

    key: str  # "attainment" | "admissions_by_year" | "funnel" | "units"
    title: str
    bars: tuple[Bar, ...]
    horizontal: bool
    value_label: str
    percent: bool = False  # the value axis is a percentage
    reference: float | None = None  # a line across all bars (100% of the minimum)
    reference_label: str = ""
    marker_label: str = ""
    note: str = ""
    legend: tuple[tuple[str, str], ...] = ()  # (colour, label) pairs

    @property
    def description(self) -> str:
        """The chart's data as text, for screen readers and the <desc> element."""
        return "; ".join(f"{' '.join(bar.label.split())}: {bar.text}" for bar in self.bars)


# ---------------------------------------------------------------- builders


def _f(value: Decimal | int | float) -> float:
    return float(value)


def _target_name(title: str, category_name: str | None) -> str:
    return f"{title} ({category_name})" if category_name and category_name not in title else title


def attainment_chart(p: Progress) -> ChartSpec | None:
    """One bar per target: achieved as a share of the required minimum, the maximum marked for ranges."""
    bars: list[Bar] = []
    markers = False
    for t in p.targets:
        if t.attainment_min is None or not t.required_min:
            continue
        is_count = t.unit == "count"

        def show(value: Decimal, count: bool = is_count) -> str:
            return vn_number(value) if count else vn_percent(value, 2)

        required = show(t.required_min)
        if t.required_max is not None and t.required_max != t.required_min:
            required = f"{required}–{show(t.required_max)}"
        marker = None
        if t.required_max is not None and t.required_max != t.required_min:
            marker = _f(t.required_max / t.required_min * 100)
            markers = True
        if t.measure == "admissions":
            filters = {"category": t.category.key} if t.category else {}
            link = True
        else:
            filters, link = {"target": str(t.target_id)}, False
        name = _target_name(t.title, t.category.name if t.category else None)
        bars.append(
            Bar(
                label=f"{_wrap(name)}\n{show(t.achieved)}/{required}",
                value=_f(t.attainment_min),
                text=vn_percent(t.attainment_min, p.decimals),
                filters=filters,
                link=link,
                color=STATUS_COLORS.get(t.status, COLOR_COUNT),
                marker=marker,
                tooltip=f"{name}: đạt {vn_percent(t.attainment_min, p.decimals)} — {STATUS_LABELS.get(t.status, '')}",
            )
        )
    if not bars:
        return None
    used = [s for s in STATUS_COLORS if any(b.color == STATUS_COLORS[s] for b in bars)]
    return ChartSpec(
        key="attainment",
        title=f"Tỷ lệ đạt chỉ tiêu, {p.period.label}",
        bars=tuple(bars),
        horizontal=True,
        value_label="Tỷ lệ đạt so với mức tối thiểu của chỉ tiêu",
        percent=True,
        reference=100.0,
        reference_label="Mức tối thiểu (100%)",
        marker_label="Khoảng từ mức tối thiểu đến mức tối đa" if markers else "",
        legend=tuple((STATUS_COLORS[s], STATUS_LABELS[s]) for s in used),
    )


def admissions_by_year_chart(p: Progress) -> ChartSpec | None:
    """Admitted per calendar year (two years or more); a year cut short is hatched and starred."""
    if len(p.years) < 2 or not any(y.admitted for y in p.years):
        return None
    bars = tuple(
        Bar(
            label=f"{y.year}*" if y.partial else str(y.year),
            value=float(y.admitted),
            text=vn_number(y.admitted),
            filters={"year": str(y.year)},
            color=COLOR_PARTIAL if y.partial else COLOR_COUNT,
            hatch=y.partial,
            tooltip=f"Năm {y.year}: kết nạp {vn_number(y.admitted)} đảng viên"
            + (f", tỷ lệ {vn_percent(y.rate, 2)} so với đảng viên đầu năm" if y.rate is not None else "")
            + (" (chưa trọn năm)" if y.partial else ""),
        )
        for y in p.years
    )
    partial = any(y.partial for y in p.years)
    return ChartSpec(
        key="admissions_by_year",
        title=f"Số đảng viên kết nạp theo năm, {p.period.label}",
        bars=bars,
        horizontal=False,
        value_label="Số đảng viên kết nạp",
        note=f"(*) Năm chưa trọn: số liệu tính đến ngày {vn_date(min(p.as_of, p.period.end))}"
        if partial
        else "",
    )


def funnel_chart(p: Progress) -> ChartSpec | None:
    """Open admission cases per pipeline stage, in pipeline order."""
    if not p.funnel or not any(s.count for s in p.funnel):
        return None
    bars = tuple(
        Bar(
            label=_wrap(s.label),
            value=float(s.count),
            text=vn_number(s.count),
            filters={"stage": s.stage},
            tooltip=f"{s.label}: {vn_number(s.count)} hồ sơ"
            + (f", trung vị {vn_number(s.median_days)} ngày" if s.median_days is not None else ""),
        )
        for s in p.funnel
    )
    return ChartSpec(
        key="funnel",
        title=f"Hồ sơ kết nạp đang xem xét theo giai đoạn, đến ngày {vn_date(p.as_of)}",
        bars=bars,
        horizontal=True,
        value_label="Số hồ sơ",
    )


def units_chart(p: Progress) -> ChartSpec | None:
    """Child organisations ranked by attainment (when they have targets) or by admitted; the rest summed."""
    if not p.units:
        return None
    by_attainment = any(u.attainment is not None for u in p.units)
    if by_attainment:
        ranked = sorted(
            (u for u in p.units if u.attainment is not None), key=lambda u: -_f(u.attainment or 0)
        )
        rest = [u for u in p.units if u.attainment is None]
    else:
        if not any(u.admitted for u in p.units):
            return None
        ranked, rest = sorted(p.units, key=lambda u: -u.admitted), []
    if len(ranked) + (1 if rest else 0) > MAX_UNIT_BARS:
        cut = MAX_UNIT_BARS - 1
        ranked, rest = ranked[:cut], ranked[cut:] + rest
    bars: list[Bar] = []
    for u in ranked:
        if by_attainment:
            text = (
                f"{vn_percent(u.attainment, p.decimals)} ({vn_number(u.admitted)}/{vn_number(u.target_min)})"
            )
            value = _f(u.attainment or 0)
        else:
            text, value = vn_number(u.admitted), float(u.admitted)
        bars.append(
            Bar(
                label=_wrap(u.org.name),
                value=value,
                text=text,
                filters={"unit": str(u.org.id)},
                tooltip=f"{u.org.name}: kết nạp {vn_number(u.admitted)} đảng viên"
                + (
                    f", đạt {vn_percent(u.attainment, p.decimals)} chỉ tiêu"
                    if u.attainment is not None
                    else ""
                ),
            )
        )
    if rest:
        admitted = sum(u.admitted for u in rest)
        required = sum(_f(u.target_min) for u in rest if u.target_min and u.attainment is not None)
        counted = sum(u.admitted for u in rest if u.target_min and u.attainment is not None)
        if by_attainment:
            value = counted / required * 100 if required else 0.0
            text = vn_percent(value, p.decimals) if required else "chưa giao chỉ tiêu"
        else:
            value, text = float(admitted), vn_number(admitted)
        bars.append(
            Bar(
                label=f"{len(rest)} đơn vị còn lại",
                value=value,
                text=text,
                link=False,
                color=COLOR_OTHERS,
                tooltip=f"{len(rest)} đơn vị còn lại: kết nạp {vn_number(admitted)} đảng viên",
            )
        )
    return ChartSpec(
        key="units",
        title=f"Kết quả kết nạp của các tổ chức đảng trực thuộc, {p.period.label}",
        bars=tuple(bars),
        horizontal=True,
        value_label="Tỷ lệ đạt chỉ tiêu" if by_attainment else "Số đảng viên kết nạp",
        percent=by_attainment,
        reference=100.0 if by_attainment else None,
        reference_label="Mức chỉ tiêu (100%)" if by_attainment else "",
    )


def charts_for(p: Progress) -> list[ChartSpec]:
    """The charts of a progress report that have data, in report order."""
    built = (attainment_chart(p), admissions_by_year_chart(p), units_chart(p), funnel_chart(p))
    return [spec for spec in built if spec is not None]


def _wrap(text: str, width: int = LABEL_WIDTH, lines: int = 2) -> str:
    parts = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder="…")]
    return "\n".join(parts)
