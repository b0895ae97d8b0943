"""Draws a `ChartSpec` with matplotlib: PNG for the documents, inline SVG with drill-down links for the web.

Uses matplotlib's object API (`Figure` on an Agg canvas), never pyplot's global state, and holds a lock
because matplotlib's font and text caches are shared between threads. Fonts come from matplotlib's own
package (DejaVu Sans), so Vietnamese diacritics render without internet access.
"""

from __future__ import annotations

import html
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import matplotlib
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ptdv.common.formatting import vn_number, vn_percent

if TYPE_CHECKING:
    from ptdv.reports.charts import ChartSpec

COLOR_COUNT = "#2e6da4"
COLOR_PARTIAL = "#9dbfe0"
COLOR_OTHERS = "#a6acaf"
COLOR_MARK = "#1b2631"
COLOR_BAND = "#d6dbdf"
FIG_WIDTH_IN = 8.0  # on screen
DOCUMENT_WIDTH_IN = 6.5  # close to the 16 cm text width of the documents, so 9 pt stays about 9 pt
CACHE_SIZE = 48  # drawn charts kept in memory
_DRAW_LOCK = threading.Lock()
_CACHE: OrderedDict[str, bytes | str] = OrderedDict()
T = TypeVar("T", bytes, str)
_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "svg.fonttype": "path",
    "svg.hashsalt": "ptdv",
    "axes.spines.top": False,
    "axes.spines.right": False,
}

Href = Callable[[dict[str, str]], str | None]


def _text_room(spec: ChartSpec, width_in: float) -> float:
    """The value-axis maximum that leaves room for the longest bar text after its bar."""
    ends = [max(b.value, b.marker or 0) for b in spec.bars] + [spec.reference or 0]
    top = max(ends) or 1.0
    if not spec.horizontal:
        return top * 1.15
    per_char = 0.014 * FIG_WIDTH_IN / width_in  # share of the axes width one 9 pt character takes
    needed = [b.value / max(0.2, 1 - per_char * (len(b.text) + 2)) for b in spec.bars]
    return max([top * 1.05, *needed])


def _figure(
    spec: ChartSpec, urls: list[str | None] | None, width_in: float = FIG_WIDTH_IN, *, title: bool = False
) -> Figure:
    """The matplotlib figure of a chart; `title` draws the chart's title (documents caption it instead)."""
    n = len(spec.bars)
    lines = sum(b.label.count("\n") + 1 for b in spec.bars)
    height = 1.3 + max(n * 0.42, lines * 0.2) if spec.horizontal else 3.6
    if spec.note or spec.legend or spec.marker_label or spec.reference_label:
        height += 0.35
    if title:
        height += 0.3
    fig = Figure(figsize=(width_in, height), layout="constrained")
    if title:
        fig.suptitle(spec.title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(n))
    values = [b.value for b in spec.bars]
    colors = [b.color for b in spec.bars]
    value_axis: Axis
    if spec.horizontal:
        patches = ax.barh(positions, values, color=colors, height=0.62)
        ax.set_yticks(positions, [b.label for b in spec.bars], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, _text_room(spec, width_in))
        value_axis = ax.xaxis
        ax.set_xlabel(spec.value_label, fontsize=9)
    else:
        patches = ax.bar(positions, values, color=colors, width=0.62)
        ax.set_xticks(positions, [b.label for b in spec.bars], fontsize=9)
        ax.set_ylim(0, _text_room(spec, width_in))
        value_axis = ax.yaxis
        ax.set_ylabel(spec.value_label, fontsize=9)
    if spec.percent:
        value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: vn_percent(v, 0)))
    else:
        value_axis.set_major_locator(MaxNLocator(integer=True))
        value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: vn_number(v)))
    ax.tick_params(axis="both", labelsize=9)
    ax.grid(axis="x" if spec.horizontal else "y", color="#e5e8e8", linewidth=0.8)
    ax.set_axisbelow(True)
    for i, (bar, patch) in enumerate(zip(spec.bars, patches, strict=True)):
        if bar.hatch:
            patch.set_hatch("///")
            patch.set_edgecolor(COLOR_COUNT)
        url = urls[i] if urls else None
        if spec.horizontal:
            label = ax.annotate(
                bar.text,
                (bar.value, i),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                bbox=_BOX,
            )
            if bar.marker is not None:
                # the band between the minimum (the reference line) and the maximum of a range
                start = spec.reference or 0.0
                ax.barh(i, bar.marker - start, left=start, height=0.86, color=COLOR_BAND, zorder=0.6)
                ax.vlines(bar.marker, i - 0.43, i + 0.43, colors=COLOR_MARK, linewidth=1.6)
        else:
            label = ax.annotate(
                bar.text,
                (i, bar.value),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=9,
            )
        patch.set_gid(f"bar-{i}")
        if url:
            patch.set_url(url)
            label.set_url(url)
    handles: list[Patch | Line2D] = [Patch(facecolor=c, label=t) for c, t in spec.legend]
    if spec.reference is not None:
        line = ax.axvline if spec.horizontal else ax.axhline
        line(spec.reference, color=COLOR_MARK, linestyle="--", linewidth=1)
        handles.append(Line2D([], [], color=COLOR_MARK, linestyle="--", label=spec.reference_label))
    if spec.marker_label:
        handles.append(Patch(facecolor=COLOR_BAND, edgecolor=COLOR_MARK, label=spec.marker_label))
    if handles:
        fig.legend(
            handles=handles, loc="outside lower center", ncols=min(len(handles), 3), fontsize=8, frameon=False
        )
    if spec.note:
        fig.supxlabel(spec.note, x=0.01, ha="left", fontsize=8, style="italic")
    return fig


