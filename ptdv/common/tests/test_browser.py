"""In a real browser: log in, browse the tree, search without diacritics, edit, read the audit trail."""

import datetime as dt
from pathlib import Path

import pytest

from ptdv.common.testing.factories import make_member, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PASSWORD = "mat-khau-thu-1"


def log_in(page, username):
    """Password, then (for admins and anyone with an authenticator) the current TOTP code."""
    from django_otp.oath import totp

    from ptdv.access.models import User
    from ptdv.access.second_factor import confirmed_device, requires_second_factor
    from ptdv.conftest import verified_device

    user = User.objects.get(username=username)
    device = verified_device(user) if requires_second_factor(user) else confirmed_device(user)
    page.goto(f"{page.base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        page.wait_for_url("**/tai-khoan/xac-thuc/**")
        device.last_t = -1  # a second sign-in within the same 30 s may reuse the code
        device.save(update_fields=["last_t"])
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_label("Mã xác thực (6 chữ số)").fill(f"{code:06d}")
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{page.base_url}/")


def has_no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def people(tree):
    found = make_member(
        tree.cell, full_name="Nguyễn Văn Hiếu", occupation="Giáo viên", admitted=dt.date(2018, 5, 19)
    )
    make_person(tree.cell, full_name="Nguyễn Văn Hiểu")
    make_person(tree.other_cell, full_name="Trần Thị Lan")
    return found


def test_an_officer_logs_in_browses_searches_edits_and_sees_the_audit_event(page, provincial_officer, people):
    log_in(page, provincial_officer.username)
    page.get_by_role("link", name="Tổ chức đảng").first.click()
    page.locator("summary", has_text="Đảng bộ tỉnh Thử").click()
    page.locator("summary", has_text="Đảng bộ xã An Bình").wait_for()
    assert "1 đảng viên" in page.locator("summary", has_text="Đảng bộ xã An Bình").inner_text()

    page.get_by_role("link", name="Nhân sự").first.click()
    page.get_by_placeholder("Họ tên (có dấu hoặc không dấu) hoặc số CCCD").fill("nguyen van")
    page.get_by_role("button", name="Tìm").click()
    results = page.locator(".person-row").all_inner_texts()
    assert any("Nguyễn Văn Hiếu" in row for row in results)
    assert not any("Trần Thị Lan" in row for row in results)

    page.get_by_role("link", name="Nguyễn Văn Hiếu").click()
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.get_by_label("Nghề nghiệp, chức vụ").fill("Hiệu trưởng")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu thay đổi").wait_for()
    trail = page.locator("#nhat-ky").inner_text()
    assert "Sửa hồ sơ" in trail and "Giáo viên" in trail and "Hiệu trưởng" in trail
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "person-after-edit.png"), full_page=True)


def test_a_bad_national_id_is_explained_on_the_form_in_the_browser(page, clerk, tree):
    log_in(page, clerk.username)
    page.goto(f"{page.base_url}/nhan-su/them/")
    page.get_by_label("Họ và tên").fill("Lê Văn Tám")
    page.get_by_label("Nam", exact=True).check()
    page.get_by_label("Ngày sinh").fill("19/08/1995")
    page.get_by_label("Số CCCD").fill("12345")
    page.get_by_label("Tổ chức đảng quản lý").select_option(value=str(tree.cell.pk))
    page.get_by_role("button", name="Lưu").click()
    assert "Số CCCD phải gồm đúng 12 chữ số (đang có 5)." in page.locator("main form").inner_text()


@pytest.mark.parametrize("path", ["/", "/to-chuc/", "/nhan-su/", "/nhan-su/?q=nguyen+van", "PERSON", "ORG"])
def test_pages_fit_a_360_pixel_phone_without_horizontal_scrolling(
    browser, live_server, provincial_officer, people, tree, path
):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, provincial_officer.username)
    target = {"PERSON": people.get_absolute_url(), "ORG": tree.commune.get_absolute_url()}.get(path, path)
    page.goto(f"{live_server.url}{target}")
    if path == "/to-chuc/":
        page.locator("summary", has_text="Đảng bộ tỉnh Thử").click()
        page.locator("summary", has_text="Đảng bộ xã An Bình").wait_for()
    assert has_no_horizontal_scroll(page), target
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(SHOTS / f"phone-{path.strip('/').replace('/', '-').replace('?', '-') or 'home'}.png"),
        full_page=True,
    )
    context.close()
