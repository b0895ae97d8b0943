"""The import pages: upload, preview, decisions, commit, downloads; scoped like every other page."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.common.testing.factories import make_user
from ptdv.people.models import Person
from ptdv.spreadsheets.models import ImportJob, ImportStatus
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, tree, rows, org=None, name="danh-sach.xlsx"):
    data = {
        "kind": "people",
        "organization": (org or tree.commune).pk,
        "file": SimpleUploadedFile(name, xlsx_bytes(rows)),
    }
    return client.post(reverse("spreadsheets:importjob_create"), data)


def test_an_officer_uploads_previews_and_commits_a_file(client, tree, clerk):
    client.force_login(clerk)
    rows = [
        PEOPLE_HEADERS,
        ["Nguyễn Văn An", "Nam", "12/03/1990", "", tree.cell.code, "", None, None],
        ["Lê Văn Sai", "Nam", "1990", "", tree.cell.code, "", None, None],
    ]
    response = upload(client, tree, rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Chờ xác nhận nhập" in page and "Dòng 3" in page and "Chỉ có năm “1990”" in page
    assert "Nhập 1 dòng (để lại 1 dòng lỗi)" in page
    assert Person.objects.count() == 0  # the preview writes nothing
    errors_only = client.get(job.get_absolute_url(), {"loc": "loi"}).content.decode()
    assert "Dòng 3" in errors_only and "Dòng 2<" not in errors_only
    client.post(reverse("spreadsheets:importjob_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created == 1 and job.rejected == 1
    done = client.get(job.get_absolute_url()).content.decode()
    assert "Tải 1 dòng cần sửa (.xlsx)" in done
    download = client.get(reverse("spreadsheets:importjob_rejected", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Lê Văn Sai"]


def test_the_upload_refuses_an_organisation_outside_the_users_scope(client, tree, clerk):
    client.force_login(clerk)
    response = upload(client, tree, [PEOPLE_HEADERS], org=tree.other_commune)
    assert response.status_code == 400 and not ImportJob.objects.exists()
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_a_viewer_sees_the_imports_of_the_scope_but_cannot_upload(client, tree):
    viewer = make_user(org=tree.commune, role=Role.VIEWER)
    client.force_login(viewer)
    assert client.get(reverse("spreadsheets:importjob_list")).status_code == 200
    assert client.get(reverse("spreadsheets:importjob_create")).status_code == 404


def test_a_failed_file_shows_its_message_and_a_way_on(client, tree, clerk):
    client.force_login(clerk)
    data = {
        "kind": "people",
        "organization": tree.commune.pk,
        "file": SimpleUploadedFile("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x01" * 300),
    }
    client.post(reverse("spreadsheets:importjob_create"), data)
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "không phải bảng tính Excel" in page and "Tải lên tệp khác" in page


def test_duplicate_decisions_are_saved_from_the_preview(client, tree, clerk):
    client.force_login(clerk)
    same = ["Lê Thị Cúc", "Nữ", "01/02/1999", "", tree.cell.code, "", None, None]
    upload(client, tree, [PEOPLE_HEADERS, same, same])
    job = ImportJob.objects.get()
    assert 'name="quyet_dinh_3"' in client.get(job.get_absolute_url()).content.decode()
    client.post(reverse("spreadsheets:importjob_decide", args=[job.pk]), {"quyet_dinh_3": "create"})
    assert job.rows.get(number=3).decision == "create"
    client.post(reverse("spreadsheets:importjob_commit", args=[job.pk]))
    assert Person.objects.filter(full_name="Lê Thị Cúc").count() == 2


def test_column_choice_page_maps_unknown_headers(client, tree, clerk):
    client.force_login(clerk)
    upload(
        client,
        tree,
        [["Tên", "Phái", "Sinh", "Đơn vị"], ["Nguyễn Văn An", "Nam", "12/03/1990", tree.cell.code]],
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.NEEDS_MAPPING
    page = client.get(reverse("spreadsheets:importjob_map", args=[job.pk])).content.decode()
    assert "Ví dụ: 12/03/1990" in page
    response = client.post(
        reverse("spreadsheets:importjob_map", args=[job.pk]),
        {
            "col_0": "full_name",
            "col_1": "gender",
            "col_2": "date_of_birth",
            "col_3": "org_code",
            "remember": "on",
        },
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.valid_rows == 1


def test_choosing_the_same_field_for_two_columns_is_refused(client, tree, clerk):
    client.force_login(clerk)
    upload(
        client,
        tree,
        [["Tên", "Phái", "Sinh", "Đơn vị"], ["Nguyễn Văn An", "Nam", "12/03/1990", tree.cell.code]],
    )
    job = ImportJob.objects.get()
    response = client.post(
        reverse("spreadsheets:importjob_map", args=[job.pk]),
        {"col_0": "full_name", "col_1": "full_name", "col_2": "date_of_birth", "col_3": "org_code"},
    )
    assert response.status_code == 400 and "Mỗi mục chỉ chọn cho một cột" in response.content.decode()


@pytest.mark.parametrize("kind", ["organizations", "people", "admissions", "targets"])
def test_each_template_has_vietnamese_headers_text_id_columns_and_instructions(client, clerk, kind):
    from ptdv.spreadsheets.kinds import KINDS

    client.force_login(clerk)
    response = client.get(reverse("spreadsheets:template_download", args=[kind]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    headers = [c.value for c in book["Dữ liệu"][1]]
    assert headers == [c.header for c in KINDS[kind].columns]
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "ngày/tháng/năm" in guide and "TCVN3" in guide
    if "Số CCCD" in headers:
        assert book["Dữ liệu"].cell(row=2, column=headers.index("Số CCCD") + 1).number_format == "@"


def test_the_filled_template_imports_back(client, tree, clerk, tmp_path):
    from ptdv.spreadsheets.services import import_run

    client.force_login(clerk)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("spreadsheets:template_download", args=["people"])).content)
    )
    sheet = book["Dữ liệu"]
    headers = [c.value for c in sheet[1]]
    values = {
        "Họ và tên": "Nguyễn Thị Mẫu",
        "Giới tính": "Nữ",
        "Ngày sinh": "05/09/1998",
        "Mã tổ chức đảng": tree.cell.code,
        "Đoàn viên": "x",
    }
    for header, value in values.items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    path = tmp_path / "mau.xlsx"
    book.save(path)
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert job.created == 1, list(job.rows.values_list("errors", flat=True))
    assert Person.objects.get().is_youth_union_member is True


def test_an_unknown_template_is_404(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("spreadsheets:template_download", args=["khong-co"])).status_code == 404
