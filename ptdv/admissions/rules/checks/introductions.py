"""Checks on the introducers: who must introduce the applicant, and whether each member introducer qualifies."""

from ..calendar import age_in_years, whole_months_between
from ..facts import CandidacyFacts
from ..params import Params
from ..results import Outcome, fail, ok
from ..text import join_names
from ..workdays import WorkCalendar
from .eligibility import NO_DATE_OF_BIRTH


def check_introducers(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """Two full members; or, for youth, the Youth Union (else trade union) executive plus one full member."""
    members = [i.name for i in facts.introducers if i.kind == "member"]
    youth = [i for i in facts.introducers if i.kind == "youth_union"]
    trade = [i for i in facts.introducers if i.kind == "trade_union"]
    if facts.date_of_birth is None:
        return fail(NO_DATE_OF_BIRTH.replace("tại ngày chi bộ xét", "để xác định người giới thiệu"))
    age = age_in_years(facts.date_of_birth, facts.on)
    is_youth = params.youth_age_min <= age <= params.youth_age_max
    values = {"age_years": age, "youth": is_youth, "members": len(members), "youth_union": len(youth)}
    values["trade_union"] = len(trade)
    youth_text = f"{age} tuổi, trong độ tuổi thanh niên ({params.youth_age_min}–{params.youth_age_max})"
    named = f" ({join_names(members)})" if members else ""

    if is_youth and facts.youth_union_exists:
        problems = []
        if not facts.is_youth_union_member:
            problems.append("phải là đoàn viên Đoàn TNCS Hồ Chí Minh")
        if not youth:
            problems.append("phải được Ban Chấp hành Đoàn cơ sở giới thiệu")
        if not members:
            problems.append("phải có một đảng viên chính thức giới thiệu")
        if problems:
            return fail(f"Người vào Đảng {youth_text}, nơi có tổ chức Đoàn: {'; '.join(problems)}.", **values)
        return ok(
            f"Người vào Đảng {youth_text}, là đoàn viên; được Ban Chấp hành Đoàn cơ sở và đảng viên chính thức"
            f"{named} giới thiệu.",
            **values,
        )
    if is_youth and facts.trade_union_exists:
        problems = []
        if not facts.is_trade_union_member:
            problems.append("phải là đoàn viên công đoàn")
        if not trade:
            problems.append("phải được Ban Chấp hành công đoàn cơ sở giới thiệu")
        if not members:
            problems.append("phải có một đảng viên chính thức giới thiệu")
        if problems:
            return fail(
                f"Người vào Đảng {youth_text}, nơi không có tổ chức Đoàn: {'; '.join(problems)}.", **values
            )
        return ok(
            f"Người vào Đảng {youth_text}, là đoàn viên công đoàn; được Ban Chấp hành công đoàn cơ sở và đảng "
            f"viên chính thức{named} giới thiệu.",
            **values,
        )
    if len(members) < 2:
        return fail(
            f"Người vào Đảng có {len(members)} đảng viên chính thức giới thiệu{named}; phải có hai đảng viên "
            "chính thức giới thiệu.",
            **values,
        )
    return ok(f"Người vào Đảng có {len(members)} đảng viên chính thức giới thiệu{named}.", **values)


def check_introducer_qualified(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """Each member introducer is a full member of the same unit, not the applicant, together at least 12 months."""
    members = [i for i in facts.introducers if i.kind == "member"]
    if not members:
        return None  # INTRODUCERS reports the missing introducers
    need = params.introducer_together_months
    problems: list[str] = []
    months_by_name: dict[str, int | None] = {}
    for intro in members:
        who = f"Người giới thiệu {intro.name}"
        if facts.applicant_id is not None and intro.person_id == facts.applicant_id:
            problems.append(f"{who} là chính người vào Đảng.")
            continue
        if not intro.is_full_member:
            problems.append(f"{who} chưa là đảng viên chính thức.")
        if not intro.same_unit:
            problems.append(f"{who} không cùng đơn vị với người vào Đảng.")
        if intro.together_since is None:
            months_by_name[intro.name] = None
            problems.append(f"{who} chưa có ngày bắt đầu cùng công tác với người vào Đảng.")
            continue
        months = whole_months_between(intro.together_since, facts.on)
        months_by_name[intro.name] = months
        if months < need:
            problems.append(
                f"{who} mới cùng công tác {months} tháng với người vào Đảng; phải ít nhất {need} tháng."
            )
    values = {"together_months": months_by_name, "required_months": need}
    if problems:
        return fail(" ".join(problems), **values)
    detail = ", ".join(f"{name}: {m} tháng" for name, m in months_by_name.items())
    return ok(
        f"Người giới thiệu là đảng viên chính thức, cùng đơn vị, cùng công tác với người vào Đảng ít nhất "
        f"{need} tháng ({detail}).",
        **values,
    )
