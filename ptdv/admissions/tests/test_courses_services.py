"""Awareness-course services: opening a course, bulk enrolment, bulk completion — all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ptdv.admissions.models import AwarenessCourse, Candidacy, CandidacyStep, CourseEnrolment, Stage
from ptdv.admissions.services.candidacies import candidacy_advance, candidacy_create
from ptdv.admissions.services.courses import course_complete, course_create, course_enrol
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_org, make_person
from ptdv.organizations.models import OrgKind

OPENED = dt.date(2025, 2, 10)
STARTS, ENDS = dt.date(2025, 3, 3), dt.date(2025, 3, 14)
ISSUED = dt.date(2025, 3, 20)


def waiting(cell, count, opened_on=OPENED, **person):
    """`count` candidacies of `cell` on the sourcing list, waiting for the course."""
    return [
        candidacy_create(
            actor=SYSTEM, person=make_person(cell, **person), organization=cell, opened_on=opened_on
        )
        for _ in range(count)
    ]


def a_course(organizer, **extra):
    values = {"name": "Lớp nhận thức khóa 1/2025", "starts_on": STARTS, "ends_on": ENDS, "format": "daytime"}
    return course_create(actor=SYSTEM, organizer=organizer, **{**values, **extra})


@pytest.fixture
def cell(tree):
    return make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Văn")


def test_a_clerk_opens_a_course_for_their_commune_and_the_opening_is_audited(clerk, tree):
    course = course_create(
        actor=clerk,
        name="  Lớp  nhận thức khóa 1  ",
        organizer=tree.commune,
        starts_on=STARTS,
        ends_on=ENDS,
        format="evening",
        location="Hội trường xã",
    )
    assert course.name == "Lớp nhận thức khóa 1"
    event = AuditEvent.objects.get(code="course.created", target_id=str(course.pk))
    assert event.actor == clerk and event.organization == tree.commune
    assert event.after["ends_on"] == "2025-03-14" and event.after["format"] == "evening"


def test_opening_a_course_for_an_organisation_outside_ones_scope_is_refused(unrelated_officer, tree):
    with pytest.raises(ValidationError, match="không có quyền mở lớp cho “Đảng bộ xã An Bình”"):
        course_create(
            actor=unrelated_officer,
            name="Lớp",
            organizer=tree.commune,
            starts_on=STARTS,
            ends_on=ENDS,
            format="daytime",
        )
    assert not AwarenessCourse.objects.exists()
    assert not AuditEvent.objects.filter(code="course.created").exists()


def test_a_course_cannot_end_before_it_starts(clerk, tree):
    with pytest.raises(ValidationError) as caught:
        course_create(
            actor=clerk, name="Lớp", organizer=tree.commune, starts_on=ENDS, ends_on=STARTS, format="daytime"
        )
    assert (
        "Ngày bế giảng (03/03/2025) không được trước ngày khai giảng (14/03/2025)."
        in caught.value.message_dict["ends_on"]
    )


def test_enrolment_writes_one_row_and_one_audit_event_per_candidacy(clerk, tree, cell):
    course = a_course(tree.commune)
    people = waiting(cell, 3)
    created = course_enrol(actor=clerk, course=course, candidacies=[*people, people[0]])
    assert len(created) == 3
    assert set(CourseEnrolment.objects.values_list("candidacy_id", flat=True)) == {c.pk for c in people}
    assert AuditEvent.objects.filter(code="course.enrolled", actor=clerk).count() == 3


def test_enrolling_someone_already_in_the_course_enrols_nobody_and_names_them(clerk, tree, cell):
    course = a_course(tree.commune)
    first, *others = waiting(cell, 3)
    course_enrol(actor=clerk, course=course, candidacies=[first])
    with pytest.raises(ValidationError) as caught:
        course_enrol(actor=clerk, course=course, candidacies=[*others, first])
    assert f"{first.person.full_name}: đã ghi danh lớp này" in caught.value.messages
    assert caught.value.messages[0] == "Chưa lưu gì: 1 dòng cần sửa."
    assert list(CourseEnrolment.objects.values_list("candidacy_id", flat=True)) == [first.pk]


def test_only_open_candidacies_waiting_for_the_course_can_be_enrolled(clerk, tree, cell):
    course, earlier = a_course(tree.commune), a_course(tree.commune, name="Lớp khóa trước")
    trained, withdrawn, fine = waiting(cell, 3)
    course_enrol(actor=SYSTEM, course=earlier, candidacies=[trained])
    course_complete(actor=SYSTEM, course=earlier, rows=[(trained.enrolments.get(), "CN-1", ISSUED)])
    candidacy_advance(actor=SYSTEM, candidacy=withdrawn, step="withdraw", date=ISSUED, note="Chuyển công tác")
    with pytest.raises(ValidationError) as caught:
        course_enrol(actor=clerk, course=course, candidacies=[trained, withdrawn, fine])
    messages = caught.value.messages
    assert (
        f"{trained.person.full_name}: đang ở giai đoạn “Đã học lớp bồi dưỡng nhận thức”, không còn chờ học lớp nhận thức"
        in messages
    )
    assert f"{withdrawn.person.full_name}: hồ sơ đã kết thúc (“Đã dừng, rút khỏi danh sách”)" in messages
    assert not course.enrolments.exists()


def test_a_candidacy_out_of_scope_is_refused_without_revealing_whose_it_is(tree, unrelated_officer):
    course = a_course(tree.other_commune)
    mine = waiting(tree.other_cell, 1)[0]
    theirs = waiting(tree.cell, 1)[0]
    with pytest.raises(ValidationError) as caught:
        course_enrol(actor=unrelated_officer, course=course, candidacies=[mine, theirs])
    assert f"Hồ sơ số {theirs.pk}: ngoài phạm vi quản lý của bạn." in caught.value.messages
    assert theirs.person.full_name not in " ".join(caught.value.messages)
    assert not course.enrolments.exists()


def test_one_cannot_enrol_into_a_course_one_cannot_see(tree, unrelated_officer):
    course = a_course(tree.commune)
    mine = waiting(tree.other_cell, 1)[0]
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        course_enrol(actor=unrelated_officer, course=course, candidacies=[mine])


def enrolled(course, people):
    course_enrol(actor=SYSTEM, course=course, candidacies=people)
    return list(
        course.enrolments.select_related("candidacy__person", "candidacy__organization").order_by("id")
    )


def test_completing_thirty_students_trains_thirty_candidacies_with_their_certificates(clerk, tree, cell):
    course = a_course(tree.commune)
    rows = enrolled(course, waiting(cell, 30))
    done = course_complete(
        actor=clerk, course=course, rows=[(e, f"CN-{i:03d}", ISSUED) for i, e in enumerate(rows, start=1)]
    )
    assert len(done) == 30
    trained = Candidacy.objects.filter(pk__in=[e.candidacy_id for e in rows])
    assert set(trained.values_list("stage", flat=True)) == {Stage.TRAINED}
    assert sorted(trained.values_list("certificate_number", flat=True)) == [
        f"CN-{i:03d}" for i in range(1, 31)
    ]
    assert set(trained.values_list("certificate_date", flat=True)) == {ISSUED}
    assert (
        CourseEnrolment.objects.filter(course=course, completed=True, certificate_date=ISSUED).count() == 30
    )
    steps = CandidacyStep.objects.filter(step="course")
    assert steps.count() == 30 and all(s.data["course"] == course.pk for s in steps)
    assert AuditEvent.objects.filter(code="candidacy.course", actor=clerk).count() == 30
    assert AuditEvent.objects.filter(code="course.completed", actor=clerk).count() == 30


def test_a_duplicate_certificate_number_saves_nothing_and_names_the_row(clerk, tree, cell):
    course = a_course(tree.commune)
    rows = enrolled(course, waiting(cell, 4))
    numbers = ["CN-01", "CN-02", "CN-03", "cn-02"]
    with pytest.raises(ValidationError) as caught:
        course_complete(
            actor=clerk, course=course, rows=[(e, n, ISSUED) for e, n in zip(rows, numbers, strict=True)]
        )
    last, second = rows[3].candidacy.person.full_name, rows[1].candidacy.person.full_name
    assert f"{last}: số giấy chứng nhận “cn-02” trùng với số của {second}" in caught.value.messages
    assert not CourseEnrolment.objects.filter(completed=True).exists()
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.SOURCED}
    assert not CandidacyStep.objects.filter(step="course").exists()
    assert not AuditEvent.objects.filter(code__in=["candidacy.course", "course.completed"]).exists()


def test_a_number_already_given_earlier_in_the_same_course_is_refused(clerk, tree, cell):
    course = a_course(tree.commune)
    first, second = enrolled(course, waiting(cell, 2))
    course_complete(actor=clerk, course=course, rows=[(first, "CN-07", ISSUED)])
    with pytest.raises(ValidationError) as caught:
        course_complete(actor=clerk, course=course, rows=[(second, "CN-07", ISSUED)])
    assert f"giấy đã cấp cho {first.candidacy.person.full_name}" in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "day,number,reason",
    [
        (dt.date(2025, 3, 13), "CN-1", "ngày cấp 13/03/2025 trước ngày bế giảng (14/03/2025)"),
        (dt.date(2999, 1, 1), "CN-1", "ngày cấp 01/01/2999 ở tương lai"),
        (ISSUED, "   ", "chưa có số giấy chứng nhận"),
    ],
)
def test_each_row_needs_a_number_and_a_date_between_the_end_of_the_course_and_today(
    clerk, tree, cell, day, number, reason
):
    course = a_course(tree.commune)
    (row,) = enrolled(course, waiting(cell, 1))
    with pytest.raises(ValidationError) as caught:
        course_complete(actor=clerk, course=course, rows=[(row, number, day)])
    assert f"{row.candidacy.person.full_name}: {reason}" in caught.value.messages
    assert not CourseEnrolment.objects.filter(completed=True).exists()


def test_a_row_the_pipeline_refuses_undoes_the_rows_already_advanced(clerk, tree, cell):
    course = a_course(tree.commune)
    on_time = waiting(cell, 2)
    # Put on the list after the certificate date: the step would be dated before the candidacy's last step.
    late = waiting(cell, 1, opened_on=dt.date(2025, 4, 1))
    rows = enrolled(course, [*on_time, *late])
    with pytest.raises(ValidationError) as caught:
        course_complete(actor=clerk, course=course, rows=[(e, f"CN-{e.pk}", ISSUED) for e in rows])
    late_name = late[0].person.full_name
    assert any(
        m.startswith(f"{late_name}: Ngày 20/03/2025 trước bước gần nhất") for m in caught.value.messages
    )
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.SOURCED}
    assert not CourseEnrolment.objects.filter(completed=True).exists()
    assert not AuditEvent.objects.filter(code__in=["candidacy.course", "course.completed"]).exists()


def test_completion_by_someone_out_of_scope_is_refused(tree, cell, unrelated_officer):
    course = a_course(tree.other_commune)
    (row,) = enrolled(course, waiting(cell, 1))
    with pytest.raises(ValidationError) as caught:
        course_complete(actor=unrelated_officer, course=course, rows=[(row, "CN-1", ISSUED)])
    assert f"Hồ sơ số {row.candidacy_id}: ngoài phạm vi quản lý của bạn." in caught.value.messages
    assert Candidacy.objects.get(pk=row.candidacy_id).stage == Stage.SOURCED
