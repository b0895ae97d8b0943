"""Text at the boundary: Unicode NFC for storage, a diacritics-free key for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return `value` in NFC with runs of white space folded to one space and the ends trimmed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Lower-case, diacritics-free form of `value`: "Nguyễn Văn Hiếu" -> "nguyen van hieu"."""
    text = nfc(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def has_diacritics(value: str) -> bool:
    """True when `value` carries any Vietnamese mark, so a search should prefer exact matches."""
    return search_key(value) != nfc(value).lower()
