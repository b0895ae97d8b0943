"""Checks on the applicant: age, education, the awareness-course certificate, freshness of the papers."""

from ..calendar import add_months, age_in_months, whole_months_between
from ..deadlines import certificate_expiry
from ..facts import EDUCATION_LEVELS, EDUCATION_RANK, CandidacyFacts
from ..params import Params
from ..results import Outcome, Severity, fail, fail_as, ok
from ..text import fmt_age, fmt_date, iso
from ..workdays import WorkCalendar

NO_DATE_OF_BIRTH = "Chưa có ngày sinh của người vào Đảng; không xác định được tuổi tại ngày chi bộ xét."


def check_min_age(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The applicant is at least 18 years old (in whole months) on the day the cell votes."""
    if facts.date_of_birth is None:
        return fail(NO_DATE_OF_BIRTH, on=iso(facts.on))
    months = age_in_months(facts.date_of_birth, facts.on)
    values = {"age_months": months, "on": iso(facts.on), "min_age_months": params.min_age_months}
    when = f"tại ngày chi bộ xét ({fmt_date(facts.on)})"
    if months < params.min_age_months:
        return fail(
            f"Người vào Đảng mới {fmt_age(months)} {when}; phải đủ {fmt_age(params.min_age_months)}.",
            **values,
        )
    return ok(f"Người vào Đảng {fmt_age(months)} {when}.", **values)


def check_max_age(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """Over 60 years (in whole months) needs the written consent of the provincial standing committee."""
    if facts.date_of_birth is None:
        return None  # MIN_AGE reports the missing date of birth
    months = age_in_months(facts.date_of_birth, facts.on)
    values = {"age_months": months, "on": iso(facts.on), "max_age_months": params.max_age_months}
    when = f"tại ngày chi bộ xét ({fmt_date(facts.on)})"
    limit = fmt_age(params.max_age_months)
    if months > params.max_age_months:
        return fail(
            f"Người vào Đảng {fmt_age(months)} {when}, trên {limit}; phải được ban thường vụ cấp ủy trực thuộc "
            "Trung ương đồng ý bằng văn bản trước khi ra quyết định kết nạp.",
            **values,
        )
    return ok(f"Người vào Đảng {fmt_age(months)} {when}, không quá {limit}.", **values)


def check_education(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """Lower-secondary graduation, or the exceptions for exempt areas (primary; literate village elders)."""
    level = facts.education_level
    rank = EDUCATION_RANK[level]
    label = EDUCATION_LEVELS[level]
    values = {"education_level": level, "exempt_area": facts.lives_in_exempt_area}
    if rank >= EDUCATION_RANK["lower_secondary"]:
        return ok(
            f"Trình độ học vấn: {label}; đạt tiêu chuẩn (tốt nghiệp trung học cơ sở trở lên).", **values
        )
    area = (
        "miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số, vùng đặc biệt khó khăn hoặc ngư dân "
        "thường xuyên làm việc trên biển"
    )
    if facts.lives_in_exempt_area and rank >= EDUCATION_RANK["primary"]:
        return ok(
            f"Trình độ học vấn: {label}; đạt theo trường hợp ngoại lệ cho người ở {area} "
            "(tối thiểu hoàn thành chương trình tiểu học).",
            **values,
        )
    if facts.lives_in_exempt_area and facts.is_village_elder:
        return fail_as(
            Severity.APPROVAL,
            f"Trình độ học vấn: {label}; già làng, trưởng bản, người có uy tín ở {area} chỉ cần biết đọc, biết viết "
            "chữ quốc ngữ nhưng phải được ban thường vụ cấp ủy trực thuộc Trung ương đồng ý bằng văn bản.",
            **values,
        )
    if facts.lives_in_exempt_area:
        return fail(
            f"Trình độ học vấn: {label}; người ở {area} phải tối thiểu hoàn thành chương trình tiểu học.",
            **values,
        )
    return fail(
        f"Trình độ học vấn: {label}; người vào Đảng phải tốt nghiệp trung học cơ sở trở lên.", **values
    )


CERTIFICATE = "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng"


def check_certificate_valid(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """The awareness-course certificate exists and is at most 60 months old on the day the cell votes."""
    issued = facts.certificate_date
    if issued is None:
        return fail(
            f"Chưa có {CERTIFICATE[0].lower()}{CERTIFICATE[1:]}; phải học lớp trước khi chi bộ xét kết nạp."
        )
    expiry = certificate_expiry(issued, params)
    months = whole_months_between(issued, facts.on)
    values = {
        "certificate_date": iso(issued),
        "expiry": iso(expiry),
        "age_months": months,
        "on": iso(facts.on),
    }
    limit = params.certificate_valid_months
    if issued > facts.on:
        return fail(
            f"{CERTIFICATE} cấp ngày {fmt_date(issued)}, sau ngày chi bộ xét ({fmt_date(facts.on)}).",
            **values,
        )
    if facts.on > expiry:
        if months > limit:
            age = f"{months} tháng"
        else:
            age = f"{months} tháng {(facts.on - add_months(issued, months)).days} ngày"
        return fail(
            f"{CERTIFICATE} cấp ngày {fmt_date(issued)} đã quá {limit} tháng ({age}) tại ngày chi bộ xét "
            f"({fmt_date(facts.on)}); phải học lại lớp bồi dưỡng nhận thức về Đảng.",
            **values,
        )
    return ok(
        f"{CERTIFICATE} cấp ngày {fmt_date(issued)} còn giá trị đến hết ngày {fmt_date(expiry)} "
        f"({months} tháng tại ngày chi bộ xét {fmt_date(facts.on)}).",
        **values,
    )


def check_papers_fresh(facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> Outcome | None:
    """Introductions and opinions older than the papers validity (12 months, unconfirmed) should be redone."""
    if facts.papers_date is None:
        return None
    limit = params.papers_valid_months
    months = whole_months_between(facts.papers_date, facts.on)
    values = {"papers_date": iso(facts.papers_date), "age_months": months, "on": iso(facts.on)}
    if facts.on > add_months(facts.papers_date, limit):
        return fail(
            f"Giấy giới thiệu, ý kiến nhận xét sớm nhất lập ngày {fmt_date(facts.papers_date)}, đã quá {limit} tháng "
            f"({months} tháng) tại ngày chi bộ xét ({fmt_date(facts.on)}); nên làm lại giấy giới thiệu và lấy lại "
            "ý kiến nhận xét.",
            **values,
        )
    return ok(
        f"Giấy giới thiệu, ý kiến nhận xét sớm nhất lập ngày {fmt_date(facts.papers_date)} ({months} tháng tại "
        f"ngày chi bộ xét), chưa quá {limit} tháng.",
        **values,
    )
