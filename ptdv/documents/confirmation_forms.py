"""Confirmation as full member: 10-KNĐ … 13-KNĐ, 15-KNĐ and 16-KNĐ (numbering of 16 inferred).

Wording is our own; layout follows the usual shape of Vietnamese party documents.
"""

from docx.document import Document as DocxDocument

from ptdv.documents.docx_kit import (
    DOTS,
    Signature,
    centred_line,
    fmt_date,
    header,
    hint,
    labelled,
    para,
    recipient,
    section_heading,
    signatures,
    table_with_blanks,
    text_or_dots,
    title,
    vote_line,
    writing_lines,
)
from ptdv.documents.form_data import FormData, FormSpec
from ptdv.documents.parts import (
    admission_decision_text,
    cell_header,
    charter_basis,
    committee_of,
    deciding_header,
    grassroots_header,
    org,
    party_body_of,
    short_identity,
)
from ptdv.documents.resolution_forms import COMMITTEE, MEMBERS


def _probation_details(doc: DocxDocument, data: FormData) -> None:
    labelled(doc, ("Sinh ngày", fmt_date(data.date_of_birth)), ("Giới tính", data.gender))
    labelled(doc, ("Nơi cư trú", data.residence))
    labelled(doc, ("Nghề nghiệp, nơi làm việc", ", ".join(filter(None, (data.occupation, data.workplace)))))
    labelled(doc, ("Ngày vào Đảng (lễ kết nạp)", fmt_date(data.ceremony_date)))
    para(doc, f"Theo {admission_decision_text(data)}.", indent=False)
    labelled(doc, ("Sinh hoạt tại", org(data.cell_name, "Chi bộ")))
    labelled(doc, ("Hết thời kỳ dự bị ngày", fmt_date(data.probation_end)))
    labelled(doc, ("Đảng viên được phân công giúp đỡ", data.mentor_name))


def _confirmation_vote_text(data: FormData) -> str:
    return vote_line(MEMBERS, data.confirmation_vote_members, None, data.confirmation_vote_for)


def _opinion_sections(doc: DocxDocument) -> None:
    for heading, hint_text in (
        (
            "Ưu điểm",
            "Nhận thức chính trị, phẩm chất đạo đức, lối sống, thực hiện nhiệm vụ được giao, quan hệ quần chúng",
        ),
        ("Khuyết điểm và nguyên nhân", None),
        ("Hướng khắc phục", None),
    ):
        section_heading(doc, f"{heading}:")
        if hint_text:
            hint(doc, hint_text)
        writing_lines(doc, 4 if hint_text else 3)


