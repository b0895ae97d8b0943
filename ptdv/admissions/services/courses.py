"""Writes to awareness courses: open a course, enrol candidates in bulk, record completion in bulk.

Bulk writes are all-or-nothing: every row is checked, every problem is reported with the person's
name, and nothing is saved unless every row passes.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.models import AwarenessCourse, Candidacy, CourseEnrolment, CourseFormat, Stage
from ptdv.admissions.rules import Step
from ptdv.admissions.services.candidacies import RulesBlocked, candidacy_advance
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc
from ptdv.organizations.models import Organization

MSG_ORGANIZER_SCOPE = "Bạn không có quyền mở lớp cho “{org}”."
MSG_NAME_REQUIRED = "Hãy nhập tên lớp."
MSG_ENDS_BEFORE_STARTS = (
    "Ngày bế giảng ({ends:%d/%m/%Y}) không được trước ngày khai giảng ({starts:%d/%m/%Y})."
)
MSG_FORMAT = "Hình thức học không hợp lệ."
MSG_COURSE_HIDDEN = "Không tìm thấy lớp hoặc lớp ngoài phạm vi quản lý của bạn."
MSG_NOBODY_CHOSEN = "Hãy chọn ít nhất một người."
MSG_ROW = "{name}: {reason}"
MSG_ROW_HIDDEN = "Hồ sơ số {pk}: ngoài phạm vi quản lý của bạn."
MSG_ALREADY_ENROLLED = "đã ghi danh lớp này"
MSG_CLOSED = "hồ sơ đã kết thúc (“{stage}”)"
MSG_NOT_WAITING = "đang ở giai đoạn “{stage}”, không còn chờ học lớp nhận thức"
MSG_NOT_IN_COURSE = "không có tên trong lớp này"
MSG_ALREADY_COMPLETED = "đã được ghi hoàn thành lớp này"
MSG_NUMBER_REQUIRED = "chưa có số giấy chứng nhận"
MSG_NUMBER_TOO_LONG = "số giấy chứng nhận dài quá {max} ký tự"
MSG_NUMBER_REPEATED = "số giấy chứng nhận “{number}” trùng với {other}"
MSG_DATE_REQUIRED = "chưa có ngày cấp giấy chứng nhận"
MSG_DATE_BEFORE_END = "ngày cấp {day:%d/%m/%Y} trước ngày bế giảng ({ends:%d/%m/%Y})"
MSG_DATE_FUTURE = "ngày cấp {day:%d/%m/%Y} ở tương lai"
MSG_NOT_SAVED = "Chưa lưu gì: {count} dòng cần sửa."

COURSE_AUDITED = ["name", "organizer_id", "starts_on", "ends_on", "format", "location"]
ENROLMENT_AUDITED = ["course_id", "candidacy_id", "completed", "certificate_number", "certificate_date"]
NUMBER_MAX = CourseEnrolment._meta.get_field("certificate_number").max_length or 40


def _refuse(problems: list[str]) -> ValidationError:
    """One error listing every row's problem, headed by how many rows need fixing."""
    return ValidationError([MSG_NOT_SAVED.format(count=len(problems)), *problems])


@transaction.atomic
def course_create(
    *,
    actor: Any,
    name: str,
    organizer: Organization,
    starts_on: dt.date,
    ends_on: dt.date,
    format: str = CourseFormat.DAYTIME,
    location: str = "",
) -> AwarenessCourse:
    """Open an awareness course organised by an organisation the actor may change."""
    if not can(actor, Action.CHANGE, organizer):
        raise ValidationError({"organizer": MSG_ORGANIZER_SCOPE.format(org=organizer)})
    name, location = nfc(name), nfc(location)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = MSG_NAME_REQUIRED
    if ends_on < starts_on:
        errors["ends_on"] = MSG_ENDS_BEFORE_STARTS.format(ends=ends_on, starts=starts_on)
    if format not in CourseFormat.values:
        errors["format"] = MSG_FORMAT
    if errors:
        raise ValidationError(errors)
    course = AwarenessCourse.objects.create(
        name=name, organizer=organizer, starts_on=starts_on, ends_on=ends_on, format=format, location=location
    )
    record_event(
        actor=actor,
        code="course.created",
        target=course,
        organization=organizer,
        after=snapshot(course, COURSE_AUDITED),
    )
    return course


