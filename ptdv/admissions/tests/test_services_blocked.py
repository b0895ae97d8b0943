"""Blocked steps: each refused with its code, message and citation, and nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ptdv.admissions.models import Candidacy, CandidacyStep, Stage
from ptdv.admissions.models.dossier import IntroducerKind
from ptdv.admissions.rules import Step
from ptdv.admissions.services import RulesBlocked, candidacy_advance, candidacy_create, introduction_add
from ptdv.admissions.walk import walk
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user
from ptdv.people.models import MembershipEvent

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def cell_with_members(tree):
    for given in ("An", "Bình", "Cường", "Dũng"):
        make_member(tree.cell, full_name=f"Phạm Văn {given}")
    return tree.cell


def _candidacy(cell, *, born=dt.date(1995, 1, 1), opened=dt.date(2025, 1, 6), youth=False) -> Candidacy:
    person = make_person(cell, date_of_birth=born)
    return candidacy_create(
        actor=SYSTEM, person=person, organization=cell, opened_on=opened, youth_union_exists=youth
    )


def _blocked(candidacy: Candidacy, step: str, day: dt.date, **kwargs) -> RulesBlocked:
    steps, audits, events = (
        CandidacyStep.objects.count(),
        AuditEvent.objects.count(),
        MembershipEvent.objects.count(),
    )
    stage, version = candidacy.stage, candidacy.version
    with pytest.raises(RulesBlocked) as caught:
        candidacy_advance(actor=SYSTEM, candidacy=candidacy, step=step, date=day, **kwargs)
    candidacy.refresh_from_db()
    assert (candidacy.stage, candidacy.version) == (stage, version)
    assert CandidacyStep.objects.count() == steps
    assert AuditEvent.objects.count() == audits
    assert MembershipEvent.objects.count() == events
    return caught.value


def _only(blocked: RulesBlocked, code: str):
    result = blocked.evaluation.result(code)
    assert result is not None and not result.passed
    assert result in blocked.evaluation.blocking
    return result


def test_blocks_applicant_17_years_11_months_at_cell_vote(cell_with_members, time_machine):
    """QĐ 294-QĐ/TW, điểm 1.1.1: đủ 18 tuổi (tính theo tháng) tại thời điểm chi bộ xét kết nạp."""
    time_machine.move_to(TODAY, tick=False)
    vote = dt.date(2026, 3, 20)
    c = _candidacy(cell_with_members, born=dt.date(2008, 4, 10), opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.OPINIONS_GATHERED, start=dt.date(2025, 6, 2))
    blocked = _blocked(c, Step.CELL_VOTE, vote, data={"members": 4, "present": 4, "votes_for": 4})
    result = _only(blocked, "MIN_AGE")
    assert "17 tuổi 11 tháng" in result.message and "20/03/2026" in result.message
    assert "1.1.1" in str(result.citation)


def test_blocks_a_certificate_61_months_old_at_cell_vote(cell_with_members, time_machine):
    """HD 06-HD/TW (2025), điểm 5.4: giấy chứng nhận có giá trị trong 60 tháng."""
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2020, 12, 1))
    candidacy_advance(
        actor=SYSTEM,
        candidacy=c,
        step=Step.COURSE,
        date=dt.date(2021, 1, 15),
        data={"certificate_number": "CN-1", "certificate_date": dt.date(2021, 1, 15)},
    )
    c.refresh_from_db()
    walk(SYSTEM, c, until=Stage.OPINIONS_GATHERED, start=dt.date(2025, 12, 1))
    blocked = _blocked(
        c, Step.CELL_VOTE, dt.date(2026, 2, 20), data={"members": 4, "present": 4, "votes_for": 4}
    )
    result = _only(blocked, "CERTIFICATE_VALID")
    assert "15/01/2021" in result.message and "61 tháng" in result.message
    assert "HD 06" in str(result.citation)


def test_blocks_an_introducer_with_only_11_months_together(cell_with_members, time_machine):
    """QĐ 294-QĐ/TW, điểm 3.2.1: cùng công tác ít nhất 12 tháng với người được giới thiệu."""
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.VERIFIED, start=dt.date(2025, 6, 2))
    newcomer = make_member(cell_with_members, full_name="Đỗ Văn Mới")
    old_hand = make_member(cell_with_members, full_name="Đỗ Văn Cũ")
    day = dt.date(2026, 3, 2)
    introduction_add(
        actor=SYSTEM,
        candidacy=c,
        kind=IntroducerKind.MEMBER,
        introducer=old_hand,
        together_since=dt.date(2020, 1, 1),
        date=day,
    )
    introduction_add(
        actor=SYSTEM,
        candidacy=c,
        kind=IntroducerKind.MEMBER,
        introducer=newcomer,
        together_since=dt.date(2025, 4, 2),
        date=day,
    )
    blocked = _blocked(c, Step.INTRODUCE, day)
    result = _only(blocked, "INTRODUCER_QUALIFIED")
    assert "Đỗ Văn Mới" in result.message and "11 tháng" in result.message
    assert "3.2.1" in str(result.citation)


def test_blocks_a_cell_vote_of_7_in_favour_out_of_11_eligible(cell_with_members, time_machine):
    """Điều lệ Đảng, Điều 4, khoản 3: ít nhất hai phần ba số đảng viên chính thức tán thành."""
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.OPINIONS_GATHERED, start=dt.date(2025, 6, 2))
    blocked = _blocked(
        c, Step.CELL_VOTE, dt.date(2026, 3, 2), data={"members": 11, "present": 11, "votes_for": 7}
    )
    result = _only(blocked, "CELL_VOTE_THRESHOLD")
    assert "7/11" in result.message and "63,64%" in result.message
    assert "Điều 4" in str(result.citation)


def test_blocks_a_ceremony_31_working_days_after_receipt_unless_approved(cell_with_members, time_machine):
    """QĐ 294-QĐ/TW, điểm 4.1: lễ kết nạp trong 30 ngày làm việc; quá hạn phải được cấp trên đồng ý."""
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.ADMITTED, start=dt.date(2025, 6, 2))
    c.refresh_from_db()
    from ptdv.admissions.domain.context import work_calendar

    late = work_calendar().add_working_days(c.decision_received_date, 31)
    blocked = _blocked(c, Step.CEREMONY, late)
    result = _only(blocked, "CEREMONY_DEADLINE")
    assert "31 ngày làm việc" in result.message and "4.1" in str(result.citation)
    outcome = candidacy_advance(
        actor=SYSTEM,
        candidacy=c,
        step=Step.CEREMONY,
        date=late,
        approval_document="Công văn số 7-CV/ĐU ngày 02/03/2026 của Đảng ủy xã",
    )
    assert [r.code for r in outcome.evaluation.approved] == ["CEREMONY_DEADLINE"]
    assert outcome.step.approval_document.startswith("Công văn số 7")
    assert any(r["code"] == "CEREMONY_DEADLINE" and r["approved"] for r in outcome.step.results)


def test_a_stale_form_is_refused_and_nothing_saved(cell_with_members, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members)
    candidacy_advance(
        actor=SYSTEM,
        candidacy=c,
        step=Step.COURSE,
        date=dt.date(2025, 2, 3),
        version=1,
        data={"certificate_number": "CN-9", "certificate_date": dt.date(2025, 2, 3)},
    )
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        candidacy_advance(actor=SYSTEM, candidacy=c, step=Step.APPLY, date=dt.date(2025, 2, 5), version=1)
    assert c.steps.count() == 2


def test_a_clerk_cannot_record_the_admission_decision(cell_with_members, clerk, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.COMMITTEE_RESOLVED, start=dt.date(2025, 6, 2))
    with pytest.raises(ValidationError, match="cần quyền phê duyệt"):
        candidacy_advance(
            actor=clerk, candidacy=c, step=Step.DECIDE, date=dt.date(2026, 3, 2), document="1-QĐ"
        )


def test_an_officer_of_another_commune_cannot_touch_the_candidacy(
    cell_with_members, unrelated_officer, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members)
    with pytest.raises(ValidationError, match="không có quyền"):
        candidacy_advance(
            actor=unrelated_officer,
            candidacy=c,
            step=Step.COURSE,
            date=dt.date(2025, 2, 3),
            data={"certificate_number": "X", "certificate_date": dt.date(2025, 2, 3)},
        )


def test_a_transferred_candidacy_keeps_its_history_in_the_new_cell(cell_with_members, tree, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell_with_members, opened=dt.date(2025, 6, 2))
    walk(SYSTEM, c, until=Stage.APPLIED, start=dt.date(2025, 6, 2))
    candidacy_advance(
        actor=SYSTEM,
        candidacy=c,
        step=Step.TRANSFER,
        date=dt.date(2026, 1, 5),
        organization=tree.other_cell,
        document="Giấy giới thiệu số 3",
    )
    c.refresh_from_db()
    c.person.refresh_from_db()
    assert c.organization == tree.other_cell and c.stage == Stage.APPLIED
    assert c.person.organization == tree.other_cell
    assert [s.step for s in c.steps.order_by("id")][-1] == "transfer" and c.steps.count() == 4
    outsider = make_user(org=tree.cell)
    assert not Candidacy.objects.restrict(outsider).filter(pk=c.pk).exists()
