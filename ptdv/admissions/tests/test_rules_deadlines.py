"""Deadline rules (decision, ceremony, probation, confirmation) and the derived dates they rely on."""

import datetime as dt

import pytest

from ptdv.admissions.rules import (
    RULESETS,
    CandidacyFacts,
    Params,
    RuleResult,
    Severity,
    Step,
    WorkCalendar,
    ceremony_deadline,
    certificate_expiry,
    confirmation_review_deadline,
    decision_deadline,
    evaluate,
    party_age_start,
    probation_end,
)

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
RESOLUTION = D(2025, 8, 1)  # Friday
P = Params()


def run(code: str, facts: CandidacyFacts) -> RuleResult | None:
    return QD294.rule(code).run(facts, QD294.params, CAL)


def decided_after(working_days: int) -> CandidacyFacts:
    decision = CAL.add_working_days(RESOLUTION, working_days)
    return CandidacyFacts(on=decision, cell_resolution_date=RESOLUTION, decision_date=decision)


def test_decision_deadline_is_60_working_days_after_the_resolution_and_90_when_extended():
    """QĐ 29-QĐ/TW, điểm 4.3.1 (carried into QĐ 294): 60 working days, extendable by at most 30 working days."""
    assert decision_deadline(RESOLUTION, CAL, P) == D(2025, 10, 28)  # 1/9 and 2/9 are public holidays
    assert decision_deadline(RESOLUTION, CAL, P, extended=True) == D(2025, 12, 9)


@pytest.mark.parametrize(
    "days,deadline_passed,overdue_passed",
    [
        pytest.param(60, True, True, id="60-working-days"),
        pytest.param(61, False, True, id="61-needs-extension"),
        pytest.param(90, False, True, id="90-within-extension"),
        pytest.param(91, False, False, id="91-overdue"),
    ],
)
def test_decision_after_60_working_days_needs_the_extension_and_after_90_a_responsibility_review(
    days, deadline_passed, overdue_passed
):
    """QĐ 294-QĐ/TW, điểm 4.3.1: "Trong thời hạn 60 ngày làm việc … có thể gia hạn tối đa 30 ngày làm việc … kiểm điểm trách nhiệm"."""
    evaluation = evaluate(Step.DECIDE, decided_after(days), calendar=CAL)
    deadline, overdue = evaluation.result("DECISION_DEADLINE"), evaluation.result("DECISION_OVERDUE")
    assert deadline is not None and overdue is not None
    assert (deadline.passed, overdue.passed) == (deadline_passed, overdue_passed)
    assert f"{days} ngày làm việc" in deadline.message
    assert deadline.severity is Severity.APPROVAL and overdue.severity is Severity.WARN
    assert evaluate(
        Step.DECIDE, decided_after(days), calendar=CAL, approvals=frozenset({"DECISION_DEADLINE"})
    ).ok


def test_decision_without_the_resolution_date_is_blocked():
    """QĐ 294-QĐ/TW, điểm 4.3.1: the deadline runs from the cell resolution, which must be known."""
    evaluation = evaluate(Step.DECIDE, CandidacyFacts(on=D(2025, 9, 1)), calendar=CAL)
    assert {r.code for r in evaluation.blocking} == {"DECISION_DEADLINE", "DECISION_AFTER_RESOLUTION"}
    assert all(r.severity is Severity.BLOCK for r in evaluation.blocking)


@pytest.mark.parametrize(
    "decision,received,passed,phrase",
    [
        pytest.param(D(2025, 8, 20), D(2025, 8, 22), True, "sau nghị quyết chi bộ", id="in-order"),
        pytest.param(
            D(2025, 7, 31), None, False, "trước ngày nghị quyết chi bộ", id="decision-before-resolution"
        ),
        pytest.param(
            D(2025, 8, 20),
            D(2025, 8, 19),
            False,
            "Ngày nhận quyết định (19/08/2025)",
            id="received-before-decision",
        ),
    ],
)
def test_decision_is_not_dated_before_the_resolution_nor_received_before_it_is_made(
    decision, received, passed, phrase
):
    """QĐ 294-QĐ/TW, điểm 4.3.1: the decision follows the cell resolution (dates in order)."""
    facts = CandidacyFacts(
        on=decision, cell_resolution_date=RESOLUTION, decision_date=decision, decision_received_date=received
    )
    result = run("DECISION_AFTER_RESOLUTION", facts)
    assert result is not None and result.passed is passed and phrase in result.message


@pytest.mark.parametrize(
    "ceremony,passed,phrase",
    [
        pytest.param(D(2025, 8, 20), True, "Lễ kết nạp ngày 20/08/2025, sau quyết định", id="after"),
        pytest.param(
            D(2025, 8, 14), False, "trước ngày quyết định kết nạp (15/08/2025)", id="before-decision"
        ),
        pytest.param(
            D(2025, 8, 18),
            False,
            "trước ngày chi bộ nhận quyết định kết nạp (19/08/2025)",
            id="before-receipt",
        ),
    ],
)
def test_ceremony_is_not_held_before_the_decision(ceremony, passed, phrase):
    """QĐ 294-QĐ/TW, điểm 4.1: the ceremony is held after the admission decision has been received."""
    facts = CandidacyFacts(
        on=ceremony,
        decision_date=D(2025, 8, 15),
        decision_received_date=D(2025, 8, 19),
        ceremony_date=ceremony,
    )
    result = run("CEREMONY_AFTER_DECISION", facts)
    assert result is not None and result.passed is passed and phrase in result.message


