"""Reads of awareness courses: the list with its counts, who can still be enrolled, who attended."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from ptdv.access.roles import Action
from ptdv.admissions.models import AwarenessCourse, Candidacy, CourseEnrolment, Stage


def course_list(*, actor: Any) -> QuerySet[AwarenessCourse]:
    """Courses the actor may see, newest first, each with its enrolled and completed counts.

    A course is visible when its organiser is in the actor's view scope, or when one of its students'
    candidacies is: a cell secretary sees the commune's course their candidates attend. Both tests are
    subqueries on the course row, so no join multiplies the rows and the counts stay exact.
    """
    courses = AwarenessCourse.objects.visible(actor)
    return (
        courses.select_related("organizer")
        .annotate(
            enrolled_count=Count("enrolments"),
            completed_count=Count("enrolments", filter=Q(enrolments__completed=True)),
        )
        .order_by("-starts_on", "-id")
    )


def enrolment_candidates(*, actor: Any, course: AwarenessCourse) -> QuerySet[Candidacy]:
    """Open candidacies waiting for the course, that the actor may change, not yet in this course."""
    return (
        Candidacy.objects.restrict(actor, Action.CHANGE)
        .open()
        .filter(stage=Stage.SOURCED)
        .exclude(pk__in=CourseEnrolment.objects.filter(course=course).values("candidacy_id"))
        .select_related("person", "organization")
        .order_by("organization__path", "person__name_key", "id")
    )


def enrolment_list(
    *,
    actor: Any,
    course: AwarenessCourse | None = None,
    candidacy: Candidacy | None = None,
    action: str = Action.VIEW,
) -> QuerySet[CourseEnrolment]:
    """Enrolments whose candidacy the actor may see (or `action`), of one course or one candidacy.

    Ordered by organisation then name for a course's roster, newest course first for a candidacy.
    """
    items = CourseEnrolment.objects.restrict(actor, action).select_related(
        "course", "course__organizer", "candidacy", "candidacy__person", "candidacy__organization"
    )
    if course is not None:
        items = items.filter(course=course).order_by(
            "candidacy__organization__path", "candidacy__person__name_key", "id"
        )
    if candidacy is not None:
        items = items.filter(candidacy=candidacy).order_by("-course__starts_on", "-id")
    return items


def enrolments_to_complete(*, actor: Any, course: AwarenessCourse) -> QuerySet[CourseEnrolment]:
    """Enrolled, not yet completed, and the actor may record the candidacy's next step."""
    return enrolment_list(actor=actor, course=course, action=Action.CHANGE).filter(
        completed=False, candidacy__stage=Stage.SOURCED
    )


def course_hidden_enrolments(*, actor: Any, course: AwarenessCourse) -> int:
    """How many students of the course belong to organisations outside the actor's view scope."""
    visible = enrolment_list(actor=actor, course=course)
    return CourseEnrolment.objects.filter(course=course).exclude(pk__in=visible.values("pk")).count()
