"""From source to full member: one candidacy through every step, with the calendar moving forward."""

import datetime as dt
import io

import docx
import pytest

from ptdv.admissions.models import Candidacy, Stage
from ptdv.admissions.models.dossier import IntroducerKind, Relation
from ptdv.admissions.rules import Step
from ptdv.admissions.selectors.forms import available_forms, form_data_for
from ptdv.admissions.services import candidacy_advance, candidacy_create, introduction_add, verification_add
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_person
from ptdv.documents.admission_forms import render_form
from ptdv.people.models import EventKind, MembershipStatus

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_youth_union_member_goes_from_source_to_full_member(tree, time_machine):
    def on(day: dt.date) -> dt.date:
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, 9, 0), tick=False)
        return day

    members = [make_member(tree.cell, full_name=f"Lê Văn Giới {n}") for n in "ABCD"]
    applicant = make_person(
        tree.cell,
        full_name="Nguyễn Thị Hoa",
        gender="F",
        date_of_birth=dt.date(2000, 5, 17),
        is_youth_union_member=True,
    )

    def advance(step: str, day: dt.date, **kwargs):
        return candidacy_advance(actor=SYSTEM, candidacy=c, step=step, date=on(day), **kwargs)

    c = candidacy_create(
        actor=SYSTEM,
        person=applicant,
        organization=tree.cell,
        opened_on=on(dt.date(2024, 1, 10)),
        mentor=members[0],
        document="NQ số 01-NQ/CB",
    )
    advance(
        Step.COURSE,
        dt.date(2024, 3, 15),
        data={"certificate_number": "CN-0042", "certificate_date": dt.date(2024, 3, 15)},
    )
    advance(Step.APPLY, dt.date(2024, 3, 20))
    advance(Step.HISTORY, dt.date(2024, 3, 25))
    for relation, name, member in [
        (Relation.SELF, "Nguyễn Thị Hoa", False),
        (Relation.FATHER, "Nguyễn Văn Ba", False),
        (Relation.MOTHER, "Trần Thị Tư", True),
    ]:
        verification_add(
            actor=SYSTEM,
            candidacy=c,
            relation=relation,
            name=name,
            is_party_member=member,
            requested_on=None if member else dt.date(2024, 4, 1),
            verified_on=None if member else dt.date(2024, 5, 2),
            result="" if member else "clear",
        )
    advance(Step.VERIFY, dt.date(2024, 5, 10))
    introduction_add(
        actor=SYSTEM,
        candidacy=c,
        kind=IntroducerKind.YOUTH_UNION,
        name="Ban Chấp hành Đoàn trường",
        date=on(dt.date(2024, 5, 20)),
    )
    introduction_add(
        actor=SYSTEM,
        candidacy=c,
        kind=IntroducerKind.MEMBER,
        introducer=members[1],
        together_since=dt.date(2022, 9, 1),
        date=dt.date(2024, 5, 20),
    )
    advance(Step.INTRODUCE, dt.date(2024, 5, 22))
    advance(Step.OPINIONS, dt.date(2024, 6, 5))
    outcome = advance(
        Step.CELL_VOTE,
        dt.date(2024, 6, 20),
        data={"members": 4, "present": 4, "votes_for": 4},
        document="NQ số 05-NQ/CB",
    )
    assert outcome.evaluation.ruleset.code == "QD24"
    advance(Step.COMMITTEE_VOTE, dt.date(2024, 7, 1), data={"members": 5, "present": 5, "votes_for": 5})
    advance(
        Step.DECIDE, dt.date(2024, 7, 15), data={"received_date": dt.date(2024, 7, 17)}, document="125-QĐ/ĐU"
    )
    advance(Step.CEREMONY, dt.date(2024, 8, 1), mentor=members[0])
    c.refresh_from_db()
    assert c.probation_end == dt.date(2025, 8, 1)
    outcome = advance(
        Step.CONFIRMATION_VOTE, dt.date(2025, 8, 5), data={"members": 4, "present": 4, "votes_for": 4}
    )
    assert outcome.evaluation.ruleset.code == "QD294"
    advance(Step.CONFIRM, dt.date(2025, 8, 20), document="310-QĐ/ĐU")

    c.refresh_from_db()
    applicant.refresh_from_db()
    assert c.stage == Stage.FULL_MEMBER and c.closed_on == dt.date(2025, 8, 20)
    assert applicant.status == MembershipStatus.FULL
    # The person's party history: nominated, admitted on the decision date, full from the end of probation.
    events = [(e.kind, e.date) for e in applicant.events.order_by("date", "id")]
    assert events == [
        (EventKind.NOMINATED, dt.date(2024, 1, 10)),
        (EventKind.ADMITTED, dt.date(2024, 7, 15)),
        (EventKind.CONFIRMED, dt.date(2025, 8, 1)),
    ]
    # The candidacy's own timeline keeps every step, in order, with the rule set it was checked under.
    assert [s.step for s in c.steps.order_by("date", "id")] == [
        "nominate",
        "course",
        "apply",
        "history",
        "verify",
        "introduce",
        "opinions",
        "cell_vote",
        "committee_vote",
        "decide",
        "ceremony",
        "confirmation_vote",
        "confirm",
    ]
    # The audit trail holds one event per write, in the same order.
    codes = list(
        AuditEvent.objects.filter(target_type="admissions.candidacy", target_id=str(c.pk))
        .order_by("id")
        .values_list("code", flat=True)
    )
    assert codes == [
        "candidacy.created",
        "candidacy.course",
        "candidacy.apply",
        "candidacy.history",
        "candidacy.verification_added",
        "candidacy.verification_added",
        "candidacy.verification_added",
        "candidacy.verify",
        "candidacy.introducer_added",
        "candidacy.introducer_added",
        "candidacy.introduce",
        "candidacy.opinions",
        "candidacy.cell_vote",
        "candidacy.committee_vote",
        "candidacy.decide",
        "candidacy.ceremony",
        "candidacy.confirmation_vote",
        "candidacy.confirm",
    ]
    person_codes = set(
        AuditEvent.objects.filter(target_type="people.person", target_id=str(applicant.pk)).values_list(
            "code", flat=True
        )
    )
    assert {"membership.nominated", "membership.admitted", "membership.confirmed"} <= person_codes

    # Every form whose step is recorded can be generated and reads back with the case's data.
    codes_available = [f.code for f in available_forms(c)]
    assert {"1-KNĐ", "6-KNĐ", "9-KNĐ", "16-KNĐ"} <= set(codes_available)
    texts = {
        code: _text(render_form(code, form_data_for(Candidacy.objects.get(pk=c.pk), code)))
        for code in codes_available
    }
    assert all("Nguyễn Thị Hoa" in text for text in texts.values())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts["6-KNĐ"]
    assert "20/06/2024" in texts["6-KNĐ"] or "ngày 20 tháng 06 năm 2024" in texts["6-KNĐ"]
    assert "125-QĐ/ĐU" in texts["9-KNĐ"] and "ngày 15 tháng 07 năm 2024" in texts["9-KNĐ"]
    assert "Chi bộ Tổ Toán" in texts["9-KNĐ"] and "Chi bộ Chi bộ" not in texts["9-KNĐ"]
    assert "CN-0042" in texts["1-KNĐ"] or "CN-0042" in texts["6-KNĐ"]
