"""In a real browser on a phone: choose an organisation by typing a few letters, then save the form."""

import pytest

from ptdv.admissions.models import AwarenessCourse
from ptdv.common.tests.test_browser import SHOTS, has_no_horizontal_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base_url = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()


def test_an_officer_on_a_phone_types_without_diacritics_taps_a_result_and_opens_a_course(
    phone, settings, provincial_officer, tree
):
    settings.ORG_PICKER_SELECT_MAX = 1  # the province counts as a long list: the search box is drawn
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))
    log_in(phone, provincial_officer.username)
    phone.goto(f"{phone.base_url}/ket-nap/lop-hoc/mo-lop/")
    phone.get_by_label("Tên lớp").fill("Lớp bồi dưỡng nhận thức về Đảng khóa 1, năm 2025")

    box = phone.get_by_role("combobox", name="Đơn vị tổ chức")
    assert box.get_attribute("placeholder") == "Gõ tên hoặc mã tổ chức…"
    box.press_sequentially("xa an binh", delay=30)
    results = phone.get_by_role("listbox", name="Tổ chức tìm thấy")
    found = results.get_by_role("option", name="Đảng bộ xã An Bình")
    found.wait_for()
    assert "thuộc Đảng bộ tỉnh Thử" in found.inner_text()
    assert results.get_by_role("option").count() == 1  # the other commune is not "an binh"
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "org-picker-phone.png"), full_page=True)
    found.tap()
    assert box.input_value() == "Đảng bộ xã An Bình" and results.is_hidden()
    assert "Đã chọn: Đảng bộ xã An Bình" in phone.locator("[data-org-picker-status]").inner_text()
    assert has_no_horizontal_scroll(phone)

    phone.get_by_label("Ngày khai giảng").fill("03/03/2025")
    phone.get_by_label("Ngày bế giảng").fill("07/03/2025")
    phone.get_by_role("button", name="Lưu").click()
    phone.get_by_text("Đã mở lớp").wait_for()
    course = AwarenessCourse.objects.get()
    assert course.organizer_id == tree.commune.pk
    assert problems == []
