"""Forms of the application file: 1-KNĐ đơn, 2-KNĐ lý lịch, 3-KNĐ/4-KNĐ introductions, 5-KNĐ opinions.

Wording is our own; layout follows the usual shape of Vietnamese party documents.
"""

from docx.document import Document as DocxDocument

from ptdv.documents.docx_kit import (
    DOTS,
    HeaderLeft,
    Signature,
    fmt_date,
    header,
    hint,
    labelled,
    number_line,
    page_break,
    para,
    recipient,
    section_heading,
    signatures,
    table_with_blanks,
    text_or_dots,
    title,
    writing_lines,
)
from ptdv.documents.form_data import FormData, FormSpec, IntroducerLine
from ptdv.documents.parts import (
    cell_header,
    certificate_text,
    committee_of,
    org,
    person_details,
    short_identity,
    youth_union_status,
)


def _personal_header(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """Documents written by a person carry no issuing organisation."""
    header(doc, None, data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)


def application(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """1-KNĐ: the applicant's own request to join."""
    _personal_header(doc, spec, data)
    recipient(doc, org(data.cell_name, "Chi bộ"), org(committee_of(data.grassroots_name), "Đảng ủy"))
    person_details(doc, data, name_label="Tôi là")
    labelled(doc, ("Đoàn viên Đoàn TNCS Hồ Chí Minh", youth_union_status(data)))
    para(doc, f"{certificate_text(data)}.", indent=False)
    para(
        doc,
        "Qua học tập, tìm hiểu Cương lĩnh chính trị, Điều lệ Đảng và qua thực tế công tác, tôi hiểu rõ "
        "mục đích, lý tưởng của Đảng Cộng sản Việt Nam và nhiệm vụ của người đảng viên. Nhận thức và "
        "động cơ xin vào Đảng của tôi như sau:",
    )
    writing_lines(doc, 5)
    para(
        doc,
        "Tôi tự nguyện làm đơn này, đề nghị chi bộ xem xét, kết nạp tôi vào Đảng Cộng sản Việt Nam. "
        "Nếu được đứng trong hàng ngũ của Đảng, tôi xin chấp hành nghiêm Cương lĩnh chính trị, Điều lệ "
        "Đảng, nghị quyết của Đảng, pháp luật của Nhà nước, và không ngừng phấn đấu, rèn luyện để hoàn "
        "thành tốt nhiệm vụ đảng viên.",
    )
    signatures(doc, [None, Signature(("NGƯỜI VIẾT ĐƠN",), data.applicant_name)])


def history(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """2-KNĐ: a structured lý lịch; the long narrative parts are left for handwriting."""
    _personal_header(doc, spec, data)
    section_heading(doc, "I. SƠ LƯỢC VỀ BẢN THÂN")
    person_details(doc, data)
    labelled(doc, ("Đoàn viên Đoàn TNCS Hồ Chí Minh", youth_union_status(data)))
    para(doc, f"{certificate_text(data)}.", indent=False)
    labelled(doc, ("Ngày làm đơn xin vào Đảng", fmt_date(data.application_date)))

    section_heading(doc, "II. QUÁ TRÌNH HOẠT ĐỘNG CỦA BẢN THÂN")
    hint(doc, "Ghi theo từng thời kỳ: từ tháng năm nào đến tháng năm nào, làm gì, ở đâu, giữ chức vụ gì")
    writing_lines(doc, 8)
    section_heading(doc, "III. KHEN THƯỞNG, KỶ LUẬT")
    writing_lines(doc, 2)
    section_heading(doc, "IV. HOÀN CẢNH GIA ĐÌNH")
    hint(
        doc,
        "Với mỗi người: họ và tên, năm sinh, quê quán, nơi cư trú, nghề nghiệp, thái độ chính trị "
        "và quá trình hoạt động qua các thời kỳ",
    )
    for relation in (
        "1. Cha đẻ",
        "2. Mẹ đẻ",
        "3. Cha, mẹ vợ (chồng) hoặc người trực tiếp nuôi dưỡng",
        "4. Vợ (chồng)",
        "5. Các con",
        "6. Anh, chị, em ruột",
    ):
        para(doc, relation, indent=False, bold=True)
        writing_lines(doc, 3)
    section_heading(doc, "V. TỰ NHẬN XÉT")
    hint(doc, "Ưu điểm, khuyết điểm về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác")
    writing_lines(doc, 5)
    section_heading(doc, "VI. CAM ĐOAN")
    para(
        doc,
        "Tôi xin cam đoan những nội dung khai trên là đầy đủ, đúng sự thật; nếu có điều gì không đúng, "
        "tôi xin chịu trách nhiệm trước Đảng.",
    )
    signatures(doc, [None, Signature(("NGƯỜI KHAI LÝ LỊCH",), data.applicant_name)])

    page_break(doc)
    section_heading(doc, f"NHẬN XÉT CỦA CHI ỦY {org(data.cell_name, 'Chi bộ').upper()}")
    writing_lines(doc, 6)
    para(doc, "……, ngày … tháng … năm ……", italic=True, indent=False)
    signatures(doc, [None, Signature(("T/M CHI ỦY", "BÍ THƯ"))])
    section_heading(doc, f"CHỨNG NHẬN CỦA {org(committee_of(data.grassroots_name), 'Đảng ủy').upper()}")
    hint(doc, "Chỉ ghi sau khi đã thẩm tra, kết luận về lý lịch")
    writing_lines(doc, 6)
    para(doc, "……, ngày … tháng … năm ……", italic=True, indent=False)
    signatures(doc, [None, Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"), note="(Ký tên, đóng dấu)")])


def _introduction_page(doc: DocxDocument, spec: FormSpec, data: FormData, introducer: IntroducerLine) -> None:
    _personal_header(doc, spec, data)
    recipient(doc, org(data.cell_name, "Chi bộ"))
    labelled(doc, ("Tôi là", introducer.name))
    labelled(doc, ("Đảng viên chính thức, sinh hoạt tại", introducer.unit))
    labelled(
        doc, ("Cùng công tác, sinh hoạt với người vào Đảng từ ngày", fmt_date(introducer.together_since))
    )
    para(doc, f"Tôi xin giới thiệu với chi bộ người vào Đảng: {short_identity(data)}.")
    labelled(doc, ("Nghề nghiệp", data.occupation), ("Nơi làm việc", data.workplace))
    para(doc, "Qua thời gian cùng công tác, sinh hoạt, tôi nhận xét về người vào Đảng như sau:")
    hint(
        doc,
        "Lịch sử chính trị, phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng",
    )
    para(doc, "Ưu điểm:", indent=False, bold=True)
    writing_lines(doc, 4)
    para(doc, "Khuyết điểm:", indent=False, bold=True)
    writing_lines(doc, 3)
    para(
        doc,
        "Tôi đề nghị chi bộ xem xét, kết nạp người được giới thiệu vào Đảng Cộng sản Việt Nam và xin "
        "chịu trách nhiệm trước chi bộ về sự giới thiệu của mình.",
    )
    signatures(doc, [None, Signature(("NGƯỜI GIỚI THIỆU",), introducer.name)])


def introduction(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """3-KNĐ: one page per member introducer (one blank page when none is recorded)."""
    introducers = data.member_introducers or (IntroducerLine(),)
    for i, introducer in enumerate(introducers):
        if i:
            page_break(doc)
        _introduction_page(doc, spec, data, introducer)


def youth_union_resolution(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """4-KNĐ: the Youth Union executive introduces an outstanding member (a Youth Union document)."""
    unit = next((i.unit.strip() for i in data.introducers if i.kind == "youth_union"), "")
    for prefix in ("BCH ", "Ban Chấp hành "):
        if unit.lower().startswith(prefix.lower()):
            unit = unit[len(prefix) :]
    union = org(unit, "Đoàn")
    left = HeaderLeft(parent=None, issuer=f"BCH {union}", number=number_line(None, "NQ/ĐTN"))
    header(doc, left, data.place_name, data.issued_on, right_title="ĐOÀN TNCS HỒ CHÍ MINH")
    title(doc, spec.heading, spec.subheading)
    recipient(doc, org(data.cell_name, "Chi bộ"))
    para(doc, "Căn cứ Điều lệ Đảng Cộng sản Việt Nam về việc giới thiệu người vào Đảng;")
    para(doc, "Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh và kết quả rèn luyện của đoàn viên;")
    para(doc, f"Ban Chấp hành {union} đã họp ngày {fmt_date(None)}, xem xét đoàn viên:")
    person_details(doc, data)
    para(doc, "Ưu điểm, khuyết điểm chính của đoàn viên:", indent=False, bold=True)
    hint(doc, "Phẩm chất chính trị, đạo đức, lối sống, kết quả công tác, học tập, quan hệ quần chúng")
    writing_lines(doc, 5)
    para(
        doc, f"Kết quả biểu quyết: tổng số ủy viên ban chấp hành: {DOTS}; có mặt: {DOTS}; tán thành: {DOTS}."
    )
    para(
        doc,
        f"Ban Chấp hành giới thiệu đoàn viên {text_or_dots(data.applicant_name)} với "
        f"{org(data.cell_name, 'Chi bộ')} để xem xét, kết nạp vào Đảng Cộng sản Việt Nam.",
    )
    signatures(
        doc,
        [Signature(("T/M BAN CHẤP HÀNH", "BÍ THƯ"))],
        recipients=[org(data.cell_name, "Chi bộ") + ";", "Lưu."],
    )


def opinions(doc: DocxDocument, spec: FormSpec, data: FormData) -> None:
    """5-KNĐ: the chi ủy's summary of opinions from mass organisations and the residence cell."""
    header(doc, cell_header(data), data.place_name, data.issued_on)
    title(doc, spec.heading, spec.subheading)
    para(
        doc,
        f"Thực hiện thủ tục xem xét kết nạp đảng viên, chi ủy {org(data.cell_name, 'Chi bộ')} đã lấy ý kiến "
        f"nhận xét đối với quần chúng {short_identity(data)}; nơi làm việc: {text_or_dots(data.workplace)}.",
    )
    section_heading(doc, "1. Ý kiến của các đoàn thể chính trị - xã hội nơi làm việc")
    table_with_blanks(
        doc,
        ("Tổ chức", "Số người được hỏi", "Tán thành", "Không tán thành"),
        ("Đoàn TNCS Hồ Chí Minh", "Công đoàn", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", DOTS),
        (6.4, 3.2, 3.2, 3.2),
    )
    para(doc, "Ý kiến khác, nếu có:", indent=False)
    writing_lines(doc, 2)
    section_heading(doc, "2. Ý kiến của chi ủy (chi bộ) nơi cư trú")
    writing_lines(doc, 3)
    section_heading(doc, "3. Chi ủy tổng hợp, kết luận")
    hint(doc, "Ưu điểm, khuyết điểm chính; các ý kiến chưa tán thành đã được xem xét thế nào")
    writing_lines(doc, 4)
    signatures(doc, [None, Signature(("T/M CHI ỦY", "BÍ THƯ"))])
