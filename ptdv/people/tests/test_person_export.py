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
from ptdv.common.testing.factories import make_member, make_person, make_user

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


def test_a_viewer_gets_masked_national_ids_in_both_formats(client, viewer, people):
    _, xlsx = download(client, viewer, xuat="xlsx")
    _, text = download(client, viewer, xuat="csv")
    masked = people["hoa"].masked_national_id()

    assert xlsx_rows(xlsx)[0]["Số CCCD"] == masked
    assert csv_rows(text)[0]["Số CCCD"] == masked
    assert people["hoa"].national_id not in text.decode("utf-8-sig")


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
def test_the_number_of_queries_does_not_grow_with_the_number_of_people(client, clerk, viewer, tree, fmt):
    make_person(tree.cell)
    few = (_queries(client, clerk, fmt), _queries(client, viewer, fmt))
    for _ in range(15):
        make_person(tree.cell)
    many = (_queries(client, clerk, fmt), _queries(client, viewer, fmt))

    assert few == many
    assert max(many) <= 6


def test_the_page_offers_both_downloads_with_its_current_filters(client, clerk, people):
    client.force_login(clerk)
    html = client.get(URL, {"gender": "F", "trang": "1"}).content.decode()

    assert 'href="?gender=F&amp;xuat=xlsx"' in html and ">Tải Excel</a>" in html
    assert 'href="?gender=F&amp;xuat=csv"' in html and ">Tải CSV</a>" in html
