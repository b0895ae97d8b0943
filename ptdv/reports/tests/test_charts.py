"""Charts of the progress report: the bar model built from the figures, and its PNG and SVG drawings."""

import dataclasses
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from urllib.parse import urlencode

import matplotlib
import pytest

from ptdv.common.formatting import vn_percent
from ptdv.reports import chart_render
from ptdv.reports.charts import (
    MAX_UNIT_BARS,
    STATUS_COLORS,
    admissions_by_year_chart,
    attainment_chart,
    charts_for,
    funnel_chart,
    render_png,
    render_svg,
    units_chart,
)
from ptdv.reports.figures import AT_RISK, MET, NOT_MET
from ptdv.reports.tests import samples

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def href(filters: dict[str, str]) -> str:
    return "/bao-cao/ket-nap/?" + urlencode({"org": "7", **filters})


def links_of(svg: str) -> dict[str, set[str]]:
    """Bar group id → the hrefs of the links inside it."""
    root = ET.fromstring(svg)
    found: dict[str, set[str]] = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if re.search(r"bar-\d+$", gid):
            found[gid] = {a.get(XLINK_HREF, "") for a in group.iter(f"{SVG}a")}
    return found


def test_attainment_chart_has_one_bar_per_target_in_vietnamese_with_the_status_colour():
    spec = attainment_chart(samples.term_progress())

    assert spec is not None
    assert [bar.text for bar in spec.bars] == ["76,51%", "102,98%"]
    assert spec.bars[0].label == "Kết nạp đảng viên mới\n4.762/6.224"
    assert spec.bars[1].label.endswith("7,72%/7,50%")
    assert [bar.color for bar in spec.bars] == [STATUS_COLORS[AT_RISK], STATUS_COLORS[MET]]
    assert spec.reference == 100.0
    assert spec.percent


def test_a_range_target_is_drawn_against_its_minimum_with_its_maximum_marked():
    spec = attainment_chart(samples.range_progress())

    assert spec is not None
    main, students, sources = spec.bars
    assert main.label.endswith("1.100/1.020–1.250")
    assert main.marker == pytest.approx(1250 / 1020 * 100)
    assert main.text == "107,84%"
    assert students.color == STATUS_COLORS[NOT_MET]
    assert students.filters == {"category": "students"}
    assert sources.marker is None
    assert spec.marker_label


def test_attainment_bars_of_admission_targets_link_to_admissions_and_others_do_not():
    spec = attainment_chart(samples.range_progress())

    assert spec is not None
    assert [(bar.filters, bar.link) for bar in spec.bars] == [
        ({}, True),
        ({"category": "students"}, True),
        ({"target": "23"}, False),
    ]


def test_admissions_by_year_marks_the_years_cut_short():
    spec = admissions_by_year_chart(samples.term_progress())

    assert spec is not None
    assert [bar.label for bar in spec.bars] == ["2020*", "2021", "2022", "2023", "2024*"]
    assert [bar.hatch for bar in spec.bars] == [True, False, False, False, True]
    assert [bar.filters for bar in spec.bars][1] == {"year": "2021"}
    assert spec.bars[1].text == "1.180"
    assert "25/03/2024" in spec.note


def test_funnel_keeps_the_pipeline_order_and_filters_by_stage():
    spec = funnel_chart(samples.term_progress())

    assert spec is not None
    assert [bar.filters["stage"] for bar in spec.bars] == [
        "source",
        "course",
        "applied",
        "verification",
        "decision",
    ]
    assert spec.bars[0].text == "1.240"


def test_units_are_ranked_by_attainment_and_the_rest_summarised_beyond_fifteen_bars():
    spec = units_chart(samples.many_units_progress())

    assert spec is not None
    assert len(spec.bars) == MAX_UNIT_BARS
    ranked, rest = spec.bars[:-1], spec.bars[-1]
    values = [bar.value for bar in ranked]
    assert values == sorted(values, reverse=True)
    assert ranked[0].filters == {"unit": "1000"}
    assert rest.label == "26 đơn vị còn lại"
    assert not rest.link
    # the 26 others admitted 72 + 70 + … + 22 against 26 × 100
    assert rest.text == vn_percent_of(sum(range(22, 73, 2)), 2600)


def vn_percent_of(count: int, total: int) -> str:
    return vn_percent(Decimal(count) * 100 / total, 2)


def test_units_without_targets_are_ranked_by_admissions():
    progress = samples.term_progress()
    units = [dataclasses.replace(u, target_min=None, attainment=None) for u in reversed(progress.units)]
    spec = units_chart(dataclasses.replace(progress, units=units))

    assert spec is not None
    assert not spec.percent
    assert [bar.text for bar in spec.bars] == ["820", "610", "402", "300", "150"]


