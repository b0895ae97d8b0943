"""The pipeline board as .xlsx/.csv: one row per open candidacy the board counts, with the board's filters."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.admissions.models import Stage
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.walk import walk
from ptdv.common.testing.factories import SYSTEM, make_member, make_person

pytestmark = pytest.mark.django_db
URL = reverse("admissions:pipeline_board")
TODAY = dt.datetime(2026, 6, 1, 9, 0)
OPENED = dt.date(2025, 6, 2)


def download(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def xlsx_rows(body: bytes) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def candidacy(org, name=None, until=None):
    c = candidacy_create(
        actor=SYSTEM, person=make_person(org, full_name=name), organization=org, opened_on=OPENED
    )
    if until:
        walk(SYSTEM, c, until=until, start=OPENED)
        c.refresh_from_db()
    return c


@pytest.fixture
def cases(tree, time_machine):
    time_machine.move_to(TODAY, tick=False)
    for given in ("An", "Bình", "Cường"):
        make_member(tree.cell, full_name=f"Hồ Văn {given}")
    return {
        "hoa": candidacy(tree.cell, "Lê Thị Hoa"),
        "nam": candidacy(tree.cell, "Ngô Văn Nam", until=Stage.APPLIED),
        "lan": candidacy(tree.other_cell, "Trần Thị Lan"),
    }


def test_a_clerk_exports_every_open_candidacy_of_their_commune_in_stage_order(client, clerk, cases):
    response, body = download(client, clerk, xuat="xlsx")
    rows = xlsx_rows(body)

    assert response["Content-Disposition"].startswith('attachment; filename="ho-so-ket-nap-')
    assert [r["Họ và tên"] for r in rows] == ["Lê Thị Hoa", "Ngô Văn Nam"]  # never Trần Thị Lan
    hoa, nam = rows
    assert hoa["Giai đoạn"] == "Quần chúng ưu tú (nguồn)" and hoa["Chi bộ"] == "Chi bộ Tổ Toán"
    assert hoa["Ngày vào danh sách nguồn"].date() == OPENED
    assert nam["Giai đoạn"] == "Đã có đơn xin vào Đảng"
    assert nam["Ở giai đoạn này từ ngày"].date() == cases["nam"].stage_since
    assert nam["Số ngày ở giai đoạn"] == (TODAY.date() - cases["nam"].stage_since).days
    assert nam["Ngày cấp giấy chứng nhận"].date() == cases["nam"].certificate_date
    if cases["nam"].due_date:
        assert nam["Hạn tiếp theo"].date() == cases["nam"].due_date


def test_the_export_keeps_the_boards_organisation_stage_and_name_filters(
    client, provincial_officer, tree, cases
):
    _, everyone = download(client, provincial_officer, xuat="csv")
    _, other = download(client, provincial_officer, xuat="csv", org=tree.other_commune.pk)
    _, applied = download(client, provincial_officer, xuat="csv", giai_doan=Stage.APPLIED)
    _, by_name = download(client, provincial_officer, xuat="csv", q="le thi")

    assert {r["Họ và tên"] for r in csv_rows(everyone)} == {"Lê Thị Hoa", "Ngô Văn Nam", "Trần Thị Lan"}
    assert [r["Họ và tên"] for r in csv_rows(other)] == ["Trần Thị Lan"]
    assert [r["Họ và tên"] for r in csv_rows(applied)] == ["Ngô Văn Nam"]
    assert [r["Họ và tên"] for r in csv_rows(by_name)] == ["Lê Thị Hoa"]
    assert csv_rows(applied)[0]["Ngày vào danh sách nguồn"] == "02/06/2025"


def test_an_organisation_out_of_scope_in_the_query_exports_only_what_the_board_shows(
    client, unrelated_officer, tree, cases
):
    _, body = download(client, unrelated_officer, xuat="csv", org=tree.commune.pk)

    assert [r["Họ và tên"] for r in csv_rows(body)] == ["Trần Thị Lan"]


def _queries(client, user, fmt):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"xuat": fmt})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(ctx), body


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_all_rows_are_exported_not_only_the_cards_and_queries_do_not_grow(
    client, clerk, tree, fmt, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    candidacy(tree.cell)
    few, _ = _queries(client, clerk, fmt)
    for _ in range(34):
        candidacy(tree.cell)
    many, body = _queries(client, clerk, fmt)

    rows = xlsx_rows(body) if fmt == "xlsx" else csv_rows(body)
    assert len(rows) == 35  # the board shows 30 cards per column
    # + the access record of the download (its organisation, its insert and its savepoint in tests).
    assert few == many <= 10


def test_the_board_offers_both_downloads_with_its_current_filters(client, clerk, tree, cases):
    client.force_login(clerk)
    html = client.get(URL, {"org": tree.cell.pk}).content.decode()

    assert f'href="?org={tree.cell.pk}&amp;xuat=xlsx"' in html and ">Tải Excel</a>" in html
    assert f'href="?org={tree.cell.pk}&amp;xuat=csv"' in html and ">Tải CSV</a>" in html
