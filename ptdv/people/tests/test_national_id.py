"""The 12-digit citizen identity number: layout checks, normalisation, the test-data builder."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.people import national_id as nid

# Hà Nội (001), male, born 1990: digit 0 for a man born in the 1900s, then "90".
VALID_MALE_1990 = "001090123456"


class TestNormalise:
    def test_removes_spaces_dots_and_hyphens(self):
        assert nid.normalise(" 001 090.123-456 ") == VALID_MALE_1990

    def test_keeps_leading_zeros_as_a_string(self):
        assert nid.normalise("001090123456") == "001090123456"

    def test_turns_none_into_empty_string(self):
        assert nid.normalise(None) == ""


class TestProblems:
    def test_accepts_a_well_formed_number(self):
        assert nid.problems(VALID_MALE_1990, gender="M", date_of_birth=dt.date(1990, 5, 17)) == []

    @pytest.mark.parametrize(("value", "count"), [("00109012345", 11), ("0010901234567", 13), ("", 0)])
    def test_requires_twelve_digits_and_says_how_many_there_are(self, value, count):
        [message] = nid.problems(value)
        assert "12 chữ số" in message
        assert f"đang có {count}" in message

    @pytest.mark.parametrize("value", ["00109012345a", "001O90123456", "001 90123456"])
    def test_rejects_anything_but_digits(self, value):
        assert nid.problems(value) == ["Số CCCD chỉ được gồm chữ số."]

    @pytest.mark.parametrize("value", ["001090123456\n", "001０９０１２３４５６", "001٠٩٠١٢٣٤٥٦"])
    def test_accepts_only_ascii_digits_and_nothing_after_them(self, value):
        """Full-width or Arabic-Indic digits, or a trailing newline, would pass a plain regex digit check."""
        assert nid.problems(value, gender="M", date_of_birth=dt.date(1990, 1, 1)) == [
            "Số CCCD chỉ được gồm chữ số."
        ]

    def test_rejects_an_unknown_province_code(self):
        [message] = nid.problems("003090123456")
        assert "“003”" in message
        assert "mã tỉnh" in message

    def test_rejects_a_gender_digit_that_does_not_match(self):
        [message] = nid.problems(VALID_MALE_1990, gender="F")
        assert "nam" in message
        assert "giới tính" in message

    def test_reads_an_odd_gender_digit_as_female(self):
        assert nid.problems("001190123456", gender="F") == []
        [message] = nid.problems("001190123456", gender="M")
        assert "nữ" in message

    def test_reads_the_century_from_the_gender_digit(self):
        # 2/3 = born 2000–2099
        assert nid.problems("001205123456", gender="M", date_of_birth=dt.date(2005, 1, 1)) == []
        assert nid.problems("001305123456", gender="F", date_of_birth=dt.date(2005, 1, 1)) == []

    def test_rejects_a_birth_year_that_does_not_match(self):
        [message] = nid.problems(VALID_MALE_1990, date_of_birth=dt.date(1991, 1, 1))
        assert "1990" in message
        assert "1991" in message

    def test_rejects_a_century_that_does_not_match(self):
        # Digit 2 means 2000s: a person born in 1990 cannot have it.
        [message] = nid.problems("001290123456", gender="M", date_of_birth=dt.date(1990, 1, 1))
        assert "2090" in message

    def test_rejects_an_impossible_century_digit(self):
        [message] = nid.problems("001890123456")
        assert "Chữ số thứ tư “8”" in message

    def test_reports_several_problems_at_once(self):
        found = nid.problems("003190123456", gender="M", date_of_birth=dt.date(1985, 1, 1))
        assert len(found) == 3

    def test_skips_gender_and_year_checks_when_not_given(self):
        assert nid.problems(VALID_MALE_1990) == []


class TestBuild:
    def test_keeps_leading_zeros(self):
        built = nid.build("001", "M", 1990, 42)
        assert built == "001090000042"
        assert isinstance(built, str)

    def test_encodes_gender_and_century(self):
        assert nid.build("079", "F", 2003, 7)[3:6] == "303"

    @given(
        province=st.sampled_from(sorted(nid.PROVINCE_CODES)),
        gender=st.sampled_from(["M", "F"]),
        birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
        serial=st.integers(min_value=0, max_value=10**9),
    )
    def test_output_always_passes_the_checks_for_matching_gender_and_year(
        self, province, gender, birth, serial
    ):
        built = nid.build(province, gender, birth.year, serial)
        assert len(built) == 12
        assert built.startswith(province)
        assert nid.problems(built, gender=gender, date_of_birth=birth) == []
