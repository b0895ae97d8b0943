"""Layout helpers for Vietnamese party documents built with python-docx.

Conventions: Times New Roman 14 pt body (13 pt in the header and signature blocks), A4 with margins
2 cm top/bottom/right and 3 cm left; anything unknown is printed as a dotted blank for handwriting,
never as "None".
"""

import dataclasses
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ptdv.common.formatting import vn_date, vn_number

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 13
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"

DOTS = "…………"  # an inline blank to fill in by hand
DATE_DOTS = "……/……/………"
LINE_DOTS = "…" * 30  # one full line of dots at 14 pt on the 16 cm text width
USABLE_WIDTH_CM = 16.0


# ---------------------------------------------------------------- text formatting


def text_or_dots(value: object, dots: str = DOTS) -> str:
    """The value as text, or a dotted blank when it is None/empty."""
    if value is None:
        return dots
    text = str(value).strip()
    return text or dots


def fmt_date(value: dt.date | None) -> str:
    """25/03/2024, or a dotted date to fill in."""
    return vn_date(value) if value else DATE_DOTS


def place_and_date(place: str | None, day: dt.date | None) -> str:
    """The place-and-date line, "Tân Hòa, ngày 25 tháng 03 năm 2024"; unknown parts left as dots."""
    where = text_or_dots(place, "……")
    if day is None:
        return f"{where}, ngày … tháng … năm ……"
    return f"{where}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def fmt_count(value: int | None) -> str:
    return DOTS if value is None else vn_number(value)


def vote_percent(votes_for: int | None, total: int | None) -> str:
    """Share of `total` in favour: "72,73%", "100%"; dots when it cannot be computed."""
    if votes_for is None or not total:
        return "……%"
    text = vn_number(votes_for * 100 / total, 2)
    return f"{text.removesuffix(',00')}%"


def vote_line(total_label: str, total: int | None, present: int | None, votes_for: int | None) -> str:
    """A vote result: "Tổng số đảng viên chính thức: 11; có mặt: 10; tán thành: 8 (đạt 72,73%)"."""
    return (
        f"{total_label}: {fmt_count(total)}; có mặt: {fmt_count(present)}; "
        f"tán thành: {fmt_count(votes_for)} (đạt {vote_percent(votes_for, total)})"
    )


def number_line(number: str | None, kind_and_issuer: str) -> str:
    """The number line, "Số 45-QĐ/ĐU" from "45" or "45-QĐ/ĐU"; "Số …-QĐ/ĐU" when unknown."""
    text = (number or "").strip()
    if not text:
        return f"Số …-{kind_and_issuer}"
    return f"Số {text}" if "/" in text or "-" in text else f"Số {text}-{kind_and_issuer}"


def upper(text: str | None) -> str:
    """Caps for header lines; dots when unknown."""
    return text_or_dots(text).upper()


# ---------------------------------------------------------------- document and paragraphs


