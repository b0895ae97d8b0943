"""The access log page: who opened, revealed or downloaded personal data; filters, download, scope."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import make_person, make_user
from ptdv.people.privacy import national_id_reveal, person_record_viewed

pytestmark = pytest.mark.django_db
URL = reverse("audit:accessrecord_list")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def seen(response) -> list[tuple[str, str, str]]:
    return [(r.actor.username, r.kind, r.target_repr) for r in response.context["object_list"]]


@pytest.fixture
def log(tree, clerk, time_machine):
    """The clerk opens Hoa on 24/03 and reveals her ID on 25/03; another clerk opens Lan on 26/03."""
    hoa = make_person(tree.cell, full_name="Lê Thị Hoa")
    lan = make_person(tree.other_cell, full_name="Trần Thị Lan")
    other = make_user("nhaplieu2", org=tree.other_commune, role=Role.CLERK)
    time_machine.move_to(dt.datetime(2025, 3, 24, 8, 0, tzinfo=HCM), tick=False)
    person_record_viewed(actor=clerk, person=hoa)
    time_machine.move_to(dt.datetime(2025, 3, 25, 23, 50, tzinfo=HCM), tick=False)
    national_id_reveal(actor=clerk, person=hoa)
    time_machine.move_to(dt.datetime(2025, 3, 26, 7, 0, tzinfo=HCM), tick=False)
    person_record_viewed(actor=other, person=lan, channel="api")
    return hoa, lan


@pytest.fixture
def admin(client, provincial_officer):
    client.force_login(provincial_officer)
    return client


def test_the_admin_sees_every_access_in_the_province_newest_first(admin, log):
    assert seen(admin.get(URL)) == [
        ("nhaplieu2", AccessKind.VIEWED, "Trần Thị Lan"),
        ("nhaplieu", AccessKind.REVEALED_ID, "Lê Thị Hoa"),
        ("nhaplieu", AccessKind.VIEWED, "Lê Thị Hoa"),
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"nguoi": "nhaplieu2"}, ["Trần Thị Lan"]),
        ({"hanh_dong": "revealed_id"}, ["Lê Thị Hoa"]),
        ({"tim": "lan"}, ["Trần Thị Lan"]),
        ({"tu": "25/03/2025", "den": "25/03/2025"}, ["Lê Thị Hoa"]),
        ({"tu": "26/03/2025"}, ["Trần Thị Lan"]),
    ],
)
def test_each_filter_narrows_the_list(admin, log, params, expected):
    assert [repr_ for _, _, repr_ in seen(admin.get(URL, params))] == expected


def test_the_organisation_filter_includes_the_subtree(admin, log, tree):
    assert [k for _, k, _ in seen(admin.get(URL, {"to_chuc": tree.commune.pk}))] == ["revealed_id", "viewed"]


def test_the_link_from_the_person_page_shows_only_that_persons_record(admin, log):
    hoa, _ = log
    assert len(seen(admin.get(URL, {"doi_tuong": f"people.person:{hoa.pk}"}))) == 2


def test_an_admin_of_another_commune_sees_only_its_accesses_even_when_asking_for_the_first(
    client, unrelated_officer, log, tree
):
    client.force_login(unrelated_officer)
    response = client.get(URL, {"to_chuc": tree.commune.pk})

    assert "không thuộc phạm vi quản trị của bạn" in response.content.decode()
    assert seen(response) == [("nhaplieu2", AccessKind.VIEWED, "Trần Thị Lan")]
    assert "Lê Thị Hoa" not in response.content.decode()


def test_a_clerk_who_administers_nothing_gets_404(client, clerk, log):
    client.force_login(clerk)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"xuat": "csv"}).status_code == 404


def test_the_download_holds_exactly_the_filtered_accesses(admin, log):
    response = admin.get(URL, {"nguoi": "nhaplieu", "xuat": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))

    assert [(r["Hành động"], r["Đối tượng"], r["Kênh"]) for r in rows] == [
        ("Xem số CCCD đầy đủ", "Lê Thị Hoa", "Trang web"),
        ("Xem hồ sơ", "Lê Thị Hoa", "Trang web"),
    ]
    assert rows[0]["Thời điểm"] == "25/03/2025 23:50" and rows[0]["Loại đối tượng"] == "Hồ sơ cá nhân"


def test_the_page_shows_dates_in_vietnamese_and_the_channel(admin, log):
    html = admin.get(URL).content.decode()
    assert "26/03/2025 07:00" in html and "API" in html and "Nhật ký truy cập hồ sơ" in html


def test_the_number_of_queries_does_not_grow_with_the_number_of_accesses(admin, log, tree, clerk):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(URL, {"to_chuc": tree.commune.pk}).status_code == 200
        return len(ctx)

    few = queries()
    hoa, _ = log
    for _ in range(12):
        person_record_viewed(actor=clerk, person=hoa)
    assert queries() == few
    assert AccessRecord.objects.count() == 15
