"""The course list as .xlsx/.csv: the courses the user sees, with their dates and counts."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.admissions.services.candidacies import candidacy_create
from ptdv.admissions.services.courses import course_create, course_enrol
from ptdv.common.testing.factories import SYSTEM, make_person

pytestmark = pytest.mark.django_db
URL = reverse("admissions:course_list")


def a_course(organizer, name, starts_on=dt.date(2025, 3, 3)):
    return course_create(
        actor=SYSTEM,
        name=name,
        organizer=organizer,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=11),
        format="evening",
        location="Hội trường xã",
    )


def download(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def courses(tree):
    ours = a_course(tree.commune, "Lớp nhận thức khóa 1/2025")
    people = [
        candidacy_create(
            actor=SYSTEM,
            person=make_person(tree.cell),
            organization=tree.cell,
            opened_on=dt.date(2025, 2, 10),
        )
        for _ in range(2)
    ]
    course_enrol(actor=SYSTEM, course=ours, candidacies=people)
    theirs = a_course(tree.other_commune, "Lớp nhận thức xã Phú Điền", starts_on=dt.date(2025, 4, 7))
    return ours, theirs


def test_a_clerk_exports_the_courses_of_their_scope_with_dates_and_counts(client, clerk, courses):
    rows = list(
        load_workbook(io.BytesIO(download(client, clerk, xuat="xlsx"))).active.iter_rows(values_only=True)
    )

    assert rows[0][:4] == ("Tên lớp", "Đơn vị tổ chức", "Ngày khai giảng", "Ngày bế giảng")
    assert len(rows) == 2  # never the other commune's course
    name, organizer, starts, ends, kind, place, enrolled, completed = rows[1]
    assert (name, organizer) == ("Lớp nhận thức khóa 1/2025", "Đảng bộ xã An Bình")
    assert starts.date() == dt.date(2025, 3, 3) and ends.date() == dt.date(2025, 3, 14)
    assert (kind, place, enrolled, completed) == ("Học buổi tối", "Hội trường xã", 2, 0)


def test_the_csv_lists_both_communes_courses_for_the_province_newest_first(
    client, provincial_officer, courses
):
    body = download(client, provincial_officer, xuat="csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

    assert [r["Tên lớp"] for r in rows] == ["Lớp nhận thức xã Phú Điền", "Lớp nhận thức khóa 1/2025"]
    assert rows[1]["Ngày khai giảng"] == "03/03/2025" and rows[1]["Số người ghi danh"] == "2"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_courses(client, clerk, tree, fmt):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"xuat": fmt})
            b"".join(response.streaming_content) if response.streaming else response.content
        return len(ctx)

    client.force_login(clerk)
    a_course(tree.commune, "Lớp 1")
    few = queries()
    for i in range(10):
        a_course(tree.commune, f"Lớp {i + 2}")
    assert few == queries() <= 4  # session, user, the user's scope, the courses


def test_the_course_page_offers_both_downloads(client, clerk, courses):
    client.force_login(clerk)
    html = client.get(URL).content.decode()

    assert 'href="?xuat=xlsx"' in html and 'href="?xuat=csv"' in html and ">Tải Excel</a>" in html
