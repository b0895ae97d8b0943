"""Courses and targets through the API: the services' all-or-nothing rows, rights and audit."""

import datetime as dt
import json

from django.urls import reverse

from ptdv.admissions.models import Candidacy, CourseEnrolment, Stage
from ptdv.admissions.services import candidacy_create
from ptdv.api.testing.data import objects_in
from ptdv.api.tests.conftest import client_for
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_person
from ptdv.targets.models import Target


def test_enrolling_a_candidacy_outside_ones_scope_enrols_nobody(tree, clerk):
    mine = objects_in(tree.cell)
    theirs = objects_in(tree.other_cell)
    fresh = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2025, 1, 7)
    )
    body = {"candidacies": [fresh.pk, theirs.candidacy.pk]}
    response = client_for(clerk).post(reverse("api:course-enrol", args=[mine.course.pk]), body, format="json")
    assert response.status_code == 400
    messages = response.json()["errors"]["non_field_errors"]
    assert messages[0] == "Chưa lưu gì: 1 dòng cần sửa." and "ngoài phạm vi" in messages[1]
    assert not CourseEnrolment.objects.filter(candidacy=fresh).exists()


def test_completing_the_course_moves_the_candidate_to_trained_and_audits_it(tree, clerk):
    objects = objects_in(tree.cell)
    row = {
        "enrolment": objects.enrolment.pk,
        "certificate_number": "GCN-01",
        "certificate_date": "2025-01-20",
    }
    response = client_for(clerk).post(
        reverse("api:course-complete", args=[objects.course.pk]), {"rows": [row]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["enrolments"][0]["certificate_number"] == "GCN-01"
    assert Candidacy.objects.get(pk=objects.candidacy.pk).stage == Stage.TRAINED
    assert AuditEvent.objects.get(code="course.completed").actor == clerk


def test_a_clerk_may_not_set_a_target_403_with_the_reason(tree, clerk):
    body = {"organization": tree.cell.pk, "year": 2026, "minimum": "3", "source_document": "NQ 1"}
    response = client_for(clerk).post(reverse("api:target-list"), body, format="json")
    assert response.status_code == 403 and "nghị quyết, quyết định" in response.json()["detail"]
    assert not Target.objects.exists()


def test_a_target_set_twice_is_refused_by_the_service_in_vietnamese(tree, provincial_officer):
    client = client_for(provincial_officer)
    body = {"organization": tree.cell.pk, "year": 2026, "minimum": "3", "source_document": "NQ 1"}
    assert client.post(reverse("api:target-list"), body, format="json").status_code == 201
    again = client.post(reverse("api:target-list"), body, format="json")
    assert again.status_code == 400 and "đã có chỉ tiêu này" in again.json()["errors"]["non_field_errors"][0]
    target = Target.objects.get()
    assert AuditEvent.objects.get(code="target.created", target_id=str(target.pk)).actor == provincial_officer


def test_changing_a_target_keeps_the_previous_figure_in_the_audit_trail(tree, provincial_officer):
    objects = objects_in(tree.cell)
    url = reverse("api:target-detail", args=[objects.target.pk])
    response = client_for(provincial_officer).patch(url, {"minimum": "4"}, format="json")
    assert response.status_code == 200 and response.json()["minimum"] == "4.00"
    event = AuditEvent.objects.get(code="target.updated")
    assert (event.before["minimum"], event.after["minimum"], event.actor) == (
        "2.00",
        "4.00",
        provincial_officer,
    )


def test_codes_the_database_cannot_store_are_a_400_not_a_server_error(tree, provincial_officer):
    body = {"organization": tree.cell.pk, "year": 2026, "minimum": "3", "source_document": "NQ 1"}
    client = client_for(provincial_officer)
    nul = client.post(
        reverse("api:target-list"), {**body, "term": "a\x00b", "category": "a\x00b"}, format="json"
    )
    assert nul.status_code == 400 and set(nul.json()["errors"]) >= {"term", "category"}
    # A lone surrogate can only arrive escaped in the JSON text.
    raw = json.dumps(body)[:-1] + ', "term": "\\ud829", "category": "\\ud829"}'
    lone = client.post(reverse("api:target-list"), raw, content_type="application/json")
    assert lone.status_code == 400 and set(lone.json()["errors"]) >= {"term", "category"}


def test_a_choice_echoed_back_in_an_error_never_breaks_the_json(tree, provincial_officer):
    raw = '{"name": "Lớp", "organizer": %d, "starts_on": "2025-03-01", "ends_on": "2025-03-02", "format": "\\ud829"}'
    response = client_for(provincial_officer).post(
        reverse("api:course-list"), raw % tree.cell.pk, content_type="application/json"
    )
    assert response.status_code == 400 and "format" in response.json()["errors"]
