"""Rule sets by date (QD24 → QD294), parameters and overrides, and how an Evaluation sorts its results."""

import dataclasses
import datetime as dt

import pytest

from ptdv.admissions.rules import (
    PARAM_INFO,
    RULESETS,
    UNCONFIRMED_PARAMS,
    CandidacyFacts,
    Citation,
    Evaluation,
    Params,
    RuleResult,
    Severity,
    Step,
    VoteFacts,
    WorkCalendar,
    evaluate,
    ruleset_on,
)
from ptdv.admissions.rules.rulesets import qd24, qd294

D = dt.date
CAL = WorkCalendar()


@pytest.mark.parametrize(
    "day,code",
    [
        pytest.param(D(2016, 1, 1), "QD24", id="before-qd24-falls-back-to-qd24"),
        pytest.param(D(2021, 7, 30), "QD24", id="qd24-first-day"),
        pytest.param(D(2025, 6, 30), "QD24", id="day-before-qd294"),
        pytest.param(D(2025, 7, 1), "QD294", id="qd294-in-force"),
        pytest.param(D(2030, 1, 1), "QD294", id="later"),
    ],
)
def test_ruleset_in_force_depends_on_the_date(day, code):
    """QĐ 294-QĐ/TW (26/5/2025) takes effect on 01/7/2025, replacing QĐ 24-QĐ/TW (30/7/2021) via QĐ 232."""
    assert ruleset_on(day).code == code


def test_rulesets_are_ordered_by_valid_from_and_share_rule_codes():
    """Each rule keeps its stable code across rule sets; only citations (and possibly numbers) change."""
    assert [r.valid_from for r in RULESETS] == sorted(r.valid_from for r in RULESETS)
    assert RULESETS == (qd24.RULESET, qd294.RULESET)
    assert [r.code for r in qd24.RULESET.all_rules()] == [r.code for r in qd294.RULESET.all_rules()]
    assert qd24.RULESET.name == "Quy định 24-QĐ/TW (30/7/2021)"


def test_citations_differ_between_qd24_and_qd294():
    """QĐ 294 keeps QĐ 24's clause numbers; the document cited changes (and HD 06 replaces HD 01-2021)."""
    old, new = ruleset_on(D(2025, 6, 30)), ruleset_on(D(2025, 7, 1))
    assert old.rule("MIN_AGE").citation == Citation("QĐ 24-QĐ/TW", "điểm 1.1.1")
    assert new.rule("MIN_AGE").citation == Citation("QĐ 294-QĐ/TW", "điểm 1.1.1")
    assert str(new.rule("CERTIFICATE_VALID").citation) == "HD 06-HD/TW (2025), điểm 5.4"
    assert old.rule("INTRODUCERS").citation == new.rule("INTRODUCERS").citation  # the Charter did not change
    assert old.rule("MIN_AGE").check is new.rule("MIN_AGE").check


def test_evaluate_uses_the_ruleset_in_force_on_the_step_date():
    """Facts dated before 01/7/2025 are judged under QĐ 24, later ones under QĐ 294."""
    facts = CandidacyFacts(on=D(2025, 6, 30), date_of_birth=D(2000, 1, 1))
    assert evaluate(Step.CELL_VOTE, facts, calendar=CAL).result("MIN_AGE").citation.document == "QĐ 24-QĐ/TW"
    facts = dataclasses.replace(facts, on=D(2025, 7, 1))
    assert evaluate(Step.CELL_VOTE, facts, calendar=CAL).result("MIN_AGE").citation.document == "QĐ 294-QĐ/TW"


def test_params_overrides_change_the_numbers_and_unknown_keys_raise():
    """Unconfirmed numbers are configurable per installation; a typo must not be silently ignored."""
    ruleset = ruleset_on(D(2025, 7, 1)).with_params({"papers_valid_months": 6, "decision_working_days": 30})
    assert ruleset.params.papers_valid_months == 6
    assert ruleset.code == "QD294" and ruleset.rules_for(Step.CELL_VOTE) == ruleset_on(
        D(2025, 7, 1)
    ).rules_for(Step.CELL_VOTE)
    assert ruleset_on(D(2025, 7, 1)).params.papers_valid_months == 12  # the registry is untouched
    with pytest.raises(ValueError, match="papers_valid_month"):
        ruleset.with_params({"papers_valid_month": 6})
    with pytest.raises(ValueError):
        Params().with_overrides({"min_age_months": -1})


def test_overridden_params_change_rule_outcomes():
    """QĐ 294-QĐ/TW, điểm 4.3.1 (60 working days UNCONFIRMED): an installation may set another number."""
    facts = CandidacyFacts(on=CAL.add_working_days(D(2025, 8, 1), 45), cell_resolution_date=D(2025, 8, 1))
    assert evaluate(Step.DECIDE, facts, calendar=CAL).ok
    strict = ruleset_on(facts.on).with_params({"decision_working_days": 40})
    assert [r.code for r in evaluate(Step.DECIDE, facts, calendar=CAL, ruleset=strict).needs_approval] == [
        "DECISION_DEADLINE"
    ]


