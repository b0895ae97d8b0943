"""Admission resolutions and decision: 6-KNĐ chi bộ, 7-KNĐ appraisal, 8-KNĐ đảng ủy cơ sở, 9-KNĐ decision.

Wording is our own; layout follows the usual shape of Vietnamese party documents.
"""

from docx.document import Document as DocxDocument

from ptdv.documents.docx_kit import (
    HeaderLeft,
    Signature,
    bullets,
    centred_line,
    fmt_date,
    header,
    hint,
    number_line,
    para,
    section_heading,
    signatures,
    text_or_dots,
    title,
    vote_line,
    writing_lines,
)
from ptdv.documents.form_data import FormData, FormSpec
from ptdv.documents.parts import (
    cell_header,
    certificate_text,
    charter_basis,
    committee_of,
    deciding_header,
    grassroots_header,
    introducer_lines,
    org,
    party_body_of,
    person_details,
    short_identity,
)

MEMBERS = "Tổng số đảng viên chính thức"
COMMITTEE = "Tổng số cấp ủy viên"


def cell_vote_text(data: FormData) -> str:
    return vote_line(MEMBERS, data.cell_vote_members, data.cell_vote_present, data.cell_vote_for)


def committee_vote_text(data: FormData) -> str:
    return vote_line(COMMITTEE, data.committee_size, data.committee_present, data.committee_vote_for)


def _grassroots_committee(data: FormData) -> str:
    return org(committee_of(data.grassroots_name), "Đảng ủy")


