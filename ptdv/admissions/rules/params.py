"""Every number a rule uses, with its Vietnamese label, its source and whether the source is confirmed.

Defaults follow /work/shared/docs/domain-rules.md. UNCONFIRMED ones are configurable on the settings page.
"""

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class ParamInfo:
    """How a parameter is shown on the settings page."""

    label: str
    source: str
    unconfirmed: bool = False


@dataclass(frozen=True)
class Params:
    """The numbers of a rule set (months, working days, vote fractions). Override with `with_overrides`."""

    min_age_months: int = 216
    max_age_months: int = 720
    certificate_valid_months: int = 60
    papers_valid_months: int = 12
    introducer_together_months: int = 12
    youth_age_min: int = 16
    youth_age_max: int = 30
    cell_min_full_members: int = 3
    vote_numerator: int = 2
    vote_denominator: int = 3
    decision_working_days: int = 60
    decision_extension_working_days: int = 30
    ceremony_working_days: int = 30
    probation_months: int = 12
    confirmation_review_working_days: int = 30
    confirmation_decision_working_days: int = 30
    member_records_working_days: int = 30
    readmission_months: int = 36
    readmission_after_conviction_months: int = 60
    verification_reply_days: int = 30

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Parameter {f.name} must be a non-negative integer, got {value!r}")
        if self.vote_denominator == 0 or self.vote_numerator > self.vote_denominator:
            raise ValueError("The vote fraction must be between 0 and 1 with a positive denominator")

    def with_overrides(self, mapping: dict[str, int]) -> "Params":
        """A copy with some numbers changed; unknown names raise ValueError."""
        unknown = sorted(set(mapping) - set(PARAM_INFO))
        if unknown:
            raise ValueError(f"Unknown rule parameter(s): {', '.join(unknown)}")
        return replace(self, **mapping)

    def as_dict(self) -> dict[str, Any]:
        """Name → value, in declaration order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


PARAM_INFO: dict[str, ParamInfo] = {
    "min_age_months": ParamInfo(
        "Tuổi tối thiểu khi chi bộ xét kết nạp (tháng)", "QĐ 294-QĐ/TW, điểm 1.1.1 (đủ 18 tuổi)"
    ),
    "max_age_months": ParamInfo(
        "Tuổi tối đa không cần văn bản đồng ý (tháng)",
        "QĐ 294-QĐ/TW, điểm 1.1.1–1.1.2; HD 01-HD/TW (2021), điểm 1.1 (đủ 60 tuổi)",
    ),
    "certificate_valid_months": ParamInfo(
        "Thời hạn giá trị giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (tháng)",
        "HD 06-HD/TW (2025), điểm 5.4",
    ),
    "papers_valid_months": ParamInfo(
        "Thời hạn giá trị giấy giới thiệu, ý kiến nhận xét (tháng)",
        "HD 01-HD/TW (2016); văn bản hiện hành chưa xác nhận",
        unconfirmed=True,
    ),
    "introducer_together_months": ParamInfo(
        "Thời gian tối thiểu người giới thiệu cùng công tác với người vào Đảng (tháng)",
        "QĐ 294-QĐ/TW, điểm 3.2.1",
    ),
    "youth_age_min": ParamInfo(
        "Độ tuổi thanh niên: từ (tuổi)", "Luật Thanh niên 2020, Điều 1", unconfirmed=True
    ),
    "youth_age_max": ParamInfo(
        "Độ tuổi thanh niên: đến (tuổi)", "Luật Thanh niên 2020, Điều 1", unconfirmed=True
    ),
    "cell_min_full_members": ParamInfo(
        "Số đảng viên chính thức tối thiểu của chi bộ", "Điều lệ Đảng, Điều 24, khoản 1"
    ),
    "vote_numerator": ParamInfo("Tỷ lệ tán thành tối thiểu: tử số", "Điều lệ Đảng, Điều 4, khoản 3 (2/3)"),
    "vote_denominator": ParamInfo("Tỷ lệ tán thành tối thiểu: mẫu số", "Điều lệ Đảng, Điều 4, khoản 3 (2/3)"),
    "decision_working_days": ParamInfo(
        "Thời hạn ra quyết định kết nạp kể từ nghị quyết chi bộ (ngày làm việc)",
        "QĐ 29-QĐ/TW, điểm 4.3.1; QĐ 232-QĐ/TW, điểm 4.3.1; QĐ 294-QĐ/TW chưa xác nhận",
        unconfirmed=True,
    ),
    "decision_extension_working_days": ParamInfo(
        "Gia hạn tối đa thời hạn ra quyết định kết nạp (ngày làm việc)", "QĐ 29-QĐ/TW, điểm 4.3.1"
    ),
    "ceremony_working_days": ParamInfo(
        "Thời hạn tổ chức lễ kết nạp kể từ ngày nhận quyết định (ngày làm việc)", "QĐ 294-QĐ/TW, điểm 4.1"
    ),
    "probation_months": ParamInfo("Thời kỳ dự bị (tháng)", "Điều lệ Đảng, Điều 5, khoản 1"),
    "confirmation_review_working_days": ParamInfo(
        "Thời hạn chi bộ xét công nhận chính thức kể từ ngày hết dự bị (ngày làm việc)",
        "QĐ 294-QĐ/TW, điểm 4.2",
    ),
    "confirmation_decision_working_days": ParamInfo(
        "Thời hạn ra quyết định công nhận chính thức kể từ nghị quyết chi bộ (ngày làm việc)",
        "QĐ 29-QĐ/TW, điểm 4.3.1; QĐ 294-QĐ/TW chưa xác nhận",
        unconfirmed=True,
    ),
    "member_records_working_days": ParamInfo(
        "Thời hạn khai lý lịch đảng viên kể từ lễ kết nạp (ngày làm việc)", "HD 12-HD/BTCTW (2022), điểm 2.2"
    ),
    "readmission_months": ParamInfo(
        "Thời gian tối thiểu ra khỏi Đảng trước khi kết nạp lại (tháng)", "QĐ 294-QĐ/TW, điểm 3.5.1"
    ),
    "readmission_after_conviction_months": ParamInfo(
        "Thời gian tối thiểu sau khi được xóa án tích (tội ít nghiêm trọng) trước khi kết nạp lại (tháng)",
        "QĐ 294-QĐ/TW, điểm 3.5.1",
    ),
    "verification_reply_days": ParamInfo(
        "Số ngày chờ trả lời thẩm tra lý lịch trước khi nhắc (ngày)",
        "Quy ước của hệ thống (không có trong văn bản)",
        unconfirmed=True,
    ),
}

UNCONFIRMED_PARAMS: frozenset[str] = frozenset(name for name, info in PARAM_INFO.items() if info.unconfirmed)

assert set(PARAM_INFO) == {f.name for f in fields(Params)}, "every parameter needs a label and a source"
