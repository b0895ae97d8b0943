"""Re-admission rules: READMISSION_WAIT, READMISSION_EXCLUDED, READMISSION_ONCE, READMISSION_CONSENT."""

import datetime as dt

import pytest

from ptdv.admissions.rules import (
    RULESETS,
    CandidacyFacts,
    ExitFacts,
    RuleResult,
    Severity,
    Step,
    WorkCalendar,
    evaluate,
)

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
ON = D(2025, 9, 25)


def run(code: str, exit_: ExitFacts | None) -> RuleResult | None:
    return QD294.rule(code).run(CandidacyFacts(on=ON, readmission=exit_), QD294.params, CAL)


@pytest.mark.parametrize(
    "code", ["READMISSION_WAIT", "READMISSION_EXCLUDED", "READMISSION_ONCE", "READMISSION_CONSENT"]
)
def test_readmission_rules_do_not_apply_to_a_first_admission(code):
    """QĐ 294-QĐ/TW, điểm 3.5: the re-admission conditions apply only to former members."""
    assert run(code, None) is None


@pytest.mark.parametrize(
    "exit_,passed,phrase",
    [
        pytest.param(
            ExitFacts(D(2022, 9, 25), "removed"), True, "được 36 tháng, đủ 36 tháng", id="36-months"
        ),
        pytest.param(
            ExitFacts(D(2022, 9, 26), "removed"),
            False,
            "được 35 tháng; phải đủ 36 tháng (từ ngày 26/09/2025)",
            id="35-months",
        ),
        pytest.param(
            ExitFacts(D(2015, 1, 1), "minor_crime_conviction", conviction_cleared_on=D(2020, 9, 26)),
            False,
            "Ngày được xóa án tích: 26/09/2020; đến ngày 25/09/2025 được 59 tháng; phải đủ 60 tháng",
            id="59-months-after-conviction-cleared",
        ),
        pytest.param(
            ExitFacts(D(2015, 1, 1), "minor_crime_conviction", conviction_cleared_on=D(2020, 9, 25)),
            True,
            "đủ 60 tháng",
            id="60-months-after-conviction-cleared",
        ),
        pytest.param(
            ExitFacts(D(2015, 1, 1), "minor_crime_conviction"),
            False,
            "chưa có ngày được xóa án tích",
            id="clearance-unknown",
        ),
    ],
)
def test_readmission_waits_36_months_or_60_after_a_minor_conviction_is_cleared(exit_, passed, phrase):
    """QĐ 294-QĐ/TW, điểm 3.5.1: out of the Party at least 36 months; "tội ít nghiêm trọng": 60 months after xóa án tích."""
    result = run("READMISSION_WAIT", exit_)
    assert result is not None and result.passed is passed and phrase in result.message


@pytest.mark.parametrize(
    "reason,hardship,passed",
    [
        pytest.param("self_abandoned", False, False, id="abandoned"),
        pytest.param("resigned", False, False, id="resigned"),
        pytest.param("resigned", True, True, id="resigned-family-hardship"),
        pytest.param("disunity", False, False, id="disunity"),
        pytest.param("corruption_conviction", False, False, id="corruption"),
        pytest.param("serious_crime_conviction", False, False, id="serious-crime"),
        pytest.param("minor_crime_conviction", False, True, id="minor-crime"),
        pytest.param("removed", False, True, id="removed"),
        pytest.param("other", False, True, id="other"),
    ],
)
def test_never_readmits_those_who_left_for_an_excluded_cause(reason, hardship, passed):
    """QĐ 294-QĐ/TW, điểm 3.5.2: never re-admit after tự bỏ sinh hoạt, xin ra (trừ gia đình đặc biệt khó khăn), mất đoàn kết, kết án."""
    result = run("READMISSION_EXCLUDED", ExitFacts(D(2015, 1, 1), reason, family_hardship=hardship))
    assert result is not None and result.passed is passed
    assert str(result.citation) == "QĐ 294-QĐ/TW, điểm 3.5.2"


def test_readmits_only_once():
    """QĐ 294-QĐ/TW, điểm 3.5.1: "chỉ kết nạp lại một lần"."""
    assert not run("READMISSION_ONCE", ExitFacts(D(2015, 1, 1), "removed", readmitted_before=True)).passed
    assert run("READMISSION_ONCE", ExitFacts(D(2015, 1, 1), "removed")).passed


def test_readmission_always_needs_the_provincial_standing_committee_consent():
    """QĐ 294-QĐ/TW, điểm 3.5.1: re-admission needs the written consent of ban thường vụ tỉnh ủy, thành ủy."""
    facts = CandidacyFacts(on=ON, readmission=ExitFacts(D(2015, 1, 1), "removed"))
    rules = {r.code for r in QD294.rules_for(Step.CELL_VOTE)}
    assert "READMISSION_CONSENT" in rules
    result = run("READMISSION_CONSENT", facts.readmission)
    assert result is not None and not result.passed and result.severity is Severity.APPROVAL
    assert "đồng ý bằng văn bản" in result.message


def test_readmission_is_checked_already_at_nomination():
    """QĐ 294-QĐ/TW, điểm 3.5.2: an excluded former member is not put on the candidate list at all."""
    facts = CandidacyFacts(on=ON, readmission=ExitFacts(D(2024, 1, 1), "self_abandoned"))
    evaluation = evaluate(Step.NOMINATE, facts, calendar=CAL)
    assert {r.code for r in evaluation.blocking} == {"READMISSION_EXCLUDED", "READMISSION_WAIT"}
    assert "tự bỏ sinh hoạt đảng" in evaluation.result("READMISSION_EXCLUDED").message


def test_unknown_exit_reason_is_a_programming_error():
    """Facts validate their codes: an unknown exit reason raises ValueError."""
    with pytest.raises(ValueError):
        ExitFacts(D(2020, 1, 1), "moved_abroad")
