"""The kinds of paper a dossier holds, and the step after which each is required."""

from dataclasses import dataclass
from enum import StrEnum

from ptdv.admissions.rules import Step


class When(StrEnum):
    """When a kind of paper belongs in the dossier at all (beyond the step that requires it)."""

    ALWAYS = "always"
    MEMBER_INTRODUCER = "member_introducer"
    YOUTH_UNION_INTRODUCTION = "youth_union_introduction"
    TRADE_UNION_INTRODUCTION = "trade_union_introduction"
    STEP_RECORDED = "step_recorded"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of paper: its label, the step after which it is required (None: never) and when it applies."""

    code: str
    label: str
    after: str | None
    when: When = When.ALWAYS


OTHER_KIND = "khac"

# Order follows the pipeline (HD 12-HD/BTCTW 2022, Phần II §1.1); the codes are the forms' own (glossary).
DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in [
        DocumentKind("chung-nhan", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", Step.COURSE),
        DocumentKind("1-KNĐ", "Đơn xin vào Đảng (1-KNĐ)", Step.APPLY),
        DocumentKind("2-KNĐ", "Lý lịch người xin vào Đảng (2-KNĐ)", Step.HISTORY),
        DocumentKind("tham-tra", "Văn bản thẩm tra lý lịch (công văn, kết quả thẩm tra)", Step.VERIFY),
        DocumentKind(
            "3-KNĐ", "Giấy giới thiệu người vào Đảng (3-KNĐ)", Step.INTRODUCE, When.MEMBER_INTRODUCER
        ),
        DocumentKind(
            "4-KNĐ",
            "Nghị quyết giới thiệu đoàn viên ưu tú của BCH Đoàn cơ sở (4-KNĐ)",
            Step.INTRODUCE,
            When.YOUTH_UNION_INTRODUCTION,
        ),
        DocumentKind(
            "4A-KNĐ",
            "Nghị quyết giới thiệu của BCH Công đoàn cơ sở (4A-KNĐ)",
            Step.INTRODUCE,
            When.TRADE_UNION_INTRODUCTION,
        ),
        DocumentKind(
            "5-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú (5-KNĐ)", Step.OPINIONS
        ),
        DocumentKind("6-KNĐ", "Nghị quyết chi bộ đề nghị kết nạp (6-KNĐ)", Step.CELL_VOTE),
        DocumentKind(
            "7-KNĐ", "Báo cáo thẩm định của đảng ủy bộ phận (7-KNĐ)", Step.APPRAISE, When.STEP_RECORDED
        ),
        DocumentKind(
            "8-KNĐ",
            "Nghị quyết đảng ủy cơ sở đề nghị kết nạp (8-KNĐ)",
            Step.COMMITTEE_VOTE,
            When.STEP_RECORDED,
        ),
        DocumentKind("9-KNĐ", "Quyết định kết nạp đảng viên (9-KNĐ)", Step.DECIDE),
        DocumentKind("ly-lich-dang-vien", "Lý lịch đảng viên", Step.CEREMONY),
        DocumentKind("phieu-dang-vien", "Phiếu đảng viên", Step.CEREMONY),
        DocumentKind("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị (10-KNĐ)", Step.CONFIRMATION_VOTE),
        DocumentKind("11-KNĐ", "Bản nhận xét của đảng viên giúp đỡ (11-KNĐ)", Step.CONFIRMATION_VOTE),
        DocumentKind(
            "12-KNĐ",
            "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú về đảng viên dự bị (12-KNĐ)",
            Step.CONFIRMATION_VOTE,
        ),
        DocumentKind(
            "13-KNĐ",
            "Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức (13-KNĐ)",
            Step.CONFIRMATION_VOTE,
        ),
        DocumentKind("16-KNĐ", "Quyết định công nhận đảng viên chính thức (16-KNĐ)", Step.CONFIRM),
        DocumentKind(OTHER_KIND, "Giấy tờ khác", None),
    ]
}

# The papers that lose their value when the cell has not considered the applicant in time.
PAPERS_WITH_VALIDITY = ("3-KNĐ", "4-KNĐ", "4A-KNĐ", "5-KNĐ")
CERTIFICATE_KIND = "chung-nhan"
