"""Test data for the API: one organisation's objects, made through the services like real data."""

import dataclasses
import datetime as dt

from ptdv.admissions.models import AwarenessCourse, Candidacy, CourseEnrolment
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.services.courses import course_create, course_enrol
from ptdv.common.testing.factories import SYSTEM, make_member, make_person
from ptdv.organizations.models import Organization
from ptdv.people.models import Person
from ptdv.targets.models import Target
from ptdv.targets.services import target_create

OPENED = dt.date(2025, 1, 6)


@dataclasses.dataclass
class Objects:
    """What an organisation (a cell) holds: a member, a non-member, a candidacy in a course, a target."""

    org: Organization
    member: Person
    newcomer: Person
    candidacy: Candidacy
    course: AwarenessCourse
    enrolment: CourseEnrolment
    target: Target


def objects_in(org: Organization) -> Objects:
    """A member, a non-member, a sourced candidacy enrolled in a course organised here, a 2025 target."""
    member = make_member(org)
    candidacy = candidacy_create(actor=SYSTEM, person=make_person(org), organization=org, opened_on=OPENED)
    course = course_create(
        actor=SYSTEM,
        name="Lớp nhận thức thử",
        organizer=org,
        starts_on=dt.date(2025, 1, 10),
        ends_on=dt.date(2025, 1, 15),
        format="evening",
    )
    (enrolment,) = course_enrol(actor=SYSTEM, course=course, candidacies=[candidacy])
    target = target_create(actor=SYSTEM, organization=org, year=2025, minimum=2, source_document="NQ thử")
    return Objects(org, member, make_person(org), candidacy, course, enrolment, target)
