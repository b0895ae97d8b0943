"""Rules on votes: CELL_SIZE, CELL_VOTE_THRESHOLD, VOTE_NUMBERS, COMMITTEE_VOTE_THRESHOLD, COMMITTEE_VOTE_NUMBERS."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.admissions.rules import (
    RULESETS,
    CandidacyFacts,
    RuleResult,
    Step,
    VoteFacts,
    WorkCalendar,
    evaluate,
)

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
ON = D(2025, 9, 25)


def run(code: str, facts: CandidacyFacts) -> RuleResult | None:
    return QD294.rule(code).run(facts, QD294.params, CAL)


@pytest.mark.parametrize(
    "vote,passed,message",
    [
        pytest.param(
            VoteFacts(11, 7),
            False,
            "7/11 đảng viên chính thức (63,64%) tán thành; cần ít nhất 2/3 (8/11).",
            id="7-of-11",
        ),
        pytest.param(
            VoteFacts(11, 8),
            True,
            "8/11 đảng viên chính thức (72,73%) tán thành; đạt ít nhất 2/3 (8/11).",
            id="8-of-11",
        ),
        pytest.param(
            VoteFacts(9, 6),
            True,
            "6/9 đảng viên chính thức (66,67%) tán thành; đạt ít nhất 2/3 (6/9).",
            id="exactly-two-thirds",
        ),
        pytest.param(
            VoteFacts(3, 2),
            True,
            "2/3 đảng viên chính thức (66,67%) tán thành; đạt ít nhất 2/3 (2/3).",
            id="smallest-cell",
        ),
        pytest.param(
            VoteFacts(12, 7, on_temporary_transfer=1, exempt_absent=1),
            True,
            "7/10 đảng viên chính thức (70,00%) tán thành; đạt ít nhất 2/3 (7/10). Số đảng viên chính thức tính biểu quyết: 10 "
            "(tổng số 12, trừ 1 đang chuyển sinh hoạt tạm thời và 1 được miễn sinh hoạt vắng mặt).",
            id="denominator-excludes-transfers-and-absent-exempt",
        ),
    ],
)
def test_cell_vote_needs_two_thirds_of_eligible_full_members(vote, passed, message):
    """Điều lệ Đảng, Điều 4, khoản 3 ("ít nhất hai phần ba số đảng viên chính thức"); QĐ 294-QĐ/TW, điểm 9.3.2 (denominator)."""
    result = run("CELL_VOTE_THRESHOLD", CandidacyFacts(on=ON, cell_vote=vote))
    assert result is not None
    assert (result.passed, result.message) == (passed, message)


def test_blocks_cell_vote_without_vote_numbers():
    """Điều lệ Đảng, Điều 4, khoản 3: the vote result is required at the cell vote."""
    evaluation = evaluate(Step.CELL_VOTE, CandidacyFacts(on=ON), calendar=CAL)
    result = evaluation.result("CELL_VOTE_THRESHOLD")
    assert result is not None and result in evaluation.blocking
    assert result.message == "Chưa nhập kết quả biểu quyết của chi bộ."
    assert evaluation.result("VOTE_NUMBERS") is None


@given(members=st.integers(min_value=1, max_value=500), data=st.data())
@settings(max_examples=200)
def test_two_thirds_threshold_matches_exact_fractions(members, data):
    """Điều lệ Đảng, Điều 4, khoản 3: passes exactly when votes_for / eligible >= 2/3 (no rounding)."""
    votes_for = data.draw(st.integers(min_value=0, max_value=members))
    result = run("CELL_VOTE_THRESHOLD", CandidacyFacts(on=ON, cell_vote=VoteFacts(members, votes_for)))
    assert result is not None
    assert result.passed is (3 * votes_for >= 2 * members)


@pytest.mark.parametrize(
    "vote,passed,phrase",
    [
        pytest.param(VoteFacts(11, 8, present=10), True, "hợp lệ", id="consistent"),
        pytest.param(
            VoteFacts(11, 9, present=8),
            False,
            "số tán thành (9) lớn hơn số có mặt (8)",
            id="for-exceeds-present",
        ),
        pytest.param(
            VoteFacts(11, 8, present=12), False, "số có mặt (12) lớn hơn", id="present-exceeds-eligible"
        ),
        pytest.param(
            VoteFacts(11, 11, on_temporary_transfer=1),
            False,
            "số tán thành (11) lớn hơn số đảng viên chính thức được tính (10)",
            id="for-exceeds-eligible",
        ),
        pytest.param(VoteFacts(11, -1), False, "có số âm", id="negative"),
    ],
)
def test_vote_numbers_must_be_consistent(vote, passed, phrase):
    """QĐ 294-QĐ/TW, điểm 9.3.2: votes in favour <= present <= full members counted (net of transfers, absent exempt)."""
    result = run("VOTE_NUMBERS", CandidacyFacts(on=ON, cell_vote=vote))
    assert result is not None and result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    "size,passed",
    [
        pytest.param(2, False, id="two-members"),
        pytest.param(3, True, id="three-members"),
        pytest.param(None, False, id="unknown"),
    ],
)
def test_cell_needs_at_least_three_full_members(size, passed):
    """Điều lệ Đảng, Điều 24, khoản 1: a cell has at least three full members."""
    result = run("CELL_SIZE", CandidacyFacts(on=ON, cell_full_members=size))
    assert result is not None and result.passed is passed


def test_cell_size_falls_back_to_the_vote_members():
    """Điều lệ Đảng, Điều 24, khoản 1: the full members recorded with the vote count when the size is not given."""
    result = run("CELL_SIZE", CandidacyFacts(on=ON, cell_vote=VoteFacts(5, 4)))
    assert result is not None and result.passed and result.values["cell_full_members"] == 5


@pytest.mark.parametrize(
    "vote,passed,phrase",
    [
        pytest.param(
            VoteFacts(7, 5), True, "5/7 cấp ủy viên (71,43%) đồng ý; đạt ít nhất 2/3 (5/7).", id="5-of-7"
        ),
        pytest.param(
            VoteFacts(9, 5), False, "5/9 cấp ủy viên (55,56%) đồng ý; cần ít nhất 2/3 (6/9).", id="5-of-9"
        ),
        pytest.param(None, False, "Chưa nhập kết quả biểu quyết của đảng ủy cơ sở.", id="missing"),
    ],
)
def test_committee_vote_needs_two_thirds_of_committee_members(vote, passed, phrase):
    """HD 06-HD/TW (2025), điểm 3.7.a: "phải được ít nhất 2/3 tổng số cấp ủy viên đồng ý mới được ra quyết định kết nạp"."""
    evaluation = evaluate(Step.COMMITTEE_VOTE, CandidacyFacts(on=ON, committee_vote=vote), calendar=CAL)
    result = evaluation.result("COMMITTEE_VOTE_THRESHOLD")
    assert result is not None and result.passed is passed and phrase in result.message
    assert str(result.citation) == "HD 06-HD/TW (2025), điểm 3.7.a"
    assert evaluation.ok is passed


def test_committee_vote_numbers_must_be_consistent():
    """QĐ 294-QĐ/TW, điểm 9.3.2 (applied to the committee): votes in favour cannot exceed those present."""
    result = run("COMMITTEE_VOTE_NUMBERS", CandidacyFacts(on=ON, committee_vote=VoteFacts(7, 6, present=5)))
    assert result is not None and not result.passed


def test_confirmation_vote_uses_the_same_two_thirds_threshold():
    """Điều lệ Đảng, Điều 5, khoản 2: "biểu quyết như khi xét kết nạp" — 2/3 of full members at the confirmation vote."""
    facts = CandidacyFacts(on=D(2026, 10, 1), ceremony_date=D(2025, 9, 30), cell_vote=VoteFacts(6, 3))
    evaluation = evaluate(Step.CONFIRMATION_VOTE, facts, calendar=CAL)
    assert [r.code for r in evaluation.blocking] == ["CELL_VOTE_THRESHOLD"]