def _enrol_problem(actor: Any, candidacy: Candidacy, enrolled: set[int]) -> str | None:
    if not can(actor, Action.CHANGE, candidacy.organization):
        return MSG_ROW_HIDDEN.format(pk=candidacy.pk)
    name = candidacy.person.full_name
    if candidacy.pk in enrolled:
        return MSG_ROW.format(name=name, reason=MSG_ALREADY_ENROLLED)
    if not candidacy.is_open:
        return MSG_ROW.format(name=name, reason=MSG_CLOSED.format(stage=Stage(candidacy.stage).label))
    if candidacy.stage != Stage.SOURCED:
        return MSG_ROW.format(name=name, reason=MSG_NOT_WAITING.format(stage=Stage(candidacy.stage).label))
    return None


@transaction.atomic
def course_enrol(
    *, actor: Any, course: AwarenessCourse, candidacies: Iterable[Candidacy]
) -> list[CourseEnrolment]:
    """Enrol several candidates at once; if any of them cannot be enrolled, enrol nobody."""
    if not AwarenessCourse.objects.visible(actor).filter(pk=course.pk).exists():
        raise ValidationError(MSG_COURSE_HIDDEN)
    ids = list(dict.fromkeys(c.pk for c in candidacies))
    if not ids:
        raise ValidationError(MSG_NOBODY_CHOSEN)
    # Locked, so a stage cannot move between the check and the write.
    rows = (
        Candidacy.objects.select_for_update()
        .select_related("person", "organization")
        .filter(pk__in=ids)
        .order_by("organization__path", "person__name_key", "id")
    )
    locked = list(rows)
    enrolled = set(
        CourseEnrolment.objects.filter(course=course, candidacy_id__in=ids).values_list(
            "candidacy_id", flat=True
        )
    )
    problems = [p for c in locked if (p := _enrol_problem(actor, c, enrolled))]
    problems += [MSG_ROW_HIDDEN.format(pk=pk) for pk in sorted(set(ids) - {c.pk for c in locked})]
    if problems:
        raise _refuse(problems)
    created = []
    for candidacy in locked:
        enrolment = CourseEnrolment.objects.create(course=course, candidacy=candidacy)
        record_event(
            actor=actor,
            code="course.enrolled",
            target=enrolment,
            organization=candidacy.organization,
            after=snapshot(enrolment, ENROLMENT_AUDITED),
        )
        created.append(enrolment)
    return created


def _number_key(number: str) -> str:
    """Certificate numbers compare without case or spacing differences ("CN 01" = "cn  01")."""
    return nfc(number).casefold()


