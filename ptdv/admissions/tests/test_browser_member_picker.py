"""In a real browser on a phone: choose a mentor by typing part of a name, then open the candidacy."""

import datetime as dt

import pytest

from ptdv.admissions.models import Candidacy
from ptdv.common.testing.factories import make_member, make_person
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


def test_an_officer_on_a_phone_finds_a_mentor_without_diacritics_and_opens_a_candidacy(
    phone, settings, provincial_officer, tree
):
    settings.ORG_PICKER_SELECT_MAX = 1  # the province's members count as a long list: the search box
    mentor = make_member(tree.cell, full_name="Nguyễn Thị Giúp", date_of_birth=dt.date(1968, 2, 3))
    make_member(tree.other_cell, full_name="Nguyễn Thị Giùm")  # same words, in the other commune
    person = make_person(tree.cell, full_name="Trần Văn Nguồn", date_of_birth=dt.date(2001, 9, 2))
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))
    log_in(phone, provincial_officer.username)
    phone.goto(f"{phone.base_url}/ket-nap/moi/?person={person.pk}")

    box = phone.get_by_role("combobox", name="Đảng viên chính thức được phân công giúp đỡ")
    assert box.get_attribute("placeholder") == "Gõ họ tên (không cần dấu) hoặc số CCCD…"
    box.press_sequentially("nguyen thi giu", delay=30)
    results = phone.get_by_role("listbox", name="Đảng viên tìm thấy")
    found = results.get_by_role("option", name="Nguyễn Thị Giúp")
    found.wait_for()
    text = found.inner_text()
    assert "sinh 03/02/1968" in text and "Đảng viên chính thức" in text and "Chi bộ Tổ Toán" in text
    assert mentor.masked_national_id() in text and mentor.national_id not in text
    assert results.get_by_role("option").count() == 2  # both namesakes are in the province
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "member-picker-phone.png"), full_page=True)
    found.tap()
    assert box.input_value() == "Nguyễn Thị Giúp" and results.is_hidden()
    status = phone.locator("[data-member-picker-status]").inner_text()
    assert "Đã chọn: Nguyễn Thị Giúp" in status
    assert has_no_horizontal_scroll(phone)

    phone.get_by_role("button", name="Lưu").click()
    phone.get_by_text("Đã đưa Trần Văn Nguồn vào danh sách quần chúng ưu tú").wait_for()
    candidacy = Candidacy.objects.get()
    assert (candidacy.person_id, candidacy.mentor_id, candidacy.organization_id) == (
        person.pk,
        mentor.pk,
        tree.cell.pk,
    )
    assert problems == []
