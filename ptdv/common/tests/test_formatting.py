"""Vietnamese number, percentage and date formatting, independent of the active locale."""

import datetime as dt
from decimal import Decimal

import pytest

from ptdv.common.formatting import vn_date, vn_number, vn_percent


class TestVnNumber:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (4762, "4.762"), (1234567, "1.234.567")],
    )
    def test_groups_thousands_with_dots(self, value, expected):
        assert vn_number(value) == expected

    def test_uses_a_comma_for_decimals(self):
        assert vn_number(76.5123, 2) == "76,51"
        assert vn_number(1234567.891, 2) == "1.234.567,89"

    def test_pads_decimals_to_the_requested_places(self):
        assert vn_number(5, 2) == "5,00"

    def test_puts_the_sign_before_grouped_digits(self):
        assert vn_number(-4762) == "-4.762"
        assert vn_number(Decimal("-1234.5"), 1) == "-1.234,5"

    def test_does_not_show_minus_zero(self):
        assert vn_number(-0.4) == "0"
        assert vn_number(-0.001, 2) == "0,00"

    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [(2.5, 0, "3"), (3.5, 0, "4"), (0.125, 2, "0,13"), (2.675, 2, "2,68"), (-2.5, 0, "-3")],
    )
    def test_rounds_half_up_not_to_even(self, value, decimals, expected):
        assert vn_number(value, decimals) == expected

    def test_formats_none_as_empty(self):
        assert vn_number(None) == ""


class TestVnPercent:
    def test_formats_with_comma_and_percent_sign(self):
        assert vn_percent(76.51) == "76,51%"

    def test_rounds_to_two_places_by_default(self):
        assert vn_percent(33.3333) == "33,33%"
        assert vn_percent(100) == "100,00%"

    def test_takes_other_precision(self):
        assert vn_percent(12.35, 1) == "12,4%"

    def test_formats_none_as_empty(self):
        assert vn_percent(None) == ""


class TestVnDate:
    def test_formats_day_month_year(self):
        assert vn_date(dt.date(2024, 3, 25)) == "25/03/2024"

    def test_pads_single_digit_day_and_month(self):
        assert vn_date(dt.date(2025, 7, 1)) == "01/07/2025"

    def test_formats_none_as_empty(self):
        assert vn_date(None) == ""


def test_the_age_filter_counts_completed_years(time_machine):
    import datetime as dt

    from ptdv.common.templatetags.ptdv import age

    time_machine.move_to(dt.datetime(2026, 3, 25, 9, 0))
    assert age(dt.date(2008, 3, 26)) == "17 tuổi"
    assert age(dt.date(2008, 3, 25)) == "18 tuổi"
    assert age(None) == ""


def test_ids_rendered_in_templates_stay_plain_digits_for_links_and_form_values():
    """{{ person.pk }} in "?person=…" must not become "1.234" (numbers for people use vn_number)."""
    from django.template import Context, Template

    assert Template("?person={{ pk }}&nam={{ year }}").render(Context({"pk": 1234, "year": 2026})) == (
        "?person=1234&nam=2026"
    )
