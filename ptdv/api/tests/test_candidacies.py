"""Candidacy steps through the API: the same services and rule results as the step page."""

import datetime as dt

import pytest
from django.urls import reverse

from ptdv.admissions.models import Candidacy, CandidacyStep, Stage
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.walk import walk
from ptdv.api.tests.conftest import client_for
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_person


@pytest.fixture
def awaiting_cell_vote(tree) -> Candidacy:
    """A candidacy of the first cell that has gathered opinions: next comes the cell's vote."""
    for _ in range(3):
        make_member(tree.cell)
    candidacy = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2024, 1, 8)
    )
    walk(SYSTEM, candidacy, until=Stage.OPINIONS_GATHERED, start=dt.date(2024, 1, 8))
    candidacy.refresh_from_db()
    return candidacy


def _vote(candidacy: Candidacy, votes_for: int) -> dict:
    return {"step": "cell_vote", "date": "2024-08-01", "members": 3, "present": 3, "votes_for": votes_for}


def test_a_step_the_rules_refuse_answers_400_with_every_rule_result_and_saves_nothing(
    provincial_officer, awaiting_cell_vote
):
    steps = CandidacyStep.objects.count()
    url = reverse("api:candidacy-advance", args=[awaiting_cell_vote.pk])
    response = client_for(provincial_officer).post(url, _vote(awaiting_cell_vote, 1), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rules_blocked" and "điều kiện chưa đạt" in body["detail"]
    failed = [r for r in body["results"] if r["status"] == "fail"]
    assert failed, body["results"]
    for result in body["results"]:
        assert result["code"].isupper() and result["message"] and result["citation"]
        assert result["status"] in {"pass", "fail", "warn"}
    assert CandidacyStep.objects.count() == steps
    assert Candidacy.objects.get(pk=awaiting_cell_vote.pk).stage == Stage.OPINIONS_GATHERED


def test_check_gives_the_same_results_as_advance_without_writing(provincial_officer, awaiting_cell_vote):
    client = client_for(provincial_officer)
    pk = awaiting_cell_vote.pk
    checked = client.post(
        reverse("api:candidacy-check", args=[pk]), _vote(awaiting_cell_vote, 1), format="json"
    )
    assert checked.status_code == 200 and checked.json()["ok"] is False
    refused = client.post(
        reverse("api:candidacy-advance", args=[pk]), _vote(awaiting_cell_vote, 1), format="json"
    )
    assert [r["code"] for r in checked.json()["results"]] == [r["code"] for r in refused.json()["results"]]
    assert CandidacyStep.objects.filter(candidacy_id=pk, step="cell_vote").count() == 0


def test_a_step_the_rules_accept_is_recorded_and_audited_with_the_key_holder_as_actor(
    provincial_officer, awaiting_cell_vote
):
    url = reverse("api:candidacy-advance", args=[awaiting_cell_vote.pk])
    response = client_for(provincial_officer).post(url, _vote(awaiting_cell_vote, 3), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ok"] is True and body["candidacy"]["stage"] == Stage.CELL_RESOLVED
    assert body["recorded"]["step"] == "cell_vote" and body["recorded"]["data"]["votes_for"] == 3
    event = AuditEvent.objects.get(code="candidacy.cell_vote", target_id=str(awaiting_cell_vote.pk))
    assert event.actor == provincial_officer


def test_a_clerk_cannot_record_the_admission_decision_403(clerk, tree):
    candidacy = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2025, 1, 6)
    )
    body = {"step": "decide", "date": "2025-02-01", "document": "12-QĐ/ĐU"}
    response = client_for(clerk).post(
        reverse("api:candidacy-advance", args=[candidacy.pk]), body, format="json"
    )
    assert response.status_code == 403
    assert "nghị quyết, quyết định" in response.json()["detail"]


def test_a_step_that_does_not_follow_the_stage_is_a_400_on_the_step_field(provincial_officer, tree):
    candidacy = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2025, 1, 6)
    )
    body = {"step": "ceremony", "date": "2025-02-01"}
    response = client_for(provincial_officer).post(
        reverse("api:candidacy-advance", args=[candidacy.pk]), body, format="json"
    )
    assert response.status_code == 400
    assert "chưa thể ghi bước" in response.json()["errors"]["step"][0]


def test_the_detail_lists_the_timeline_and_the_next_steps(provincial_officer, awaiting_cell_vote):
    response = client_for(provincial_officer).get(
        reverse("api:candidacy-detail", args=[awaiting_cell_vote.pk])
    )
    body = response.json()
    assert [s["step"] for s in body["steps"]][:2] == ["nominate", "course"]
    assert body["next_steps"][0]["step"] == "cell_vote"
