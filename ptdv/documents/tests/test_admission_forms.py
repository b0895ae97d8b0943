"""The generated forms open in python-docx and carry the data given, or dotted blanks — never "None"."""

import datetime as dt
import io
import unicodedata

import docx
import pytest
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ptdv.documents import admission_forms
from ptdv.documents.admission_forms import FORMS, FormData, IntroducerLine, render_form
from ptdv.documents.docx_kit import DOTS, PARTY_NAME

D = dt.date

FULL = FormData(
    applicant_name="Nguyễn Văn An",
    date_of_birth=D(1998, 5, 12),
    gender="Nam",
    ethnicity="Kinh",
    religion="Không",
    hometown="xã Tân Hòa, tỉnh Tây Nam",
    residence="ấp 3, xã Tân Hòa",
    occupation="Giáo viên",
    workplace="Trường THPT Tân Hòa",
    education_level="12/12",
    qualification="Cử nhân Sư phạm Toán",
    phone="0912345678",
    is_youth_union_member=True,
    cell_name="Chi bộ Tổ Toán",
    grassroots_name="Đảng bộ Trường THPT Tân Hòa",
    sub_committee_name="Đảng ủy bộ phận Khối THPT",
    upper_committee_name="Đảng ủy xã Tân Hòa",
    province_name="Đảng bộ tỉnh Tây Nam",
    place_name="Tân Hòa",
    course_certificate_number="123/CN",
    course_certificate_date=D(2023, 6, 1),
    application_date=D(2023, 9, 1),
    cell_vote_date=D(2024, 1, 10),
    cell_vote_members=11,
    cell_vote_present=10,
    cell_vote_for=8,
    committee_vote_date=D(2024, 2, 5),
    committee_size=9,
    committee_present=9,
    committee_vote_for=8,
    decision_number="45",
    decision_date=D(2024, 3, 1),
    ceremony_date=D(2024, 3, 20),
    probation_end=D(2025, 3, 20),
    mentor_name="Lê Văn Cường",
    introducers=(
        IntroducerLine("Trần Thị Bình", "member", D(2021, 8, 15), "Chi bộ Tổ Toán"),
        IntroducerLine("Phạm Văn Dũng", "member", D(2020, 9, 1), "Chi bộ Tổ Toán"),
        IntroducerLine("", "youth_union", None, "Đoàn trường THPT Tân Hòa"),
    ),
    confirmation_vote_date=D(2025, 3, 25),
    confirmation_vote_members=12,
    confirmation_vote_for=11,
    confirmation_decision_number="78-QĐ/ĐU",
    confirmation_decision_date=D(2025, 4, 10),
    issued_on=D(2024, 3, 25),
)
EMPTY = FormData()
CODES = list(FORMS)


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """All paragraph and table-cell text, in document order."""
    document = open_docx(content)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            lines.extend(cell.text for row in Table(child, document).rows for cell in row.cells)
    return "\n".join(lines)


def party_header(code: str) -> str:
    return "ĐOÀN TNCS HỒ CHÍ MINH" if code == "4-KNĐ" else PARTY_NAME


# ------------------------------------------------------------------ the catalogue


def test_the_catalogue_lists_fifteen_forms_keyed_by_their_code():
    assert list(FORMS) == [f"{n}-KNĐ" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16)]
    assert all(code == spec.code for code, spec in FORMS.items())
    assert FORMS["1-KNĐ"].title == "Đơn xin vào Đảng"


def test_each_form_is_available_after_its_step():
    stages = {code: spec.stage for code, spec in FORMS.items()}
    assert stages == {
        "1-KNĐ": "apply",
        "2-KNĐ": "history",
        "3-KNĐ": "introduce",
        "4-KNĐ": "introduce",
        "5-KNĐ": "opinions",
        "6-KNĐ": "cell_vote",
        "7-KNĐ": "appraise",
        "8-KNĐ": "committee_vote",
        "9-KNĐ": "decide",
        "10-KNĐ": "ceremony",
        "11-KNĐ": "ceremony",
        "12-KNĐ": "ceremony",
        "13-KNĐ": "confirmation_vote",
        "15-KNĐ": "confirmation_vote",
        "16-KNĐ": "confirm",
    }


def test_only_16_knd_has_an_unconfirmed_number():
    assert [code for code, spec in FORMS.items() if spec.unconfirmed_number] == ["16-KNĐ"]


def test_every_form_in_the_catalogue_has_a_renderer():
    assert admission_forms._RENDERERS.keys() == FORMS.keys()