def test_every_param_has_a_vietnamese_label_and_a_source():
    """The settings page lists every number with its source; unconfirmed ones are marked."""
    assert set(PARAM_INFO) == set(Params().as_dict())
    assert all(info.label and info.source for info in PARAM_INFO.values())
    assert {
        "papers_valid_months",
        "youth_age_min",
        "youth_age_max",
        "decision_working_days",
    } <= UNCONFIRMED_PARAMS
    assert (
        "confirmation_decision_working_days" in UNCONFIRMED_PARAMS
        and "min_age_months" not in UNCONFIRMED_PARAMS
    )


def test_steps_without_rules_evaluate_to_ok_and_unknown_steps_raise():
    """Steps such as WITHDRAW have no rules; an unknown step name is a programming error."""
    evaluation = evaluate("withdraw", CandidacyFacts(on=D(2025, 7, 1)), calendar=CAL)
    assert evaluation.ok and evaluation.results == () and evaluation.step == Step.WITHDRAW
    with pytest.raises(ValueError):
        evaluate("vote", CandidacyFacts(on=D(2025, 7, 1)), calendar=CAL)


def _result(code: str, passed: bool, severity: Severity) -> RuleResult:
    return RuleResult(code, code, passed, severity, "", Citation("Điều lệ Đảng", ""), {})


def test_evaluation_sorts_results_into_blocking_approval_and_warnings():
    """BLOCK stops the save; APPROVAL stops it unless the approval code is given; WARN is shown only."""
    results = (
        _result("A", False, Severity.BLOCK),
        _result("B", False, Severity.APPROVAL),
        _result("C", False, Severity.APPROVAL),
        _result("D", False, Severity.WARN),
        _result("E", True, Severity.BLOCK),
    )
    evaluation = Evaluation("cell_vote", RULESETS[-1], results, frozenset({"C"}))
    codes = lambda rs: [r.code for r in rs]  # noqa: E731
    assert codes(evaluation.failed) == ["A", "B", "C", "D"]
    assert codes(evaluation.blocking) == ["A", "B"]
    assert codes(evaluation.needs_approval) == ["B"]
    assert codes(evaluation.approved) == ["C"]
    assert codes(evaluation.warnings) == ["D"]
    assert not evaluation.ok
    assert Evaluation("cell_vote", RULESETS[-1], results[1:], frozenset({"B", "C"})).ok


def test_severity_labels_and_result_serialisation_are_vietnamese_and_json_friendly():
    """Users see Vietnamese labels; results are stored as JSON with the citation as text."""
    assert [s.label for s in Severity] == ["Chặn", "Cần văn bản đồng ý", "Cảnh báo"]
    facts = CandidacyFacts(on=D(2025, 9, 25), cell_vote=VoteFacts(11, 7))
    result = evaluate(Step.CELL_VOTE, facts, calendar=CAL).result("CELL_VOTE_THRESHOLD")
    data = result.as_dict()
    assert data["citation"] == "Điều lệ Đảng, Điều 4, khoản 3" and data["severity"] == "block"
    assert data["values"] == {"votes_for": 7, "eligible": 11, "members": 11, "required": 8}
    assert result.blocks_without_approval and not result.needs_approval


def test_a_complete_candidacy_passes_every_cell_vote_rule():
    """All of §1–§3 of domain-rules satisfied: nothing fails at the cell vote."""
    from ptdv.admissions.rules import IntroducerFacts, RelativeFacts

    facts = CandidacyFacts(
        on=D(2025, 9, 25),
        date_of_birth=D(1990, 5, 1),
        certificate_date=D(2025, 3, 1),
        papers_date=D(2025, 8, 1),
        introducers=(
            IntroducerFacts("member", "Nguyễn Văn A", is_full_member=True, together_since=D(2020, 1, 1)),
            IntroducerFacts("member", "Trần Thị B", is_full_member=True, together_since=D(2023, 1, 1)),
        ),
        relatives=(
            RelativeFacts("self", "Lê Văn C", verified_on=D(2025, 6, 1), result="clear"),
            RelativeFacts("father", "Lê Văn D", is_party_member=True),
            RelativeFacts("mother", "Phạm Thị E", verified_on=D(2025, 6, 3), result="clear"),
        ),
        cell_full_members=9,
        cell_vote=VoteFacts(9, 8, present=9),
    )
    evaluation = evaluate(Step.CELL_VOTE, facts, calendar=CAL)
    assert evaluation.failed == ()
    assert len(evaluation.results) == 12  # readmission rules do not apply