def new_document(form_code: str, title: str) -> DocxDocument:
    """An empty A4 document with the house style and the form code in the top right corner."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = section.right_margin = Cm(2)
    section.left_margin = Cm(3)
    style = doc.styles["Normal"]
    font = style.font
    font.name = FONT
    font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(3)
    fmt.line_spacing = 1.15
    props = doc.core_properties
    props.title = f"{form_code} {title}"
    props.language = "vi-VN"
    props.author = "PTĐV"
    para(doc, f"Mẫu {form_code}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, size=12, italic=True)
    return doc


def para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    space_after: float | None = None,
) -> Paragraph:
    """A paragraph with one run; body paragraphs are justified with a first-line indent."""
    p = container.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if text:
        add_run(p, text, bold=bold, italic=italic, underline=underline, size=size)
    return p


def add_run(
    p: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
) -> None:
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = Pt(size)


def labelled(doc: DocxDocument, *pairs: tuple[str, object]) -> Paragraph:
    """Labelled values on one line, "Họ và tên: Nguyễn Văn An    Giới tính: Nam"; unknown ones dotted."""
    p = para(doc, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    for i, (label, value) in enumerate(pairs):
        add_run(p, ("    " if i else "") + f"{label}: ")
        add_run(p, value if isinstance(value, str) and value.startswith("…") else text_or_dots(value))
    return p


def recipient(doc: DocxDocument, *addressees: str) -> None:
    """The addressees ("Kính gửi: …"), centred, one per line."""
    for i, name in enumerate(addressees):
        p = para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        add_run(p, "Kính gửi: " if i == 0 else "", bold=True)
        add_run(p, name)


def section_heading(doc: DocxDocument, text: str) -> None:
    p = para(doc, text, indent=False, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.space_before = Pt(6)


def hint(doc: DocxDocument, text: str) -> None:
    """An italic instruction to the person filling the form in."""
    para(doc, f"({text})", italic=True, size=SMALL_PT)


def writing_lines(doc: DocxDocument, count: int) -> None:
    """Full lines of dots for handwriting."""
    for _ in range(count):
        para(doc, LINE_DOTS, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)


def bullets(doc: DocxDocument, lines: Iterable[str]) -> None:
    for line in lines:
        para(doc, f"- {line}")


def centred_line(doc: DocxDocument, text: str, *, bold: bool = True) -> None:
    para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=bold)


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- tables: header, signatures


def _borderless_table(doc: DocxDocument, widths_cm: Sequence[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # keep the schema's element order inside w:tblPr, which Word checks
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_cm, strict=True):
        column.width = Cm(width)
        cell.width = Cm(width)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _cell_line(
    cell: _Cell,
    text: str,
    *,
    first: bool = False,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
) -> Paragraph:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    if text:
        add_run(p, text, bold=bold, italic=italic, underline=underline, size=size)
    return p


@dataclasses.dataclass(frozen=True)
class HeaderLeft:
    """The issuing side: parent organisation (plain caps), issuing body (bold caps), "*", number."""

    parent: str | None = None
    issuer: str | None = None
    number: str | None = None


def header(
    doc: DocxDocument,
    left: HeaderLeft | None,
    place: str | None,
    day: dt.date | None,
    *,
    right_title: str = PARTY_NAME,
) -> None:
    """The two-column heading: issuing organisation on the left, party name and date line on the right."""
    table = _borderless_table(doc, (7.0, USABLE_WIDTH_CM - 7.0))
    left_cell, right_cell = table.rows[0].cells
    if left is None:
        _cell_line(left_cell, "", first=True)
    else:
        _cell_line(left_cell, upper(left.parent) if left.parent else "", first=True, size=SMALL_PT)
        _cell_line(left_cell, upper(left.issuer), bold=True, size=SMALL_PT)
        _cell_line(left_cell, "*", size=SMALL_PT)
        if left.number:
            _cell_line(left_cell, left.number, size=SMALL_PT)
    _cell_line(right_cell, right_title, first=True, bold=True, underline=True, size=15)
    _cell_line(right_cell, "")
    _cell_line(right_cell, place_and_date(place, day), italic=True, size=SMALL_PT)
    doc.add_paragraph()


def title(doc: DocxDocument, heading: str, subheading: str | None = None) -> None:
    """Centred bold caps title, optional bold sub-title (trích yếu) below."""
    p = para(doc, heading, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, size=15)
    p.paragraph_format.space_before = Pt(6)
    if subheading:
        para(doc, subheading, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)


@dataclasses.dataclass(frozen=True)
class Signature:
    """One signature block: capacity lines ("T/M CHI BỘ", "BÍ THƯ"), then the signer's name if known."""

    lines: tuple[str, ...]
    name: str | None = None
    note: str = "(Ký, ghi rõ họ tên)"


def signatures(
    doc: DocxDocument,
    blocks: Sequence[Signature | None],
    *,
    recipients: Sequence[str] | None = None,
) -> None:
    """Signature blocks side by side; a None block leaves its column empty.

    With `recipients`, a "Nơi nhận:" list takes the first (left) column, as on resolutions and decisions.
    """
    columns: list[Signature | Sequence[str] | None] = []
    if recipients is not None:
        columns.append(recipients)
    columns.extend(blocks)
    width = USABLE_WIDTH_CM / len(columns)
    doc.add_paragraph()
    table = _borderless_table(doc, [width] * len(columns))
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        if column is None:
            continue
        if isinstance(column, Signature):
            for i, line in enumerate(column.lines):
                _cell_line(cell, line, first=i == 0, bold=True, size=SMALL_PT)
            if column.note:
                _cell_line(cell, column.note, italic=True, size=12)
            for _ in range(4):
                _cell_line(cell, "")
            _cell_line(cell, column.name or "", bold=True, size=SMALL_PT)
        else:
            first = cell.paragraphs[0]
            first.paragraph_format.space_after = Pt(0)
            add_run(first, "Nơi nhận:", bold=True, italic=True, size=12)
            for line in column:
                p = cell.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                add_run(p, f"- {line}", size=11)


def table_with_blanks(
    doc: DocxDocument, headings: Sequence[str], rows: Sequence[str], widths_cm: Sequence[float]
) -> None:
    """A bordered grid: one heading row, then one row per label with empty cells to fill in by hand."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row_index, row in enumerate(table.rows):
        for col_index, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[col_index])
            if row_index == 0:
                _cell_line(cell, headings[col_index], first=True, bold=True, size=12)
            elif col_index == 0:
                p = _cell_line(cell, rows[row_index - 1], first=True, size=12)
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph()
