"""Checks on the statutory deadlines: the admission decision, the ceremony, probation and confirmation."""

from ..deadlines import ceremony_deadline, decision_deadline, probation_end
from ..facts import CandidacyFacts
from ..params import Params
from ..results import Outcome, Severity, fail, fail_as, ok
from ..text import fmt_date, iso
from ..workdays import WorkCalendar

NO_RESOLUTION = "Chưa có ngày chi bộ ra nghị quyết đề nghị kết nạp."
NO_RECEIVED = "Chưa có ngày chi bộ nhận được quyết định kết nạp."
NO_CEREMONY = "Chưa có ngày tổ chức lễ kết nạp."


def check_decision_deadline(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The decision comes within 60 working days of the cell resolution; later needs the extension document."""
    if facts.cell_resolution_date is None:
        return fail_as(Severity.BLOCK, NO_RESOLUTION)
    decided = facts.decision_date or facts.on
    days = calendar.working_days_between(facts.cell_resolution_date, decided)
    limit = params.decision_working_days
    deadline = decision_deadline(facts.cell_resolution_date, calendar, params)
    values = {"working_days": days, "limit": limit, "deadline": iso(deadline), "decision_date": iso(decided)}
    text = (
        f"Quyết định kết nạp ngày {fmt_date(decided)} cách ngày chi bộ có nghị quyết đề nghị kết nạp "
        f"({fmt_date(facts.cell_resolution_date)}) {days} ngày làm việc"
    )
    if days > limit:
        return fail(
            f"{text}; quá {limit} ngày làm việc (hạn {fmt_date(deadline)}) phải có văn bản gia hạn "
            f"(tối đa {params.decision_extension_working_days} ngày làm việc).",
            **values,
        )
    return ok(f"{text}, trong thời hạn {limit} ngày làm việc (hạn {fmt_date(deadline)}).", **values)


def check_decision_overdue(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """Beyond 60 + 30 working days the delay must be reviewed for responsibility before the higher committee."""
    if facts.cell_resolution_date is None:
        return None  # DECISION_DEADLINE reports it
    decided = facts.decision_date or facts.on
    days = calendar.working_days_between(facts.cell_resolution_date, decided)
    limit = params.decision_working_days + params.decision_extension_working_days
    deadline = decision_deadline(facts.cell_resolution_date, calendar, params, extended=True)
    values = {"working_days": days, "limit": limit, "deadline": iso(deadline)}
    if days > limit:
        return fail(
            f"Quyết định kết nạp ra sau {days} ngày làm việc kể từ nghị quyết chi bộ, quá cả thời hạn gia hạn "
            f"({limit} ngày làm việc, hạn {fmt_date(deadline)}); nếu không có lý do chính đáng phải kiểm điểm "
            "trách nhiệm trước cấp ủy cấp trên.",
            **values,
        )
    return ok(f"Quyết định kết nạp ra sau {days} ngày làm việc, không quá {limit} ngày làm việc.", **values)


def check_decision_after_resolution(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The decision is not dated before the cell resolution, nor received before it is made."""
    if facts.cell_resolution_date is None:
        return fail(NO_RESOLUTION)
    decided = facts.decision_date or facts.on
    values = {
        "cell_resolution_date": iso(facts.cell_resolution_date),
        "decision_date": iso(decided),
        "decision_received_date": iso(facts.decision_received_date),
    }
    problems = []
    if decided < facts.cell_resolution_date:
        problems.append(
            f"Ngày quyết định kết nạp ({fmt_date(decided)}) trước ngày nghị quyết chi bộ "
            f"({fmt_date(facts.cell_resolution_date)})."
        )
    received = facts.decision_received_date
    if received is not None and received < decided:
        problems.append(
            f"Ngày nhận quyết định ({fmt_date(received)}) trước ngày ra quyết định ({fmt_date(decided)})."
        )
    if problems:
        return fail(" ".join(problems), **values)
    return ok(
        f"Quyết định kết nạp ngày {fmt_date(decided)}, sau nghị quyết chi bộ ngày "
        f"{fmt_date(facts.cell_resolution_date)}.",
        **values,
    )


def check_ceremony_deadline(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The ceremony is held within 30 working days of receiving the decision, else the higher committee agrees."""
    if facts.decision_received_date is None:
        return fail_as(Severity.BLOCK, NO_RECEIVED)
    held = facts.ceremony_date or facts.on
    received = facts.decision_received_date
    days = calendar.working_days_between(received, held)
    limit = params.ceremony_working_days
    deadline = ceremony_deadline(received, calendar, params)
    values = {"working_days": days, "limit": limit, "deadline": iso(deadline), "ceremony_date": iso(held)}
    text = (
        f"Lễ kết nạp ngày {fmt_date(held)} cách ngày nhận quyết định kết nạp ({fmt_date(received)}) "
        f"{days} ngày làm việc"
    )
    if days > limit:
        return fail(
            f"{text}; quá {limit} ngày làm việc (hạn {fmt_date(deadline)}) phải được cấp ủy cấp trên trực tiếp "
            "đồng ý.",
            **values,
        )
    return ok(f"{text}, trong thời hạn {limit} ngày làm việc (hạn {fmt_date(deadline)}).", **values)


def check_ceremony_after_decision(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The ceremony is not held before the admission decision, nor before it is received."""
    if facts.decision_date is None:
        return fail("Chưa có ngày quyết định kết nạp.")
    held = facts.ceremony_date or facts.on
    values = {"ceremony_date": iso(held), "decision_date": iso(facts.decision_date)}
    if held < facts.decision_date:
        return fail(
            f"Lễ kết nạp ngày {fmt_date(held)} trước ngày quyết định kết nạp ({fmt_date(facts.decision_date)}).",
            **values,
        )
    received = facts.decision_received_date
    if received is not None and held < received:
        return fail(
            f"Lễ kết nạp ngày {fmt_date(held)} trước ngày chi bộ nhận quyết định kết nạp ({fmt_date(received)}).",
            **values,
        )
    return ok(
        f"Lễ kết nạp ngày {fmt_date(held)}, sau quyết định kết nạp ngày {fmt_date(facts.decision_date)}.",
        **values,
    )


def check_probation_complete(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The confirmation vote is held once the 12 months of probation (from the ceremony) are complete."""
    if facts.ceremony_date is None:
        return fail(NO_CEREMONY)
    voted = facts.confirmation_vote_date or facts.on
    ends = probation_end(facts.ceremony_date, params)
    values = {"probation_end": iso(ends), "vote_date": iso(voted)}
    text = (
        f"lễ kết nạp ngày {fmt_date(facts.ceremony_date)}, đủ {params.probation_months} tháng dự bị ngày "
        f"{fmt_date(ends)}"
    )
    if voted < ends:
        return fail(
            f"Chi bộ xét công nhận chính thức ngày {fmt_date(voted)} khi chưa hết thời kỳ dự bị ({text}).",
            **values,
        )
    return ok(
        f"Chi bộ xét công nhận chính thức ngày {fmt_date(voted)}, đã hết thời kỳ dự bị ({text}).", **values
    )


def check_confirmation_review_deadline(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The cell reviews confirmation within 30 working days of the end of probation."""
    if facts.ceremony_date is None:
        return None  # PROBATION_COMPLETE reports it
    voted = facts.confirmation_vote_date or facts.on
    ends = probation_end(facts.ceremony_date, params)
    if voted < ends:
        return None  # PROBATION_COMPLETE blocks
    days = calendar.working_days_between(ends, voted)
    limit = params.confirmation_review_working_days
    values = {"working_days": days, "limit": limit, "probation_end": iso(ends)}
    text = (
        f"Chi bộ xét công nhận chính thức ngày {fmt_date(voted)}, {days} ngày làm việc sau ngày hết dự bị "
        f"({fmt_date(ends)})"
    )
    if days > limit:
        return fail(f"{text}; quá thời hạn {limit} ngày làm việc.", **values)
    return ok(f"{text}, trong thời hạn {limit} ngày làm việc.", **values)


def check_confirmation_decision_deadline(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The confirmation decision comes within 30 working days (unconfirmed) of the cell's confirmation vote."""
    if facts.confirmation_vote_date is None:
        return fail_as(Severity.BLOCK, "Chưa có ngày chi bộ xét công nhận đảng viên chính thức.")
    days = calendar.working_days_between(facts.confirmation_vote_date, facts.on)
    limit = params.confirmation_decision_working_days
    deadline = calendar.add_working_days(facts.confirmation_vote_date, limit)
    values = {"working_days": days, "limit": limit, "deadline": iso(deadline)}
    text = (
        f"Quyết định công nhận chính thức ngày {fmt_date(facts.on)} cách ngày chi bộ xét "
        f"({fmt_date(facts.confirmation_vote_date)}) {days} ngày làm việc"
    )
    if days > limit:
        return fail(f"{text}; quá thời hạn {limit} ngày làm việc (hạn {fmt_date(deadline)}).", **values)
    return ok(f"{text}, trong thời hạn {limit} ngày làm việc (hạn {fmt_date(deadline)}).", **values)
