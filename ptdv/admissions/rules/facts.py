"""The facts about one candidacy that the rules read: plain frozen dataclasses, built by the services layer.

`CandidacyFacts.on` is the date the step happens: for CELL_VOTE the date of the cell's vote (age and
certificate validity are checked on it), for DECIDE the decision date, for CONFIRMATION_VOTE the
confirmation vote date, and so on. At CONFIRMATION_VOTE, `cell_vote` holds the confirmation vote.
Unknown code strings (kind, relation, result, reason, education level) raise ValueError.
"""

import datetime as dt
from dataclasses import dataclass

INTRODUCER_KINDS = {
    "member": "đảng viên chính thức",
    "youth_union": "Ban Chấp hành Đoàn cơ sở",
    "trade_union": "Ban Chấp hành công đoàn cơ sở",
}

RELATIONS = {
    "self": "bản thân",
    "father": "cha đẻ",
    "mother": "mẹ đẻ",
    "guardian": "người trực tiếp nuôi dưỡng",
    "father_in_law": "cha vợ (chồng)",
    "mother_in_law": "mẹ vợ (chồng)",
    "spouse": "vợ (chồng)",
    "child": "con đẻ",
}

VERIFICATION_RESULTS = {"": "chưa có kết quả", "clear": "không có vấn đề", "concern": "có vấn đề cần xem xét"}

EDUCATION_LEVELS = {
    "literate": "biết đọc, biết viết chữ quốc ngữ",
    "primary": "hoàn thành chương trình tiểu học",
    "lower_secondary": "tốt nghiệp trung học cơ sở",
    "upper_secondary": "tốt nghiệp trung học phổ thông",
}
EDUCATION_RANK = {level: rank for rank, level in enumerate(EDUCATION_LEVELS)}

EXIT_REASONS = {
    "self_abandoned": "tự bỏ sinh hoạt đảng",
    "resigned": "làm đơn xin ra khỏi Đảng",
    "disunity": "gây mất đoàn kết nội bộ nghiêm trọng",
    "corruption_conviction": "bị kết án về tội tham nhũng",
    "serious_crime_conviction": "bị kết án về tội phạm nghiêm trọng trở lên",
    "minor_crime_conviction": "bị kết án về tội ít nghiêm trọng",
    "removed": "bị xóa tên",
    "other": "lý do khác",
}


def _check_code(value: str, allowed: dict[str, str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"Unknown {what}: {value!r} (expected one of {', '.join(map(repr, allowed))})")


@dataclass(frozen=True)
class IntroducerFacts:
    """One introduction: a full member, or the Youth Union / trade union executive committee."""

    kind: str  # "member" | "youth_union" | "trade_union"
    name: str
    person_id: int | None = None
    is_full_member: bool = False
    together_since: dt.date | None = None
    same_unit: bool = True

    def __post_init__(self) -> None:
        _check_code(self.kind, INTRODUCER_KINDS, "introducer kind")


@dataclass(frozen=True)
class RelativeFacts:
    """One person in the background verification: the applicant ("self") or a relative."""

    relation: str  # "self","father","mother","guardian","father_in_law","mother_in_law","spouse","child"
    name: str
    is_party_member: bool = False
    verified_on: dt.date | None = None
    result: str = ""  # "" pending, "clear", "concern"

    def __post_init__(self) -> None:
        _check_code(self.relation, RELATIONS, "relation")
        _check_code(self.result, VERIFICATION_RESULTS, "verification result")

    @property
    def relation_label(self) -> str:
        """Vietnamese name of the relation."""
        return RELATIONS[self.relation]

    @property
    def is_verified(self) -> bool:
        """A reply has been received and its result recorded."""
        return self.verified_on is not None and self.result != ""


@dataclass(frozen=True)
class VoteFacts:
    """A vote: of the cell (members = its full members) or of the grassroots committee (members = committee size)."""

    members: int
    votes_for: int
    present: int | None = None
    on_temporary_transfer: int = 0
    exempt_absent: int = 0

    @property
    def eligible(self) -> int:
        """The denominator: full members minus those on temporary transfer out and exempt members absent.

        QĐ 294-QĐ/TW, điểm 9.3.2 (domain-rules §3.8).
        """
        return self.members - self.on_temporary_transfer - self.exempt_absent


@dataclass(frozen=True)
class ExitFacts:
    """How a former member left the Party (for re-admission)."""

    left_on: dt.date
    reason: str
    conviction_cleared_on: dt.date | None = None  # xóa án tích, for "minor_crime_conviction"
    readmitted_before: bool = False
    family_hardship: bool = False  # a resignation for special family hardship does not exclude

    def __post_init__(self) -> None:
        _check_code(self.reason, EXIT_REASONS, "exit reason")

    @property
    def reason_label(self) -> str:
        """Vietnamese description of the reason."""
        return EXIT_REASONS[self.reason]


@dataclass(frozen=True)
class CandidacyFacts:
    """Everything the rules may read about one candidacy, as of the step's date `on`."""

    on: dt.date
    applicant_id: int | None = None
    date_of_birth: dt.date | None = None
    education_level: str = "upper_secondary"  # "literate" | "primary" | "lower_secondary" | "upper_secondary"
    # mountains, border, islands, ethnic-minority or extremely difficult area, fishermen at sea:
    lives_in_exempt_area: bool = False
    is_village_elder: bool = False  # già làng, trưởng bản, người có uy tín
    is_youth_union_member: bool = False
    is_trade_union_member: bool = False
    youth_union_exists: bool = True
    trade_union_exists: bool = False
    certificate_date: dt.date | None = None
    papers_date: dt.date | None = None  # earliest date of the introductions / opinions
    introducers: tuple[IntroducerFacts, ...] = ()
    relatives: tuple[RelativeFacts, ...] = ()
    cell_full_members: int | None = None
    cell_vote: VoteFacts | None = None
    committee_vote: VoteFacts | None = None
    cell_resolution_date: dt.date | None = None
    decision_date: dt.date | None = None
    decision_received_date: dt.date | None = None
    ceremony_date: dt.date | None = None
    confirmation_vote_date: dt.date | None = None
    readmission: ExitFacts | None = None

    def __post_init__(self) -> None:
        _check_code(self.education_level, EDUCATION_LEVELS, "education level")
