"""The progress report ("báo cáo đề dẫn") as renderer-independent blocks (`blocks`), and as plain text.

One content model, several renderers: `render_docx` and `render_pdf` draw these blocks, the CLI prints
`report_text`. Sections without data are left out; unknown values are never printed as "None".
"""

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from ptdv.common.formatting import vn_date, vn_number, vn_percent
from ptdv.reports.blocks import Block, Bullets, Figure, Heading, Paragraph, Table, blocks_text
from ptdv.reports.charts import ChartSpec, charts_for
from ptdv.reports.figures import (
    AT_RISK,
    NOT_MET,
    STATUS_LABELS,
    IdleUnit,
    NewMemberStats,
    Progress,
    TargetProgress,
)

__all__ = [
    "Block",
    "Bullets",
    "Figure",
    "Heading",
    "Paragraph",
    "Table",
    "blocks_text",
    "report_blocks",
    "report_text",
]

MAX_NAMES = 30  # idle units named one by one; the rest are counted
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
DASH = "–"


# ---------------------------------------------------------------- wording helpers


def _n(value: int | Decimal | None) -> str:
    return vn_number(value) if value is not None else DASH


def _pct(value: Decimal | None, decimals: int = 2) -> str:
    return vn_percent(value, decimals) if value is not None else DASH


def _span(p: Progress) -> str:
    """The span of the figures: «Từ đầu nhiệm kỳ 2020–2025 đến ngày 25/03/2024», or «Trong năm 2023» once over."""
    if p.as_of >= p.period.end:
        return f"Trong {p.period.label}"
    return f"Từ đầu {p.period.label} đến ngày {vn_date(p.as_of)}"


def _source(t: TargetProgress) -> str:
    return f" ({t.source_document})" if t.source_document.strip() else ""


def _is_range(t: TargetProgress) -> bool:
    return t.required_max is not None and t.required_max != t.required_min and t.attainment_max is not None


def _target_name(t: TargetProgress) -> str:
    if t.category and t.category.name not in t.title:
        return f"{t.title} ({t.category.name})"
    return t.title


def _value(t: TargetProgress, value: Decimal) -> str:
    if t.unit == "percent":
        return vn_percent(value, 2)
    return f"{vn_number(value)} đảng viên" if t.measure == "admissions" else vn_number(value)


def _attainment(t: TargetProgress, decimals: int) -> str:
    """Attainment as «đạt 76,51% chỉ tiêu», or both ends of a range target; "" when unknown."""
    if t.attainment_min is None:
        return ""
    if _is_range(t):
        return (
            f"đạt {vn_percent(t.attainment_min, decimals)} mức tối thiểu và "
            f"{vn_percent(t.attainment_max, decimals)} mức tối đa của chỉ tiêu"
        )
    return f"đạt {vn_percent(t.attainment_min, decimals)} chỉ tiêu"


def _names(units: Sequence[IdleUnit], noun: str) -> str:
    shown = ", ".join(
        f"{u.org.name} ({u.parent_name})" if u.parent_name else u.org.name for u in units[:MAX_NAMES]
    )
    rest = len(units) - MAX_NAMES
    return f"{shown} và {vn_number(rest)} {noun} khác" if rest > 0 else shown


# ---------------------------------------------------------------- sections


def _title(p: Progress) -> list[Block]:
    subject = f" (đối tượng: {p.category.name})" if p.category else ""
    return [
        Heading("BÁO CÁO", 0),
        Paragraph(f"Kết quả công tác phát triển đảng viên {p.period.label}{subject}", "center", bold=True),
        Paragraph(p.organization.name, "center", bold=True),
        Paragraph(f"Số liệu tính đến ngày {vn_date(p.as_of)}", "center", italic=True),
    ]


