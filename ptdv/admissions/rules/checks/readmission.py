"""Checks on re-admission (kết nạp lại) of a former member: waiting time, excluded causes, once only, consent."""

from ..calendar import add_months, whole_months_between
from ..facts import CandidacyFacts
from ..params import Params
from ..results import Outcome, fail, ok
from ..text import fmt_date, iso
from ..workdays import WorkCalendar

EXCLUDED_REASONS = frozenset(
    {"self_abandoned", "resigned", "disunity", "corruption_conviction", "serious_crime_conviction"}
)


def check_readmission_wait(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """At least 36 months out of the Party; 60 months after the conviction is cleared for a minor crime."""
    exit_ = facts.readmission
    if exit_ is None:
        return None
    if exit_.reason == "minor_crime_conviction":
        if exit_.conviction_cleared_on is None:
            return fail("Người bị kết án về tội ít nghiêm trọng: chưa có ngày được xóa án tích.")
        since, need = exit_.conviction_cleared_on, params.readmission_after_conviction_months
        what = "được xóa án tích"
    else:
        since, need = exit_.left_on, params.readmission_months
        what = "ra khỏi Đảng"
    months = whole_months_between(since, facts.on)
    earliest = add_months(since, need)
    values = {"since": iso(since), "months": months, "required_months": need, "earliest": iso(earliest)}
    text = f"Ngày {what}: {fmt_date(since)}; đến ngày {fmt_date(facts.on)} được {months} tháng"
    if months < need:
        return fail(
            f"{text}; phải đủ {need} tháng (từ ngày {fmt_date(earliest)}) mới được xét kết nạp lại.", **values
        )
    return ok(f"{text}, đủ {need} tháng.", **values)


def check_readmission_excluded(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """Never re-admit those who left by abandoning, resigning (unless family hardship), disunity, or conviction."""
    exit_ = facts.readmission
    if exit_ is None:
        return None
    values = {"reason": exit_.reason, "family_hardship": exit_.family_hardship}
    if exit_.reason in EXCLUDED_REASONS and not (exit_.reason == "resigned" and exit_.family_hardship):
        return fail(f"Người đã ra khỏi Đảng vì {exit_.reason_label}; không được xét kết nạp lại.", **values)
    if exit_.reason == "resigned":
        return ok(
            "Người đã làm đơn xin ra khỏi Đảng vì lý do gia đình đặc biệt khó khăn; được xét kết nạp lại.",
            **values,
        )
    return ok(
        f"Lý do ra khỏi Đảng ({exit_.reason_label}) không thuộc trường hợp không được kết nạp lại.", **values
    )


def check_readmission_once(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """A former member is re-admitted only once."""
    exit_ = facts.readmission
    if exit_ is None:
        return None
    if exit_.readmitted_before:
        return fail(
            "Người này đã được kết nạp lại một lần; chỉ được kết nạp lại một lần.", readmitted_before=True
        )
    return ok("Người này chưa được kết nạp lại lần nào.", readmitted_before=False)


def check_readmission_consent(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """Re-admission always needs the written consent of the provincial standing committee."""
    if facts.readmission is None:
        return None
    return fail(
        f"Kết nạp lại người đã ra khỏi Đảng ngày {fmt_date(facts.readmission.left_on)} phải được ban thường vụ "
        "tỉnh ủy, thành ủy (hoặc tương đương) đồng ý bằng văn bản.",
        left_on=iso(facts.readmission.left_on),
    )
