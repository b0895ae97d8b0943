"""Text at the boundary: NFC storage and the diacritics-free search key."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ptdv.common.text import has_diacritics, nfc, search_key

NAME_NFC = "Nguyễn Văn Hiếu"
NAME_NFD = unicodedata.normalize("NFD", NAME_NFC)


class TestNfc:
    def test_turns_decomposed_input_into_composed_form(self):
        assert NAME_NFD != NAME_NFC  # the fixture really is decomposed
        assert nfc(NAME_NFD) == NAME_NFC
        assert unicodedata.is_normalized("NFC", nfc(NAME_NFD))

    def test_folds_runs_of_white_space_and_trims_the_ends(self):
        assert nfc("  Nguyễn \t Văn\n\nHiếu\u00a0 ") == "Nguyễn Văn Hiếu"

    def test_returns_empty_string_for_none_and_empty(self):
        assert nfc(None) == ""
        assert nfc("") == ""
        assert nfc("   ") == ""

    @given(st.text())
    def test_is_idempotent(self, value):
        assert nfc(nfc(value)) == nfc(value)


class TestSearchKey:
    def test_drops_diacritics_and_lowers_case(self):
        assert search_key("Nguyễn Văn Hiếu") == "nguyen van hieu"

    def test_gives_the_same_key_for_nfd_input(self):
        assert search_key(NAME_NFD) == "nguyen van hieu"

    def test_turns_d_with_stroke_into_plain_d(self):
        assert search_key("Đặng Đình Đức") == "dang dinh duc"
        assert search_key("đảng bộ") == "dang bo"

    def test_folds_white_space(self):
        assert search_key("  Trần   Thị\tÁnh ") == "tran thi anh"

    def test_handles_none(self):
        assert search_key(None) == ""

    @given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíị ĐĂÂÊÔƠƯ"))
    def test_key_of_vietnamese_text_is_plain_ascii(self, value):
        key = search_key(value)
        assert key.isascii()
        assert key == key.lower()


class TestHasDiacritics:
    def test_is_true_for_a_name_with_marks(self):
        assert has_diacritics("Hiếu")
        assert has_diacritics("Đông")

    def test_is_false_for_plain_letters_whatever_the_case(self):
        assert not has_diacritics("Nguyen Van Hieu")
        assert not has_diacritics("NGUYEN")
