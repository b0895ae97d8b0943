"""Course pages: open a course, enrol thirty people in one post, complete them in another, scoped."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ptdv.admissions.models import AwarenessCourse, Candidacy, CourseEnrolment, Stage
from ptdv.admissions.selectors.courses import enrolment_list
from ptdv.admissions.services.candidacies import candidacy_create
from ptdv.admissions.services.courses import course_complete, course_create, course_enrol
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_org, make_person
from ptdv.organizations.models import OrgKind

OPENED = dt.date(2025, 2, 10)
ISSUED = "20/03/2025"


def waiting(cell, count):
    return [
        candidacy_create(actor=SYSTEM, person=make_person(cell), organization=cell, opened_on=OPENED)
        for _ in range(count)
    ]


def a_course(organizer, name="Lớp nhận thức khóa 1/2025"):
    return course_create(
        actor=SYSTEM,
        name=name,
        organizer=organizer,
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 3, 14),
        format="daytime",
    )


@pytest.fixture
def cell(tree):
    return make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Văn")


def test_a_clerk_opens_a_course_with_dates_typed_day_first(client, clerk, tree):
    client.force_login(clerk)
    response = client.post(
        reverse("admissions:course_create"),
        {
            "name": "Lớp nhận thức khóa 2",
            "organizer": tree.commune.pk,
            "starts_on": "03/03/2025",
            "ends_on": "14/03/2025",
            "format": "evening",
            "location": "Hội trường xã",
        },
    )
    course = AwarenessCourse.objects.get()
    assert response.status_code == 302 and response.url == course.get_absolute_url()
    assert (course.starts_on, course.ends_on, course.format) == (
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 14),
        "evening",
    )
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Lớp nhận thức khóa 2" in page and "03/03/2025 – 14/03/2025" in page


def test_the_course_form_explains_an_end_before_the_start_and_saves_nothing(client, clerk, tree):
    client.force_login(clerk)
    response = client.post(
        reverse("admissions:course_create"),
        {
            "name": "Lớp",
            "organizer": tree.commune.pk,
            "starts_on": "14/03/2025",
            "ends_on": "03/03/2025",
            "format": "daytime",
        },
    )
    assert response.status_code == 200
    assert "không được trước ngày khai giảng" in response.content.decode()
    assert not AwarenessCourse.objects.exists()


def test_an_officer_of_another_commune_cannot_pick_an_organiser_outside_their_scope(
    client, unrelated_officer, tree
):
    client.force_login(unrelated_officer)
    response = client.post(
        reverse("admissions:course_create"),
        {
            "name": "Lớp",
            "organizer": tree.commune.pk,
            "starts_on": "03/03/2025",
            "ends_on": "14/03/2025",
            "format": "daytime",
        },
    )
    assert response.status_code == 200 and not AwarenessCourse.objects.exists()


@pytest.mark.parametrize("name", ["course_detail", "course_enrol", "course_complete"])
def test_a_course_out_of_scope_is_a_404(client, unrelated_officer, tree, name):
    course = a_course(tree.commune)
    client.force_login(unrelated_officer)
    assert client.get(reverse(f"admissions:{name}", args=[course.pk])).status_code == 404
    if name != "course_detail":
        assert client.post(reverse(f"admissions:{name}", args=[course.pk]), {}).status_code == 404


def test_thirty_candidates_are_enrolled_in_one_post(client, clerk, tree, cell):
    course = a_course(tree.commune)
    people = waiting(cell, 30)
    client.force_login(clerk)
    page = client.get(reverse("admissions:course_enrol", args=[course.pk])).content.decode()
    assert "Chọn tất cả" in page and page.count('name="candidacies"') == 30
    response = client.post(
        reverse("admissions:course_enrol", args=[course.pk]),
        {"candidacies": [c.pk for c in people]},
        follow=True,
    )
    assert "Đã ghi danh 30 người vào lớp." in response.content.decode()
    assert course.enrolments.count() == 30
    assert AuditEvent.objects.filter(code="course.enrolled", actor=clerk).count() == 30
    again = client.get(reverse("admissions:course_enrol", args=[course.pk])).content.decode()
    assert 'name="candidacies"' not in again and "Không còn ai đang chờ" in again


def test_enrolling_someone_a_colleague_just_enrolled_names_them_and_enrols_nobody(client, clerk, tree, cell):
    course = a_course(tree.commune)
    first, second = waiting(cell, 2)
    course_enrol(actor=SYSTEM, course=course, candidacies=[first])
    client.force_login(clerk)
    response = client.post(
        reverse("admissions:course_enrol", args=[course.pk]), {"candidacies": [first.pk, second.pk]}
    )
    assert response.status_code == 200
    assert f"{first.person.full_name}: đã ghi danh lớp này" in response.content.decode()
    assert course.enrolments.count() == 1


def completion_post(course, enrolments, numbers, **extra):
    data = {"certificate_date": ISSUED, "number_prefix": "", "number_start": "", "number_suffix": "", **extra}
    data.update({f"so_{e.pk}": n for e, n in zip(enrolments, numbers, strict=True)})
    return reverse("admissions:course_complete", args=[course.pk]), data


def test_thirty_students_are_completed_in_one_post_and_move_to_trained(client, clerk, tree, cell):
    course = a_course(tree.commune)
    course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 30))
    rows = list(course.enrolments.all())
    client.force_login(clerk)
    url, data = completion_post(course, rows, [f"{i}/GCN-TTCT" for i in range(1, 31)])
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Đã ghi hoàn thành cho 30 người" in page
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.TRAINED}
    assert course.enrolments.filter(completed=True, certificate_date=dt.date(2025, 3, 20)).count() == 30
    assert AuditEvent.objects.filter(code="candidacy.course").count() == 30
    assert "Giấy chứng nhận số <strong>30/GCN-TTCT</strong>, cấp ngày 20/03/2025" in page


def test_blank_numbers_are_left_enrolled_and_said_so(client, clerk, tree, cell):
    course = a_course(tree.commune)
    course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 3))
    rows = list(course.enrolments.all())
    client.force_login(clerk)
    url, data = completion_post(course, rows, ["CN-1", "", "CN-3"])
    response = client.post(url, data, follow=True)
    assert (
        "Đã ghi hoàn thành cho 2 người; 1 người để trống số giấy chứng nhận nên chưa ghi."
        in response.content.decode()
    )
    assert list(course.enrolments.filter(completed=False)) == [rows[1]]


def test_a_duplicate_certificate_number_saves_nothing_and_the_page_names_the_row(client, clerk, tree, cell):
    course = a_course(tree.commune)
    course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 3))
    rows = list(course.enrolments.select_related("candidacy__person"))
    client.force_login(clerk)
    url, data = completion_post(course, rows, ["CN-1", "CN-2", "CN-1"])
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"{rows[2].candidacy.person.full_name}: số giấy chứng nhận “CN-1” trùng với số của {rows[0].candidacy.person.full_name}"
        in page
    )
    assert 'value="CN-2"' in page  # what was typed is kept
    assert not course.enrolments.filter(completed=True).exists()
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.SOURCED}


def test_automatic_numbering_fills_every_row_and_saves_nothing(client, clerk, tree, cell):
    course = a_course(tree.commune)
    course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 3))
    rows = list(course.enrolments.order_by("candidacy__person__name_key", "id"))
    client.force_login(clerk)
    url, data = completion_post(
        course, rows, ["", "", ""], number_prefix="CN-", number_start="009", tu_dong="1"
    )
    page = client.post(url, data).content.decode()
    for number in ("CN-009", "CN-010", "CN-011"):
        assert f'value="{number}"' in page
    assert 'value="20/03/2025"' in page
    assert not course.enrolments.filter(completed=True).exists()


def test_automatic_numbering_explains_a_start_that_is_not_a_number(client, clerk, tree, cell):
    course = a_course(tree.commune)
    course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 1))
    client.force_login(clerk)
    url, data = completion_post(course, list(course.enrolments.all()), ["x"], number_start="một", tu_dong="1")
    page = client.post(url, data).content.decode()
    assert "Số bắt đầu chỉ gồm chữ số" in page and 'value="x"' in page


def test_the_course_page_lists_students_in_scope_with_status_and_certificate(client, unrelated_officer, tree):
    course = a_course(tree.other_commune)
    mine = waiting(tree.other_cell, 2)
    theirs = waiting(tree.cell, 1)
    course_enrol(actor=SYSTEM, course=course, candidacies=[*mine, *theirs])
    done = course.enrolments.get(candidacy=mine[0])
    course_complete(actor=SYSTEM, course=course, rows=[(done, "CN-5", dt.date(2025, 3, 20))])
    client.force_login(unrelated_officer)
    page = client.get(course.get_absolute_url()).content.decode()
    assert mine[0].person.full_name in page and mine[1].person.full_name in page
    assert "Đã hoàn thành" in page and "Chưa hoàn thành" in page and "<strong>CN-5</strong>" in page
    assert theirs[0].person.full_name not in page
    assert "Và 1 học viên thuộc tổ chức khác" in page


def test_the_course_list_query_count_does_not_grow_with_the_number_of_courses(
    client, clerk, tree, cell, django_assert_max_num_queries
):
    client.force_login(clerk)
    a_course(tree.commune)
    client.get(reverse("admissions:course_list"))  # warm up: session, user
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("admissions:course_list"))
    for number in range(12):
        course = a_course(tree.commune, name=f"Lớp số {number}")
        course_enrol(actor=SYSTEM, course=course, candidacies=waiting(cell, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("admissions:course_list"))
    assert response.content.decode().count('class="card h-100') == 13


def test_the_list_shows_counts_and_the_candidacy_partial_shows_the_certificate(client, clerk, tree, cell):
    course = a_course(tree.commune)
    people = waiting(cell, 2)
    course_enrol(actor=SYSTEM, course=course, candidacies=people)
    course_complete(
        actor=SYSTEM,
        course=course,
        rows=[(course.enrolments.get(candidacy=people[0]), "CN-8", dt.date(2025, 3, 20))],
    )
    client.force_login(clerk)
    page = client.get(reverse("admissions:course_list")).content.decode()
    assert "Lớp nhận thức khóa 1/2025" in page and "ghi danh" in page
    html = render_to_string(
        "admissions/courses/_candidacy_courses.html",
        {"enrolments": enrolment_list(actor=clerk, candidacy=people[0])},
    )
    assert "Lớp nhận thức khóa 1/2025" in html and "<strong>CN-8</strong>, cấp ngày 20/03/2025" in html


def test_the_completion_page_offers_only_students_the_user_may_change(client, unrelated_officer, tree):
    course = a_course(tree.other_commune)
    mine = waiting(tree.other_cell, 1)
    theirs = waiting(tree.cell, 1)
    course_enrol(actor=SYSTEM, course=course, candidacies=[*mine, *theirs])
    client.force_login(unrelated_officer)
    page = client.get(reverse("admissions:course_complete", args=[course.pk])).content.decode()
    assert mine[0].person.full_name in page and theirs[0].person.full_name not in page
    enrolment = CourseEnrolment.objects.get(candidacy=theirs[0])
    assert f'name="so_{enrolment.pk}"' not in page
