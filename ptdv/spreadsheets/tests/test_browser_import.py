"""In a real browser: upload a people file, read its errors, commit, watch the progress, fix the rest.

The commit task is replaced by a no-op so the page really shows the progress bar (Huey runs tasks
immediately in tests, which would finish the commit inside the POST); the test then runs the commit
itself and the page, polling with htmx, reloads on its own when the job is done.
"""

import re
from pathlib import Path

import openpyxl
import pytest

from ptdv.common.tests.test_browser import SHOTS, has_no_horizontal_scroll, log_in
from ptdv.people import national_id as nid
from ptdv.people.models import Person
from ptdv.spreadsheets import services, tasks
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.models import ColumnMapping, ImportJob, ImportStatus
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AN_ID = nid.build("001", "M", 1990, 123456)
BINH_ID = nid.build("079", "F", 1995, 222)
CUC_ID = nid.build("001", "F", 1992, 345)  # "001192000345": typed into a number cell, Excel keeps 1192000345
YEAR_ONLY = "Chỉ có năm “1985”"
UNKNOWN_ORG = "Không có tổ chức đảng mã “KHONG-CO”"
ID_RESTORED = f"đã khôi phục thành {CUC_ID}"


@pytest.fixture
def commit_waits(monkeypatch):
    """The commit task does nothing when queued: the job stays "committing" until the test commits it."""
    monkeypatch.setattr(tasks, "commit_import", lambda job_id: None)


def people_rows(tree) -> list[list]:
    """Two good rows, one repaired national ID (a warning), two rows that cannot go in."""
    return [
        PEOPLE_HEADERS,
        ["Nguyễn Văn An", "Nam", "12/03/1990", AN_ID, tree.cell.code, "", "19/05/2020", "19/05/2021"],
        ["Trần Thị Bình", "Nữ", "02/01/1995", BINH_ID, tree.cell.code, "Quần chúng", None, None],
        ["Lê Thị Cúc", "Nữ", "07/07/1992", int(CUC_ID), tree.cell.code, "", None, None],
        ["Phạm Văn Dũng", "Nam", 1985, "", tree.cell.code, "", None, None],
        ["Hoàng Văn Em", "Nam", "01/01/1988", "", "KHONG-CO", "", None, None],
    ]


@pytest.fixture
def people_file(tree, tmp_path) -> Path:
    return xlsx(
        tmp_path / "Danh sách xã An Bình.xlsx", people_rows(tree), title_rows=["DANH SÁCH NHÂN SỰ XÃ AN BÌNH"]
    )


def upload(page, tree, path: Path) -> None:
    page.get_by_role("link", name="Nhập tệp mới").click()
    page.get_by_label(KINDS["people"].label).check()
    page.get_by_label("Nhập cho tổ chức đảng").select_option(value=str(tree.commune.pk))
    page.get_by_label("Tệp Excel hoặc CSV").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("Chờ xác nhận nhập").first.wait_for()


def row_texts(page) -> list[str]:
    return page.locator(".list-group-item").all_inner_texts()


def commit_while_the_page_polls(page) -> ImportJob:
    """Run the commit the background worker would run, then let the page find out by polling.

    Progress requests are routed through this thread: while the commit runs here, a poll that fires
    waits in the browser, so on in-memory SQLite (one connection shared with the live server) the
    server never reads in the middle of the commit's transactions.
    """
    page.route("**/tien-do/", lambda route: route.continue_())
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.COMMITTING
    services.import_commit(job)
    page.get_by_text("Đã nhập xong").first.wait_for(timeout=15_000)  # HX-Refresh reloaded the page
    return job


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"import-{name}.png"), full_page=True)


