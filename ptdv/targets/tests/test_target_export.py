"""The target list as .xlsx/.csv: the chosen organisation's subtree and period, amounts as numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.common.testing.factories import SYSTEM
from ptdv.targets.models import Category, TargetForm, Term
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db
URL = reverse("targets:target_list")
NQ = "Nghị quyết số 20-NQ/TU ngày 11/01/2024"


def _target(org, **data):
    return target_create(
        actor=SYSTEM, organization=org, **{"year": 2024, "minimum": 10, "source_document": NQ, **data}
    )


def download(client, user, login=True, **params):
    if login:
        client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_rows(body: bytes) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def targets(tree):
    term = Term.objects.get(code="2020-2025")
    return {
        "province": _target(tree.province, year=None, term=term, minimum=4000, source_document="NQ Đại hội"),
        "commune": _target(
            tree.commune,
            form=TargetForm.RANGE,
            minimum=Decimal("12"),
            maximum=Decimal("15"),
            note="=cảnh báo",
        ),
        "women": _target(tree.commune, year=2025, minimum=5, category=Category.objects.get(key="nu")),
        "other": _target(tree.other_commune, minimum=7),
    }


def test_the_export_holds_the_targets_of_the_chosen_subtree_as_numbers(
    client, provincial_officer, tree, targets
):
    rows = xlsx_rows(download(client, provincial_officer, org=tree.commune.pk, xuat="xlsx"))

    assert [r["Tổ chức đảng"] for r in rows] == ["Đảng bộ xã An Bình", "Đảng bộ xã An Bình"]
    range_row = rows[0]
    assert range_row["Kỳ"] == "Năm 2024" and range_row["Nội dung"] == "Kết nạp đảng viên mới"
    assert (range_row["Mức (tối thiểu)"], range_row["Mức tối đa"]) == (12, 15)
    assert range_row["Chỉ tiêu"] == "12–15 đảng viên (năm 2024)"
    assert range_row["Ghi chú"] == "=cảnh báo"  # text, not a formula
    assert rows[1]["Đối tượng"] == "Nữ" and rows[1]["Mức tối đa"] is None


def test_the_period_filter_is_kept(client, provincial_officer, tree, targets):
    rows = csv_rows(download(client, provincial_officer, org=tree.province.pk, period="2025", xuat="csv"))

    assert {(r["Tổ chức đảng"], r["Kỳ"]) for r in rows} == {
        ("Đảng bộ tỉnh Thử", "Nhiệm kỳ 2020–2025"),
        ("Đảng bộ xã An Bình", "Năm 2025"),
    }


def test_an_officer_of_another_commune_never_gets_the_first_communes_targets(
    client, unrelated_officer, tree, targets
):
    rows = csv_rows(download(client, unrelated_officer, xuat="csv"))

    assert [(r["Tổ chức đảng"], r["Mức (tối thiểu)"]) for r in rows] == [("Đảng bộ xã Phú Điền", "7")]
    client.force_login(unrelated_officer)
    assert client.get(URL, {"org": tree.commune.pk, "xuat": "csv"}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_targets(
    client, provincial_officer, tree, fmt
):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            body = download(client, provincial_officer, org=tree.province.pk, xuat=fmt, login=False)
        return len(ctx), body

    client.force_login(provincial_officer)
    _target(tree.commune)
    few, _ = queries()
    for year in range(2010, 2022):
        _target(tree.cell, year=year)
    many, body = queries()

    assert len(xlsx_rows(body) if fmt == "xlsx" else csv_rows(body)) == 13
    # session, user, the TOTP device that verified the admin's session, scope, organisation, targets
    assert few == many <= 6


def test_the_target_page_offers_both_downloads_with_its_filters(client, provincial_officer, tree, targets):
    client.force_login(provincial_officer)
    html = client.get(URL, {"org": tree.commune.pk}).content.decode()

    assert f'href="?org={tree.commune.pk}&amp;xuat=xlsx"' in html and ">Tải CSV</a>" in html
