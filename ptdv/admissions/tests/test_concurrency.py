"""Two users advancing the same candidacy at the same moment: exactly one step is recorded."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ptdv.admissions.models import Candidacy, CandidacyStep, Stage
from ptdv.admissions.rules import Step
from ptdv.admissions.services import candidacy_advance, candidacy_create
from ptdv.common.testing.factories import SYSTEM, make_person, make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_exactly_one_of_two_concurrent_advances_succeeds(tree, time_machine):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises whole write transactions")
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0), tick=False)
    person = make_person(tree.cell)
    candidacy = candidacy_create(
        actor=SYSTEM, person=person, organization=tree.cell, opened_on=dt.date(2026, 1, 5)
    )
    clerks = [make_user(org=tree.commune), make_user(org=tree.commune)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def advance(clerk, number: str) -> None:
        try:
            start.wait()
            candidacy_advance(
                actor=clerk,
                candidacy=candidacy,
                step=Step.COURSE,
                date=dt.date(2026, 2, 2),
                version=1,
                data={"certificate_number": number, "certificate_date": dt.date(2026, 2, 2)},
            )
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=advance, args=(clerk, f"CN-{n}")) for n, clerk in enumerate(clerks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[-1] == "saved" and outcomes.count("saved") == 1
    assert any("vừa được người khác cập nhật" in outcome for outcome in outcomes)
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.TRAINED and candidacy.version == 2
    assert CandidacyStep.objects.filter(candidacy=candidacy, step=Step.COURSE).count() == 1
    assert Candidacy.objects.get(pk=candidacy.pk).certificate_number in ("CN-0", "CN-1")
