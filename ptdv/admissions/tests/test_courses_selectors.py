"""Course reads: who sees which course, with exact counts; who can still be enrolled."""

import datetime as dt

import pytest

from ptdv.access.roles import Role
from ptdv.admissions.selectors.courses import (
    course_hidden_enrolments,
    course_list,
    enrolment_candidates,
    enrolment_list,
)
from ptdv.admissions.services.candidacies import candidacy_advance, candidacy_create
from ptdv.admissions.services.courses import course_complete, course_create, course_enrol
from ptdv.common.testing.factories import SYSTEM, make_org, make_person, make_user
from ptdv.organizations.models import OrgKind

OPENED = dt.date(2025, 2, 10)


def waiting(cell, count, **person):
    return [
        candidacy_create(
            actor=SYSTEM, person=make_person(cell, **person), organization=cell, opened_on=OPENED
        )
        for _ in range(count)
    ]


def a_course(organizer, name="Lớp nhận thức", starts_on=dt.date(2025, 3, 3)):
    return course_create(
        actor=SYSTEM,
        name=name,
        organizer=organizer,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=10),
        format="daytime",
    )


@pytest.fixture
def cell_secretary(tree):
    """A clerk of one cell only: sees the commune's course through the candidates they sent to it."""
    return make_user("bithu", org=tree.cell, role=Role.CLERK)


def test_a_course_is_listed_for_its_organisers_scope_and_for_the_scope_of_its_students(
    tree, clerk, cell_secretary, unrelated_officer, national_admin
):
    commune_course = a_course(tree.commune, "Lớp của xã An Bình")
    other_course = a_course(tree.other_commune, "Lớp của xã Phú Điền")
    empty_commune_course = a_course(tree.commune, "Lớp chưa có học viên")
    course_enrol(actor=SYSTEM, course=other_course, candidacies=waiting(tree.cell, 2))
    course_enrol(actor=SYSTEM, course=commune_course, candidacies=waiting(tree.cell, 1))

    assert set(course_list(actor=clerk)) == {commune_course, other_course, empty_commune_course}
    assert set(course_list(actor=cell_secretary)) == {commune_course, other_course}
    assert set(course_list(actor=unrelated_officer)) == {other_course}
    assert course_list(actor=national_admin).count() == 3


def test_the_list_is_newest_first_with_exact_counts_and_no_duplicates(tree, clerk):
    old = a_course(tree.commune, "Khóa cũ", starts_on=dt.date(2024, 9, 2))
    new = a_course(tree.commune, "Khóa mới", starts_on=dt.date(2025, 3, 3))
    people = waiting(tree.cell, 3)
    course_enrol(actor=SYSTEM, course=new, candidacies=people)
    course_complete(
        actor=SYSTEM,
        course=new,
        rows=[(e, f"CN-{e.pk}", dt.date(2025, 3, 20)) for e in new.enrolments.all()[:2]],
    )
    listed = list(course_list(actor=clerk))
    assert listed == [new, old]
    assert (listed[0].enrolled_count, listed[0].completed_count) == (3, 2)
    assert (listed[1].enrolled_count, listed[1].completed_count) == (0, 0)


def test_candidates_are_open_waiting_in_change_scope_not_yet_enrolled_by_organisation_then_name(tree, clerk):
    course = a_course(tree.commune)
    second_cell = make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Văn")
    b, a = waiting(tree.cell, 1, full_name="Trần Văn Bình") + waiting(tree.cell, 1, full_name="Lê Thị An")
    (c,) = waiting(second_cell, 1, full_name="Ân Văn Cả")
    enrolled, withdrawn = waiting(tree.cell, 2)
    waiting(tree.other_cell, 1)
    course_enrol(actor=SYSTEM, course=course, candidacies=[enrolled])
    candidacy_advance(actor=SYSTEM, candidacy=withdrawn, step="withdraw", date=OPENED, note="Thôi")

    order = [tree.cell, second_cell] if tree.cell.path < second_cell.path else [second_cell, tree.cell]
    expected = {tree.cell.pk: [a, b], second_cell.pk: [c]}
    assert list(enrolment_candidates(actor=clerk, course=course)) == [
        x for org in order for x in expected[org.pk]
    ]


def test_the_roster_shows_only_students_in_scope_and_counts_the_others(tree, unrelated_officer):
    course = a_course(tree.other_commune)
    mine = waiting(tree.other_cell, 2)
    course_enrol(actor=SYSTEM, course=course, candidacies=[*mine, *waiting(tree.cell, 3)])
    assert {e.candidacy for e in enrolment_list(actor=unrelated_officer, course=course)} == set(mine)
    assert course_hidden_enrolments(actor=unrelated_officer, course=course) == 3