def cell_resolution(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """6-KNĐ: the chi bộ proposes admission."""
    header(doc, cell_header(data, "NQ/CB"), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    cell = org(data.cell_name, "Chi bộ")
    para(doc, charter_basis())
    para(
        doc,
        f"Căn cứ đơn xin vào Đảng ngày {fmt_date(data.application_date)}, lý lịch, giấy giới thiệu của "
        "người giới thiệu và ý kiến nhận xét của các đoàn thể chính trị - xã hội, chi ủy nơi cư trú "
        "đối với người vào Đảng;",
    )
    para(doc, f"Ngày {fmt_date(data.cell_vote_date)}, {cell} đã họp xét đề nghị kết nạp quần chúng:")
    person_details(doc, data)
    para(doc, f"{certificate_text(data)}.", indent=False)
    section_heading(doc, "Người giới thiệu:")
    bullets(doc, introducer_lines(data))
    section_heading(doc, "Ưu điểm, khuyết điểm chính:")
    hint(doc, "Phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng")
    writing_lines(doc, 4)
    section_heading(doc, "Kết quả biểu quyết:")
    para(doc, f"{cell_vote_text(data)}.")
    para(
        doc,
        f"{cell} đề nghị {_grassroots_committee(data)} xem xét, đề nghị cấp ủy có thẩm quyền kết nạp "
        f"quần chúng {text_or_dots(data.applicant_name)} vào Đảng Cộng sản Việt Nam.",
    )
    signatures(
        doc,
        [Signature(("T/M CHI BỘ", "BÍ THƯ"))],
        recipients=[_grassroots_committee(data) + ";", "Lưu chi bộ."],
    )


def appraisal(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """7-KNĐ: the đảng ủy bộ phận appraises the chi bộ's proposal."""
    sub = org(data.sub_committee_name, "Đảng ủy bộ phận")
    left = HeaderLeft(
        parent=org(data.grassroots_name, "Đảng bộ"), issuer=sub, number=number_line(None, "BC/ĐU")
    )
    header(doc, left, data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    para(
        doc,
        f"Thực hiện nhiệm vụ thẩm định hồ sơ đề nghị kết nạp đảng viên, {sub} báo cáo kết quả thẩm định "
        f"đối với quần chúng {short_identity(data)}, do {org(data.cell_name, 'Chi bộ')} đề nghị tại nghị "
        f"quyết ngày {fmt_date(data.cell_vote_date)}, như sau:",
    )
    section_heading(doc, "1. Về tiêu chuẩn, điều kiện của người vào Đảng")
    writing_lines(doc, 4)
    section_heading(doc, "2. Về hồ sơ và thủ tục")
    para(doc, f"{certificate_text(data)}.")
    writing_lines(doc, 3)
    section_heading(doc, "3. Kết quả biểu quyết của chi bộ")
    para(doc, f"{cell_vote_text(data)}.")
    section_heading(doc, "4. Đề nghị")
    para(
        doc,
        f"{sub} đề nghị {_grassroots_committee(data)} xem xét, đề nghị cấp ủy có thẩm quyền kết nạp "
        f"quần chúng {text_or_dots(data.applicant_name)} vào Đảng.",
    )
    signatures(
        doc,
        [Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"))],
        recipients=[_grassroots_committee(data) + ";", "Lưu."],
    )


def committee_resolution(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """8-KNĐ: the đảng ủy cơ sở proposes admission to the competent cấp ủy."""
    header(doc, grassroots_header(data, "NQ/ĐU"), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    committee = _grassroots_committee(data)
    para(doc, charter_basis())
    para(
        doc,
        f"Xét nghị quyết đề nghị kết nạp đảng viên ngày {fmt_date(data.cell_vote_date)} của "
        f"{org(data.cell_name, 'Chi bộ')} và hồ sơ kèm theo;",
    )
    para(
        doc, f"Ngày {fmt_date(data.committee_vote_date)}, {committee} đã họp xét đề nghị kết nạp quần chúng:"
    )
    person_details(doc, data)
    section_heading(doc, "Kết quả biểu quyết của chi bộ:")
    para(doc, f"{cell_vote_text(data)}.")
    section_heading(doc, "Kết quả biểu quyết của đảng ủy:")
    para(doc, f"{committee_vote_text(data)}.")
    para(
        doc,
        f"{committee} đề nghị {org(data.upper_committee_name, 'cấp ủy có thẩm quyền')} xem xét, quyết "
        f"định kết nạp quần chúng {text_or_dots(data.applicant_name)} vào Đảng Cộng sản Việt Nam.",
    )
    signatures(
        doc,
        [Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"))],
        recipients=[org(data.upper_committee_name, "Cấp ủy cấp trên") + ";", "Lưu."],
    )


def admission_decision(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """9-KNĐ: the competent cấp ủy admits the applicant as a probationary member."""
    header(doc, deciding_header(data, data.decision_number), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    upper = org(data.upper_committee_name, "Đảng ủy")
    centred_line(doc, f"BAN THƯỜNG VỤ {upper.upper()}")
    para(doc, charter_basis())
    para(
        doc,
        f"Xét nghị quyết ngày {fmt_date(data.cell_vote_date)} của {org(data.cell_name, 'Chi bộ')} và "
        f"nghị quyết ngày {fmt_date(data.committee_vote_date)} của {_grassroots_committee(data)} đề nghị "
        "kết nạp đảng viên,",
    )
    centred_line(doc, "QUYẾT ĐỊNH")
    para(
        doc,
        f"Điều 1. Kết nạp quần chúng {short_identity(data)}; sinh hoạt tại {org(data.cell_name, 'Chi bộ')}, "
        f"{org(party_body_of(data.grassroots_name), 'Đảng bộ')}, vào Đảng Cộng sản Việt Nam.",
    )
    para(
        doc,
        "Điều 2. Thời kỳ dự bị là mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp. Chi bộ tổ chức "
        "lễ kết nạp trong thời hạn 30 ngày làm việc kể từ ngày nhận được quyết định này và phân công đảng "
        "viên chính thức giúp đỡ đảng viên dự bị.",
    )
    para(
        doc,
        f"Điều 3. {_grassroots_committee(data)}, {org(data.cell_name, 'Chi bộ')} và đồng chí "
        f"{text_or_dots(data.applicant_name)} thi hành quyết định này.",
    )
    signatures(
        doc,
        [Signature(("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), note="(Ký tên, đóng dấu)")],
        recipients=["Như Điều 3;", "Lưu hồ sơ đảng viên."],
    )
