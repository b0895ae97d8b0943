"""The audit trail page: each filter narrows the list, the download holds exactly the filtered rows."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.common.testing.factories import make_person
from ptdv.people.services import person_update

pytestmark = pytest.mark.django_db
URL = reverse("audit:auditevent_list")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def names(response) -> list[tuple[str, str]]:
    return [(row.event.code, row.event.target_repr) for row in response.context["rows"]]


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def trail(tree, provincial_officer, clerk, time_machine):
    """Hoa (first commune) created on 24/03 late evening, edited by the clerk on 25/03 just after midnight;
    Lan (other commune) created on 26/03."""
    time_machine.move_to(dt.datetime(2025, 3, 24, 23, 30, tzinfo=HCM), tick=False)
    hoa = make_person(tree.cell, full_name="Lê Thị Hoa", occupation="Nông dân")
    time_machine.move_to(dt.datetime(2025, 3, 25, 0, 10, tzinfo=HCM), tick=False)
    person_update(actor=clerk, person=hoa, occupation="Giáo viên")
    time_machine.move_to(dt.datetime(2025, 3, 26, 9, 0, tzinfo=HCM), tick=False)
    lan = make_person(tree.other_cell, full_name="Trần Thị Lan")
    return hoa, lan


@pytest.fixture
def admin(client, provincial_officer):
    client.force_login(provincial_officer)
    return client


def test_without_filters_the_admin_sees_every_event_of_the_province(admin, trail):
    response = admin.get(URL, {"loai": "people.person"})
    assert names(response) == [
        ("person.created", "Trần Thị Lan"),
        ("person.updated", "Lê Thị Hoa"),
        ("person.created", "Lê Thị Hoa"),
    ]


def test_filtering_by_actor_keeps_only_their_events(admin, trail, clerk):
    assert names(admin.get(URL, {"nguoi": clerk.username})) == [("person.updated", "Lê Thị Hoa")]


def test_filtering_by_object_type_and_name(admin, trail):
    response = admin.get(URL, {"loai": "people.person", "tim": "hoa"})
    assert names(response) == [("person.updated", "Lê Thị Hoa"), ("person.created", "Lê Thị Hoa")]
    assert names(admin.get(URL, {"loai": "organizations.organization", "tim": "Hoa"})) == []


def test_a_direct_link_from_an_object_shows_only_that_objects_events(admin, trail):
    hoa, _ = trail
    response = admin.get(URL, {"doi_tuong": f"people.person:{hoa.pk}"})

    assert names(response) == [("person.updated", "Lê Thị Hoa"), ("person.created", "Lê Thị Hoa")]
    assert "Đang xem riêng" in response.content.decode()


def test_filtering_by_organisation_includes_its_subtree(admin, trail, tree):
    response = admin.get(URL, {"to_chuc": tree.commune.pk, "loai": "people.person"})
    assert names(response) == [("person.updated", "Lê Thị Hoa"), ("person.created", "Lê Thị Hoa")]


def test_an_organisation_outside_the_admins_scope_is_ignored_with_a_message_and_leaks_nothing(
    client, unrelated_officer, trail, tree
):
    client.force_login(unrelated_officer)
    response = client.get(URL, {"to_chuc": tree.commune.pk, "loai": "people.person"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "không thuộc phạm vi quản trị của bạn" in html
    assert names(response) == [("person.created", "Trần Thị Lan")]
    assert "Lê Thị Hoa" not in html and tree.commune.name not in html


def test_dates_are_whole_local_days_both_inclusive(admin, trail):
    one_day = admin.get(URL, {"tu": "25/03/2025", "den": "25/03/2025", "loai": "people.person"})
    from_24 = admin.get(URL, {"tu": "24/03/2025", "den": "25/03/2025", "loai": "people.person"})

    assert names(one_day) == [("person.updated", "Lê Thị Hoa")]  # 00:10 on the 25th, local time
    assert [code for code, _ in names(from_24)] == ["person.updated", "person.created"]


@pytest.mark.parametrize(
    "params,message",
    [
        ({"tu": "2025-03-25"}, "ngày/tháng/năm, ví dụ 25/03/2024"),
        ({"den": "31/02/2025"}, "ngày/tháng/năm, ví dụ 25/03/2024"),
        ({"tu": "26/03/2025", "den": "25/03/2025"}, "phải trước hoặc bằng"),
        ({"doi_tuong": "nhan su 12"}, "loại:mã"),
    ],
)
def test_a_badly_typed_filter_is_explained_in_vietnamese_and_no_file_is_given(admin, trail, params, message):
    page = admin.get(URL, params)
    download = admin.get(URL, {**params, "xuat": "csv"})

    assert message in page.content.decode()
    assert (
        download["Content-Type"].startswith("text/html") and "sửa trước khi tải" in download.content.decode()
    )


def test_the_download_holds_exactly_the_filtered_events(admin, trail, clerk, tree):
    response = admin.get(
        URL,
        {
            "to_chuc": tree.commune.pk,
            "tu": "25/03/2025",
            "den": "26/03/2025",
            "nguoi": clerk.username,
            "xuat": "csv",
        },
    )
    rows = csv_rows(response)

    assert [(r["Mã sự kiện"], r["Đối tượng"], r["Người thực hiện"]) for r in rows] == [
        ("person.updated", "Lê Thị Hoa", clerk.username)
    ]
    assert rows[0]["Thời điểm"] == "25/03/2025 00:10"


def test_pagination_and_download_links_keep_the_filters(admin, trail, tree):
    for _ in range(55):
        make_person(tree.cell)
    html = admin.get(URL, {"loai": "people.person", "tim": "Trần"}).content.decode()

    assert "loai=people.person&amp;tim=Tr%E1%BA%A7n&amp;trang=2" in html
    assert "loai=people.person&amp;tim=Tr%E1%BA%A7n&amp;xuat=xlsx" in html


def test_the_number_of_queries_does_not_grow_with_the_number_of_events(admin, tree, trail):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(URL, {"to_chuc": tree.commune.pk, "tu": "01/01/2020"}).status_code == 200
        return len(ctx)

    few = queries()
    for _ in range(12):
        make_person(tree.cell)
    assert queries() == few


def test_the_trail_and_its_download_show_national_ids_masked(admin, trail):
    hoa, _ = trail
    html = admin.get(URL, {"doi_tuong": f"people.person:{hoa.pk}"}).content.decode()
    download = admin.get(URL, {"doi_tuong": f"people.person:{hoa.pk}", "xuat": "csv"})
    body = b"".join(download.streaming_content).decode("utf-8-sig")

    assert hoa.masked_national_id() in html and hoa.national_id not in html
    assert hoa.masked_national_id() in body and hoa.national_id not in body
