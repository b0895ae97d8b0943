"""Rules on the background verification: VERIFICATION_COMPLETE and VERIFICATION_CONCERN."""

import datetime as dt

import pytest

from ptdv.admissions.rules import RULESETS, CandidacyFacts, RelativeFacts, RuleResult, Severity, WorkCalendar

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
ON = D(2025, 9, 25)
DONE = {"verified_on": D(2025, 6, 1), "result": "clear"}

SELF = RelativeFacts("self", "Lê Văn C", **DONE)  # type: ignore[arg-type]


def run(code: str, facts: CandidacyFacts) -> RuleResult | None:
    return QD294.rule(code).run(facts, QD294.params, CAL)


@pytest.mark.parametrize(
    "people,passed,phrase",
    [
        pytest.param((SELF, RelativeFacts("father", "Lê Văn D", **DONE)), True, "2 người", id="all-verified"),  # type: ignore[arg-type]
        pytest.param(
            (RelativeFacts("father", "Lê Văn D", **DONE),), False, "của bản thân", id="no-self-entry"
        ),  # type: ignore[arg-type]
        pytest.param(
            (
                SELF,
                RelativeFacts("mother", "Phạm Thị E"),
                RelativeFacts("spouse", "Hồ Thị G", verified_on=D(2025, 6, 1)),
            ),
            False,
            "Chưa có kết quả thẩm tra lý lịch: Phạm Thị E (mẹ đẻ), Hồ Thị G (vợ (chồng)).",
            id="pending-names-listed",
        ),
        pytest.param(
            (SELF, RelativeFacts("father", "Lê Văn D", is_party_member=True)),
            True,
            "miễn thẩm tra người thân là đảng viên: Lê Văn D (cha đẻ)",
            id="party-member-father-exempt",
        ),
        pytest.param(
            (SELF, RelativeFacts("father_in_law", "Võ Văn H", is_party_member=True)),
            False,
            "Võ Văn H (cha vợ (chồng))",
            id="party-member-father-in-law-still-verified",
        ),
    ],
)
def test_verification_covers_the_applicant_and_every_relative_in_scope(people, passed, phrase):
    """HD 06-HD/TW (2025), điểm 3.4.a (scope) and 3.4.c (party-member parents, siblings, children exempt)."""
    result = run("VERIFICATION_COMPLETE", CandidacyFacts(on=ON, relatives=people))
    assert result is not None and result.passed is passed
    assert phrase in result.message


def test_warns_about_a_verification_result_with_a_concern():
    """HD 06-HD/TW (2025), điểm 3.4.a: verification covers "lịch sử chính trị và chính trị hiện nay"; concerns are shown."""
    facts = CandidacyFacts(
        on=ON,
        relatives=(SELF, RelativeFacts("father", "Lê Văn D", verified_on=D(2025, 6, 1), result="concern")),
    )
    result = run("VERIFICATION_CONCERN", facts)
    assert result is not None and not result.passed and result.severity is Severity.WARN
    assert "Lê Văn D (cha đẻ)" in result.message
    assert run("VERIFICATION_COMPLETE", facts).passed


def test_unknown_relation_is_a_programming_error():
    """Facts validate their codes: an unknown relation or result raises ValueError."""
    with pytest.raises(ValueError):
        RelativeFacts("cousin", "X")
    with pytest.raises(ValueError):
        RelativeFacts("self", "X", result="ok")