def test_an_officer_imports_a_file_fixes_nothing_by_hand_and_downloads_the_rows_to_correct(
    page, provincial_officer, tree, people_file, commit_waits, tmp_path
):
    log_in(page, provincial_officer.username)
    page.get_by_role("link", name="Nhập Excel").click()
    page.get_by_role("heading", name="Nhập dữ liệu từ Excel").wait_for()
    upload(page, tree, people_file)

    counts = page.locator("main .row.g-2").inner_text()
    assert re.search(r"Dòng dữ liệu\s+5", counts) and re.search(r"Có lỗi\s+2", counts), counts
    assert "tiêu đề ở dòng 2" in page.locator("main").inner_text()  # the title line above was skipped
    assert page.locator(".list-group-item-danger").count() == 2
    assert ID_RESTORED in page.locator(".list-group-item-warning").inner_text()
    shot(page, "desktop-preview")

    page.get_by_role("link", name=re.compile(r"^Có lỗi")).click()
    page.wait_for_url(re.compile(r"\?loc=loi$"))
    errors = row_texts(page)
    assert len(errors) == 2
    assert "Dòng 6" in errors[0] and "Phạm Văn Dũng" in errors[0] and YEAR_ONLY in errors[0]
    assert "Dòng 7" in errors[1] and "Hoàng Văn Em" in errors[1] and UNKNOWN_ORG in errors[1]
    shot(page, "desktop-errors")
    assert Person.objects.count() == 0  # nothing is written before the user says so

    page.get_by_role("button", name="Nhập 3 dòng (để lại 2 dòng lỗi)").click()
    bar = page.get_by_role("progressbar", name="Tiến độ nhập")
    bar.wait_for()
    assert bar.get_attribute("aria-valuenow") == "0"
    assert "đã xử lý 0/5 dòng (0%)" in page.locator("#tien-do").inner_text()
    shot(page, "desktop-progress")

    commit_while_the_page_polls(page)
    results = page.locator("main .row.g-2").inner_text()
    assert re.search(r"Tạo mới\s+3", results) and re.search(r"Không nhập được\s+2", results), results
    assert page.get_by_role("progressbar").count() == 0
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Thị Cúc",
    }
    assert Person.objects.get(full_name="Lê Thị Cúc").national_id == CUC_ID
    shot(page, "desktop-done")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải 2 dòng cần sửa (.xlsx)").click()
    assert download.value.suggested_filename == "Danh sách xã An Bình - dòng cần sửa.xlsx"
    download.value.save_as(tmp_path / "dong-can-sua.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "dong-can-sua.xlsx").active
    header, *rows = list(sheet.values)
    assert header[: len(PEOPLE_HEADERS)] == tuple(PEOPLE_HEADERS)
    assert header[len(PEOPLE_HEADERS)] == "Lỗi"
    assert [row[0] for row in rows] == ["Phạm Văn Dũng", "Hoàng Văn Em"]
    assert rows[0][2] == 1985  # the cell as the user typed it, not a guessed date
    assert YEAR_ONLY in rows[0][len(PEOPLE_HEADERS)]
    assert UNKNOWN_ORG in rows[1][len(PEOPLE_HEADERS)]


def test_the_import_pages_fit_a_360_pixel_phone(browser, live_server, clerk, tree, tmp_path, commit_waits):
    """A cell secretary's phone, with a row repeated in the file so the duplicate choice shows too."""
    rows = people_rows(tree)
    people_file = xlsx(tmp_path / "Danh sách chi bộ Tổ Toán năm 2026 (bản cuối).xlsx", [*rows, rows[1]])
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    log_in(page, clerk.username)
    page.get_by_role("button", name="Mở menu").click()
    page.locator("#menu.collapse.show").wait_for()  # the menu has finished sliding open
    page.get_by_role("link", name="Nhập Excel").click()
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/")
    page.get_by_role("heading", name="Nhập dữ liệu từ Excel").wait_for()
    assert has_no_horizontal_scroll(page), "list"
    shot(page, "phone-list")

    page.get_by_role("link", name="Nhập tệp mới").click()
    assert has_no_horizontal_scroll(page), "upload"
    shot(page, "phone-upload")
    page.go_back()
    upload(page, tree, people_file)
    choice = page.get_by_label("Xử lý dòng trùng:")
    assert choice.input_value() == "skip"
    assert has_no_horizontal_scroll(page), "detail"
    with page.expect_response(re.compile(r"/trung/")):
        choice.select_option(label="Cập nhật bản đã có")  # saved at once: no save button to remember
    page.get_by_text("✓ Đã lưu").wait_for()
    assert ImportJob.objects.get().rows.get(number=7).decision == "update"
    shot(page, "phone-detail")

    page.get_by_role("link", name=re.compile(r"^Có lỗi")).click()
    page.wait_for_url(re.compile(r"\?loc=loi$"))
    assert has_no_horizontal_scroll(page), "errors"
    shot(page, "phone-errors")

    page.get_by_role("button", name=re.compile(r"^Nhập 4 dòng")).click()
    page.get_by_role("progressbar", name="Tiến độ nhập").wait_for()
    assert has_no_horizontal_scroll(page), "progress"
    shot(page, "phone-progress")

    commit_while_the_page_polls(page)
    assert re.search(r"Không đổi\s+1", page.locator("main .row.g-2").inner_text())  # the repeated row
    assert page.get_by_role("link", name="Tải 2 dòng cần sửa (.xlsx)").is_visible()
    assert has_no_horizontal_scroll(page), "done"
    shot(page, "phone-done")

    page.goto(f"{live_server.url}/nhap-du-lieu/")
    assert has_no_horizontal_scroll(page), "list with a finished import"
    shot(page, "phone-list-after")
    context.close()


def test_the_column_choice_page_fits_a_360_pixel_phone(browser, live_server, clerk, tree, tmp_path):
    """Headers the importer does not know: the user picks the columns, one select per column."""
    from django.core.files.base import File

    rows = [
        ["Tên đầy đủ", "Phái", "Sinh ngày", "Mã chi bộ"],
        ["Ngô Thị Giang", "Nữ", "09/09/1999", tree.cell.code],
    ]
    path = xlsx(tmp_path / "Danh sách cũ.xlsx", rows)
    with path.open("rb") as handle:
        job = services.import_create(
            actor=clerk, kind="people", organization=tree.commune, upload=File(handle), name=path.name
        )
    assert services.import_analyse(job).status == ImportStatus.NEEDS_MAPPING

    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    log_in(page, clerk.username)
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    page.get_by_role("link", name="Chọn cột").click()
    page.get_by_label("Tên đầy đủ").select_option(value="full_name")
    assert page.get_by_label("Ghi nhớ cách chọn cột này cho các lần nhập sau").is_checked()
    assert has_no_horizontal_scroll(page), "map"
    shot(page, "phone-map")
    page.get_by_role("button", name="Lưu và kiểm tra lại").click()
    page.get_by_text("Chờ xác nhận nhập").first.wait_for()
    assert "Ngô Thị Giang" in page.locator(".list-group").inner_text()
    assert ColumnMapping.objects.get().mapping["ten day du"] == "full_name"  # remembered for next time
    context.close()
