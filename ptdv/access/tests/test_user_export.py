"""The account list as .xlsx/.csv for admins: accounts with a grant in their subtree, and only those grants."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.access.roles import Role
from ptdv.access.services import grant_create
from ptdv.common.testing.factories import SYSTEM, make_user

pytestmark = pytest.mark.django_db
URL = reverse("access:user_list")


def fetch(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def two_places(tree):
    """An account with a grant in each commune."""
    user = make_user("hai.noi", org=tree.cell, role=Role.VIEWER)
    grant_create(actor=SYSTEM, user=user, organization=tree.other_cell, role=Role.CLERK)
    return user


def test_an_admin_of_another_commune_exports_only_accounts_and_grants_of_their_commune(
    client, unrelated_officer, clerk, provincial_officer, two_places
):
    client.force_login(unrelated_officer)
    _, body = fetch(client, xuat="csv")
    rows = {r["Tên đăng nhập"]: r for r in csv_rows(body)}

    assert set(rows) == {"hai.noi", "xakhac"}  # never the clerk or the provincial officer
    assert (
        rows["hai.noi"]["Vai trò — tổ chức đảng (trong phạm vi quản trị)"]
        == "Cán bộ nhập liệu — Chi bộ ấp Phú Lợi"
    )
    assert rows["hai.noi"]["Đang dùng được"] == "Có"


def test_the_xlsx_lists_every_grant_in_scope_and_keeps_the_search(
    client, provincial_officer, clerk, two_places
):
    client.force_login(provincial_officer)
    _, body = fetch(client, q="hai", xuat="xlsx")
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))

    assert [r[0] for r in rows[1:]] == ["hai.noi"]
    grants = dict(zip(rows[0], rows[1], strict=True))["Vai trò — tổ chức đảng (trong phạm vi quản trị)"]
    assert grants.splitlines() == ["Người xem — Chi bộ Tổ Toán", "Cán bộ nhập liệu — Chi bộ ấp Phú Lợi"]


def test_a_clerk_gets_no_account_export(client, clerk):
    client.force_login(clerk)

    assert client.get(URL, {"xuat": "xlsx"}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_accounts(
    client, provincial_officer, tree, fmt
):
    client.force_login(provincial_officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            fetch(client, xuat=fmt)
        return len(ctx)

    few = queries()
    for _ in range(12):
        make_user(org=tree.cell)
    # Session, user, the TOTP device that verified the session, scope, then the export itself.
    assert few == queries() <= 6


def test_the_account_page_offers_both_downloads(client, provincial_officer):
    client.force_login(provincial_officer)
    html = client.get(URL, {"q": "a"}).content.decode()

    assert 'href="?q=a&amp;xuat=xlsx"' in html and 'href="?q=a&amp;xuat=csv"' in html
