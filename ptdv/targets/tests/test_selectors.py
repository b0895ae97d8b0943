"""Target reads: periods by key, what a target asks of a period, the cascade check, and the wording."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ptdv.common.testing.factories import SYSTEM, make_org
from ptdv.organizations.models import OrgKind
from ptdv.organizations.services import organization_dissolve
from ptdv.targets.models import Category, Measure, TargetForm, Term
from ptdv.targets.selectors import cascade_warnings, period_from_key, requirements_for, target_list
from ptdv.targets.services import target_create
from ptdv.targets.wording import target_title, target_wording

pytestmark = pytest.mark.django_db
NQ = "Nghị quyết Đại hội lần thứ XV"
HALF_OF_2025 = Decimal(181) / Decimal(365)  # 1 January – 30 June 2025: the last months of the 2020–2025 term


@pytest.fixture
def term():
    return Term.objects.get(code="2020-2025")


def _target(org, **data):
    return target_create(actor=SYSTEM, organization=org, **{"minimum": 10, "source_document": NQ, **data})


@pytest.fixture
def commune(tree):
    """A commune with three cells, for the cascade check."""
    top = make_org(tree.province, kind=OrgKind.COMMUNE, name="Đảng bộ phường Tân Giang")
    cells = [make_org(top, kind=OrgKind.CELL, name=f"Chi bộ khu phố {i}") for i in (1, 2, 3)]
    return top, cells


# Periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["2020-2025", "2020–2025", " 2020-2025 "])
def test_a_term_code_with_a_hyphen_or_an_en_dash_gives_the_terms_dates(key):
    period = period_from_key(key)
    assert (period.kind, period.key, period.label) == ("term", "2020-2025", "nhiệm kỳ 2020–2025")
    assert (period.start, period.end) == (dt.date(2020, 1, 1), dt.date(2025, 6, 30))


def test_a_year_gives_the_calendar_year():
    period = period_from_key("2024")
    assert (period.kind, period.key, period.label) == ("year", "2024", "năm 2024")
    assert (period.start, period.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize("key", ["2019-2021", "2019–2021", "2019 - 2021"])
def test_a_span_of_years_is_written_with_a_hyphen_or_an_en_dash(key):
    period = period_from_key(key)
    assert (period.kind, period.key, period.label) == ("years", "2019-2021", "giai đoạn 2019–2021")
    assert (period.start, period.end) == (dt.date(2019, 1, 1), dt.date(2021, 12, 31))
    assert period.years == [2019, 2020, 2021]


@pytest.mark.parametrize("key", ["abc", "", "2021-2019", "1800", "20245", "2024-"])
def test_anything_else_is_refused_with_a_vietnamese_explanation(key):
    with pytest.raises(ValidationError) as excinfo:
        period_from_key(key)
    assert excinfo.value.messages == [
        f"Không hiểu kỳ “{key.strip()}”. Hãy ghi một nhiệm kỳ (ví dụ 2020-2025), một năm (2024) "
        "hoặc một khoảng năm (2019-2021)."
    ]


# What a target asks of a period --------------------------------------------------------------


def _only(org, key):
    found = requirements_for([org.pk], period_from_key(key))[org.pk]
    assert len(found) == 1
    return found[0]


def test_a_per_year_term_target_asks_its_figure_of_each_full_year(tree, term):
    _target(tree.commune, term=term, per_year=True, form=TargetForm.RANGE, minimum=90, maximum=100)
    req = _only(tree.commune, "2024")
    assert (req.minimum, req.maximum) == (90, 100)


def test_the_2025_changeover_year_asks_one_years_figure_not_two(tree):
    for code in ("2020-2025", "2025-2030"):
        _target(tree.commune, term=Term.objects.get(code=code), per_year=True, minimum=100)
    found = requirements_for([tree.commune.pk], period_from_key("2025"))[tree.commune.pk]
    assert sum(r.minimum for r in found) <= 101  # 100 × 181/365 + 100 × 184/365, rounded up at most once each


def test_a_per_year_term_target_over_the_whole_term_counts_five_years_and_a_half(tree, term):
    _target(tree.commune, term=term, per_year=True, form=TargetForm.RANGE, minimum=90, maximum=100)
    req = _only(tree.commune, "2020-2025")
    assert req.minimum == 495  # 90 × (5 + 181/365) = 494,6
    assert req.maximum == 550  # 100 × (5 + 181/365) = 549,6


def test_a_whole_term_target_applies_to_the_term_report_only(tree, term):
    _target(tree.commune, term=term, minimum=6224)
    assert _only(tree.commune, "2020-2025").minimum == 6224
    assert requirements_for([tree.commune.pk], period_from_key("2024")) == {}


def test_yearly_targets_over_a_span_add_up_into_one_requirement(tree):
    _target(tree.commune, year=2022, minimum=999)  # outside the span
    _target(tree.commune, year=2023, form=TargetForm.RANGE, minimum=40, maximum=55)
    _target(tree.commune, year=2024, form=TargetForm.RANGE, minimum=45, maximum=60)
    req = _only(tree.commune, "2023-2024")
    assert (req.minimum, req.maximum, req.years) == (85, 115, (2023, 2024))


def test_a_share_of_members_keeps_the_years_whose_start_it_is_counted_on(tree, term):
    _target(tree.commune, year=2024, form=TargetForm.PERCENT_OF_BASE, minimum=7)
    req = _only(tree.commune, "2024")
    assert req.minimum == 7 and req.base_years == {2024: 1}
    per_year = _target(tree.cell, term=term, per_year=True, form=TargetForm.PERCENT_OF_BASE, minimum=2)
    over_term = requirements_for([tree.cell.pk], period_from_key("2020-2025"))[tree.cell.pk]
    assert [r.target for r in over_term] == [per_year]
    assert over_term[0].base_years == {**dict.fromkeys(range(2020, 2025), 1), 2025: HALF_OF_2025}


def test_a_population_ratio_is_a_level_for_its_own_term_report(tree, term):
    _target(tree.commune, term=term, measure=Measure.MEMBER_POPULATION_RATIO, minimum=Decimal("3.85"))
    assert _only(tree.commune, "2020-2025").minimum == Decimal("3.85")
    assert requirements_for([tree.commune.pk], period_from_key("2025-2030")) == {}


def test_the_target_list_shows_only_the_actors_subtree(tree, unrelated_officer, provincial_officer):
    ours = _target(tree.cell, year=2024)
    theirs = _target(tree.other_cell, year=2024)
    assert list(target_list(actor=unrelated_officer)) == [theirs]
    assert list(target_list(actor=provincial_officer, organization=tree.commune)) == [ours]


# The cascade check ---------------------------------------------------------------------------


def _split(commune, figures, **data):
    _top, cells = commune
    for cell, figure in zip(cells, figures, strict=False):
        if figure is not None:
            _target(cell, year=2024, minimum=figure, **data)


def test_children_whose_targets_add_up_to_less_are_warned_about(commune):
    top, _ = commune
    _target(top, year=2024, minimum=100)
    _split(commune, [30, 40, 20])
    assert cascade_warnings(top, period_from_key("2024")) == [
        "Tổng chỉ tiêu giao cho các tổ chức trực thuộc (90) thấp hơn chỉ tiêu của Đảng bộ phường Tân Giang "
        "(100), kết nạp đảng viên mới, tất cả đối tượng."
    ]


def test_children_whose_targets_add_up_to_more_are_warned_about(commune):
    top, _ = commune
    _target(top, year=2024, minimum=1000)
    _split(commune, [400, 400, 300])
    warnings = cascade_warnings(top, period_from_key("2024"))
    assert warnings == [
        "Tổng chỉ tiêu giao cho các tổ chức trực thuộc (1.100) cao hơn chỉ tiêu của Đảng bộ phường Tân Giang "
        "(1.000), kết nạp đảng viên mới, tất cả đối tượng."
    ]


def test_children_whose_targets_add_up_exactly_raise_no_warning(commune, term):
    top, _ = commune
    _target(top, term=term, per_year=True, minimum=100)  # a per-year term target, checked for 2024
    _split(commune, [30, 40, 30])
    assert cascade_warnings(top, period_from_key("2024")) == []


def test_children_left_without_the_target_are_counted(commune):
    top, _ = commune
    _target(top, year=2024, minimum=100)
    _split(commune, [50, 50, None])
    assert cascade_warnings(top, period_from_key("2024")) == [
        "1/3 tổ chức trực thuộc chưa được giao chỉ tiêu này (tất cả đối tượng)."
    ]


def test_no_warning_before_any_child_has_been_given_the_target(commune):
    top, _ = commune
    _target(top, year=2024, minimum=100)
    assert cascade_warnings(top, period_from_key("2024")) == []


def test_the_maxima_of_a_range_are_checked_too(commune):
    top, _ = commune
    _target(top, year=2024, form=TargetForm.RANGE, minimum=90, maximum=120)
    _split(commune, [30, 30, 30], form=TargetForm.RANGE, maximum=35)
    assert cascade_warnings(top, period_from_key("2024")) == [
        "Tổng mức tối đa giao cho các tổ chức trực thuộc (105) khác mức tối đa của Đảng bộ phường Tân Giang "
        "(120), tất cả đối tượng."
    ]


def test_targets_of_other_categories_are_not_mixed_in(commune):
    top, _ = commune
    students = Category.objects.get(key="hoc-sinh-sinh-vien")
    _target(top, year=2024, minimum=10, category=students)
    _split(commune, [3, 3, 3], category=students)
    _split(commune, [50, 50, 50])  # all categories: another target
    assert cascade_warnings(top, period_from_key("2024")) == [
        "Tổng chỉ tiêu giao cho các tổ chức trực thuộc (9) thấp hơn chỉ tiêu của Đảng bộ phường Tân Giang "
        "(10), kết nạp đảng viên mới, học sinh, sinh viên."
    ]


def test_shares_of_members_and_population_ratios_are_not_added_up(commune):
    top, _ = commune
    _target(top, year=2024, form=TargetForm.PERCENT_OF_BASE, minimum=7)
    _target(top, year=2024, measure=Measure.MEMBER_POPULATION_RATIO, minimum=Decimal("3.5"))
    _split(commune, [1, 1, 1], form=TargetForm.PERCENT_OF_BASE)
    assert cascade_warnings(top, period_from_key("2024")) == []


def test_a_range_split_into_exact_figures_for_the_children_is_still_checked(commune):
    top, _ = commune
    _target(top, year=2024, form=TargetForm.RANGE, minimum=90, maximum=100)
    _split(commune, [30, 30, 20])
    warnings = cascade_warnings(top, period_from_key("2024"))
    assert warnings[0] == (
        "Tổng chỉ tiêu giao cho các tổ chức trực thuộc (80) thấp hơn chỉ tiêu của Đảng bộ phường Tân Giang "
        "(90), kết nạp đảng viên mới, tất cả đối tượng."
    )
    assert warnings[1].startswith("Tổng mức tối đa giao cho các tổ chức trực thuộc (80) khác mức tối đa")


def test_the_cascade_of_a_past_term_counts_the_children_of_that_term(commune, term):
    top, cells = commune
    _target(top, term=term, minimum=90)
    for cell in cells:
        _target(cell, term=term, minimum=30)
    organization_dissolve(actor=SYSTEM, org=cells[2], effective_date=dt.date(2025, 7, 1))
    assert cascade_warnings(top, period_from_key("2020-2025")) == []


def test_the_cascade_warning_keeps_the_capitals_of_a_category_name(commune):
    top, _ = commune
    youth = Category.objects.get(key="doan-vien")
    _target(top, year=2024, minimum=10, category=youth)
    _split(commune, [3, 3, 3], category=youth)
    (warning,) = cascade_warnings(top, period_from_key("2024"))
    assert "Đoàn TNCS Hồ Chí Minh" in warning


# Wording (wording.py: how the list and the reports state a target) ---------------------------


def test_a_target_is_worded_the_way_a_resolution_states_it(tree, term):
    students = Category.objects.get(key="hoc-sinh-sinh-vien")
    yearly = _target(
        tree.commune, term=term, per_year=True, form=TargetForm.RANGE, minimum=1020, maximum=1250
    )
    share = _target(tree.commune, year=2024, form=TargetForm.PERCENT_OF_BASE, minimum=7)
    ratio = _target(tree.commune, term=term, measure=Measure.MEMBER_POPULATION_RATIO, minimum=Decimal("3.45"))
    pupils = _target(
        tree.commune, term=term, per_year=True, minimum=40, maximum=55, form="range", category=students
    )
    sources = _target(
        tree.commune, year=2024, measure=Measure.SOURCES, nominated_by="youth_union", minimum=25
    )
    assert target_wording(yearly) == "1.020–1.250 đảng viên mỗi năm (nhiệm kỳ 2020–2025)"
    assert target_wording(share) == "kết nạp 7% so với tổng số đảng viên đầu năm (năm 2024)"
    assert target_wording(ratio) == "tỷ lệ đảng viên đạt 3,45% so với dân số (nhiệm kỳ 2020–2025)"
    assert (
        target_wording(pupils)
        == "40–55 đảng viên, đối tượng học sinh, sinh viên mỗi năm (nhiệm kỳ 2020–2025)"
    )
    assert target_wording(sources) == "25 quần chúng ưu tú (năm 2024)"
    assert target_title(sources) == "Giới thiệu quần chúng ưu tú (Đoàn TNCS Hồ Chí Minh)"


def test_the_wording_keeps_the_capitals_of_a_category_name(tree):
    youth = Category.objects.get(key="doan-vien")
    target = _target(tree.commune, year=2024, category=youth)
    assert target_wording(target) == "10 đảng viên, đối tượng đoàn viên Đoàn TNCS Hồ Chí Minh (năm 2024)"
