"""Vietnamese typed in the legacy 8-bit fonts TCVN3 (ABC, ".VnTime") and VNI-Windows ("VNI-Times").

Old workbooks store such text as the Windows-1252 reading of the font's bytes, so a cell holds a normal
``str`` that looks garbled: TCVN3 "NguyÔn V¨n Hïng", VNI "Nguyeãn Vaên Huøng" for "Nguyễn Văn Hùng".
This module detects both encodings and converts them to Unicode NFC. Standard library only.

TCVN3 (TCVN 5712:1993, table VN3) gives one byte to each lowercase letter with marks, but uppercase only
to Ă Â Ê Ô Ơ Ư Đ without a tone: capitals with a tone were typed in the ".VnTimeH" font, which draws the
lowercase codes as capitals. The data cannot tell those apart from lowercase, so they convert to
lowercase: a known loss. One cheap repair: in a word whose other letters are all capitals (at least two,
as in a heading "NGUYÔN"), the toned letters are made capitals too ("NGUYỄN"); "§ç" stays "Đỗ".
VNI writes a base letter followed by a mark byte ("eã" = ễ) and has its own capitals ("EÃ" = Ễ).

Detection only looks at text made of characters a cp1252 cell can hold (so real Unicode Vietnamese, with
ă ơ ư đ ạ …, is never touched) and accepts an encoding when most of the words it changes become valid
Vietnamese syllables and more of them than read as syllables already. What it cannot decide it leaves
alone: VNI whose every word is also valid Unicode ("Hoà Chí Minh"), and some single words that read
validly in both encodings ("phæ": TCVN3 "phổ", VNI "phỉ").
"""

import re
import unicodedata
from functools import lru_cache

TCVN3 = "tcvn3"
VNI = "vni"
LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI-Windows"}

_VOWELS = "aăâeêioôơuưy"
# Tone order used by both tables: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _letter(vowel: str, tone: int) -> str:
    """One lowercase Vietnamese vowel with the given tone (index in _TONES), NFC."""
    return unicodedata.normalize("NFC", vowel + _TONES[tone])


def _cp1252(hex_bytes: str) -> str:
    """The characters a cell shows for these font bytes (written in hex as in the published tables)."""
    return bytes.fromhex(hex_bytes).decode("cp1252")


# --- TCVN3: one byte per letter; rows give the huyền, hỏi, ngã, sắc, nặng forms of each vowel. ---
_TCVN3_TONED = {
    "a": "B5 B6 B7 B8 B9", "ă": "BB BC BD BE C6", "â": "C7 C8 C9 CA CB",
    "e": "CC CE CF D0 D1", "ê": "D2 D3 D4 D5 D6", "i": "D7 D8 DC DD DE",
    "o": "DF E1 E2 E3 E4", "ô": "E5 E6 E7 E8 E9", "ơ": "EA EB EC ED EE",
    "u": "EF F1 F2 F3 F4", "ư": "F5 F6 F7 F8 F9", "y": "FA FB FC FD FE",
}  # fmt: skip
_TCVN3_DECODE = dict(zip(_cp1252("A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE"), "ĂÂÊÔƠƯĐăâêôơưđ", strict=True))
for _vowel, _row in _TCVN3_TONED.items():
    _TCVN3_DECODE.update(zip(_cp1252(_row), [_letter(_vowel, tone) for tone in range(1, 6)], strict=True))
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_ENCODE = {letter: code for code, letter in _TCVN3_DECODE.items()}
# Letters that only exist in lowercase in the data (see the module docstring).
_TCVN3_CASELESS = frozenset(letter for letter in _TCVN3_DECODE.values() if letter.islower())

# --- VNI: base letter + one mark byte; uppercase codes are the lowercase ones minus 0x20 (str.upper). ---
_VNI_TONE = _cp1252("F8 FB F5 F9 EF")  # huyền, hỏi, ngã, sắc, nặng after a e o u y ơ ư
_VNI_CIRCUMFLEX = _cp1252("E2 E0 E5 E3 E1 E4")  # â ê ô: bare, then with each tone
_VNI_BREVE = _cp1252("EA E8 FA FC E9 EB")  # ă: bare, then with each tone
_VNI_I = _cp1252("EC E6 F3 ED F2")  # ì ỉ ĩ í ị are single bytes
_VNI_SINGLE = {"ơ": _cp1252("F4"), "ư": _cp1252("F6"), "đ": _cp1252("F1"), "ỵ": _cp1252("EE")}


