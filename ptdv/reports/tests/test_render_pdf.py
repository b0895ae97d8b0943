"""The report as a PDF, read back with pypdf: Vietnamese text, tables, charts and page numbers."""

import io

import pytest
from pypdf import PdfReader

from ptdv.reports.narrative import Figure, Heading, report_blocks
from ptdv.reports.render_pdf import render_pdf
from ptdv.reports.tests import samples

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def blocks():
    return report_blocks(samples.term_progress(), stats=samples.new_member_stats())


@pytest.fixture(scope="module")
def reader(blocks):
    return PdfReader(io.BytesIO(render_pdf(blocks)))


@pytest.fixture(scope="module")
def text(reader) -> str:
    """All pages' text with line breaks and runs of spaces folded into single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_pages_are_a4_and_numbered(reader):
    pages = len(reader.pages)

    for number, page in enumerate(reader.pages, start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.1)
        assert f"Trang {number}/{pages}" in page.extract_text()


def test_vietnamese_sentences_survive_with_their_diacritics(text):
    assert "BÁO CÁO" in text
    assert "Kết quả công tác phát triển đảng viên nhiệm kỳ 2020–2025" in text
    assert "đã kết nạp 4.762 đảng viên, đạt 76,51% chỉ tiêu 6.224 đảng viên trong nhiệm kỳ" in text
    assert "tổng số đảng viên đến ngày 25/03/2024 là 95.900 đảng viên, đạt tỷ lệ 7,72% so với dân số" in text
    assert "Còn 3/304 chi bộ chưa kết nạp được đảng viên mới" in text


def test_every_heading_of_the_blocks_is_in_the_pdf(text, blocks):
    for block in blocks:
        if isinstance(block, Heading):
            assert block.text in text


def test_tables_are_drawn_with_their_cells(text):
    assert "Giai đoạn Số hồ sơ Số ngày trung vị" in text
    assert "Chờ quyết định kết nạp 45 12" in text
    assert "Đảng bộ quận Ninh Kiều 820 900 91,11%" in text


def test_each_chart_is_an_embedded_image(reader, blocks):
    images = sum(len(page.images) for page in reader.pages)

    assert images == sum(isinstance(b, Figure) for b in blocks)


def test_the_font_is_embedded_dejavu_sans(reader):
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))

    assert fonts
    assert all("DejaVuSans" in name for name in fonts)


def test_a_report_without_data_is_a_one_page_pdf():
    reader = PdfReader(io.BytesIO(render_pdf(report_blocks(samples.empty_progress()))))

    assert len(reader.pages) == 1
    assert "chưa kết nạp được đảng viên mới" in " ".join(reader.pages[0].extract_text().split())
