"""Checks on the background verification (thẩm tra lý lịch) of the applicant and relatives."""

from ..facts import CandidacyFacts, RelativeFacts
from ..params import Params
from ..results import Outcome, fail, ok
from ..text import join_names
from ..workdays import WorkCalendar

# HD 06-HD/TW (2025), điểm 3.4.c: no verification of a father, mother (or sibling) or child who is a party
# member and fully declared. Spouse, parents-in-law and guardians who are members are still verified.
EXEMPT_IF_PARTY_MEMBER = frozenset({"father", "mother", "child"})


def _who(person: RelativeFacts) -> str:
    return f"{person.name} ({person.relation_label})"


def check_verification_complete(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """The applicant and every relative in scope have a verification result (party-member parents/children exempt)."""
    people = facts.relatives
    has_self = any(p.relation == "self" for p in people)
    exempt = [p for p in people if p.relation in EXEMPT_IF_PARTY_MEMBER and p.is_party_member]
    pending = [p for p in people if p not in exempt and not p.is_verified]
    values = {
        "people": len(people),
        "exempt": [p.name for p in exempt],
        "pending": [p.name for p in pending],
    }
    problems = []
    if not has_self:
        problems.append("Chưa có thẩm tra lý lịch của bản thân người vào Đảng.")
    if pending:
        problems.append(f"Chưa có kết quả thẩm tra lý lịch: {join_names([_who(p) for p in pending])}.")
    if problems:
        return fail(" ".join(problems), **values)
    message = f"Đã có kết quả thẩm tra lý lịch của {len(people) - len(exempt)} người"
    if exempt:
        message += f"; miễn thẩm tra người thân là đảng viên: {join_names([_who(p) for p in exempt])}"
    return ok(message + ".", **values)


def check_verification_concern(
    facts: CandidacyFacts, params: Params, calendar: WorkCalendar
) -> Outcome | None:
    """A verification result that raised a concern is shown to the cell before it votes."""
    if not facts.relatives:
        return None
    concerns = [p for p in facts.relatives if p.result == "concern"]
    values = {"concerns": [p.name for p in concerns]}
    if concerns:
        return fail(
            f"Kết quả thẩm tra lý lịch có vấn đề cần xem xét về tiêu chuẩn chính trị: "
            f"{join_names([_who(p) for p in concerns])}.",
            **values,
        )
    return ok("Không có kết quả thẩm tra lý lịch nào có vấn đề cần xem xét.", **values)
