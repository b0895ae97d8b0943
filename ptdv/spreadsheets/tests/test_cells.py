"""Reading single cells: dates, IDs, phones, yes/no, numbers and coded values."""

import datetime as dt
from decimal import Decimal

import pytest

from ptdv.spreadsheets.cells import (
    CellError,
    Formula,
    read_bool,
    read_choice,
    read_date,
    read_national_id,
    read_number,
    read_phone,
)

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("25/03/2024", dt.date(2024, 3, 25)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("05-03-2024", dt.date(2024, 3, 5)),
        ("5.3.2024", dt.date(2024, 3, 5)),
        ("5/3/98", dt.date(1998, 3, 5)),
        ("5/3/24", dt.date(2024, 3, 5)),
        ("2024-03-25", dt.date(2024, 3, 25)),
        ("2024-03-25 00:00:00", dt.date(2024, 3, 25)),
        (45376, dt.date(2024, 3, 25)),
        (45376.0, dt.date(2024, 3, 25)),
        (dt.datetime(2024, 3, 25, 8, 30), dt.date(2024, 3, 25)),
        ("２５/０３/２０２４", dt.date(2024, 3, 25)),
    ],
)
def test_reads_dates_as_users_write_them(value, expected):
    assert read_date(value, today=TODAY).value == expected


@pytest.mark.parametrize(
    "value", ["1985", 1985, "03/1985", "31/02/2024", "hôm qua", 12, 10**7, True, Formula("=A1")]
)
def test_refuses_what_is_not_a_whole_date(value):
    with pytest.raises(CellError):
        read_date(value, today=TODAY)


def test_a_year_alone_says_it_will_not_guess():
    with pytest.raises(CellError, match="không tự đoán"):
        read_date(1985)


def test_national_id_keeps_leading_zeros_from_numbers_and_text():
    assert read_national_id(1090123456).value == "001090123456"
    assert read_national_id(1090123456).warning
    assert read_national_id("001 090 123 456").value == "001090123456"
    assert read_national_id(79195000222.0).value == "079195000222"


def test_national_id_that_excel_rounded_to_a_float_is_refused():
    with pytest.raises(CellError, match="mất chữ số"):
        read_national_id("1,23457E+11".replace(",", "."))
    with pytest.raises(CellError):
        read_national_id(123456.78)


def test_phone_numbers_get_their_leading_zero_back():
    assert read_phone(912345678).value == "0912345678"
    assert read_phone("0912 345 678").value == "0912345678"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("x", True),
        ("Có", True),
        ("co", True),
        (1, True),
        ("", False),
        ("Không", False),
        (0, False),
        (None, False),
    ],
)
def test_yes_and_no(value, expected):
    assert read_bool(value).value is expected


def test_numbers_in_vietnamese_format():
    assert read_number("1.020").value == Decimal("1020")
    assert read_number("3,45").value == Decimal("3.45")
    assert read_number("76,51%").value == Decimal("76.51")
    assert read_number(1250).value == Decimal("1250")


def test_coded_values_match_without_diacritics_or_case_and_list_the_options_when_wrong():
    choices = [("M", "Nam"), ("F", "Nữ")]
    assert read_choice("nữ", choices=choices, label="Giới tính").value == "F"
    assert read_choice("NU", choices=choices, label="Giới tính").value == "F"
    with pytest.raises(CellError, match="Các giá trị được nhận: Nam, Nữ"):
        read_choice("Khác", choices=choices, label="Giới tính")