def _general(p: Progress) -> list[Block]:
    blocks: list[Block] = []
    org = p.organization.name
    if p.members_at_start or p.members_now:
        change = p.members_now - p.members_at_start
        trend = ""
        if change:
            trend = f", {'tăng' if change > 0 else 'giảm'} {_n(abs(change))} đảng viên"
        blocks.append(
            Paragraph(
                f"Đầu {p.period.label} (ngày {vn_date(p.period.start)}), {org} có {_n(p.members_at_start)} "
                f"đảng viên; đến ngày {vn_date(p.as_of)} có {_n(p.members_now)} đảng viên{trend}."
            )
        )
    if p.member_population_ratio is not None:
        basis = "Theo số liệu dân số" + (f" năm {p.population_year}" if p.population_year else "")
        basis += f" ({_n(p.population)} người)" if p.population else ""
        blocks.append(
            Paragraph(
                f"{basis}, tổng số đảng viên đến ngày {vn_date(p.as_of)} là {_n(p.members_now)} đảng viên, "
                f"đạt tỷ lệ {vn_number(p.member_population_ratio, 2)}% so với dân số."
            )
        )
    elif p.population:
        year = f" năm {p.population_year}" if p.population_year else ""
        blocks.append(Paragraph(f"Dân số trên địa bàn{year}: {_n(p.population)} người."))
    return blocks


def _admissions(p: Progress, specs: dict[str, ChartSpec]) -> list[Block]:
    blocks: list[Block] = []
    org, main = p.organization.name, p.main_target
    if main is not None and main.unit != "count":
        main = None
    if p.admitted == 0 and main is None:
        blocks.append(Paragraph(f"{_span(p)}, {org} chưa kết nạp được đảng viên mới."))
    else:
        sentence = f"{_span(p)}, {org} đã kết nạp {_n(p.admitted)} đảng viên"
        if main is not None and main.attainment_min is not None:
            sentence += f", {_attainment(main, p.decimals)} {main.wording}{_source(main)}"
            if main.status in STATUS_LABELS:
                sentence += f". Đánh giá: {STATUS_LABELS[main.status]}"
        blocks.append(Paragraph(sentence + "."))
    if p.admitted and p.years_counted > 1:
        sentence = (
            f"Tính trên {p.years_counted} năm, bình quân hằng năm kết nạp "
            f"{vn_number(p.average_per_year)} đảng viên"
        )
        if p.average_rate is not None:
            sentence += (
                f", tỷ lệ bình quân {vn_number(p.average_rate, 2)}%/năm so với tổng số đảng viên đầu năm"
            )
        blocks.append(Paragraph(sentence + "."))
    if p.admitted and p.by_category:
        parts = [
            f"{c.category.name}: {_n(c.admitted)} đảng viên"
            + (f" ({_pct(c.share)})" if c.share is not None else "")
            for c in p.by_category
        ]
        blocks.append(
            Paragraph(
                f"Cơ cấu đảng viên mới kết nạp: tổng số {_n(p.admitted)} đảng viên, trong đó {'; '.join(parts)}."
            )
        )
    others = [t for t in p.targets if t is not main]
    if others:
        blocks.append(Paragraph("Kết quả thực hiện các chỉ tiêu khác:"))
        blocks.append(Bullets(tuple(_target_sentence(t, p.decimals) for t in others)))
    if "attainment" in specs:
        blocks.append(Figure(specs["attainment"], specs["attainment"].title))
    if p.admitted and len(p.years) > 1:
        blocks.extend(_years_table(p))
        if "admissions_by_year" in specs:
            blocks.append(Figure(specs["admissions_by_year"], specs["admissions_by_year"].title))
    done = [f"công nhận đảng viên chính thức cho {_n(p.confirmed)} đồng chí"] if p.confirmed else []
    done += [f"xóa tên {_n(p.removed)} đảng viên"] if p.removed else []
    if done:
        blocks.append(Paragraph(f"Cũng trong thời gian này, đã {'; '.join(done)}."))
    return blocks


def _target_sentence(t: TargetProgress, decimals: int) -> str:
    sentence = f"{_target_name(t)}: chỉ tiêu {t.wording}{_source(t)}; thực hiện {_value(t, t.achieved)}"
    reached = _attainment(t, decimals)
    if reached:
        sentence += f", {reached}"
    status = STATUS_LABELS.get(t.status)
    return sentence + (f". Đánh giá: {status}." if status else ".")