def test_a_report_without_data_has_no_charts():
    assert charts_for(samples.empty_progress()) == []


def test_charts_for_lists_the_charts_with_data_in_report_order():
    keys = [spec.key for spec in charts_for(samples.term_progress())]

    assert keys == ["attainment", "admissions_by_year", "units", "funnel"]


def test_each_bar_of_the_svg_links_to_the_url_of_its_filters():
    spec = admissions_by_year_chart(samples.term_progress())
    assert spec is not None

    links = links_of(render_svg(spec, href))

    assert links == {
        f"ptdv-admissions_by_year-bar-{i}": {href({"year": str(year)})}
        for i, year in enumerate(range(2020, 2025))
    }


def test_a_bar_whose_href_is_none_or_that_stands_for_several_units_is_not_a_link():
    spec = units_chart(samples.many_units_progress())
    assert spec is not None

    svg = render_svg(spec, lambda filters: None if filters.get("unit") == "1000" else href(filters))
    links = links_of(svg)

    assert links["ptdv-units-bar-0"] == set()
    assert links["ptdv-units-bar-1"] == {href({"unit": "1001"})}
    assert links[f"ptdv-units-bar-{MAX_UNIT_BARS - 1}"] == set()


def test_the_svg_is_inline_able_responsive_accessible_and_self_contained():
    spec = attainment_chart(samples.term_progress())
    assert spec is not None

    svg = render_svg(spec, href)
    root = ET.fromstring(svg)

    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox")
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Tỷ lệ đạt chỉ tiêu, nhiệm kỳ 2020–2025"
    assert root.get("aria-labelledby") == "ptdv-attainment-title ptdv-attainment-desc"
    assert "Kết nạp đảng viên mới 4.762/6.224: 76,51%" in (root.find(f"{SVG}desc").text or "")
    external = [a.get(XLINK_HREF) for a in root.iter(f"{SVG}a") if not a.get(XLINK_HREF, "").startswith("/")]
    assert external == []
    assert 'target="_blank"' not in svg
    assert "<metadata" not in svg
    # the only "http" left are XML namespace names, which nothing fetches
    assert set(re.findall(r"https?://[^\"' )]+", svg)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }


def test_each_bar_link_carries_a_tooltip_with_its_figures():
    spec = funnel_chart(samples.term_progress())
    assert spec is not None

    svg = render_svg(spec, href)

    assert "<title>Thẩm tra lý lịch: 140 hồ sơ, trung vị 48 ngày</title>" in svg


def test_two_charts_on_one_page_share_no_element_id():
    first, second = charts_for(samples.term_progress())[:2]

    ids_first = set(re.findall(r'\bid="([^"]+)"', render_svg(first, href)))
    ids_second = set(re.findall(r'\bid="([^"]+)"', render_svg(second, href)))

    assert ids_first
    assert not ids_first & ids_second


def test_value_axis_ticks_use_vietnamese_thousand_separators():
    spec = admissions_by_year_chart(samples.term_progress())
    assert spec is not None

    with matplotlib.rc_context(chart_render._RC):
        fig = chart_render._figure(spec, None)
        fig.canvas.draw()
    ticks = [label.get_text() for label in fig.axes[0].yaxis.get_ticklabels()]

    assert "1.200" in ticks


def test_png_is_drawn_for_the_documents():
    spec = funnel_chart(samples.term_progress())
    assert spec is not None

    png = render_png(spec, dpi=100)

    assert png.startswith(PNG_SIGNATURE)
    width = int.from_bytes(png[16:20], "big")
    assert width == round(chart_render.DOCUMENT_WIDTH_IN * 100)


def test_charts_can_be_drawn_from_several_threads_at_once():
    specs = charts_for(samples.thap_muoi_progress())
    specs = [dataclasses.replace(spec, title=f"{spec.title} {i}") for i in range(3) for spec in specs]

    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(lambda spec: render_png(spec, dpi=60), specs))

    assert all(png.startswith(PNG_SIGNATURE) for png in drawn)
    assert drawn[0] == drawn[2]  # same chart, same pixels


def test_the_web_chart_draws_its_title_and_the_document_chart_leaves_it_to_the_caption():
    spec = funnel_chart(samples.term_progress())
    assert spec is not None

    with matplotlib.rc_context(chart_render._RC):
        web = chart_render._figure(spec, None, title=True)
        document = chart_render._figure(spec, None, chart_render.DOCUMENT_WIDTH_IN)

    assert web.get_suptitle() == spec.title
    assert document.get_suptitle() == ""
