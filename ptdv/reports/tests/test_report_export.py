"""Report tables as .xlsx/.csv: the admitted list behind a figure, and the dashboard's unit and year tables."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.common.testing.bulk import bulk_admit
from ptdv.common.testing.factories import SYSTEM
from ptdv.targets.models import Term
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 25, 9, 0)
LIST = reverse("reports:admitted_list")
DASHBOARD = reverse("reports:dashboard")


def fetch(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_rows(body: bytes, sheet: int = 0) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(body)).worksheets[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def admitted(tree):
    """Three admitted during the term: two in the commune (target 2), one in the other commune (target 3)."""
    people = [
        *bulk_admit(tree.cell, [dt.date(2021, 4, 1)], full_name="Lê Thị Hoa", gender="F"),
        *bulk_admit(tree.cell, [dt.date(2023, 5, 2)], full_name="Phạm Văn Bình"),
        *bulk_admit(tree.other_cell, [dt.date(2022, 6, 3)], full_name="Đỗ Minh Quân"),
    ]
    term = Term.objects.get(code="2020-2025")
    for org, minimum in ((tree.province, 4), (tree.commune, 2), (tree.other_commune, 3)):
        target_create(actor=SYSTEM, organization=org, term=term, minimum=minimum, source_document="NQ")
    return people


@time_machine.travel(TODAY, tick=False)
def test_the_admitted_list_exports_exactly_the_people_behind_the_figure(
    client, provincial_officer, tree, admitted
):
    client.force_login(provincial_officer)
    base = {"org": tree.province.pk, "period": "2020-2025"}
    response, body = fetch(client, LIST, **base, xuat="xlsx")
    rows = xlsx_rows(body)

    assert response["Content-Disposition"].startswith('attachment; filename="da-ket-nap-dang-bo-tinh-thu-')
    assert [r["Họ và tên"] for r in rows] == ["Lê Thị Hoa", "Đỗ Minh Quân", "Phạm Văn Bình"]
    assert rows[0]["Ngày quyết định kết nạp"].date() == dt.date(2021, 4, 1)
    assert rows[0]["Chi bộ kết nạp"] == "Chi bộ Tổ Toán" and rows[0]["Văn bản (số, ngày)"] == "QĐ kết nạp"
    assert rows[0]["Giới tính"] == "Nữ" and rows[0]["Tình trạng hiện nay"] == "Đảng viên dự bị"

    _, by_year = fetch(client, LIST, **base, year="2023", xuat="csv")
    _, by_unit = fetch(client, LIST, **base, unit=tree.commune.pk, xuat="csv")
    _, women = fetch(client, LIST, **base, category="nu", xuat="csv")
    assert [r["Họ và tên"] for r in csv_rows(by_year)] == ["Phạm Văn Bình"]
    assert [r["Họ và tên"] for r in csv_rows(by_unit)] == ["Lê Thị Hoa", "Phạm Văn Bình"]
    assert [(r["Họ và tên"], r["Ngày quyết định kết nạp"]) for r in csv_rows(women)] == [
        ("Lê Thị Hoa", "01/04/2021")
    ]


@time_machine.travel(TODAY, tick=False)
def test_an_officer_of_another_commune_exports_only_their_own_and_never_the_province(
    client, unrelated_officer, tree, admitted
):
    client.force_login(unrelated_officer)
    _, body = fetch(client, LIST, period="2020-2025", xuat="csv")

    assert [r["Họ và tên"] for r in csv_rows(body)] == ["Đỗ Minh Quân"]
    for url in (LIST, DASHBOARD):
        assert client.get(url, {"org": tree.province.pk, "xuat": "csv"}).status_code == 404
    assert client.get(LIST, {"unit": tree.cell.pk, "xuat": "xlsx"}).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_admitted_list_export_costs_the_same_queries_for_3_or_23_people(
    client, provincial_officer, tree, admitted
):
    client.force_login(provincial_officer)
    params = {"org": tree.province.pk, "period": "2020-2025", "xuat": "xlsx"}

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            _, body = fetch(client, LIST, **params)
        return len(ctx), len(xlsx_rows(body))

    few = queries()
    bulk_admit(tree.cell, [dt.date(2022, 1, 3)] * 20)
    many = queries()

    assert (few[1], many[1]) == (3, 23)
    assert few[0] == many[0]


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_xlsx_has_the_unit_table_with_status_and_the_yearly_table(
    client, provincial_officer, tree, admitted
):
    client.force_login(provincial_officer)
    response, body = fetch(client, DASHBOARD, org=tree.province.pk, period="2020-2025", xuat="xlsx")
    units = {r["Tổ chức đảng"]: r for r in xlsx_rows(body, 0)}
    years = xlsx_rows(body, 1)

    assert load_workbook(io.BytesIO(body)).sheetnames == ["Tổ chức trực thuộc", "Kết nạp theo năm"]
    assert response["Content-Disposition"].startswith(
        'attachment; filename="tien-do-dang-bo-tinh-thu-2020-2025.xlsx"'
    )
    commune, other = units["Đảng bộ xã An Bình"], units["Đảng bộ xã Phú Điền"]
    assert (commune["Kết nạp"], commune["Chỉ tiêu (tối thiểu)"], commune["Tỷ lệ đạt (%)"]) == (2, 2, 100)
    assert commune["Tình trạng"] == "Đã đạt"
    assert (other["Kết nạp"], other["Chỉ tiêu (tối thiểu)"], other["Tỷ lệ đạt (%)"]) == (1, 3, 33.33)
    assert other["Tình trạng"] == "Chưa đạt"
    assert [y["Năm"] for y in years] == [2020, 2021, 2022, 2023, 2024]
    assert [y["Kết nạp"] for y in years] == [0, 1, 1, 1, 0]
    assert years[-1]["Chưa hết năm"] == "Có"


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_csv_carries_the_unit_table(client, provincial_officer, tree, admitted):
    client.force_login(provincial_officer)
    _, body = fetch(client, DASHBOARD, org=tree.province.pk, period="2020-2025", xuat="csv")
    rows = csv_rows(body)

    assert list(rows[0]) == [
        "Tổ chức đảng",
        "Loại tổ chức",
        "Kết nạp",
        "Chỉ tiêu (tối thiểu)",
        "Chỉ tiêu tối đa",
        "Tỷ lệ đạt (%)",
        "Tình trạng",
    ]
    assert [(r["Tổ chức đảng"], r["Kết nạp"], r["Tỷ lệ đạt (%)"]) for r in rows] == [
        ("Đảng bộ xã An Bình", "2", "100"),
        ("Đảng bộ xã Phú Điền", "1", "33.33"),
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_unit_without_a_target_says_so(client, clerk, tree, admitted):
    client.force_login(clerk)
    _, body = fetch(client, DASHBOARD, org=tree.commune.pk, period="2020-2025", xuat="csv")

    assert [(r["Tổ chức đảng"], r["Kết nạp"], r["Tình trạng"]) for r in csv_rows(body)] == [
        ("Đảng bộ Trường THPT An Bình", "2", "Chưa giao chỉ tiêu")
    ]


@time_machine.travel(TODAY, tick=False)
def test_both_pages_offer_excel_and_csv_and_the_dashboard_keeps_its_other_downloads(
    client, provincial_officer, tree, admitted
):
    client.force_login(provincial_officer)
    dashboard = client.get(DASHBOARD, {"org": tree.province.pk}).content.decode()
    listing = client.get(LIST, {"org": tree.province.pk, "year": "2021"}).content.decode()

    assert "Báo cáo (.docx)" in dashboard and "Biểu 2-BTCTW (.xlsx)" in dashboard
    assert "&amp;xuat=xlsx" in dashboard and ">Tải Excel</a>" in dashboard and ">Tải CSV</a>" in dashboard
    assert f'href="?org={tree.province.pk}&amp;year=2021&amp;xuat=csv"' in listing
