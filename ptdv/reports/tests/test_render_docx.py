"""The report as a Word document, read back with python-docx."""

import io

import pytest
from docx import Document
from docx.shared import Cm, Pt

from ptdv.reports.narrative import Figure, Heading, Table, report_blocks
from ptdv.reports.render_docx import render_docx
from ptdv.reports.tests import samples


@pytest.fixture(scope="module")
def blocks():
    return report_blocks(samples.term_progress(), stats=samples.new_member_stats())


@pytest.fixture(scope="module")
def doc(blocks):
    return Document(io.BytesIO(render_docx(blocks)))


def all_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_document_is_a4_in_times_new_roman_14(doc):
    section = doc.sections[0]

    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21, 29.7), abs=0.01)
    assert section.left_margin.cm == pytest.approx(3, abs=0.01)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size == Pt(14)


def test_the_document_opens_with_the_report_title_not_a_form_code(doc):
    assert doc.paragraphs[0].text == "BÁO CÁO"
    assert doc.paragraphs[0].runs[0].bold
    assert doc.core_properties.title == "Báo cáo kết quả công tác phát triển đảng viên"


def test_the_report_sentences_keep_their_vietnamese_wording(doc):
    text = all_text(doc)

    assert "đã kết nạp 4.762 đảng viên, đạt 76,51% chỉ tiêu 6.224 đảng viên trong nhiệm kỳ" in text
    assert "tổng số đảng viên đến ngày 25/03/2024 là 95.900 đảng viên, đạt tỷ lệ 7,72% so với dân số" in text
    assert "- Theo nhịp độ từ đầu nhiệm kỳ" in text


def test_section_headings_are_bold_paragraphs(doc, blocks):
    headings = {b.text for b in blocks if isinstance(b, Heading) and b.level == 1}
    found = {p.text: p for p in doc.paragraphs if p.text in headings}

    assert set(found) == headings
    assert all(p.runs[0].bold for p in found.values())


def test_each_table_is_bordered_with_its_header_and_rows(doc, blocks):
    expected = [b for b in blocks if isinstance(b, Table)]

    assert len(doc.tables) == len(expected)
    for table, block in zip(doc.tables, expected, strict=True):
        assert table.style.name == "Table Grid"
        assert tuple(cell.text for cell in table.rows[0].cells) == block.header
        assert tuple(cell.text for cell in table.rows[1].cells) == block.rows[0]
        assert len(table.rows) == 1 + len(block.rows)
    header = doc.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header.bold


def test_numbers_are_right_aligned_in_tables(doc):
    row = doc.tables[0].rows[2]  # 2021

    assert row.cells[0].paragraphs[0].alignment == 0  # LEFT
    assert row.cells[1].paragraphs[0].alignment == 2  # RIGHT
    assert row.cells[1].text == "1.180"


def test_each_chart_is_an_image_as_wide_as_the_text_with_its_caption(doc, blocks):
    figures = [b for b in blocks if isinstance(b, Figure)]

    assert len(doc.inline_shapes) == len(figures)
    assert all(abs(shape.width - Cm(16)) < Cm(0.01) for shape in doc.inline_shapes)
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Biểu đồ")]
    assert captions == [f.caption for f in figures]


def test_the_footer_carries_a_page_number_field(doc):
    footer = doc.sections[0].footer.paragraphs[0]._p.xml

    assert 'w:instr="PAGE"' in footer


def test_a_report_without_data_is_still_a_valid_document():
    doc = Document(io.BytesIO(render_docx(report_blocks(samples.empty_progress()))))

    assert doc.paragraphs[0].text == "BÁO CÁO"
    assert "chưa kết nạp được đảng viên mới" in all_text(doc)
    assert not doc.tables
    assert not doc.inline_shapes