def _drawn(key: str, draw: Callable[[], T]) -> T:
    """`draw()` under the lock, remembered for the last few charts (a dashboard redraws the same ones)."""
    with _DRAW_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return cast(T, _CACHE[key])
        with matplotlib.rc_context(_RC):
            value = draw()
        _CACHE[key] = value
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def render_png(spec: ChartSpec, dpi: int = 150, *, width_in: float = DOCUMENT_WIDTH_IN) -> bytes:
    """The chart as a PNG image, sized for the .docx and .pdf reports by default."""

    def draw() -> bytes:
        buffer = io.BytesIO()
        _figure(spec, None, width_in).savefig(buffer, format="png", dpi=dpi, facecolor="white")
        return buffer.getvalue()

    return _drawn(f"png|{dpi}|{width_in}|{spec!r}", draw)


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def render_svg(spec: ChartSpec, href: Href, *, id_prefix: str | None = None, show_title: bool = True) -> str:
    """The chart as an inline-able, responsive <svg> where each bar links to `href(bar.filters)`.

    Element ids are prefixed (by default with the chart's key) so several charts can share one page; the
    title is drawn above the bars unless `show_title` is False (it is always in the <title> element).
    """
    urls = [href(dict(b.filters)) if b.link else None for b in spec.bars]

    def draw() -> str:
        buffer = io.StringIO()
        fig = _figure(spec, urls, title=show_title)
        # Text as <text>, not glyph outlines: a dashboard's four charts weigh ~10× less on a phone.
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return buffer.getvalue()

    svg = _drawn(f"svg|{show_title}|{urls!r}|{spec!r}", draw)
    svg = _METADATA.sub("", _PROLOG.sub("", svg, count=1))
    prefix = f"{id_prefix or 'ptdv-' + spec.key}-"
    ids = set(_ID.findall(svg))
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(
        r'(url\(#|xlink:href="#|href="#)([^")]+)',
        lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in ids else m.group(2)),
        svg,
    )
    svg = svg.replace(' target="_blank"', "")
    for i, bar in enumerate(spec.bars):
        tip = f"<title>{html.escape(bar.tooltip or bar.text)}</title>"
        found = re.search(rf'<g id="{re.escape(prefix)}bar-{i}">\s*(?:<a [^>]*>)?', svg)
        if found:
            svg = svg[: found.end()] + tip + svg[found.end() :]
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    svg = re.sub(
        r'<svg\b([^>]*?)\swidth="[^"]*"\sheight="[^"]*"',
        lambda m: f'<svg{m.group(1)} width="100%"',
        svg,
        count=1,
    )
    head = (
        f'<svg aria-labelledby="{title_id} {desc_id}" role="group"'
        f' class="ptdv-chart" data-chart="{html.escape(spec.key)}"'
    )
    svg = svg.replace("<svg", head, 1)
    svg = re.sub(
        r"(<svg\b[^>]*>)",
        lambda m: (
            m.group(1)
            + f'\n <title id="{title_id}">{html.escape(spec.title)}</title>'
            + f'\n <desc id="{desc_id}">{html.escape(spec.description)}</desc>'
        ),
        svg,
        count=1,
    )
    return without_inline_style(svg).strip()


_STYLE_ELEMENT = re.compile(r"\s*<style\b[^>]*>.*?</style>", re.S)
_TAG_WITH_STYLE = re.compile(r'<([a-zA-Z][\w:-]*)([^<>]*?)\sstyle="([^"]*)"')


def without_inline_style(svg: str) -> str:
    """The same drawing with no <style> element and no style attribute, so a strict CSP allows it inline.

    matplotlib writes SVG presentation properties (fill, stroke, font-size…) in style attributes; each
    becomes the attribute of the same name. Its one style rule (round line joins) moves to the root,
    from where the two properties are inherited.
    """
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = svg.replace("<defs>\n </defs>", "")

    def as_attributes(match: re.Match[str]) -> str:
        tag, attrs, style = match.groups()
        present = set(re.findall(r"\s([\w:-]+)=", attrs))
        extra = []
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name and value and name not in present:
                extra.append(f'{name}="{html.escape(value)}"')
        return f"<{tag}{attrs}" + "".join(f" {item}" for item in extra)

    svg = _TAG_WITH_STYLE.sub(as_attributes, svg)
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
