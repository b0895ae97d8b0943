"""The acceptance cases of the rule engine: code, Vietnamese message and citation, through `evaluate`."""

import datetime as dt

from ptdv.admissions.rules import (
    RULESETS,
    CandidacyFacts,
    Citation,
    IntroducerFacts,
    Severity,
    Step,
    VoteFacts,
    WorkCalendar,
    evaluate,
)

D = dt.date
CAL = WorkCalendar()
QD24, QD294 = RULESETS


def test_blocks_applicant_17_years_11_months_at_cell_vote():
    """QĐ 294-QĐ/TW, điểm 1.1.1: "Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi"."""
    facts = CandidacyFacts(on=D(2025, 9, 25), date_of_birth=D(2007, 9, 26))
    result = evaluate(Step.CELL_VOTE, facts, calendar=CAL).result("MIN_AGE")
    assert result is not None
    assert not result.passed
    assert result.severity is Severity.BLOCK
    assert (
        result.message
        == "Người vào Đảng mới 17 tuổi 11 tháng tại ngày chi bộ xét (25/09/2025); phải đủ 18 tuổi."
    )
    assert result.citation == Citation("QĐ 294-QĐ/TW", "điểm 1.1.1")
    assert str(result.citation) == "QĐ 294-QĐ/TW, điểm 1.1.1"
    assert result.values["age_months"] == 17 * 12 + 11


def test_blocks_applicant_17_years_11_months_under_qd24_with_its_citation():
    """QĐ 24-QĐ/TW, điểm 1.1.1: the same 18-year minimum before 01/7/2025 (example date 25/03/2024)."""
    facts = CandidacyFacts(on=D(2024, 3, 25), date_of_birth=D(2006, 3, 26))
    evaluation = evaluate(Step.CELL_VOTE, facts, calendar=CAL)
    result = evaluation.result("MIN_AGE")
    assert evaluation.ruleset is QD24
    assert result is not None and result in evaluation.blocking
    assert (
        result.message
        == "Người vào Đảng mới 17 tuổi 11 tháng tại ngày chi bộ xét (25/03/2024); phải đủ 18 tuổi."
    )
    assert str(result.citation) == "QĐ 24-QĐ/TW, điểm 1.1.1"


def test_blocks_certificate_61_months_old_at_cell_vote():
    """HD 06-HD/TW (2025), điểm 5.4: "Giấy chứng nhận … có giá trị trong 60 tháng, quá 60 tháng thì … học lại"."""
    facts = CandidacyFacts(on=D(2025, 9, 25), certificate_date=D(2020, 8, 25))
    evaluation = evaluate(Step.CELL_VOTE, facts, calendar=CAL)
    result = evaluation.result("CERTIFICATE_VALID")
    assert result is not None and result in evaluation.blocking
    assert result.message.startswith(
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày 25/08/2020 đã quá 60 tháng (61 tháng) "
        "tại ngày chi bộ xét (25/09/2025)"
    )
    assert result.citation == Citation("HD 06-HD/TW (2025)", "điểm 5.4")


def test_blocks_introducer_with_11_months_together():
    """QĐ 294-QĐ/TW, điểm 3.2.1: introducer "cùng công tác … ít nhất 12 tháng với người được giới thiệu"."""
    facts = CandidacyFacts(
        on=D(2025, 9, 25),
        introducers=(
            IntroducerFacts("member", "Nguyễn Văn A", is_full_member=True, together_since=D(2024, 10, 25)),
            IntroducerFacts("member", "Trần Thị B", is_full_member=True, together_since=D(2020, 1, 1)),
        ),
    )
    evaluation = evaluate(Step.INTRODUCE, facts, calendar=CAL)
    result = evaluation.result("INTRODUCER_QUALIFIED")
    assert result is not None and result in evaluation.blocking
    assert (
        result.message
        == "Người giới thiệu Nguyễn Văn A mới cùng công tác 11 tháng với người vào Đảng; phải ít nhất 12 tháng."
    )
    assert str(result.citation) == "QĐ 294-QĐ/TW, điểm 3.2.1"


def test_blocks_7_of_11_eligible_members_in_favour():
    """Điều lệ Đảng, Điều 4, khoản 3: "ít nhất hai phần ba số đảng viên chính thức trong chi bộ tán thành"."""
    facts = CandidacyFacts(
        on=D(2025, 9, 25), cell_full_members=11, cell_vote=VoteFacts(members=11, votes_for=7, present=10)
    )
    evaluation = evaluate(Step.CELL_VOTE, facts, calendar=CAL)
    result = evaluation.result("CELL_VOTE_THRESHOLD")
    assert result is not None and result in evaluation.blocking
    assert result.message.startswith("7/11 đảng viên chính thức (63,64%) tán thành; cần ít nhất 2/3 (8/11)")
    assert str(result.citation) == "Điều lệ Đảng, Điều 4, khoản 3"


def _ceremony_31_working_days_after_receipt() -> CandidacyFacts:
    received = D(2025, 8, 4)
    ceremony = D(2025, 9, 18)  # 31 working days later: 2/9 and 1/9 are public holidays
    assert CAL.working_days_between(received, ceremony) == 31
    return CandidacyFacts(
        on=ceremony, decision_date=D(2025, 8, 1), decision_received_date=received, ceremony_date=ceremony
    )


def test_blocks_ceremony_31_working_days_after_receipt_without_approval():
    """QĐ 294-QĐ/TW, điểm 4.1: "Nếu để quá thời hạn nêu trên phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý"."""
    evaluation = evaluate(Step.CEREMONY, _ceremony_31_working_days_after_receipt(), calendar=CAL)
    result = evaluation.result("CEREMONY_DEADLINE")
    assert result is not None
    assert result.severity is Severity.APPROVAL
    assert result in evaluation.blocking and result in evaluation.needs_approval
    assert not evaluation.ok
    assert result.message == (
        "Lễ kết nạp ngày 18/09/2025 cách ngày nhận quyết định kết nạp (04/08/2025) 31 ngày làm việc; "
        "quá 30 ngày làm việc (hạn 17/09/2025) phải được cấp ủy cấp trên trực tiếp đồng ý."
    )
    assert str(result.citation) == "QĐ 294-QĐ/TW, điểm 4.1"


def test_allows_ceremony_31_working_days_after_receipt_with_approval():
    """QĐ 294-QĐ/TW, điểm 4.1: with the higher committee's approval the late ceremony can be recorded."""
    facts = _ceremony_31_working_days_after_receipt()
    evaluation = evaluate(Step.CEREMONY, facts, calendar=CAL, approvals=frozenset({"CEREMONY_DEADLINE"}))
    result = evaluation.result("CEREMONY_DEADLINE")
    assert evaluation.ok
    assert result is not None and evaluation.approved == (result,)
    assert evaluation.blocking == () and evaluation.needs_approval == ()
