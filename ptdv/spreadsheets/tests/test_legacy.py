"""Legacy TCVN3 / VNI text in cells: detection, conversion and no false alarms on ordinary text."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.spreadsheets.legacy import LABELS, TCVN3, VNI, detect, from_unicode, repair, to_unicode


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Built here from combining marks rather than taken from the module, so the tables are checked against
# an independent spelling of the alphabet. Tones: none, huyền, hỏi, ngã, sắc, nặng.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER = [nfc(vowel + tone) for vowel in VOWELS for tone in TONES] + ["đ"]
UPPER = [letter.upper() for letter in LOWER]
TCVN3_UPPER = list("ĂÂÊÔƠƯĐ") + list("AEIOUY")  # the capitals TCVN3 can write
ENCODINGS = [TCVN3, VNI]

SENTENCES = [
    "Đảng bộ xã Tân Phú kết nạp đảng viên mới năm 2024",
    "Nguyễn Thị Hồng Nhung",
    "Trường Trung học phổ thông Lê Quý Đôn",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Chi bộ thôn Phước Lộc đề nghị kết nạp quần chúng ưu tú vào Đảng",
    "Họ và tên khai sinh: Trần Văn Dũng; quê quán: huyện Quỳnh Lưu, tỉnh Nghệ An",
    "Giấy giới thiệu của đoàn thanh niên cộng sản Hồ Chí Minh",
    "nghiêng ngoằn ngoèo khuya khuỷu thuở nguệch giường quyết",
]
# One sentence per tone: the 12 vowels in a syllable each ("hăn", "hân", …, "ky" for y).
TONE_SENTENCES = [
    " ".join(("k" + nfc("y" + tone)) if vowel == "y" else "h" + nfc(vowel + tone) + "n" for vowel in VOWELS)
    for tone in TONES
]


def test_alphabet_has_72_vowel_letters_plus_d_with_stroke() -> None:
    assert len(set(LOWER)) == 73 and len(set(UPPER)) == 73


def test_labels_name_both_encodings() -> None:
    assert LABELS == {TCVN3: "TCVN3 (ABC)", VNI: "VNI-Windows"}


# --- Round trips: every letter, then words and sentences ---------------------------------------------


def test_round_trips_every_lowercase_letter_and_every_tcvn3_capital_through_tcvn3() -> None:
    letters = [*LOWER, *TCVN3_UPPER]
    assert [letter for letter in letters if to_unicode(from_unicode(letter, TCVN3), TCVN3) != letter] == []
    assert len({from_unicode(letter, TCVN3) for letter in letters}) == len(letters)  # one code each


def test_round_trips_every_letter_in_both_cases_through_vni() -> None:
    letters = [*LOWER, *UPPER]
    assert [letter for letter in letters if to_unicode(from_unicode(letter, VNI), VNI) != letter] == []
    assert len({from_unicode(letter, VNI) for letter in letters}) == len(letters)


def test_legacy_text_holds_only_characters_a_cp1252_cell_can_show() -> None:
    for encoding in ENCODINGS:
        legacy = from_unicode("".join(LOWER + UPPER), encoding)
        assert legacy.encode("cp1252").decode("cp1252") == legacy


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sentence", SENTENCES + TONE_SENTENCES[1:])
def test_round_trips_and_detects_sentences(sentence: str, encoding: str) -> None:
    legacy = from_unicode(sentence, encoding)
    assert legacy != sentence
    assert detect(legacy) == encoding
    assert to_unicode(legacy, encoding) == sentence
    assert repair(legacy) == (sentence, encoding)


def test_round_trips_and_detects_vni_capitals() -> None:
    legacy = from_unicode("HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH ĐỊNH", VNI)
    assert legacy == "HOÄI ÑOÀNG NHAÂN DAÂN TÆNH BÌNH ÑÒNH"
    assert repair(legacy) == ("HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH ĐỊNH", VNI)


# --- Known real-world samples, written literally ------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Tr\u00adêng THPT Lª Quý §«n", "Trường THPT Lê Quý Đôn"),
        ("§¶ng viªn dù bÞ", "Đảng viên dự bị"),
    ],
)
def test_converts_tcvn3_samples(legacy: str, expected: str) -> None:
    assert repair(legacy) == (expected, TCVN3)


def test_converts_tcvn3_surname_nguyen() -> None:
    assert to_unicode("NguyÔn", TCVN3) == "Nguyễn"


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Tröôøng THPT Leâ Quyù Ñoân", "Trường THPT Lê Quý Đôn"),
        ("Ñaûng vieân döï bò", "Đảng viên dự bị"),
    ],
)
def test_converts_vni_samples(legacy: str, expected: str) -> None:
    assert repair(legacy) == (expected, VNI)


def test_tcvn3_capitalises_toned_letters_in_an_all_capitals_word() -> None:
    assert to_unicode("DANH S¸CH §¶NG VI£N", TCVN3) == "DANH SÁCH ĐẢNG VIÊN"


def test_tcvn3_cannot_tell_toned_capitals_from_lowercase_in_mixed_case_words() -> None:
    # Known loss: ".VnTimeH" capitals share the lowercase codes, so "Đỗ" and "ĐỖ" are both "§ç".
    assert from_unicode("ĐỖ", TCVN3) == from_unicode("Đỗ", TCVN3) == "§ç"
    assert to_unicode("§ç", TCVN3) == "Đỗ"
    assert to_unicode(from_unicode("Ở nhà", TCVN3), TCVN3) == "ở nhà"


def test_leaves_characters_outside_the_encoding_alone() -> None:
    assert to_unicode("Hïng – 25°", TCVN3) == "Hùng – 25°"
    assert to_unicode("Huøng – 25°", VNI) == "Hùng – 25°"


def test_rejects_an_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="unknown"):
        to_unicode("abc", "utf-7")


# --- No false positives -------------------------------------------------------------------------------

UNICODE_VIETNAMESE = [
    "Nguyễn Thị Hồng Nhung",
    "Đảng bộ xã Tân Phú",
    # Vietnamese that only uses Latin-1 letters, so it could look like legacy bytes.
    "Tây Ninh",
    "Hòa Bình",
    "Cà Mau",
    "Võ Thành Tâm",
    "Lê Tài",
    "Tô Hoài",
    "Châu Thành",
    "Lào Cai",
    "Ô Môn",
    "Tày",
    "Thái",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Xtiêng",
    "Brâu",
    "Pu Péo",
    "Phù Lá",
    "Tà Ôi",
    "Giáy",
    "Hà Nhì",
    "Lô Lô",
]
ASCII = ["", " ", "Nguyen Van A", "CB-01", "0912345678", "nguyen.van.a@example.com", "12/03/1990", "x"]
WESTERN = [
    "José",
    "Müller",
    "café",
    "São Paulo",
    "Crème brûlée",
    "Ça va très bien",
    "Straße",
    "François Mitterrand",
    "Señora Peña",
    "Zoë",
    "Ångström",
    "naïve",
    "résumé",
    "Gómez",
    "où",
    "déjà vu",
    "Bjørn Ærø",
    "Dvořák",
    "Łódź",
    "€ 100",
    "25°C",
    "© 2024",
    "«Hello»",
    "“quoted” – dash…",
]
SHORT = ["Ñ", "Ô", "é", "ë", "µ", "§", "ñ", "Ý", "ü", "a1"]


@pytest.mark.parametrize("text", UNICODE_VIETNAMESE + ASCII + WESTERN + SHORT)
def test_leaves_ordinary_text_unchanged(text: str) -> None:
    assert detect(text) is None
    assert repair(text) == (text, None)


@pytest.mark.parametrize("text", ["Nguyễn Thị Hồng Nhung", "Đảng bộ xã Tân Phú", "Hòa Bình", "José"])
def test_returns_decomposed_input_composed_without_an_encoding(text: str) -> None:
    assert nfd(text) != text
    assert repair(nfd(text)) == (text, None)


def test_vni_text_that_also_reads_as_unicode_is_left_alone() -> None:
    # "Hoà Chí Minh" is VNI for "Hồ Chí Minh" but also fine Unicode: undecidable, so not touched.
    assert repair("Hoà Chí Minh") == ("Hoà Chí Minh", None)


# --- Properties ----------------------------------------------------------------------------------------

# Syllables spelled by the rules of Vietnamese orthography: initial + nucleus + final, the tone on the
# nucleus (on its last vowel before a final, not on a closing glide otherwise), -c -ch -p -t only with
# sắc or nặng, gh/ngh only before e ê i, c/ng not before e ê i y. Random letter soup is not used: strings
# such as "Õu" (TCVN3 for "ếu") or "aú" (VNI for "ẳ") are not Vietnamese and genuinely read as legacy text.
INITIALS = "- b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"  # "-": no initial
OPEN = "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oa oe uê uy"
OPEN += " oai oao oay oeo uây uôi ươi ươu uya uyu uơ"
CLOSED = "a ă â e ê i o ô ơ u ư iê yê uô ươ oa oă oe uâ uê uy uyê"
RHYMES = [(nucleus, "") for nucleus in OPEN.split()]
RHYMES += [(nucleus, final) for nucleus in CLOSED.split() for final in ("c", "m", "n", "ng", "p", "t")]
RHYMES += [(nucleus, final) for nucleus in ("a", "ê", "i", "oa", "uê", "uy") for final in ("ch", "nh")]
TONE_ON_LAST = ("oa", "oe", "uy", "uê", "uơ")


def spelled(initial: str, nucleus: str) -> bool:
    first = nucleus[0]
    if initial in ("gh", "ngh"):
        return first in "eêi"
    if (initial in ("c", "ng", "g") and first in "eê") or (initial in ("c", "ng") and first in "iy"):
        return False
    # "g" + "i…" is spelled "gi…", and "qu"/"gi" followed by u/i would be read differently.
    return not ((initial == "g" and first == "i") or (initial in ("qu", "gi") and first in "ui"))


@st.composite
def syllables(draw: st.DrawFn) -> str:
    nucleus, final = draw(st.sampled_from(RHYMES))
    initials = [initial.strip("-") for initial in INITIALS.split()]
    initial = draw(st.sampled_from([initial for initial in initials if spelled(initial, nucleus)]))
    tone = draw(st.sampled_from(TONES[4:] if final in ("c", "ch", "p", "t") else TONES))
    last = len(nucleus) - 1
    at = last if final or last == 0 else draw(st.integers(0, last if nucleus in TONE_ON_LAST else last - 1))
    syllable = initial + nucleus[: at + 1] + tone + nucleus[at + 1 :] + final
    return draw(st.sampled_from([str.lower, str.capitalize, str.upper]))(nfc(syllable))


vietnamese_texts = st.lists(syllables(), min_size=1, max_size=8).map(" ".join)
# Text rich in the characters legacy cells use, to drive detection and conversion hard.
cp1252_texts = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(0x20, 0x100) if c not in range(0x7F, 0xA0)])
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), cp1252_texts))
def test_repair_never_raises_and_returns_nfc(text: str) -> None:
    repaired, encoding = repair(text)
    assert unicodedata.is_normalized("NFC", repaired)
    assert encoding in (None, TCVN3, VNI)
    if encoding is None:
        assert repaired == nfc(text)


@settings(max_examples=300, deadline=None)
@given(vietnamese_texts, st.booleans())
def test_never_converts_unicode_vietnamese(text: str, decompose: bool) -> None:
    assert repair(nfd(text) if decompose else text) == (nfc(text), None)


@settings(max_examples=300, deadline=None)
@given(vietnamese_texts, st.sampled_from(ENCODINGS))
def test_never_mistakes_one_legacy_encoding_for_the_other(text: str, encoding: str) -> None:
    if encoding == TCVN3:
        text = text.lower()  # TCVN3 has no toned capitals (see test above)
    legacy = from_unicode(text, encoding)
    assert to_unicode(legacy, encoding) == text
    assert detect(legacy) in (encoding, None)
