"""Draws the report's blocks (`blocks`, built by `narrative`) as a .docx in the house style of `documents.docx_kit`."""

import io
from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from ptdv.documents.docx_kit import (
    SMALL_PT,
    USABLE_WIDTH_CM,
    add_run,
    bullets,
    new_document,
    para,
    section_heading,
    to_bytes,
)
from ptdv.reports.blocks import Block, Bullets, Figure, Heading, Paragraph, Table
from ptdv.reports.charts import render_png

TABLE_PT = 12
TITLE = "Báo cáo kết quả công tác phát triển đảng viên"


def render_docx(blocks: Sequence[Block]) -> bytes:
    """The report as a Word document: A4, Times New Roman 14 pt, bordered tables, charts, page numbers."""
    doc = _report_document()
    for block in blocks:
        if isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Paragraph):
            align = WD_ALIGN_PARAGRAPH.CENTER if block.align == "center" else WD_ALIGN_PARAGRAPH.JUSTIFY
            para(
                doc,
                block.text,
                align=align,
                indent=block.align != "center",
                bold=block.bold,
                italic=block.italic,
            )
        elif isinstance(block, Bullets):
            bullets(doc, block.items)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _figure(doc, block)
    return to_bytes(doc)


def _report_document() -> DocxDocument:
    """docx_kit's page and font set-up, without the form code line that forms carry."""
    doc = new_document("", TITLE)
    code_line = doc.paragraphs[0]._element
    code_line.getparent().remove(code_line)
    doc.core_properties.title = TITLE
    _page_number_footer(doc)
    return doc


def _page_number_footer(doc: DocxDocument) -> None:
    """A centred PAGE field in the footer."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)


def _heading(doc: DocxDocument, block: Heading) -> None:
    if block.level == 0:
        p = para(doc, block.text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, size=15)
        p.paragraph_format.space_before = Pt(6)
    elif block.level == 1:
        section_heading(doc, block.text)
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    else:
        p = para(doc, block.text, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, bold=True, italic=True)
        p.paragraph_format.keep_with_next = True


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    if text:
        add_run(p, text, bold=bold, size=TABLE_PT)


def _table(doc: DocxDocument, block: Table) -> None:
    columns = len(block.header)
    weights = block.widths or (1.0,) * columns
    widths = [Cm(USABLE_WIDTH_CM * w / sum(weights)) for w in weights]
    numeric = block.numeric or (False,) * columns
    table = doc.add_table(rows=1 + len(block.rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header_row = table.rows[0]
    header_props = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for i, row in enumerate(table.rows):
        values = block.header if i == 0 else block.rows[i - 1]
        last = block.total and i == len(block.rows)
        for j, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[j]
            if i == 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            else:
                align = WD_ALIGN_PARAGRAPH.RIGHT if numeric[j] else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cell, value, bold=i == 0 or last, align=align)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    para(doc, indent=False, space_after=0, size=None)


def _figure(doc: DocxDocument, block: Figure) -> None:
    picture = io.BytesIO(render_png(block.spec))
    doc.add_picture(picture, width=Cm(USABLE_WIDTH_CM))
    image_line = doc.paragraphs[-1]
    image_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    image_line.paragraph_format.first_line_indent = Cm(0)
    image_line.paragraph_format.keep_with_next = True
    para(doc, block.caption, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, italic=True, size=SMALL_PT)