def _vni_code(vowel: str, tone: int) -> str:
    """The lowercase VNI sequence for a vowel with a tone."""
    letter = _letter(vowel, tone)
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    if vowel == "ă":
        return "a" + _VNI_BREVE[tone]
    if vowel in "âêô":
        return unicodedata.normalize("NFD", vowel)[0] + _VNI_CIRCUMFLEX[tone]
    if vowel == "i":
        return "i" if tone == 0 else _VNI_I[tone - 1]
    base = _VNI_SINGLE.get(vowel, vowel)
    return base if tone == 0 else base + _VNI_TONE[tone - 1]


_VNI_ENCODE: dict[str, str] = {"đ": _VNI_SINGLE["đ"], "Đ": _VNI_SINGLE["đ"].upper()}
for _vowel in _VOWELS:
    for _tone in range(6):
        _code, _lower = _vni_code(_vowel, _tone), _letter(_vowel, _tone)
        if _code != _lower:
            _VNI_ENCODE[_lower], _VNI_ENCODE[_lower.upper()] = _code, _code.upper()
_VNI_DECODE = {code: letter for letter, code in _VNI_ENCODE.items()}
for _code, _decoded in list(_VNI_DECODE.items()):
    if len(_code) == 2:  # be lenient about the case of the mark: the base letter decides
        _VNI_DECODE.setdefault(_code[0] + _code[1].swapcase(), _decoded)
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))

# --- Detection ---
# Characters a cp1252 cell can hold; anything else (ă, ơ, ạ, combining marks, CJK…) means real Unicode.
_OUTSIDE_CP1252 = re.compile("[^\x00-\xff\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
                             "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
                             "\u0153\u017e\u0178]")  # fmt: skip
# A word for detection: ASCII letters and the upper half of Latin-1 (TCVN3 letters include "§", "µ", "×").
_TOKEN = re.compile("[A-Za-z\u00a1-\u00ff]+")
_WORD = re.compile(r"[^\W\d_]+")

# Vietnamese spelling: initial consonant + vowel nucleus + final consonant, at most one tone. Nuclei are
# grouped by the finals that may follow; this is what tells a syllable from letter soup ("ou", "âo", "ơa").
# The loanword nucleus "oo" ("xoong", "moóc") is left out: with it VNI "coâng" (công) also read as TCVN3.
_V = "aăâeêioôơuưy"
_PARTS = re.compile(f"(qu|gi(?=[{_V}])|[bcdđghklmnpqrstvx]*)([{_V}]+)([a-zđ]*)")
_INITIALS = frozenset(("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
                       "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"))  # fmt: skip
_FINALS = frozenset(("", "c", "m", "n", "ng", "p", "t"))
_NUCLEI = {
    **dict.fromkeys(("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
                     "ưi", "ưu", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
                     "uơ", "y"), frozenset(("",))),  # open: no final
    **dict.fromkeys(("a", "ê", "i", "oa", "uê", "uy"), _FINALS | {"ch", "nh"}),  # the only ones before -ch, -nh
    **dict.fromkeys(("e", "o", "ô", "ơ", "u", "ư", "oe"), _FINALS),
    **dict.fromkeys(("ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê"), _FINALS - {""}),  # need a final
}  # fmt: skip
_TONE_MARKS = frozenset(_TONES[1:])
_STOP_TONES = frozenset(("\u0301", "\u0323"))  # after -c -ch -p -t only sắc or nặng occur
_TONE_ON_LAST = frozenset(("oa", "oe", "uy", "uê", "uơ"))  # open nuclei that may carry the tone last


def _is_syllable(word: str) -> bool:
    """True when the word is spelled like one Vietnamese syllable, tone included."""
    word = unicodedata.normalize("NFC", word.lower())
    marks = [(index, mark) for index, char in enumerate(word) for mark in unicodedata.normalize("NFD", char)]
    tones = [(index, mark) for index, mark in marks if mark in _TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(mark for _, mark in marks if mark not in _TONE_MARKS))
    parts = _PARTS.fullmatch(bare)
    if len(tones) > 1 or len(bare) != len(word) or parts is None:
        return False
    initial, nucleus, final = parts.groups()
    if initial not in _INITIALS:
        return False
    if initial == "qu" and final not in _NUCLEI.get(nucleus, ()):
        initial, nucleus = "q", "u" + nucleus  # "quýt", "quỳnh": here the u belongs to the nucleus "uy"
    if final not in _NUCLEI.get(nucleus, ()):
        return False
    # c/k, g/gh and ng/ngh are spelled by the following vowel ("ke", "ghi", "nghe" but "ca", "go", "ngu").
    first = nucleus[0]
    if (initial in ("gh", "ngh") and first not in "eêi") or (initial in ("c", "g", "ng") and first in "eê"):
        return False
    if initial in ("c", "ng") and first in "iy":
        return False
    if not tones:
        return final not in ("c", "ch", "p", "t")
    (index, tone), last = tones[0], len(initial) + len(nucleus) - 1
    if final in ("c", "ch", "p", "t") and tone not in _STOP_TONES:
        return False
    # The tone sits on the nucleus: on its last vowel before a final ("hoàng", "tiếng"), otherwise not on
    # a closing glide ("hai", "mùa", "người"), except where both spellings are used ("hòa"/"hoà").
    if not len(initial) <= index <= last:
        return False
    return index == last if final else index < last or len(nucleus) == 1 or nucleus in _TONE_ON_LAST