def test_an_unknown_code_raises_key_error():
    with pytest.raises(KeyError):
        render_form("14-KNĐ", FULL)


def test_a_decomposed_unicode_code_is_accepted():
    text = text_of(render_form(unicodedata.normalize("NFD", "1-KNĐ"), FULL))
    assert "ĐƠN XIN VÀO ĐẢNG" in text


# ------------------------------------------------------------------ every form, full and empty


@pytest.mark.parametrize("code", CODES)
def test_a_form_with_full_data_shows_header_title_name_and_dates(code):
    content = render_form(code, FULL)
    text = text_of(content)
    spec = FORMS[code]
    assert party_header(code) in text
    assert f"Mẫu {code}" in text
    assert spec.heading in text
    if spec.subheading:
        assert spec.subheading in text
    assert "Nguyễn Văn An" in text
    assert "12/05/1998" in text
    assert "Tân Hòa, ngày 25 tháng 03 năm 2024" in text
    assert "None" not in text
    assert open_docx(content).core_properties.title == f"{code} {spec.title}"


@pytest.mark.parametrize("code", CODES)
def test_a_form_with_empty_data_has_dotted_blanks_and_never_none(code):
    text = text_of(render_form(code, EMPTY))
    assert party_header(code) in text
    assert FORMS[code].heading in text
    assert DOTS in text
    assert "……, ngày … tháng … năm ……" in text
    assert "None" not in text
    assert "%" not in text.replace("……%", "")


@pytest.mark.parametrize("code", CODES)
def test_a_form_is_a4_in_times_new_roman_with_a_3_cm_left_margin(code):
    document = open_docx(render_form(code, EMPTY))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0
    assert round(section.top_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)


@pytest.mark.parametrize("code", [c for c in CODES if c != "4-KNĐ"])
def test_the_party_name_is_bold_and_underlined_in_the_header(code):
    header = open_docx(render_form(code, FULL)).tables[0]
    runs = [run for p in header.rows[0].cells[1].paragraphs for run in p.runs if run.text == PARTY_NAME]
    assert runs
    assert runs[0].bold
    assert runs[0].underline


@pytest.mark.parametrize("code", CODES)
def test_a_form_ends_with_a_signature_block(code):
    tables = open_docx(render_form(code, FULL)).tables
    signature_text = " ".join(cell.text for cell in tables[-1].rows[0].cells)
    assert "(Ký" in signature_text


# ------------------------------------------------------------------ votes and numbers


@pytest.mark.parametrize("code", ["6-KNĐ", "7-KNĐ", "8-KNĐ"])
def test_admission_resolutions_show_the_cell_vote_with_a_vietnamese_percentage(code):
    text = text_of(render_form(code, FULL))
    assert "Tổng số đảng viên chính thức: 11; có mặt: 10; tán thành: 8 (đạt 72,73%)" in text
    assert "10/01/2024" in text


def test_the_committee_resolution_shows_the_committee_vote():
    text = text_of(render_form("8-KNĐ", FULL))
    assert "Tổng số cấp ủy viên: 9; có mặt: 9; tán thành: 8 (đạt 88,89%)" in text
    assert "05/02/2024" in text
    assert "ĐẢNG ỦY TRƯỜNG THPT TÂN HÒA" in text
    assert "Số …-NQ/ĐU" in text


@pytest.mark.parametrize("code", ["13-KNĐ", "15-KNĐ"])
def test_confirmation_resolutions_show_the_confirmation_vote(code):
    text = text_of(render_form(code, FULL))
    assert "Tổng số đảng viên chính thức: 12; có mặt: …………; tán thành: 11 (đạt 91,67%)" in text
    assert "25/03/2025" in text
    assert "20/03/2025" in text


def test_a_unanimous_vote_reads_100_percent_without_decimals():
    data = FormData(cell_vote_members=3, cell_vote_present=3, cell_vote_for=3)
    assert "(đạt 100%)" in text_of(render_form("6-KNĐ", data))


def test_an_empty_vote_is_left_dotted():
    text = text_of(render_form("6-KNĐ", EMPTY))
    assert "Tổng số đảng viên chính thức: …………; có mặt: …………; tán thành: ………… (đạt ……%)" in text


def test_the_admission_decision_carries_its_number_and_the_deciding_committee():
    text = text_of(render_form("9-KNĐ", FULL))
    assert "Số 45-QĐ/ĐU" in text
    assert "ĐẢNG BỘ TỈNH TÂY NAM" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ TÂN HÒA" in text
    assert "T/M BAN THƯỜNG VỤ" in text


