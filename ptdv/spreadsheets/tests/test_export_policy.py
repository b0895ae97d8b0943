"""Who may download what: one policy for every exporting page; personal-data downloads are logged."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.admissions.services import candidacy_create
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user
from ptdv.spreadsheets.export import AGGREGATE, PAGE_KINDS, PERSONAL, export_allowed
from ptdv.spreadsheets.services import import_analyse, import_create

pytestmark = pytest.mark.django_db

# (page, its kind): every page with a `?xuat=` download in the project.
PAGES = [
    ("people:person_list", PERSONAL),
    ("admissions:pipeline_board", PERSONAL),
    ("reports:admitted_list", PERSONAL),
    ("admissions:course_list", AGGREGATE),
    ("reports:dashboard", AGGREGATE),
    ("targets:target_list", AGGREGATE),
]
ADMIN_PAGES = ["audit:auditevent_list", "audit:accessrecord_list"]


@pytest.fixture
def data(tree):
    make_member(tree.cell, full_name="Phạm Văn Bình", admitted=dt.date(2025, 3, 2), full=False)
    for name in ("Lê Thị Hoa", "Ngô Văn Tú"):
        candidacy_create(
            actor=SYSTEM, person=make_person(tree.cell, full_name=name), organization=tree.cell,
            opened_on=dt.date(2025, 1, 6),
        )  # fmt: skip


@pytest.fixture
def personas(tree, clerk, provincial_officer):
    return {
        "viewer": make_user("xem", org=tree.commune, role=Role.VIEWER),
        "clerk": clerk,
        "admin": provincial_officer,
    }


def is_file(response) -> bool:
    return response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_every_page_with_a_download_is_in_the_policy_table():
    assert {name for name, _ in PAGES} | set(ADMIN_PAGES) <= set(PAGE_KINDS)
    assert all(PAGE_KINDS[name] == kind for name, kind in PAGES)


@pytest.mark.parametrize("name,kind", PAGES)
@pytest.mark.parametrize("persona", ["viewer", "clerk", "admin"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_personal_lists_need_the_change_right_figures_only_the_view_right(
    client, data, personas, name, kind, persona, fmt
):
    client.force_login(personas[persona])
    response = client.get(reverse(name), {"xuat": fmt})
    page = client.get(reverse(name)).content.decode()

    allowed = kind == AGGREGATE or persona != "viewer"
    assert is_file(response) is allowed, f"{name} {persona}"
    assert ("Tải Excel" in page) is allowed or name == "reports:dashboard"
    if not allowed:
        assert response.status_code == 403
        assert "Chỉ cán bộ có quyền nhập, sửa dữ liệu" in response.content.decode()
    logged = AccessRecord.objects.filter(kind=AccessKind.EXPORTED, actor=personas[persona])
    assert logged.count() == (1 if allowed and kind == PERSONAL else 0)


@pytest.mark.parametrize("name", ADMIN_PAGES)
@pytest.mark.parametrize("persona,status", [("viewer", 404), ("clerk", 404), ("admin", 200)])
def test_logs_are_downloaded_by_admins_only(client, data, personas, name, persona, status):
    client.force_login(personas[persona])
    response = client.get(reverse(name), {"xuat": "xlsx"})
    assert response.status_code == status
    assert is_file(response) is (status == 200)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_pipeline_download_is_logged_with_the_rows_written(client, data, personas, fmt, tree):
    client.force_login(personas["clerk"])
    response = client.get(reverse("admissions:pipeline_board"), {"xuat": fmt, "org": tree.cell.pk})
    b"".join(response.streaming_content) if response.streaming else response.content
    record = AccessRecord.objects.get()

    assert record.kind == AccessKind.EXPORTED and record.organization == tree.cell
    assert record.target_type == "admissions.candidacy"
    assert record.detail["rows"] == 2 and record.detail["format"] == fmt
    assert record.detail["file"].startswith("Hồ sơ kết nạp ") and "full_national_ids" not in record.detail


@pytest.fixture
def people_job(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = (
        f"Họ và tên,Giới tính,Ngày sinh,Mã tổ chức đảng\r\nLê Văn Nhập,Nam,01/02/1990,{tree.cell.code}\r\n"
    )
    upload = SimpleUploadedFile("ds.csv", sheet.encode("utf-8-sig"), content_type="text/csv")
    return import_analyse(
        import_create(actor=SYSTEM, kind="people", organization=tree.commune, upload=upload)
    )


@pytest.mark.parametrize("name", ["spreadsheets:importjob_original", "spreadsheets:importjob_rejected"])
@pytest.mark.parametrize("persona", ["viewer", "clerk"])
def test_an_imported_file_of_people_goes_only_to_those_who_may_change_its_organisation(
    client, personas, people_job, name, persona
):
    client.force_login(personas[persona])
    response = client.get(reverse(name, args=[people_job.pk]))

    assert response.status_code == (403 if persona == "viewer" else 200)
    records = AccessRecord.objects.filter(kind=AccessKind.EXPORTED)
    assert records.count() == (0 if persona == "viewer" else 1)
    if persona == "clerk":
        assert records.get().organization == people_job.organization


@pytest.mark.parametrize("persona", ["viewer", "clerk"])
def test_the_import_page_links_the_files_only_for_those_who_may_download_them(
    client, personas, people_job, persona
):
    client.force_login(personas[persona])
    page = client.get(reverse("spreadsheets:importjob_detail", args=[people_job.pk])).content.decode()

    link = reverse("spreadsheets:importjob_original", args=[people_job.pk])
    assert (link in page) == (persona == "clerk")


def test_the_policy_in_words(tree, personas):
    viewer, clerk, admin = personas["viewer"], personas["clerk"], personas["admin"]
    assert not export_allowed(viewer, PERSONAL) and export_allowed(viewer, AGGREGATE)
    assert export_allowed(clerk, PERSONAL) and not export_allowed(clerk, "admin")
    assert export_allowed(admin, "admin")
    assert export_allowed(clerk, PERSONAL, tree.cell) and not export_allowed(clerk, PERSONAL, tree.other_cell)
