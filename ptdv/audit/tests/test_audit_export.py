"""The audit trail as .xlsx/.csv for admins: their subtree only, the page's filters, readable changes."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.common.testing.factories import make_person
from ptdv.people.services import person_update

pytestmark = pytest.mark.django_db
URL = reverse("audit:auditevent_list")


def fetch(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_rows(body: bytes) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def events(tree, provincial_officer):
    hoa = make_person(tree.cell, full_name="Lê Thị Hoa", occupation="Nông dân")
    person_update(actor=provincial_officer, person=hoa, occupation="Giáo viên")
    make_person(tree.other_cell, full_name="Trần Thị Lan")
    return hoa


def test_a_provincial_admin_exports_the_events_of_the_province_newest_first(
    client, provincial_officer, events
):
    client.force_login(provincial_officer)
    response, body = fetch(client, ma="person.", xuat="xlsx")
    rows = xlsx_rows(body)

    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    assert [(r["Sự kiện"], r["Đối tượng"]) for r in rows] == [
        ("Thêm người", "Trần Thị Lan"),
        ("Sửa hồ sơ", "Lê Thị Hoa"),
        ("Thêm người", "Lê Thị Hoa"),
    ]
    updated = rows[1]
    assert updated["Người thực hiện"] == provincial_officer.username
    assert updated["Mã sự kiện"] == "person.updated" and updated["Tổ chức đảng"] == "Chi bộ Tổ Toán"
    assert "Nghề nghiệp, chức vụ: Nông dân → Giáo viên" in updated["Thay đổi"]
    assert updated["Thời điểm"] is not None and rows[2]["Người thực hiện"] == "Hệ thống"


def test_an_admin_of_another_commune_never_gets_the_first_communes_events(client, unrelated_officer, events):
    client.force_login(unrelated_officer)
    _, body = fetch(client, ma="person.", xuat="csv")

    assert [(r["Sự kiện"], r["Đối tượng"]) for r in csv_rows(body)] == [("Thêm người", "Trần Thị Lan")]


def test_the_filters_of_the_page_are_kept(client, provincial_officer, events):
    client.force_login(provincial_officer)
    _, body = fetch(client, nguoi=provincial_officer.username, xuat="csv")

    assert [r["Mã sự kiện"] for r in csv_rows(body)] == ["person.updated"]


def test_a_clerk_who_administers_nothing_gets_no_audit_export(client, clerk, events):
    client.force_login(clerk)

    assert client.get(URL, {"xuat": "csv"}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_events(client, provincial_officer, tree, fmt):
    client.force_login(provincial_officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            fetch(client, xuat=fmt)
        return len(ctx)

    make_person(tree.cell)
    few = queries()
    for _ in range(15):
        make_person(tree.cell)
    assert few == queries() <= 6  # session, user, authenticator, scope, events, organisation names


def test_the_audit_page_offers_both_downloads_with_its_filters(client, provincial_officer, events):
    client.force_login(provincial_officer)
    html = client.get(URL, {"ma": "person."}).content.decode()

    assert 'href="?ma=person.&amp;xuat=xlsx"' in html and 'href="?ma=person.&amp;xuat=csv"' in html
