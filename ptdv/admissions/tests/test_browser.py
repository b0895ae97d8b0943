"""In a real browser: a clerk records two steps, then meets a blocked step and reads why."""

import datetime as dt

import pytest

from ptdv.admissions.models import Stage
from ptdv.admissions.models.dossier import Relation
from ptdv.admissions.services import candidacy_create, verification_add
from ptdv.admissions.walk import walk
from ptdv.common.testing.factories import SYSTEM, make_member, make_person
from ptdv.common.tests.test_browser import SHOTS, has_no_horizontal_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def candidacy(tree):
    for given in ("An", "Bình", "Cường"):
        make_member(tree.cell, full_name=f"Võ Văn {given}")
    person = make_person(tree.cell, full_name="Lý Thị Thu", gender="F", date_of_birth=dt.date(1996, 2, 29))
    c = candidacy_create(
        actor=SYSTEM,
        person=person,
        organization=tree.cell,
        opened_on=dt.date(2025, 9, 1),
        youth_union_exists=False,
    )
    walk(SYSTEM, c, until=Stage.TRAINED, start=dt.date(2025, 9, 1))
    verification_add(
        actor=SYSTEM,
        candidacy=c,
        relation=Relation.SELF,
        name="Lý Thị Thu",
        requested_on=dt.date(2025, 11, 3),
        verified_on=dt.date(2025, 12, 1),
        result="clear",
    )
    verification_add(
        actor=SYSTEM,
        candidacy=c,
        relation=Relation.FATHER,
        name="Lý Văn Hùng",
        requested_on=dt.date(2025, 11, 3),
    )
    return c


def _record(page, date: str) -> None:
    page.get_by_label("Ngày", exact=False).first.fill(date)
    page.get_by_role("button", name="Lưu").click()


def test_a_clerk_advances_two_steps_then_reads_why_the_third_is_blocked(page, clerk, candidacy):
    log_in(page, clerk.username)
    page.get_by_role("link", name="Kết nạp", exact=True).click()
    page.get_by_role("link", name="Lý Thị Thu").click()
    assert "Đã học lớp bồi dưỡng nhận thức" in page.locator("#giai-doan").inner_text()

    page.get_by_role("link", name="Bước tiếp: Ghi ngày nộp đơn").click()
    _record(page, "05/01/2026")
    page.get_by_text("Đã ghi: Đơn xin vào Đảng (1-KNĐ).").wait_for()
    page.get_by_role("link", name="Bước tiếp: Ghi ngày khai lý lịch").click()
    _record(page, "12/01/2026")
    page.get_by_text("Đã ghi: Lý lịch người xin vào Đảng (2-KNĐ).").wait_for()
    assert "Đã khai lý lịch" in page.locator("#giai-doan").inner_text()

    page.get_by_role("link", name="Bước tiếp: Kết luận thẩm tra lý lịch").click()
    page.get_by_label("Ngày cấp ủy cơ sở kết luận thẩm tra").fill("20/01/2026")
    page.get_by_role("button", name="Kiểm tra điều kiện").click()
    page.locator("#ket-qua .rule-result.fail-block").first.wait_for()
    checked = page.locator("#ket-qua").inner_text()
    assert "Chưa thể lưu bước này" in checked and "Lý Văn Hùng" in checked
    page.get_by_role("button", name="Lưu").click()
    blocked = page.locator("#ket-qua-kiem-tra").inner_text()
    assert "Lý Văn Hùng" in blocked and "Căn cứ:" in blocked and "VERIFICATION_COMPLETE" in blocked
    assert has_no_horizontal_scroll(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "candidacy-step-blocked.png"), full_page=True)
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.HISTORY_DECLARED


@pytest.mark.parametrize("path", ["/ket-nap/", "/ket-nap/viec-can-lam/", "CANDIDACY", "/ket-nap/quy-tac/"])
def test_admission_pages_fit_a_360_pixel_phone(browser, live_server, clerk, candidacy, path):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    tab.base_url = live_server.url
    log_in(tab, clerk.username)
    tab.goto(live_server.url + (candidacy.get_absolute_url() if path == "CANDIDACY" else path))
    assert has_no_horizontal_scroll(tab), path
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(
        path=str(SHOTS / f"phone-{path.strip('/').replace('/', '-') or 'home'}.png"), full_page=True
    )
    context.close()