def test_the_confirmation_decision_keeps_a_full_number_and_states_party_age():
    text = text_of(render_form("16-KNĐ", FULL))
    assert "Số 78-QĐ/ĐU" in text
    assert "đảng viên chính thức kể từ ngày 20/03/2025" in text
    assert "Tuổi đảng của đồng chí tính từ ngày 01/03/2024" in text


def test_probation_forms_cite_the_admission_decision_and_ceremony():
    for code in ("10-KNĐ", "13-KNĐ", "15-KNĐ"):
        text = text_of(render_form(code, FULL))
        assert "Quyết định kết nạp số 45-QĐ/ĐU, ngày 01/03/2024 của Đảng ủy xã Tân Hòa" in text
        assert "20/03/2024" in text
        assert "Lê Văn Cường" in text


# ------------------------------------------------------------------ particular forms


def test_the_application_is_signed_by_the_applicant_with_the_certificate_cited():
    text = text_of(render_form("1-KNĐ", FULL))
    assert "NGƯỜI VIẾT ĐƠN" in text
    assert "giấy chứng nhận số 123/CN, cấp ngày 01/06/2023" in text
    assert "Đoàn viên Đoàn TNCS Hồ Chí Minh: Có" in text


def test_the_history_has_sections_for_handwriting_and_certification_blocks():
    text = text_of(render_form("2-KNĐ", FULL))
    for heading in ("QUÁ TRÌNH HOẠT ĐỘNG", "HOÀN CẢNH GIA ĐÌNH", "TỰ NHẬN XÉT", "CAM ĐOAN"):
        assert heading in text
    assert "NHẬN XÉT CỦA CHI ỦY CHI BỘ TỔ TOÁN" in text
    assert "CHỨNG NHẬN CỦA ĐẢNG ỦY TRƯỜNG THPT TÂN HÒA" in text
    assert "NGƯỜI KHAI LÝ LỊCH" in text


def test_the_introduction_has_one_page_per_member_introducer():
    content = render_form("3-KNĐ", FULL)
    text = text_of(content)
    assert text.count("GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG") == 2
    assert "Trần Thị Bình" in text and "Phạm Văn Dũng" in text
    assert "15/08/2021" in text and "01/09/2020" in text
    assert "Đoàn trường THPT Tân Hòa" not in text
    assert open_docx(content).element.xml.count('w:type="page"') == 1


def test_the_introduction_without_introducers_is_one_blank_page():
    text = text_of(render_form("3-KNĐ", EMPTY))
    assert text.count("GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG") == 1
    assert "NGƯỜI GIỚI THIỆU" in text


def test_the_youth_union_resolution_is_headed_by_the_union_executive():
    text = text_of(render_form("4-KNĐ", FULL))
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert "BCH ĐOÀN TRƯỜNG THPT TÂN HÒA" in text
    assert "Số …-NQ/ĐTN" in text
    assert "Đảng Cộng sản Việt Nam" in text
    assert "T/M BAN CHẤP HÀNH" in text


def test_the_resolution_lists_every_introducer():
    text = text_of(render_form("6-KNĐ", FULL))
    assert "Đồng chí Trần Thị Bình, đảng viên chính thức" in text
    assert "Ban Chấp hành Đoàn cơ sở: Đoàn trường THPT Tân Hòa" in text


def test_cell_documents_are_headed_under_the_sub_committee_when_there_is_one():
    text = text_of(render_form("6-KNĐ", FULL))
    assert "ĐẢNG BỘ BỘ PHẬN KHỐI THPT" in text
    assert "CHI BỘ TỔ TOÁN" in text
    without_sub = text_of(render_form("6-KNĐ", FormData(grassroots_name="Đảng bộ Trường THPT Tân Hòa")))
    assert "ĐẢNG BỘ TRƯỜNG THPT TÂN HÒA" in without_sub


def test_the_mentor_signs_the_mentor_review():
    text = text_of(render_form("11-KNĐ", FULL))
    assert "ĐẢNG VIÊN GIÚP ĐỠ" in text
    assert "Tôi là: Lê Văn Cường" in text


def test_an_unknown_youth_union_status_is_left_dotted():
    text = text_of(render_form("1-KNĐ", EMPTY))
    assert f"Đoàn viên Đoàn TNCS Hồ Chí Minh: {DOTS}" in text
