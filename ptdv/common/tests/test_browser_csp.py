"""In a real browser under the real CSP: the main pages log no policy violation and still work."""

import datetime as dt

import pytest
from django.urls import reverse

from ptdv.admissions.services import candidacy_create
from ptdv.common.testing.factories import SYSTEM, make_person
from ptdv.common.tests.test_browser import log_in
from ptdv.common.tests.test_urls import objects_in
from ptdv.spreadsheets.models import ImportJob, ImportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = objects_in(tree.cell)
    for name in ("Đặng Thị Mai", "Phan Văn Tuấn"):  # waiting for the awareness course
        candidacy_create(
            actor=SYSTEM,
            person=make_person(tree.cell, full_name=name),
            organization=tree.cell,
            opened_on=dt.date(2025, 2, 3),
        )
    job = made[ImportJob]
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING, total_rows=10, processed=4)
    return made


def watch(page) -> list[str]:
    """Console messages about the CSP and uncaught script errors, collected while the test runs."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return problems


def test_the_main_pages_run_under_the_strict_csp_without_a_single_violation(
    page, provincial_officer, tree, data
):
    problems = watch(page)
    log_in(page, provincial_officer.username)
    base = page.base_url
    person = next(iter(v for k, v in data.items() if k.__name__ == "Person"))
    course = next(iter(v for k, v in data.items() if k.__name__ == "AwarenessCourse"))
    job = data[ImportJob]
    for path in [
        "/",
        reverse("reports:dashboard"),
        reverse("people:person_list"),
        person.get_absolute_url(),
        reverse("admissions:pipeline_board"),
        reverse("admissions:course_enrol", args=[course.pk]),
        reverse("spreadsheets:importjob_detail", args=[job.pk]),
        reverse("access:security"),
        reverse("access:password_change"),
        reverse("organizations:organization_tree"),
    ]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.title() and "Không tìm thấy" not in page.title(), path
    assert problems == []


def test_the_scripts_moved_out_of_the_pages_still_work(page, provincial_officer, tree, data):
    problems = watch(page)
    log_in(page, provincial_officer.username)
    base = page.base_url
    course = next(iter(v for k, v in data.items() if k.__name__ == "AwarenessCourse"))

    # Course enrolment: search without diacritics, then "select all" ticks only what is shown.
    page.goto(f"{base}{reverse('admissions:course_enrol', args=[course.pk])}")
    search = page.get_by_placeholder("Tìm theo tên hoặc chi bộ (gõ không dấu cũng được)")
    search.fill("dang thi")
    assert page.locator("label.candidate:not(.d-none)").count() == 1
    page.get_by_label("Chọn tất cả").check()
    assert page.locator("#so-da-chon").inner_text() == "Đã chọn 1 người"
    search.fill("")
    assert page.locator("label.candidate:not(.d-none)").count() == 2

    # Pipeline board: choosing an organisation submits the filter at once.
    page.goto(f"{base}{reverse('admissions:pipeline_board')}")
    with page.expect_navigation():
        page.get_by_label("Tổ chức", exact=True).select_option(value=str(tree.cell.pk))
    assert f"org={tree.cell.pk}" in page.url

    # Import in progress: the bar's width comes from its data attribute, set by the static script.
    page.goto(f"{base}{reverse('spreadsheets:importjob_detail', args=[data[ImportJob].pk])}")
    width = page.evaluate("document.querySelector('[data-progress]').style.width")
    assert width == "40%"
    assert problems == []
