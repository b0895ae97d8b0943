"""What the admission/confirmation forms are, and the data they are filled from."""

import dataclasses
import datetime as dt
from typing import Literal

IntroducerKind = Literal["member", "youth_union", "trade_union"]


@dataclasses.dataclass(frozen=True)
class FormSpec:
    """One form template.

    `title` is the name shown in lists; `heading`/`subheading` are what is printed on the document.
    `stage` is the pipeline step after which the form is available. `unconfirmed_number` marks a
    code inferred by pattern rather than read in the guidance (domain rules §4).
    """

    code: str
    title: str
    stage: str
    heading: str
    subheading: str | None = None
    unconfirmed_number: bool = False


@dataclasses.dataclass(frozen=True)
class IntroducerLine:
    """An introducer: a full member, or the Youth Union / trade-union executive (`unit` is its name)."""

    name: str = ""
    kind: IntroducerKind = "member"
    together_since: dt.date | None = None
    unit: str = ""


@dataclasses.dataclass(frozen=True)
class FormData:
    """Everything a form may print; every field is optional so a form can be produced at any stage."""

    # the applicant / probationary member
    applicant_name: str = ""
    date_of_birth: dt.date | None = None
    gender: str = ""  # "Nam" / "Nữ"
    ethnicity: str = ""
    religion: str = ""
    hometown: str = ""
    residence: str = ""
    occupation: str = ""
    workplace: str = ""
    education_level: str = ""
    qualification: str = ""
    phone: str = ""
    is_youth_union_member: bool | None = None
    # organisations
    cell_name: str = ""  # "Chi bộ Tổ Toán"
    grassroots_name: str = ""  # đảng bộ cơ sở / chi bộ cơ sở
    sub_committee_name: str = ""  # đảng ủy bộ phận, if any
    upper_committee_name: str = ""  # cấp ủy có thẩm quyền quyết định: "Đảng ủy xã Tân Hòa"
    province_name: str = ""  # "Đảng bộ tỉnh Tây Nam"
    place_name: str = ""  # for the place-and-date line: "Tân Hòa"
    # admission
    course_certificate_number: str = ""
    course_certificate_date: dt.date | None = None
    application_date: dt.date | None = None
    cell_vote_date: dt.date | None = None
    cell_vote_members: int | None = None
    cell_vote_present: int | None = None
    cell_vote_for: int | None = None
    committee_vote_date: dt.date | None = None
    committee_size: int | None = None
    committee_present: int | None = None
    committee_vote_for: int | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    ceremony_date: dt.date | None = None
    probation_end: dt.date | None = None
    mentor_name: str = ""
    introducers: tuple[IntroducerLine, ...] = ()
    # confirmation
    confirmation_vote_date: dt.date | None = None
    confirmation_vote_members: int | None = None
    confirmation_vote_for: int | None = None
    confirmation_decision_number: str = ""
    confirmation_decision_date: dt.date | None = None
    # the document itself
    issued_on: dt.date | None = None  # date on the place-and-date line; None leaves it blank

    @property
    def member_introducers(self) -> tuple[IntroducerLine, ...]:
        return tuple(i for i in self.introducers if i.kind == "member")

    @property
    def organisation_introducer(self) -> IntroducerLine | None:
        """The Youth Union (or trade-union) executive that introduces, if any."""
        return next((i for i in self.introducers if i.kind != "member"), None)


_RESOLUTION = "NGHỊ QUYẾT"
_DECISION = "QUYẾT ĐỊNH"
_OPINIONS = "TỔNG HỢP Ý KIẾN NHẬN XÉT"

FORMS: dict[str, FormSpec] = {
    spec.code: spec
    for spec in (
        FormSpec("1-KNĐ", "Đơn xin vào Đảng", "apply", "ĐƠN XIN VÀO ĐẢNG"),
        FormSpec("2-KNĐ", "Lý lịch của người xin vào Đảng", "history", "LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG"),
        FormSpec("3-KNĐ", "Giấy giới thiệu người vào Đảng", "introduce", "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG"),
        FormSpec(
            "4-KNĐ",
            "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng",
            "introduce",
            _RESOLUTION,
            "Giới thiệu đoàn viên ưu tú vào Đảng",
        ),
        FormSpec(
            "5-KNĐ",
            "Tổng hợp ý kiến nhận xét của đoàn thể chính trị - xã hội nơi làm việc và chi ủy nơi cư trú",
            "opinions",
            _OPINIONS,
            "Của đoàn thể chính trị - xã hội nơi làm việc và chi ủy nơi cư trú đối với người xin vào Đảng",
        ),
        FormSpec(
            "6-KNĐ",
            "Nghị quyết đề nghị kết nạp đảng viên (chi bộ)",
            "cell_vote",
            _RESOLUTION,
            "Đề nghị kết nạp đảng viên",
        ),
        FormSpec(
            "7-KNĐ",
            "Báo cáo thẩm định (đảng ủy bộ phận)",
            "appraise",
            "BÁO CÁO THẨM ĐỊNH",
            "Hồ sơ đề nghị kết nạp đảng viên",
        ),
        FormSpec(
            "8-KNĐ",
            "Nghị quyết đề nghị kết nạp đảng viên (đảng ủy cơ sở)",
            "committee_vote",
            _RESOLUTION,
            "Đề nghị kết nạp đảng viên",
        ),
        FormSpec("9-KNĐ", "Quyết định kết nạp đảng viên", "decide", _DECISION, "Kết nạp đảng viên"),
        FormSpec(
            "10-KNĐ",
            "Bản tự kiểm điểm của đảng viên dự bị",
            "ceremony",
            "BẢN TỰ KIỂM ĐIỂM",
            "Của đảng viên dự bị, đề nghị công nhận đảng viên chính thức",
        ),
        FormSpec(
            "11-KNĐ",
            "Bản nhận xét đảng viên dự bị của đảng viên được phân công giúp đỡ",
            "ceremony",
            "BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ",
            "Của đảng viên được phân công giúp đỡ",
        ),
        FormSpec(
            "12-KNĐ",
            "Tổng hợp ý kiến nhận xét đối với đảng viên dự bị",
            "ceremony",
            _OPINIONS,
            "Đối với đảng viên dự bị",
        ),
        FormSpec(
            "13-KNĐ",
            "Nghị quyết đề nghị công nhận đảng viên chính thức (chi bộ)",
            "confirmation_vote",
            _RESOLUTION,
            "Đề nghị công nhận đảng viên chính thức",
        ),
        FormSpec(
            "15-KNĐ",
            "Nghị quyết đề nghị công nhận đảng viên chính thức (đảng ủy cơ sở)",
            "confirmation_vote",
            _RESOLUTION,
            "Đề nghị công nhận đảng viên chính thức",
        ),
        FormSpec(
            "16-KNĐ",
            "Quyết định công nhận đảng viên chính thức",
            "confirm",
            _DECISION,
            "Công nhận đảng viên chính thức",
            unconfirmed_number=True,
        ),
    )
}
