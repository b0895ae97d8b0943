"""Rules on the applicant: MIN_AGE, MAX_AGE, EDUCATION, CERTIFICATE_VALID, PAPERS_FRESH."""

import datetime as dt

import pytest

from ptdv.admissions.rules import RULESETS, CandidacyFacts, RuleResult, Severity, WorkCalendar

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
VOTE = D(2025, 9, 25)


def run(code: str, facts: CandidacyFacts) -> RuleResult | None:
    return QD294.rule(code).run(facts, QD294.params, CAL)


@pytest.mark.parametrize(
    "born,passed,message",
    [
        pytest.param(
            D(2007, 9, 26),
            False,
            "Người vào Đảng mới 17 tuổi 11 tháng tại ngày chi bộ xét (25/09/2025); phải đủ 18 tuổi.",
            id="one-day-short",
        ),
        pytest.param(
            D(2007, 9, 25),
            True,
            "Người vào Đảng 18 tuổi tại ngày chi bộ xét (25/09/2025).",
            id="18th-birthday",
        ),
        pytest.param(
            D(2001, 6, 10),
            True,
            "Người vào Đảng 24 tuổi 3 tháng tại ngày chi bộ xét (25/09/2025).",
            id="24-years-3-months",
        ),
    ],
)
def test_min_age_counts_whole_months_on_the_cell_vote_date(born, passed, message):
    """QĐ 294-QĐ/TW, điểm 1.1.1: "phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng)" at the cell's consideration."""
    result = run("MIN_AGE", CandidacyFacts(on=VOTE, date_of_birth=born))
    assert result is not None
    assert (result.passed, result.message) == (passed, message)


def test_a_29_february_birthday_comes_of_age_on_28_february_of_a_common_year():
    """QĐ 294-QĐ/TW, điểm 1.1.1: age in whole months; born 29/02/2008, 18 years are complete on 28/02/2026."""
    assert run("MIN_AGE", CandidacyFacts(on=D(2026, 2, 28), date_of_birth=D(2008, 2, 29))).passed
    assert not run("MIN_AGE", CandidacyFacts(on=D(2026, 2, 27), date_of_birth=D(2008, 2, 29))).passed


def test_blocks_cell_vote_without_a_date_of_birth():
    """QĐ 294-QĐ/TW, điểm 1.1.1: the age cannot be checked without the date of birth, so the vote is blocked."""
    result = run("MIN_AGE", CandidacyFacts(on=VOTE))
    assert result is not None and not result.passed and result.severity is Severity.BLOCK
    assert "Chưa có ngày sinh" in result.message
    assert run("MAX_AGE", CandidacyFacts(on=VOTE)) is None


@pytest.mark.parametrize(
    "born,passed",
    [
        pytest.param(D(1965, 9, 25), True, id="exactly-60-years"),
        pytest.param(D(1965, 8, 25), False, id="60-years-1-month"),
        pytest.param(D(1980, 1, 1), True, id="45-years"),
    ],
)
def test_max_age_over_60_years_needs_written_approval(born, passed):
    """QĐ 294-QĐ/TW, điểm 1.1.2; HD 01-HD/TW (2021), điểm 1.1: over 60 needs the standing committee's written consent."""
    result = run("MAX_AGE", CandidacyFacts(on=VOTE, date_of_birth=born))
    assert result is not None and result.passed is passed
    assert result.severity is Severity.APPROVAL
    if not passed:
        assert result.message.startswith(
            "Người vào Đảng 60 tuổi 1 tháng tại ngày chi bộ xét (25/09/2025), trên 60 tuổi"
        )
        assert "đồng ý bằng văn bản" in result.message


