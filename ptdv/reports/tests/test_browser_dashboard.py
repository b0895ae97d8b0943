"""In a real browser: the provincial officer's dashboard, its figures as links, and the downloads."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ptdv.common.testing.bulk import bulk_admit
from ptdv.common.testing.factories import SYSTEM
from ptdv.common.tests.test_browser import SHOTS, has_no_horizontal_scroll, log_in
from ptdv.targets.models import Term
from ptdv.targets.services import target_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admissions(tree):
    """Admitted in this term in the province (names known), and one before the term (not counted)."""
    this_year = dt.date.today().year
    names = ["Lê Thị Hoa", "Phạm Văn Bình", "Đỗ Minh Quân"]
    bulk_admit(tree.cell, [dt.date(this_year, 1, 5)], full_name=names[0], gender="F")
    bulk_admit(tree.cell, [dt.date(this_year, 1, 6)], full_name=names[1])
    bulk_admit(tree.other_cell, [dt.date(this_year, 1, 7)], full_name=names[2])
    bulk_admit(tree.other_cell, [dt.date(2019, 5, 1)], full_name="Ngô Văn Cũ")
    # Browser tests run in transactions that empty the tables, the seeded terms included.
    term, _ = Term.objects.get_or_create(
        code="2025-2030",
        defaults={"name": "Nhiệm kỳ 2025–2030", "start": dt.date(2025, 7, 1), "end": dt.date(2030, 6, 30)},
    )
    target_create(
        actor=SYSTEM, organization=tree.province, term=term, minimum=6, source_document="Nghị quyết Đại hội"
    )
    return names


def _download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return open(info.value.path(), "rb").read()


def test_the_officer_opens_the_dashboard_follows_the_admitted_figure_and_downloads_the_reports(
    page, provincial_officer, admissions
):
    log_in(page, provincial_officer.username)
    page.get_by_role("link", name="Tiến độ").first.click()
    page.get_by_role("heading", name="Tiến độ phát triển đảng viên").wait_for()
    assert "50,00%" in page.locator(".stat-card").nth(1).inner_text()  # 3 of 6
    assert page.locator("svg.ptdv-chart").count() >= 2
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    docx = _download(page, "Báo cáo (.docx)")
    assert "đã kết nạp 3 đảng viên" in "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    pdf = _download(page, "Báo cáo (.pdf)")
    assert "đã kết nạp 3 đảng viên" in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    xlsx = _download(page, "Biểu 2-BTCTW (.xlsx)")
    values = [
        c for row in load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True) for c in row
    ]
    assert "Tổng số" in values and 3 in values

    page.locator("#stat-admitted").click()
    page.get_by_role("heading", name="Đã kết nạp 3 đảng viên").wait_for()
    listed = page.locator("#admitted-list tbody td[data-label='Họ và tên']").all_inner_texts()
    assert sorted(listed) == sorted(admissions)

    page.set_viewport_size({"width": 360, "height": 800})
    page.go_back()
    page.get_by_role("heading", name="Tiến độ phát triển đảng viên").wait_for()
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(SHOTS / "dashboard-phone.png"), full_page=True)
