"""Draws the report's blocks (`blocks`, built by `narrative`) as a PDF with fpdf2, in DejaVu Sans from matplotlib's package."""

import io
import struct
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from ptdv.reports.blocks import Block, Bullets, Figure, Heading, Paragraph, Table
from ptdv.reports.charts import render_png

FONT = "DejaVu"
BODY_PT = 11
TABLE_PT = 9.5
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
TITLE = "Báo cáo kết quả công tác phát triển đảng viên"
HEADER_FILL = (234, 236, 238)


class _ReportPDF(FPDF):
    """A4 portrait with the margins of the .docx (3 cm left, 2 cm elsewhere) and a page number footer."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(left=30, top=20, right=20)
        self.set_auto_page_break(auto=True, margin=20)
        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(fonts / name))
        self.set_font(FONT, size=BODY_PT)
        self.set_title(TITLE)
        self.set_lang("vi")
        self.set_creator("PTĐV")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=9)
        self.cell(0, 6, f"Trang {self.page_no()}/{{nb}}", align="C")
        self.set_font(FONT, size=BODY_PT)


def render_pdf(blocks: Sequence[Block]) -> bytes:
    """The report as a PDF: the same blocks as the .docx, Vietnamese text in embedded DejaVu Sans."""
    pdf = _ReportPDF()
    pdf.add_page()
    for block in blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Bullets):
            _bullets(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        else:
            _figure(pdf, block)
    return bytes(pdf.output())


def _line_height(pdf: FPDF) -> float:
    return pdf.font_size * 1.45


def _heading(pdf: FPDF, block: Heading) -> None:
    size = {0: 15, 1: 12}.get(block.level, BODY_PT)
    pdf.set_font(FONT, "B" if block.level < 2 else "BI", size)
    if block.level > 0:
        pdf.ln(2)
        if pdf.will_page_break(_line_height(pdf) * 4):  # keep a heading with what follows
            pdf.add_page()
    pdf.multi_cell(0, _line_height(pdf), block.text, align="C" if block.level == 0 else "L")
    pdf.ln(1.5)
    pdf.set_font(FONT, "", BODY_PT)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    pdf.set_font(FONT, style, BODY_PT - (1 if block.italic and block.align != "center" else 0))
    pdf.multi_cell(0, _line_height(pdf), block.text, align="C" if block.align == "center" else "J")
    pdf.ln(1.5)
    pdf.set_font(FONT, "", BODY_PT)


def _bullets(pdf: FPDF, block: Bullets) -> None:
    indent = 6.0
    for item in block.items:
        pdf.set_x(pdf.l_margin + indent / 2)
        pdf.cell(indent / 2, _line_height(pdf), "–")
        pdf.multi_cell(pdf.epw - indent, _line_height(pdf), item, align="J")
        pdf.ln(0.8)
    pdf.ln(0.7)


def _table(pdf: FPDF, block: Table) -> None:
    columns = len(block.header)
    weights = block.widths or (1.0,) * columns
    numeric = block.numeric or (False,) * columns
    aligns = tuple("RIGHT" if n else "LEFT" for n in numeric)
    pdf.set_font(FONT, "", TABLE_PT)
    headings = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)
    with pdf.table(
        col_widths=weights,
        width=pdf.epw,
        text_align=aligns,
        line_height=pdf.font_size * 1.5,
        headings_style=headings,
        padding=(0.6, 1.2),
        v_align="MIDDLE",
        align="LEFT",
    ) as table:
        header = table.row()
        for text in block.header:
            header.cell(text, align="CENTER")
        for i, values in enumerate(block.rows):
            bold = block.total and i == len(block.rows) - 1
            row = table.row(style=FontFace(emphasis="BOLD") if bold else None)
            for value in values:
                row.cell(value)
    pdf.ln(3)
    pdf.set_font(FONT, "", BODY_PT)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _figure(pdf: FPDF, block: Figure) -> None:
    png = render_png(block.spec)
    width_px, height_px = _png_size(png)
    height = pdf.epw * height_px / width_px
    pdf.set_font(FONT, "I", BODY_PT - 1)
    caption_height = _line_height(pdf) * 2
    if pdf.will_page_break(height + caption_height):  # keep the chart with its caption
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw, h=height, alt_text=block.caption)
    pdf.ln(1)
    pdf.multi_cell(0, _line_height(pdf), block.caption, align="C")
    pdf.ln(2)
    pdf.set_font(FONT, "", BODY_PT)