@pytest.mark.parametrize(
    "level,exempt_area,elder,passed,severity,phrase",
    [
        pytest.param(
            "upper_secondary", False, False, True, Severity.BLOCK, "đạt tiêu chuẩn", id="upper-secondary"
        ),
        pytest.param(
            "lower_secondary", False, False, True, Severity.BLOCK, "đạt tiêu chuẩn", id="lower-secondary"
        ),
        pytest.param(
            "primary", False, False, False, Severity.BLOCK, "trung học cơ sở trở lên", id="primary-elsewhere"
        ),
        pytest.param("primary", True, False, True, Severity.BLOCK, "ngoại lệ", id="primary-in-exempt-area"),
        pytest.param(
            "literate", True, True, False, Severity.APPROVAL, "già làng", id="literate-village-elder"
        ),
        pytest.param(
            "literate", True, False, False, Severity.BLOCK, "tiểu học", id="literate-in-exempt-area"
        ),
        pytest.param(
            "literate", False, True, False, Severity.BLOCK, "trung học cơ sở", id="literate-elder-elsewhere"
        ),
    ],
)
def test_education_requires_lower_secondary_except_in_exempt_areas(
    level, exempt_area, elder, passed, severity, phrase
):
    """QĐ 294-QĐ/TW, điểm 1.2.1 ("bằng tốt nghiệp trung học cơ sở trở lên"); HD 01-HD/TW (2021), điểm 1.2 exceptions."""
    facts = CandidacyFacts(
        on=VOTE, education_level=level, lives_in_exempt_area=exempt_area, is_village_elder=elder
    )
    result = run("EDUCATION", facts)
    assert result is not None
    assert (result.passed, result.severity) == (passed, severity)
    assert phrase in result.message


def test_unknown_education_level_is_a_programming_error():
    """Facts validate their codes: an unknown education level raises ValueError."""
    with pytest.raises(ValueError):
        CandidacyFacts(on=VOTE, education_level="university")


@pytest.mark.parametrize(
    "issued,passed,phrase",
    [
        pytest.param(
            D(2020, 9, 25), True, "còn giá trị đến hết ngày 25/09/2025 (60 tháng", id="exactly-60-months"
        ),
        pytest.param(D(2020, 9, 24), False, "đã quá 60 tháng (60 tháng 1 ngày)", id="60-months-1-day"),
        pytest.param(D(2020, 8, 25), False, "đã quá 60 tháng (61 tháng)", id="61-months"),
        pytest.param(D(2025, 1, 10), True, "còn giá trị", id="recent"),
        pytest.param(D(2025, 9, 26), False, "sau ngày chi bộ xét", id="issued-after-vote"),
    ],
)
def test_certificate_is_valid_for_60_months_on_the_cell_vote_date(issued, passed, phrase):
    """HD 06-HD/TW (2025), điểm 5.4: "có giá trị trong 60 tháng, quá 60 tháng thì … phải … học lại"."""
    result = run("CERTIFICATE_VALID", CandidacyFacts(on=VOTE, certificate_date=issued))
    assert result is not None and result.passed is passed
    assert phrase in result.message


def test_blocks_cell_vote_without_a_certificate():
    """HD 06-HD/TW (2025), điểm 5.4: the awareness-course certificate is required before the cell considers."""
    result = run("CERTIFICATE_VALID", CandidacyFacts(on=VOTE))
    assert result is not None and not result.passed and result.severity is Severity.BLOCK
    assert result.message.startswith("Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")


@pytest.mark.parametrize(
    "papers,passed",
    [
        pytest.param(None, None, id="no-papers-yet"),
        pytest.param(D(2024, 9, 25), True, id="exactly-12-months"),
        pytest.param(D(2024, 9, 24), False, id="12-months-1-day"),
    ],
)
def test_warns_when_introductions_and_opinions_are_older_than_12_months(papers, passed):
    """HD 01-HD/TW (2016): papers older than 12 months are redone (current text UNCONFIRMED; configurable)."""
    result = run("PAPERS_FRESH", CandidacyFacts(on=VOTE, papers_date=papers))
    if passed is None:
        assert result is None
        return
    assert result is not None and result.passed is passed and result.severity is Severity.WARN
    if not passed:
        assert "đã quá 12 tháng" in result.message
