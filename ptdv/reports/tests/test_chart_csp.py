"""Dashboard charts are inline SVG: they must hold under a CSP without 'unsafe-inline' for styles."""

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from ptdv.reports.chart_render import without_inline_style
from ptdv.reports.charts import charts_for, render_svg
from ptdv.reports.tests import samples


def href(filters: dict[str, str]) -> str:
    return "/bao-cao/ket-nap/?" + urlencode(filters)


def test_no_chart_of_the_dashboard_carries_a_style_element_or_attribute():
    specs = charts_for(samples.term_progress())
    assert len(specs) >= 3
    for spec in specs:
        svg = render_svg(spec, href)
        root = ET.fromstring(svg)
        assert not [el for el in root.iter() if el.tag.endswith("}style") or "style" in el.attrib], spec.key


def test_the_drawing_keeps_its_colours_and_fonts_as_presentation_attributes():
    svg = without_inline_style(
        '<svg xmlns="http://www.w3.org/2000/svg"><defs>\n  <style type="text/css">*{stroke-linejoin: round}</style>\n </defs>'
        '<path d="M0 0" style="fill: #2e6da4; stroke: #000000; stroke-width: 0.8"/>'
        "<text style=\"font-size: 9px; font-family: 'DejaVu Sans'; text-anchor: middle\">A</text></svg>"
    )
    root = ET.fromstring(svg)
    path, text = root[0], root[1]
    assert path.attrib == {"d": "M0 0", "fill": "#2e6da4", "stroke": "#000000", "stroke-width": "0.8"}
    assert text.get("font-family") == "'DejaVu Sans'" and text.get("text-anchor") == "middle"
    assert root.get("stroke-linejoin") == "round" and root.get("stroke-linecap") == "butt"


def test_an_attribute_already_present_is_not_written_twice():
    svg = without_inline_style(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="red" style="fill: blue; opacity: 0.5"/></svg>'
    )
    rect = ET.fromstring(svg)[0]
    assert rect.attrib == {"fill": "red", "opacity": "0.5"}
