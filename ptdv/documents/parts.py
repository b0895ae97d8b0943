"""Blocks shared by several forms: organisation names, the person's details, introducers, bases."""

from docx.document import Document as DocxDocument

from ptdv.documents.docx_kit import DOTS, HeaderLeft, fmt_date, labelled, number_line, text_or_dots
from ptdv.documents.form_data import FormData, IntroducerLine

_INTRODUCER_KIND = {
    "member": "đảng viên chính thức",
    "youth_union": "Ban Chấp hành Đoàn cơ sở",
    "trade_union": "Ban Chấp hành Công đoàn cơ sở",
}


def org(name: str, kind: str) -> str:
    """The organisation's name, or its kind followed by a blank: "Chi bộ …………"."""
    return name.strip() or f"{kind} {DOTS}"


def _swap_prefix(name: str, old: str, new: str) -> str:
    if name.lower().startswith(old.lower() + " "):
        return new + name[len(old) :]
    return name


def committee_of(name: str) -> str:
    """The executive of an organisation: "Đảng bộ Trường X" → "Đảng ủy Trường X"; a chi bộ stays."""
    return _swap_prefix(name.strip(), "Đảng bộ", "Đảng ủy")


def party_body_of(name: str) -> str:
    """The organisation of an executive: "Đảng ủy xã Tân Hòa" → "Đảng bộ xã Tân Hòa"."""
    return _swap_prefix(name.strip(), "Đảng ủy", "Đảng bộ")


def cell_header(data: FormData, number_kind: str | None = None) -> HeaderLeft:
    """The chi bộ as issuer, under the đảng ủy bộ phận if any, else under the grassroots organisation."""
    parent = party_body_of(data.sub_committee_name) if data.sub_committee_name else data.grassroots_name
    return HeaderLeft(
        parent=org(parent, "Đảng bộ"),
        issuer=org(data.cell_name, "Chi bộ"),
        number=number_line(None, number_kind) if number_kind else None,
    )


def grassroots_header(data: FormData, number_kind: str) -> HeaderLeft:
    """The đảng ủy cơ sở as issuer, under the organisation of the deciding committee."""
    parent = party_body_of(data.upper_committee_name) or data.province_name
    return HeaderLeft(
        parent=org(parent, "Đảng bộ"),
        issuer=org(committee_of(data.grassroots_name), "Đảng ủy"),
        number=number_line(None, number_kind),
    )


def deciding_header(data: FormData, number: str) -> HeaderLeft:
    """The cấp ủy with authority to decide, under the province."""
    return HeaderLeft(
        parent=org(data.province_name, "Đảng bộ tỉnh"),
        issuer=org(data.upper_committee_name, "Đảng ủy"),
        number=number_line(number, "QĐ/ĐU"),
    )


def youth_union_status(data: FormData) -> str:
    if data.is_youth_union_member is None:
        return DOTS
    return "Có" if data.is_youth_union_member else "Không"


def person_details(doc: DocxDocument, data: FormData, *, name_label: str = "Họ và tên") -> None:
    """Name, birth, origin, residence, work and education of the applicant (or probationary member)."""
    labelled(doc, (name_label, data.applicant_name), ("Giới tính", data.gender))
    labelled(doc, ("Sinh ngày", fmt_date(data.date_of_birth)), ("Dân tộc", data.ethnicity))
    labelled(doc, ("Tôn giáo", data.religion), ("Điện thoại", data.phone))
    labelled(doc, ("Quê quán", data.hometown))
    labelled(doc, ("Nơi cư trú", data.residence))
    labelled(doc, ("Nghề nghiệp", data.occupation))
    labelled(doc, ("Nơi làm việc", data.workplace))
    labelled(doc, ("Trình độ học vấn", data.education_level), ("Chuyên môn", data.qualification))


def short_identity(data: FormData) -> str:
    """For body sentences: "Nguyễn Văn An, sinh ngày 12/05/1998, quê quán: …, nơi cư trú: …"."""
    return (
        f"{text_or_dots(data.applicant_name)}, sinh ngày {fmt_date(data.date_of_birth)}, "
        f"quê quán: {text_or_dots(data.hometown)}, nơi cư trú: {text_or_dots(data.residence)}"
    )


def certificate_text(data: FormData) -> str:
    return (
        "Đã học lớp bồi dưỡng nhận thức về Đảng, giấy chứng nhận số "
        f"{text_or_dots(data.course_certificate_number)}, cấp ngày {fmt_date(data.course_certificate_date)}"
    )


def introducer_text(line: IntroducerLine) -> str:
    kind = _INTRODUCER_KIND.get(line.kind, line.kind)
    if line.kind == "member":
        text = f"Đồng chí {text_or_dots(line.name)}, {kind}, {text_or_dots(line.unit)}"
        if line.together_since:
            text += f"; cùng công tác, sinh hoạt với người vào Đảng từ ngày {fmt_date(line.together_since)}"
        return text
    return f"{kind}: {text_or_dots(line.unit)}"


def introducer_lines(data: FormData) -> list[str]:
    """One line per introducer; two blank lines when none is recorded."""
    if not data.introducers:
        return [f"Đồng chí {DOTS}, {DOTS}"] * 2
    return [introducer_text(line) for line in data.introducers]


def charter_basis() -> str:
    return (
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn hiện hành về thi hành Điều lệ Đảng;"
    )


def admission_decision_text(data: FormData) -> str:
    return (
        f"Quyết định kết nạp số {number_line(data.decision_number, 'QĐ/ĐU').removeprefix('Số ')}, "
        f"ngày {fmt_date(data.decision_date)} của {org(data.upper_committee_name, 'cấp ủy')}"
    )
