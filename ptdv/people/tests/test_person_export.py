"""The people list as .xlsx/.csv: the page's scope and filters, every row, IDs masked for viewers."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.access.roles import Role
from ptdv.access.services import grant_create
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user

pytestmark = pytest.mark.django_db
URL = reverse("people:person_list")


def download(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def xlsx_rows(body: bytes) -> list[dict]:
    ws = load_workbook(io.BytesIO(body)).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def people(tree):
    return {
        "hoa": make_person(
            tree.cell,
            full_name="Lê Thị Hoa",
            gender="F",
            date_of_birth=dt.date(1999, 3, 8),
            phone="0912345678",
            ethnicity="Tày",
        ),
        "binh": make_member(tree.cell, full_name="Phạm Văn Bình"),
        "lan": make_person(tree.other_cell, full_name="Trần Thị Lan", gender="F"),
    }


@pytest.fixture
def viewer(tree):
    return make_user("xem", org=tree.commune, role=Role.VIEWER)


def test_a_clerk_downloads_exactly_the_people_of_their_commune_with_full_national_ids(client, clerk, people):
    response, body = download(client, clerk, xuat="xlsx")
    rows = xlsx_rows(body)

    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-nhan-su-')
    assert [r["Họ và tên"] for r in rows] == ["Lê Thị Hoa", "Phạm Văn Bình"]  # never Trần Thị Lan
    hoa = rows[0]
    assert hoa["Số CCCD"] == people["hoa"].national_id and hoa["Số CCCD"].startswith("001")
    assert hoa["Giới tính"] == "Nữ" and hoa["Dân tộc"] == "Tày" and hoa["Tôn giáo"] == "Không"
    assert hoa["Ngày sinh"].date() == dt.date(1999, 3, 8)
    assert hoa["Số điện thoại"] == "0912345678"
    assert hoa["Tổ chức đảng quản lý"] == "Chi bộ Tổ Toán"
    assert rows[1]["Tình trạng"] == "Đảng viên chính thức"


def test_a_viewer_may_not_download_the_people_list_and_sees_no_download_buttons(client, viewer, people):
    client.force_login(viewer)
    response = client.get(URL, {"xuat": "csv"})

    assert response.status_code == 403
    assert "Chỉ cán bộ có quyền nhập, sửa dữ liệu" in response.content.decode()
    assert people["hoa"].full_name not in response.content.decode()
    assert "Tải Excel" not in client.get(URL).content.decode()
    assert not AccessRecord.objects.exists()


def test_ids_are_masked_where_the_downloader_only_views_and_full_where_they_may_change(client, tree, people):
    # A clerk of the first commune who may also view the other one.
    user = make_user("hai-noi", org=tree.commune, role=Role.CLERK)
    grant_create(actor=SYSTEM, user=user, organization=tree.other_commune, role=Role.VIEWER)
    _, xlsx = download(client, user, xuat="xlsx")
    _, text = download(client, user, xuat="csv")
    by_name = {r["Họ và tên"]: r["Số CCCD"] for r in xlsx_rows(xlsx)}

    assert by_name["Lê Thị Hoa"] == people["hoa"].national_id
    assert by_name["Trần Thị Lan"] == people["lan"].masked_national_id()
    assert people["lan"].national_id not in text.decode("utf-8-sig")
    details = [r.detail for r in AccessRecord.objects.order_by("id")]
    assert [(d["format"], d["rows"], d["full_national_ids"]) for d in details] == [
        ("xlsx", 3, 2),
        ("csv", 3, 2),
    ]


def test_each_download_is_recorded_with_its_file_its_format_and_the_rows_written(client, clerk, tree, people):
    response, _ = download(client, clerk, xuat="xlsx", gender="F")
    record = AccessRecord.objects.get()

    assert (record.kind, record.actor, record.channel, record.target_type) == (
        AccessKind.EXPORTED,
        clerk,
        "web",
        "people.person",
    )
    assert record.organization == tree.commune  # filed under the downloader's own organisation
    assert record.detail["file"].startswith("Danh sách nhân sự ") and record.detail["file"].endswith(".xlsx")
    assert record.detail["rows"] == 1 and record.detail["full_national_ids"] == 1
    assert record.request_id == response["X-Request-ID"]


def test_the_export_keeps_the_pages_filters_and_ignores_its_pagination(client, provincial_officer, people):
    _, body = download(client, provincial_officer, xuat="csv", gender="F", trang="2")
    names = [r["Họ và tên"] for r in csv_rows(body)]

    assert names == ["Lê Thị Hoa", "Trần Thị Lan"]


def test_a_search_without_diacritics_exports_the_same_people_as_the_page_shows(client, clerk, people):
    client.force_login(clerk)
    page = client.get(URL, {"q": "pham van"})
    _, body = download(client, clerk, q="pham van", xuat="csv")

    assert [p.full_name for p in page.context["object_list"]] == ["Phạm Văn Bình"]
    assert [r["Họ và tên"] for r in csv_rows(body)] == ["Phạm Văn Bình"]


def test_the_csv_writes_dates_as_dd_mm_yyyy_and_flags_as_co_khong(client, clerk, people):
    _, body = download(client, clerk, xuat="csv")
    hoa = csv_rows(body)[0]

    assert hoa["Ngày sinh"] == "08/03/1999"
    assert hoa["Đoàn viên Đoàn TNCS Hồ Chí Minh"] == "Không"


def _queries(client, user, fmt: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"xuat": fmt})
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(ctx)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_people(client, clerk, tree, fmt):
    make_person(tree.cell)
    few = _queries(client, clerk, fmt)
    for _ in range(15):
        make_person(tree.cell)
    many = _queries(client, clerk, fmt)

    assert few == many
    # Includes the access record: its organisation, its insert and its own savepoint (and, for a
    # streamed CSV, the expected row and full-ID counts).
    assert many <= 12


def test_the_page_offers_both_downloads_with_its_current_filters(client, clerk, people):
    client.force_login(clerk)
    html = client.get(URL, {"gender": "F", "trang": "1"}).content.decode()

    assert 'href="?gender=F&amp;xuat=xlsx"' in html and ">Tải Excel</a>" in html
    assert 'href="?gender=F&amp;xuat=csv"' in html and ">Tải CSV</a>" in html