def _years_table(p: Progress) -> list[Block]:
    rows = tuple(
        (
            f"{y.year} (*)" if y.partial else str(y.year),
            _n(y.admitted),
            _n(y.members_at_start),
            vn_number(y.rate, 2) if y.rate is not None else DASH,
        )
        for y in p.years
    )
    total = ("Cộng", _n(p.admitted), "", vn_number(p.average_rate, 2) if p.average_rate is not None else "")
    blocks: list[Block] = [
        Paragraph("Kết quả kết nạp đảng viên theo từng năm:"),
        Table(
            (
                "Năm",
                "Số đảng viên kết nạp",
                "Số đảng viên đầu năm",
                "Tỷ lệ kết nạp so với đảng viên đầu năm (%)",
            ),
            (*rows, total),
            widths=(2.5, 3.5, 3.5, 6.5),
            numeric=(False, True, True, True),
            total=True,
        ),
    ]
    if any(y.partial for y in p.years):
        blocks.append(
            Paragraph(
                f"(*) Năm chưa trọn: số liệu tính trong {p.period.label}, đến ngày "
                f"{vn_date(min(p.as_of, p.period.end))}. Dòng “Cộng” ghi tỷ lệ bình quân các năm.",
                italic=True,
            )
        )
    return blocks


def _units(p: Progress, specs: dict[str, ChartSpec]) -> list[Block]:
    blocks: list[Block] = []
    counts = [f"{_n(p.grassroots_total)} tổ chức cơ sở đảng"] if p.grassroots_total else []
    counts += [f"{_n(p.cells_total)} chi bộ"] if p.cells_total else []
    if counts:
        blocks.append(Paragraph(f"{p.organization.name} có {' và '.join(counts)}."))
    if p.units:
        blocks.append(Paragraph("Kết quả kết nạp đảng viên của các tổ chức đảng trực thuộc:"))
        rows = tuple(
            (
                str(i),
                u.org.name,
                _n(u.admitted),
                _range(u.target_min, u.target_max),
                _pct(u.attainment, p.decimals),
            )
            for i, u in enumerate(p.units, start=1)
        )
        blocks.append(
            Table(
                ("STT", "Tổ chức đảng", "Kết nạp", "Chỉ tiêu", "Tỷ lệ đạt"),
                rows,
                widths=(1.2, 7.6, 2.2, 2.6, 2.4),
                numeric=(False, False, True, True, True),
            )
        )
        if "units" in specs:
            blocks.append(Figure(specs["units"], specs["units"].title))
    if not p.idle_listed:
        blocks.append(
            Paragraph(
                "Các đơn vị chưa kết nạp được đảng viên mới được nêu trong báo cáo của từng tổ chức đảng trực thuộc."
            )
        )
        return blocks
    for total, idle, noun in (
        (p.grassroots_total, p.idle_grassroots, "tổ chức cơ sở đảng"),
        (p.cells_total, p.idle_cells, "chi bộ"),
    ):
        if not total:
            continue
        if idle:
            blocks.append(
                Paragraph(
                    f"Còn {_n(len(idle))}/{_n(total)} {noun} chưa kết nạp được đảng viên mới, gồm: "
                    f"{_names(idle, noun)}."
                )
            )
        else:
            blocks.append(Paragraph(f"Tất cả {_n(total)} {noun} đều đã kết nạp được đảng viên mới."))
    return blocks


