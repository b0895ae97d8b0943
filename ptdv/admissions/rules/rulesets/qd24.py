"""Rule set QD24: Quy định 24-QĐ/TW (30/7/2021) with Hướng dẫn 01-HD/TW (28/9/2021).

Also used for any date before 30/7/2021 (QĐ 29-QĐ/TW of 2016 had the same thresholds for these rules); the
system does not model earlier regulations separately.
"""

import datetime as dt

from ..checks.deadlines import (
    check_ceremony_after_decision,
    check_ceremony_deadline,
    check_confirmation_decision_deadline,
    check_confirmation_review_deadline,
    check_decision_after_resolution,
    check_decision_deadline,
    check_decision_overdue,
    check_probation_complete,
)
from ..checks.eligibility import (
    check_certificate_valid,
    check_education,
    check_max_age,
    check_min_age,
    check_papers_fresh,
)
from ..checks.introductions import check_introducer_qualified, check_introducers
from ..checks.readmission import (
    check_readmission_consent,
    check_readmission_excluded,
    check_readmission_once,
    check_readmission_wait,
)
from ..checks.verification import check_verification_complete, check_verification_concern
from ..checks.votes import (
    check_cell_size,
    check_cell_vote_threshold,
    check_committee_vote_numbers,
    check_committee_vote_threshold,
    check_vote_numbers,
)
from ..params import Params
from ..results import Citation
from ..results import Severity as S
from ..steps import Step
from .base import Rule, RuleSet, place

CHARTER = "Điều lệ Đảng"
QD24 = "QĐ 24-QĐ/TW"
HD01 = "HD 01-HD/TW (2021)"
HD01_2016 = "HD 01-HD/TW (2016)"

RULES: tuple[Rule, ...] = (
    Rule("MIN_AGE", "Đủ 18 tuổi khi chi bộ xét", S.BLOCK, Citation(QD24, "điểm 1.1.1"), check_min_age),
    Rule(
        "MAX_AGE", "Trên 60 tuổi cần văn bản đồng ý", S.APPROVAL, Citation(QD24, "điểm 1.1.2"), check_max_age
    ),
    Rule("EDUCATION", "Trình độ học vấn", S.BLOCK, Citation(HD01, "điểm 1.2"), check_education),
    Rule(
        "CERTIFICATE_VALID",
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng còn giá trị",
        S.BLOCK,
        Citation(HD01, "điểm 3.1"),
        check_certificate_valid,
    ),
    Rule(
        "PAPERS_FRESH",
        "Giấy giới thiệu, ý kiến nhận xét còn giá trị",
        S.WARN,
        Citation(HD01_2016, "giấy tờ quá 12 tháng phải làm lại (văn bản hiện hành chưa xác nhận)"),
        check_papers_fresh,
    ),
    Rule("INTRODUCERS", "Người giới thiệu", S.BLOCK, Citation(CHARTER, "Điều 4, khoản 1"), check_introducers),
    Rule(
        "INTRODUCER_QUALIFIED",
        "Tiêu chuẩn người giới thiệu",
        S.BLOCK,
        Citation(QD24, "điểm 3.2.1"),
        check_introducer_qualified,
    ),
    Rule(
        "VERIFICATION_COMPLETE",
        "Thẩm tra lý lịch đầy đủ",
        S.BLOCK,
        Citation(HD01, "điểm 3.4"),
        check_verification_complete,
    ),
    Rule(
        "VERIFICATION_CONCERN",
        "Kết quả thẩm tra lý lịch có vấn đề",
        S.WARN,
        Citation(HD01, "điểm 3.4"),
        check_verification_concern,
    ),
    Rule(
        "CELL_SIZE",
        "Chi bộ đủ 3 đảng viên chính thức",
        S.BLOCK,
        Citation(CHARTER, "Điều 24, khoản 1"),
        check_cell_size,
    ),
    Rule(
        "CELL_VOTE_THRESHOLD",
        "Ít nhất 2/3 đảng viên chính thức tán thành",
        S.BLOCK,
        Citation(CHARTER, "Điều 4, khoản 3"),
        check_cell_vote_threshold,
    ),
    Rule(
        "VOTE_NUMBERS",
        "Số liệu biểu quyết của chi bộ hợp lệ",
        S.BLOCK,
        Citation(QD24, "điểm 9.3.2"),
        check_vote_numbers,
    ),
    Rule(
        "COMMITTEE_VOTE_THRESHOLD",
        "Ít nhất 2/3 cấp ủy viên đồng ý",
        S.BLOCK,
        Citation(CHARTER, "Điều 4, khoản 3"),
        check_committee_vote_threshold,
    ),
    Rule(
        "COMMITTEE_VOTE_NUMBERS",
        "Số liệu biểu quyết của đảng ủy hợp lệ",
        S.BLOCK,
        Citation(QD24, "điểm 9.3.2"),
        check_committee_vote_numbers,
    ),
    Rule(
        "DECISION_DEADLINE",
        "Quyết định kết nạp trong 60 ngày làm việc",
        S.APPROVAL,
        Citation(QD24, "điểm 4.3.1"),
        check_decision_deadline,
    ),
    Rule(
        "DECISION_OVERDUE",
        "Quyết định kết nạp quá thời hạn gia hạn",
        S.WARN,
        Citation(QD24, "điểm 4.3.1"),
        check_decision_overdue,
    ),
    Rule(
        "DECISION_AFTER_RESOLUTION",
        "Quyết định kết nạp sau nghị quyết chi bộ",
        S.BLOCK,
        Citation(QD24, "điểm 4.3.1"),
        check_decision_after_resolution,
    ),
    Rule(
        "CEREMONY_DEADLINE",
        "Lễ kết nạp trong 30 ngày làm việc",
        S.APPROVAL,
        Citation(QD24, "điểm 4.1"),
        check_ceremony_deadline,
    ),
    Rule(
        "CEREMONY_AFTER_DECISION",
        "Lễ kết nạp sau quyết định kết nạp",
        S.BLOCK,
        Citation(QD24, "điểm 4.1"),
        check_ceremony_after_decision,
    ),
    Rule(
        "PROBATION_COMPLETE",
        "Hết 12 tháng dự bị",
        S.BLOCK,
        Citation(CHARTER, "Điều 5, khoản 1"),
        check_probation_complete,
    ),
    Rule(
        "CONFIRMATION_REVIEW_DEADLINE",
        "Chi bộ xét công nhận chính thức trong 30 ngày làm việc",
        S.WARN,
        Citation(QD24, "điểm 4.2"),
        check_confirmation_review_deadline,
    ),
    Rule(
        "CONFIRMATION_DECISION_DEADLINE",
        "Quyết định công nhận chính thức đúng thời hạn",
        S.WARN,
        Citation(QD24, "điểm 4.3.1"),
        check_confirmation_decision_deadline,
    ),
    Rule(
        "READMISSION_WAIT",
        "Thời gian chờ kết nạp lại",
        S.BLOCK,
        Citation(QD24, "điểm 3.5.1"),
        check_readmission_wait,
    ),
    Rule(
        "READMISSION_EXCLUDED",
        "Trường hợp không được kết nạp lại",
        S.BLOCK,
        Citation(QD24, "điểm 3.5.2"),
        check_readmission_excluded,
    ),
    Rule(
        "READMISSION_ONCE",
        "Chỉ kết nạp lại một lần",
        S.BLOCK,
        Citation(QD24, "điểm 3.5.1"),
        check_readmission_once,
    ),
    Rule(
        "READMISSION_CONSENT",
        "Kết nạp lại cần văn bản đồng ý của ban thường vụ tỉnh ủy",
        S.APPROVAL,
        Citation(QD24, "điểm 3.5.1"),
        check_readmission_consent,
    ),
)

