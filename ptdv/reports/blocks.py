"""The neutral content model of a generated report: headings, paragraphs, lists, tables and charts.

`narrative` builds these blocks; `render_docx` and `render_pdf` draw them, `blocks_text` prints them.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ptdv.reports.charts import ChartSpec


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document title, 1 a numbered section, 2 a sub-section."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; body text is justified, title lines centred."""

    text: str
    align: str = "justify"  # "justify" | "center"
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Bullets:
    """A dashed list, one sentence per item."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A bordered table: a header row, body rows, relative column widths, right-aligned number columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    numeric: tuple[bool, ...] | None = None
    total: bool = False  # the last row sums the others (set in bold)


@dataclass(frozen=True)
class Figure:
    """A chart with its numbered caption."""

    spec: ChartSpec
    caption: str


Block = Heading | Paragraph | Bullets | Table | Figure


def blocks_text(blocks: Sequence[Block]) -> str:
    """Blocks as plain text: paragraphs separated by blank lines, tables as " | " rows, charts as their data."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            parts.append("\n".join(" | ".join(row) for row in (block.header, *block.rows)))
        else:
            parts.append(f"[{block.caption}: {block.spec.description}]")
    return "\n\n".join(parts) + "\n"
