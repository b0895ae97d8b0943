"""Formatting helpers behind the forms."""

import datetime as dt

import pytest

from ptdv.documents.docx_kit import (
    DATE_DOTS,
    DOTS,
    fmt_date,
    number_line,
    place_and_date,
    text_or_dots,
    vote_line,
    vote_percent,
)
from ptdv.documents.parts import committee_of, party_body_of


@pytest.mark.parametrize(
    ("votes_for", "total", "expected"),
    [(8, 11, "72,73%"), (2, 3, "66,67%"), (12, 12, "100%"), (3, 4, "75%"), (0, 5, "0%")],
)
def test_a_vote_percentage_uses_a_decimal_comma_and_drops_zero_decimals(votes_for, total, expected):
    assert vote_percent(votes_for, total) == expected


@pytest.mark.parametrize(("votes_for", "total"), [(None, 11), (8, None), (0, 0)])
def test_a_vote_percentage_that_cannot_be_computed_is_dotted(votes_for, total):
    assert vote_percent(votes_for, total) == "……%"


def test_a_vote_line_reads_total_present_and_in_favour():
    assert (
        vote_line("Tổng số đảng viên chính thức", 11, 10, 8)
        == "Tổng số đảng viên chính thức: 11; có mặt: 10; tán thành: 8 (đạt 72,73%)"
    )


def test_a_date_is_day_month_year_or_dotted():
    assert fmt_date(dt.date(2024, 3, 5)) == "05/03/2024"
    assert fmt_date(None) == DATE_DOTS


def test_the_place_and_date_line_leaves_unknown_parts_dotted():
    assert place_and_date("Tân Hòa", dt.date(2024, 3, 25)) == "Tân Hòa, ngày 25 tháng 03 năm 2024"
    assert place_and_date("", None) == "……, ngày … tháng … năm ……"
    assert place_and_date("Tân Hòa", None) == "Tân Hòa, ngày … tháng … năm ……"


def test_a_number_line_completes_a_bare_number_and_keeps_a_full_one():
    assert number_line("45", "QĐ/ĐU") == "Số 45-QĐ/ĐU"
    assert number_line("78-QĐ/ĐU", "QĐ/ĐU") == "Số 78-QĐ/ĐU"
    assert number_line(None, "NQ/CB") == "Số …-NQ/CB"


def test_blank_values_become_dots_and_others_are_kept():
    assert text_or_dots(None) == DOTS
    assert text_or_dots("  ") == DOTS
    assert text_or_dots(0) == "0"
    assert text_or_dots("Kinh") == "Kinh"


def test_an_organisation_and_its_executive_are_named_from_each_other():
    assert committee_of("Đảng bộ Trường THPT Tân Hòa") == "Đảng ủy Trường THPT Tân Hòa"
    assert committee_of("Chi bộ Tổ Toán") == "Chi bộ Tổ Toán"
    assert party_body_of("Đảng ủy xã Tân Hòa") == "Đảng bộ xã Tân Hòa"
    assert party_body_of("") == ""