_READMISSION = ("READMISSION_EXCLUDED", "READMISSION_ONCE", "READMISSION_WAIT")

PLACEMENT: dict[Step, tuple[str, ...]] = {
    Step.NOMINATE: _READMISSION,
    Step.VERIFY: ("VERIFICATION_COMPLETE", "VERIFICATION_CONCERN"),
    Step.INTRODUCE: ("INTRODUCERS", "INTRODUCER_QUALIFIED"),
    Step.CELL_VOTE: (
        "MIN_AGE",
        "MAX_AGE",
        "EDUCATION",
        "CERTIFICATE_VALID",
        "PAPERS_FRESH",
        "INTRODUCERS",
        "INTRODUCER_QUALIFIED",
        "VERIFICATION_COMPLETE",
        "VERIFICATION_CONCERN",
        "CELL_SIZE",
        "VOTE_NUMBERS",
        "CELL_VOTE_THRESHOLD",
        *_READMISSION,
        "READMISSION_CONSENT",
    ),
    Step.COMMITTEE_VOTE: ("COMMITTEE_VOTE_NUMBERS", "COMMITTEE_VOTE_THRESHOLD"),
    Step.DECIDE: ("DECISION_AFTER_RESOLUTION", "DECISION_DEADLINE", "DECISION_OVERDUE"),
    Step.CEREMONY: ("CEREMONY_AFTER_DECISION", "CEREMONY_DEADLINE"),
    Step.CONFIRMATION_VOTE: (
        "PROBATION_COMPLETE",
        "CONFIRMATION_REVIEW_DEADLINE",
        "VOTE_NUMBERS",
        "CELL_VOTE_THRESHOLD",
    ),
    Step.CONFIRM: ("CONFIRMATION_DECISION_DEADLINE",),
}

RULESET = RuleSet(
    code="QD24",
    name="Quy định 24-QĐ/TW (30/7/2021)",
    valid_from=dt.date(2021, 7, 30),
    params=Params(),
    steps=place(RULES, PLACEMENT),
)