@lru_cache(maxsize=16384)
def _is_word(word: str, caseless: frozenset[str] = frozenset()) -> bool:
    """A syllable cased as words are: "hệ", "Hệ", "HỆ" but not "hƯ" (letters in caseless are ignored)."""
    upper = [char.isupper() for char in word if char.isalpha() and char not in caseless]
    return (not any(upper[1:]) or all(upper)) and _is_syllable(word)


def _decode(text: str, encoding: str) -> str:
    """Map legacy characters to Unicode letters, without normalisation or case repair."""
    if encoding == TCVN3:
        return text.translate(_TCVN3_TABLE)
    if encoding == VNI:
        return _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], text)
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


@lru_cache(maxsize=16384)  # names and words repeat across the rows of a file
def _reads_as(token: str, encoding: str) -> bool:
    """True when the token converts to a Vietnamese word (a one-letter result proves nothing: "Ñ" → "ẹ")."""
    converted = _decode(token, encoding)
    caseless = _TCVN3_CASELESS if encoding == TCVN3 else frozenset()
    return sum(char.isalpha() for char in converted) >= 2 and _is_word(converted, caseless)


def detect(text: str) -> str | None:
    """TCVN3 or VNI when the text reads as that legacy encoding, else None (Unicode, ASCII, undecidable)."""
    if text.isascii():
        return None
    text = unicodedata.normalize("NFC", text)
    if _OUTSIDE_CP1252.search(text):
        return None
    tokens = [token for token in _TOKEN.findall(text) if len(token) > 1 and not token.isascii()]
    if not tokens:
        return None
    already = sum(map(_is_word, tokens))
    if already == len(tokens):  # all fine as it stands ("Tây Ninh"): no conversion can do better
        return None
    scores = {encoding: sum(_reads_as(token, encoding) for token in tokens) for encoding in (TCVN3, VNI)}
    best = max(scores.values())
    # Most words must become syllables, and more of them than were syllables as they stand: this keeps
    # Unicode that only uses Latin-1 letters ("Hòa Bình") as it is. A tie is not guessed.
    if best <= already or 2 * best <= len(tokens) or list(scores.values()).count(best) > 1:
        return None
    return TCVN3 if scores[TCVN3] == best else VNI


def _restore_caps(match: re.Match[str]) -> str:
    """Capitalise a TCVN3 word whose only lowercase letters are ones TCVN3 cannot write in uppercase."""
    word = match.group()
    if word[1:].islower():  # the common case, lowercase or capitalised: nothing to restore
        return word
    if sum(char.isupper() for char in word) >= 2 and all(
        char.isupper() or char in _TCVN3_CASELESS for char in word
    ):
        return word.upper()
    return word


def to_unicode(text: str, encoding: str) -> str:
    """Convert text in the given legacy encoding to Unicode NFC."""
    converted = _decode(text, encoding)
    if encoding == TCVN3:
        converted = _WORD.sub(_restore_caps, converted)
    return unicodedata.normalize("NFC", converted)


def repair(text: str) -> tuple[str, str | None]:
    """NFC-normalise text and convert it when it is legacy TCVN3/VNI; returns (text, encoding or None)."""
    if text.isascii():
        return text, None
    text = unicodedata.normalize("NFC", text)
    encoding = detect(text)
    return (text, None) if encoding is None else (to_unicode(text, encoding), encoding)


def from_unicode(text: str, encoding: str) -> str:
    """Write Unicode Vietnamese as a legacy cell shows it (for tests and fixtures); other text passes."""
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        return "".join(_TCVN3_ENCODE.get(char) or _TCVN3_ENCODE.get(char.lower(), char) for char in text)
    if encoding == VNI:
        return "".join(_VNI_ENCODE.get(char, char) for char in text)
    raise ValueError(f"unknown legacy encoding: {encoding!r}")