def test_ceremony_30_working_days_after_receipt_is_on_time():
    """QĐ 294-QĐ/TW, điểm 4.1: "Trong thời hạn 30 ngày làm việc, kể từ ngày nhận được quyết định kết nạp"."""
    received = D(2025, 8, 4)
    assert ceremony_deadline(received, CAL, P) == D(2025, 9, 17)
    facts = CandidacyFacts(on=D(2025, 9, 17), decision_date=D(2025, 8, 1), decision_received_date=received)
    evaluation = evaluate(Step.CEREMONY, facts, calendar=CAL)
    assert evaluation.ok and evaluation.failed == ()


def test_ceremony_without_the_receipt_date_is_blocked():
    """QĐ 294-QĐ/TW, điểm 4.1: the 30 working days run from receipt of the decision, which must be recorded."""
    result = run("CEREMONY_DEADLINE", CandidacyFacts(on=D(2025, 9, 17), decision_date=D(2025, 8, 1)))
    assert result is not None and result.severity is Severity.BLOCK
    assert result.message == "Chưa có ngày chi bộ nhận được quyết định kết nạp."


@pytest.mark.parametrize(
    "ceremony,end",
    [
        pytest.param(D(2025, 3, 15), D(2026, 3, 15), id="ordinary"),
        pytest.param(D(2024, 2, 29), D(2025, 2, 28), id="29-february"),
        pytest.param(D(2025, 12, 31), D(2026, 12, 31), id="year-end"),
    ],
)
def test_probation_ends_12_months_after_the_ceremony(ceremony, end):
    """Điều lệ Đảng, Điều 5, khoản 1: "thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp"."""
    assert probation_end(ceremony, P) == end


def test_party_age_counts_from_the_decision_date_not_the_ceremony():
    """Điều lệ Đảng, Điều 5, khoản 4: "tuổi đảng … tính từ ngày ghi trong quyết định kết nạp"."""
    assert party_age_start(D(2025, 8, 15)) == D(2025, 8, 15)


def test_certificate_is_valid_through_the_day_60_months_after_issue():
    """HD 06-HD/TW (2025), điểm 5.4: the certificate is valid for 60 months."""
    assert certificate_expiry(D(2020, 8, 31), P) == D(2025, 8, 31)
    assert certificate_expiry(D(2020, 2, 29), P) == D(2025, 2, 28)
    assert certificate_expiry(D(2020, 2, 29), P.with_overrides({"certificate_valid_months": 24})) == D(
        2022, 2, 28
    )


@pytest.mark.parametrize(
    "vote,passed",
    [
        pytest.param(D(2026, 9, 29), False, id="day-before-probation-ends"),
        pytest.param(D(2026, 9, 30), True, id="day-probation-ends"),
    ],
)
def test_confirmation_vote_waits_for_the_end_of_probation(vote, passed):
    """Điều lệ Đảng, Điều 5, khoản 1: twelve months of probation from the ceremony before confirmation."""
    facts = CandidacyFacts(on=vote, ceremony_date=D(2025, 9, 30), confirmation_vote_date=vote)
    result = run("PROBATION_COMPLETE", facts)
    assert result is not None and result.passed is passed
    assert "đủ 12 tháng dự bị ngày 30/09/2026" in result.message


def test_confirmation_vote_without_a_ceremony_date_is_blocked():
    """Điều lệ Đảng, Điều 5, khoản 1: probation is counted from the ceremony, which must be recorded."""
    evaluation = evaluate(Step.CONFIRMATION_VOTE, CandidacyFacts(on=D(2026, 10, 1)), calendar=CAL)
    assert "PROBATION_COMPLETE" in {r.code for r in evaluation.blocking}


@pytest.mark.parametrize(
    "days,passed", [pytest.param(30, True, id="30-wd"), pytest.param(31, False, id="31-wd")]
)
def test_warns_when_the_confirmation_review_is_more_than_30_working_days_after_probation(days, passed):
    """QĐ 294-QĐ/TW, điểm 4.2: "Trong thời hạn 30 ngày làm việc, kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét"."""
    ends = probation_end(D(2025, 9, 30), P)
    assert confirmation_review_deadline(ends, CAL, P) == CAL.add_working_days(ends, 30)
    vote = CAL.add_working_days(ends, days)
    result = run(
        "CONFIRMATION_REVIEW_DEADLINE",
        CandidacyFacts(on=vote, ceremony_date=D(2025, 9, 30), confirmation_vote_date=vote),
    )
    assert result is not None and result.passed is passed and result.severity is Severity.WARN
    assert f"{days} ngày làm việc sau ngày hết dự bị (30/09/2026)" in result.message


@pytest.mark.parametrize(
    "days,passed", [pytest.param(30, True, id="30-wd"), pytest.param(31, False, id="31-wd")]
)
def test_warns_when_the_confirmation_decision_is_late(days, passed):
    """QĐ 29-QĐ/TW, điểm 4.3.1: decision within 30 working days of the cell resolution (QĐ 294: UNCONFIRMED)."""
    vote = D(2026, 10, 5)
    facts = CandidacyFacts(on=CAL.add_working_days(vote, days), confirmation_vote_date=vote)
    evaluation = evaluate(Step.CONFIRM, facts, calendar=CAL)
    result = evaluation.result("CONFIRMATION_DECISION_DEADLINE")
    assert result is not None and result.passed is passed
    assert evaluation.ok
    assert len(evaluation.warnings) == (0 if passed else 1)
