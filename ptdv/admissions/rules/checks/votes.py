"""Checks on the votes: cell size, the cell's 2/3 threshold, the grassroots committee's 2/3, consistent numbers."""

from ..facts import CandidacyFacts, VoteFacts
from ..params import Params
from ..results import Outcome, fail, ok
from ..text import fmt_percent
from ..workdays import WorkCalendar


def _required(eligible: int, params: Params) -> int:
    """The smallest number of votes that is at least num/den of `eligible`."""
    return -(-eligible * params.vote_numerator // params.vote_denominator)


def _threshold(vote: VoteFacts, params: Params, who: str, verb: str) -> Outcome:
    eligible = vote.eligible
    fraction = f"{params.vote_numerator}/{params.vote_denominator}"
    values = {
        "votes_for": vote.votes_for,
        "eligible": eligible,
        "members": vote.members,
        "required": _required(eligible, params) if eligible > 0 else None,
    }
    if eligible <= 0:
        return fail(f"Không có {who} nào được tính để biểu quyết (số {who}: {vote.members}).", **values)
    required = _required(eligible, params)
    share = f"{vote.votes_for}/{eligible} {who} ({fmt_percent(vote.votes_for, eligible)}) {verb}"
    excluded = ""
    if eligible != vote.members:
        excluded = (
            f" Số {who} tính biểu quyết: {eligible} (tổng số {vote.members}, trừ {vote.on_temporary_transfer} "
            f"đang chuyển sinh hoạt tạm thời và {vote.exempt_absent} được miễn sinh hoạt vắng mặt)."
        )
    if vote.votes_for * params.vote_denominator >= eligible * params.vote_numerator:
        return ok(f"{share}; đạt ít nhất {fraction} ({required}/{eligible}).{excluded}", **values)
    return fail(f"{share}; cần ít nhất {fraction} ({required}/{eligible}).{excluded}", **values)


def _numbers(vote: VoteFacts, who: str) -> Outcome:
    values = {
        "members": vote.members,
        "present": vote.present,
        "votes_for": vote.votes_for,
        "on_temporary_transfer": vote.on_temporary_transfer,
        "exempt_absent": vote.exempt_absent,
        "eligible": vote.eligible,
    }
    problems = []
    counts = (vote.members, vote.votes_for, vote.present or 0, vote.on_temporary_transfer, vote.exempt_absent)
    if any(n < 0 for n in counts):
        problems.append("có số âm")
    if vote.eligible < 0:
        problems.append(f"số {who} được trừ lớn hơn tổng số {who} ({vote.members})")
    if vote.present is not None and vote.votes_for > vote.present:
        problems.append(f"số tán thành ({vote.votes_for}) lớn hơn số có mặt ({vote.present})")
    if vote.present is not None and vote.present > vote.eligible:
        problems.append(f"số có mặt ({vote.present}) lớn hơn số {who} được tính ({vote.eligible})")
    if vote.votes_for > vote.eligible:
        problems.append(f"số tán thành ({vote.votes_for}) lớn hơn số {who} được tính ({vote.eligible})")
    if problems:
        return fail(f"Số liệu biểu quyết không hợp lệ: {'; '.join(problems)}.", **values)
    present = f", có mặt {vote.present}" if vote.present is not None else ""
    return ok(
        f"Số liệu biểu quyết hợp lệ: {vote.eligible} {who} được tính{present}, {vote.votes_for} tán thành.",
        **values,
    )


def check_cell_size(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The cell has at least 3 full members."""
    size = facts.cell_full_members
    if size is None and facts.cell_vote is not None:
        size = facts.cell_vote.members
    if size is None:
        return fail("Chưa có số đảng viên chính thức của chi bộ.")
    need = params.cell_min_full_members
    if size < need:
        return fail(
            f"Chi bộ có {size} đảng viên chính thức; chi bộ phải có ít nhất {need} đảng viên chính thức.",
            cell_full_members=size,
        )
    return ok(f"Chi bộ có {size} đảng viên chính thức (tối thiểu {need}).", cell_full_members=size)


def check_cell_vote_threshold(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """At least 2/3 of the cell's full members (net of temporary transfers and absent exempt members) vote for."""
    if facts.cell_vote is None:
        return fail("Chưa nhập kết quả biểu quyết của chi bộ.")
    return _threshold(facts.cell_vote, params, "đảng viên chính thức", "tán thành")


def check_vote_numbers(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The cell's vote numbers are consistent: for <= present <= eligible, nothing negative."""
    if facts.cell_vote is None:
        return None  # CELL_VOTE_THRESHOLD reports the missing vote
    return _numbers(facts.cell_vote, "đảng viên chính thức")


def check_committee_vote_threshold(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """At least 2/3 of the grassroots committee members agree."""
    if facts.committee_vote is None:
        return fail("Chưa nhập kết quả biểu quyết của đảng ủy cơ sở.")
    return _threshold(facts.committee_vote, params, "cấp ủy viên", "đồng ý")


def check_committee_vote_numbers(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The committee's vote numbers are consistent: for <= present <= eligible, nothing negative."""
    if facts.committee_vote is None:
        return None
    return _numbers(facts.committee_vote, "cấp ủy viên")