def _range(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return DASH
    return f"{_n(low)}–{_n(high)}" if high is not None and high != low else _n(low)


def _sources(p: Progress, specs: dict[str, ChartSpec]) -> list[Block]:
    if not p.funnel:
        return []
    total = sum(s.count for s in p.funnel)
    if not total:
        return [
            Paragraph(f"Đến ngày {vn_date(p.as_of)}, không có hồ sơ kết nạp đảng viên nào đang được xem xét.")
        ]
    blocks: list[Block] = [
        Paragraph(
            f"Đến ngày {vn_date(p.as_of)}, có {_n(total)} hồ sơ phát triển đảng viên đang được theo dõi, "
            "chia theo giai đoạn như sau:"
        ),
        Table(
            ("Giai đoạn", "Số hồ sơ", "Số ngày trung vị"),
            tuple((s.label, _n(s.count), _n(s.median_days)) for s in p.funnel),
            widths=(9.0, 3.0, 4.0),
            numeric=(False, True, True),
        ),
        Paragraph(
            "Số ngày trung vị: một nửa số hồ sơ ở giai đoạn đó đã chờ ít hơn, một nửa chờ nhiều hơn số ngày này.",
            italic=True,
        ),
    ]
    if "funnel" in specs:
        blocks.append(Figure(specs["funnel"], specs["funnel"].title))
    return blocks


def _forecast(p: Progress) -> list[Block]:
    blocks: list[Block] = []
    f, main = p.forecast, p.main_target
    if f is not None:
        versus = f", so với chỉ tiêu {main.wording}" if main is not None else ""
        blocks.append(
            Paragraph(f"Dự báo đến hết {p.period.label}: từ {_n(f.low)} đến {_n(f.high)} đảng viên{versus}.")
        )
        if f.reasoning:
            blocks.append(Paragraph("Căn cứ dự báo:"))
            blocks.append(Bullets(tuple(f.reasoning)))
    risky = [t for t in p.targets if t.status in (AT_RISK, NOT_MET)]
    if risky:
        blocks.append(Paragraph("Các chỉ tiêu có nguy cơ không đạt hoặc không đạt:"))
        items = []
        for t in risky:
            item = f"{_target_name(t)}: chỉ tiêu {t.wording}. Đánh giá: {STATUS_LABELS[t.status]}"
            if t.forecast_low is not None and t.forecast_high is not None:
                low, high = _value(t, t.forecast_low), _value(t, t.forecast_high)
                if t.unit == "count" and t.measure == "admissions":
                    low = vn_number(t.forecast_low)
                item += f"; dự báo thực hiện từ {low} đến {high}"
            items.append(item + ".")
        blocks.append(Bullets(tuple(items)))
    return blocks


def _stats(stats: NewMemberStats) -> list[Block]:
    t = stats.total

    def share(count: int) -> str:
        return vn_number(Decimal(count) * 100 / t.total, 2) if t.total else DASH

    rows = [
        ("Tổng số đảng viên mới kết nạp", _n(t.total), "100" if t.total else DASH),
        ("Nữ", _n(t.women), share(t.women)),
        ("Người dân tộc thiểu số", _n(t.ethnic_minority), share(t.ethnic_minority)),
        ("Người theo tôn giáo", _n(t.religious), share(t.religious)),
        ("Đoàn viên Đoàn TNCS Hồ Chí Minh", _n(t.youth_union), share(t.youth_union)),
        ("Kết nạp lại", _n(t.readmitted), share(t.readmitted)),
        ("Tuổi bình quân", vn_number(t.average_age, 1) if t.average_age is not None else DASH, ""),
    ]
    return [
        Paragraph(
            f"Số liệu đảng viên mới kết nạp của {stats.organization.name} trong {stats.period.label} "
            "(chi tiết theo từng đơn vị tại biểu 2-BTCTW kèm theo):"
        ),
        Table(
            ("Nội dung", "Số lượng", "Tỷ lệ so với tổng số (%)"),
            tuple(rows),
            widths=(8.0, 3.5, 4.5),
            numeric=(False, True, True),
        ),
    ]


# ---------------------------------------------------------------- assembly


def report_blocks(p: Progress, *, stats: NewMemberStats | None = None, charts: bool = True) -> list[Block]:
    """The whole report as blocks: title, numbered sections with data, charts as numbered figures."""
    specs = {spec.key: spec for spec in charts_for(p)} if charts else {}
    sections: list[tuple[str, list[Block]]] = [
        ("Tình hình chung", _general(p)),
        ("Kết quả kết nạp đảng viên", _admissions(p, specs)),
        ("Tổ chức cơ sở đảng và chi bộ", _units(p, specs)),
        ("Nguồn phát triển đảng viên", _sources(p, specs)),
        ("Dự báo" if p.forecast else "Các chỉ tiêu không đạt, có nguy cơ không đạt", _forecast(p)),
    ]
    blocks = _title(p)
    number = 0
    for heading, body in sections:
        if body:
            blocks += [Heading(f"{ROMAN[number]}. {heading}", 1), *body]
            number += 1
    if p.cascade_warnings:
        blocks += [Heading("Lưu ý về số liệu", 1), Bullets(tuple(p.cascade_warnings))]
    if stats is not None:
        blocks += [Heading(f"{ROMAN[number]}. Bảng thống kê đảng viên mới kết nạp", 1), *_stats(stats)]
    figures = 0
    for i, block in enumerate(blocks):
        if isinstance(block, Figure):
            figures += 1
            blocks[i] = dataclasses.replace(block, caption=f"Biểu đồ {figures}. {block.caption}")
    return blocks


def report_text(p: Progress, *, stats: NewMemberStats | None = None) -> str:
    """The report as plain text, for the command line."""
    return blocks_text(report_blocks(p, stats=stats))