def _row_checks(
    actor: Any,
    course: AwarenessCourse,
    rows: Sequence[tuple[CourseEnrolment, str, dt.date | None]],
) -> list[str]:
    """Everything that can be checked before any write: scope, membership of the course, numbers, dates."""
    today = timezone.localdate()
    taken = {
        _number_key(number): f"giấy đã cấp cho {name}"
        for number, name in CourseEnrolment.objects.filter(course=course, completed=True)
        .exclude(certificate_number="")
        .values_list("certificate_number", "candidacy__person__full_name")
    }
    problems: list[str] = []
    for enrolment, raw_number, day in rows:
        if not can(actor, Action.CHANGE, enrolment.candidacy.organization):
            problems.append(MSG_ROW_HIDDEN.format(pk=enrolment.candidacy_id))
            continue
        name = enrolment.candidacy.person.full_name
        reasons: list[str] = []
        number = nfc(raw_number)
        if enrolment.course_id != course.pk:
            reasons.append(MSG_NOT_IN_COURSE)
        elif enrolment.completed:
            reasons.append(MSG_ALREADY_COMPLETED)
        if not number:
            reasons.append(MSG_NUMBER_REQUIRED)
        elif len(number) > NUMBER_MAX:
            reasons.append(MSG_NUMBER_TOO_LONG.format(max=NUMBER_MAX))
        elif (other := taken.get(_number_key(number))) is not None:
            reasons.append(MSG_NUMBER_REPEATED.format(number=number, other=other))
        else:
            taken[_number_key(number)] = f"số của {name}"
        if day is None:
            reasons.append(MSG_DATE_REQUIRED)
        elif day < course.ends_on:
            reasons.append(MSG_DATE_BEFORE_END.format(day=day, ends=course.ends_on))
        elif day > today:
            reasons.append(MSG_DATE_FUTURE.format(day=day))
        if reasons:
            problems.append(MSG_ROW.format(name=name, reason="; ".join(reasons)))
    return problems


def _advance_problem(error: ValidationError) -> str:
    """The reasons a step was refused, in words a secretary can act on."""
    if isinstance(error, RulesBlocked):
        reasons = [result.message for result in error.evaluation.blocking]
        if reasons:
            return "; ".join(reasons)
    return "; ".join(error.messages)


@transaction.atomic
def course_complete(
    *,
    actor: Any,
    course: AwarenessCourse,
    rows: list[tuple[CourseEnrolment, str, dt.date]],
) -> list[CourseEnrolment]:
    """Record that several students completed the course, each with their certificate.

    Each row marks the enrolment completed and records the candidacy's "course" step (which moves it
    to TRAINED, checked against the rules and audited). If any row fails, nothing is saved.
    """
    if not AwarenessCourse.objects.visible(actor).filter(pk=course.pk).exists():
        raise ValidationError(MSG_COURSE_HIDDEN)
    if not rows:
        raise ValidationError(MSG_NOBODY_CHOSEN)
    ids = [enrolment.pk for enrolment, _, _ in rows]
    # Re-read and lock: the form's copies may be stale (someone else completed a row meanwhile).
    fresh = (
        CourseEnrolment.objects.select_for_update()
        .select_related("candidacy", "candidacy__person", "candidacy__organization")
        .in_bulk(ids)
    )
    missing = [pk for pk in ids if pk not in fresh]
    if missing:
        raise ValidationError(MSG_NOT_IN_COURSE)
    checked = [(fresh[enrolment.pk], number, day) for enrolment, number, day in rows]
    problems = _row_checks(actor, course, checked)
    if problems:
        raise _refuse(problems)
    done: list[CourseEnrolment] = []
    for enrolment, raw_number, day in checked:
        number = nfc(raw_number)
        try:
            with transaction.atomic():
                candidacy_advance(
                    actor=actor,
                    candidacy=enrolment.candidacy,
                    step=Step.COURSE,
                    date=day,
                    data={"certificate_number": number, "certificate_date": day, "course": course.pk},
                )
                before = snapshot(enrolment, ENROLMENT_AUDITED)
                enrolment.completed, enrolment.certificate_number, enrolment.certificate_date = (
                    True,
                    number,
                    day,
                )
                enrolment.save(update_fields=["completed", "certificate_number", "certificate_date"])
                record_event(
                    actor=actor,
                    code="course.completed",
                    target=enrolment,
                    organization=enrolment.candidacy.organization,
                    before=before,
                    after=snapshot(enrolment, ENROLMENT_AUDITED),
                )
        except ValidationError as error:
            name = enrolment.candidacy.person.full_name
            problems.append(MSG_ROW.format(name=name, reason=_advance_problem(error)))
        else:
            done.append(enrolment)
    if problems:
        # Leaving the outer atomic block by an exception undoes the rows that did succeed.
        raise _refuse(problems)
    return done