def self_review(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """10-KNĐ: the probationary member's self-review."""
    header(doc, None, data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    recipient(doc, org(data.cell_name, "Chi bộ"))
    labelled(doc, ("Tôi là", data.applicant_name))
    _probation_details(doc, data)
    para(doc, "Trong thời kỳ dự bị, tôi tự kiểm điểm như sau:")
    _opinion_sections(doc)
    para(
        doc,
        "Tôi tự nhận thấy đã phấn đấu thực hiện nhiệm vụ đảng viên trong thời kỳ dự bị; kính đề nghị chi "
        "bộ xem xét, đề nghị cấp ủy có thẩm quyền công nhận tôi là đảng viên chính thức.",
    )
    signatures(doc, [None, Signature(("NGƯỜI TỰ KIỂM ĐIỂM",), data.applicant_name)])


def mentor_review(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """11-KNĐ: the assigned mentor's review of the probationary member."""
    header(doc, None, data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    recipient(doc, org(data.cell_name, "Chi bộ"))
    labelled(doc, ("Tôi là", data.mentor_name))
    para(
        doc,
        f"Là đảng viên chính thức, được chi bộ phân công giúp đỡ đảng viên dự bị "
        f"{text_or_dots(data.applicant_name)}, sinh ngày {fmt_date(data.date_of_birth)}, vào Đảng ngày "
        f"{fmt_date(data.ceremony_date)}, hết thời kỳ dự bị ngày {fmt_date(data.probation_end)}.",
    )
    para(doc, "Qua theo dõi, giúp đỡ trong thời kỳ dự bị, tôi nhận xét như sau:")
    _opinion_sections(doc)
    section_heading(doc, "Đề xuất:")
    para(
        doc,
        f"Đối chiếu với tiêu chuẩn đảng viên, tôi đề nghị chi bộ {DOTS} (xét, đề nghị công nhận "
        "đảng viên chính thức / chưa đủ điều kiện công nhận đảng viên chính thức).",
    )
    signatures(doc, [None, Signature(("ĐẢNG VIÊN GIÚP ĐỠ",), data.mentor_name)])


def probation_opinions(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """12-KNĐ: the chi ủy's summary of opinions on the probationary member."""
    header(doc, cell_header(data), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    para(
        doc,
        f"Chi ủy {org(data.cell_name, 'Chi bộ')} đã lấy ý kiến nhận xét đối với đảng viên dự bị "
        f"{short_identity(data)}; vào Đảng ngày {fmt_date(data.ceremony_date)}, hết thời kỳ dự bị ngày "
        f"{fmt_date(data.probation_end)}. Kết quả như sau:",
    )
    section_heading(doc, "1. Ý kiến của các đoàn thể chính trị - xã hội nơi làm việc")
    table_with_blanks(
        doc,
        ("Tổ chức", "Số người được hỏi", "Tán thành", "Không tán thành"),
        ("Đoàn TNCS Hồ Chí Minh", "Công đoàn", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", DOTS),
        (6.4, 3.2, 3.2, 3.2),
    )
    section_heading(doc, "2. Ý kiến của chi ủy (chi bộ) nơi cư trú")
    writing_lines(doc, 3)
    section_heading(doc, "3. Chi ủy tổng hợp, kết luận")
    writing_lines(doc, 4)
    signatures(doc, [None, Signature(("T/M CHI ỦY", "BÍ THƯ"))])


def cell_confirmation(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """13-KNĐ: the chi bộ proposes confirmation as full member."""
    header(doc, cell_header(data, "NQ/CB"), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    cell = org(data.cell_name, "Chi bộ")
    para(doc, charter_basis())
    para(
        doc,
        "Căn cứ bản tự kiểm điểm của đảng viên dự bị, bản nhận xét của đảng viên được phân công giúp đỡ "
        "và ý kiến nhận xét của các đoàn thể chính trị - xã hội, chi ủy nơi cư trú;",
    )
    para(
        doc,
        f"Ngày {fmt_date(data.confirmation_vote_date)}, {cell} đã họp xét đề nghị công nhận đảng viên "
        f"chính thức đối với đồng chí {text_or_dots(data.applicant_name)}:",
    )
    _probation_details(doc, data)
    section_heading(doc, "Ưu điểm, khuyết điểm chính trong thời kỳ dự bị:")
    writing_lines(doc, 4)
    section_heading(doc, "Kết quả biểu quyết:")
    para(doc, f"{_confirmation_vote_text(data)}.")
    para(
        doc,
        f"{cell} đề nghị {org(committee_of(data.grassroots_name), 'Đảng ủy')} xem xét, đề nghị cấp ủy có "
        f"thẩm quyền công nhận đồng chí {text_or_dots(data.applicant_name)} là đảng viên chính thức kể từ "
        f"ngày {fmt_date(data.probation_end)}.",
    )
    signatures(
        doc,
        [Signature(("T/M CHI BỘ", "BÍ THƯ"))],
        recipients=[org(committee_of(data.grassroots_name), "Đảng ủy") + ";", "Lưu chi bộ."],
    )


def committee_confirmation(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """15-KNĐ: the đảng ủy cơ sở proposes confirmation to the competent cấp ủy."""
    header(doc, grassroots_header(data, "NQ/ĐU"), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    committee = org(committee_of(data.grassroots_name), "Đảng ủy")
    para(doc, charter_basis())
    para(
        doc,
        f"Xét nghị quyết ngày {fmt_date(data.confirmation_vote_date)} của {org(data.cell_name, 'Chi bộ')} "
        f"đề nghị công nhận đảng viên chính thức đối với đồng chí {text_or_dots(data.applicant_name)}:",
    )
    _probation_details(doc, data)
    section_heading(doc, "Kết quả biểu quyết của chi bộ:")
    para(doc, f"{_confirmation_vote_text(data)}.")
    section_heading(doc, "Kết quả biểu quyết của đảng ủy:")
    para(doc, f"{vote_line(COMMITTEE, data.committee_size, None, None)}.")
    para(
        doc,
        f"{committee} đề nghị {org(data.upper_committee_name, 'cấp ủy có thẩm quyền')} xem xét, quyết "
        f"định công nhận đồng chí {text_or_dots(data.applicant_name)} là đảng viên chính thức kể từ ngày "
        f"{fmt_date(data.probation_end)}.",
    )
    signatures(
        doc,
        [Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"))],
        recipients=[org(data.upper_committee_name, "Cấp ủy cấp trên") + ";", "Lưu."],
    )


def confirmation_decision(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """16-KNĐ: the competent cấp ủy confirms the member as full member."""
    header(doc, deciding_header(data, data.confirmation_decision_number), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    centred_line(doc, f"BAN THƯỜNG VỤ {org(data.upper_committee_name, 'Đảng ủy').upper()}")
    para(doc, charter_basis())
    para(
        doc,
        f"Xét nghị quyết ngày {fmt_date(data.confirmation_vote_date)} của {org(data.cell_name, 'Chi bộ')} "
        f"và đề nghị của {org(committee_of(data.grassroots_name), 'Đảng ủy')},",
    )
    centred_line(doc, "QUYẾT ĐỊNH")
    para(
        doc,
        f"Điều 1. Công nhận đồng chí {short_identity(data)}; sinh hoạt tại {org(data.cell_name, 'Chi bộ')}, "
        f"{org(party_body_of(data.grassroots_name), 'Đảng bộ')}; vào Đảng ngày {fmt_date(data.ceremony_date)}; "
        f"là đảng viên chính thức kể từ ngày {fmt_date(data.probation_end)}.",
    )
    para(
        doc,
        f"Tuổi đảng của đồng chí tính từ ngày {fmt_date(data.decision_date)}, là ngày ghi trong quyết "
        "định kết nạp.",
    )
    para(
        doc,
        f"Điều 2. {org(committee_of(data.grassroots_name), 'Đảng ủy')}, {org(data.cell_name, 'Chi bộ')} và "
        f"đồng chí {text_or_dots(data.applicant_name)} thi hành quyết định này.",
    )
    signatures(
        doc,
        [Signature(("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), note="(Ký tên, đóng dấu)")],
        recipients=["Như Điều 2;", "Lưu hồ sơ đảng viên."],
    )
