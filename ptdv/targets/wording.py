"""A target written out the way a resolution words it: "1.020–1.250 đảng viên mỗi năm"."""

from decimal import Decimal

from ptdv.admissions.models import NominatedBy
from ptdv.common.formatting import vn_number
from ptdv.targets.models import Measure, Target, TargetForm


def lower_first(name: str) -> str:
    """A category name inside a sentence: "Học sinh, sinh viên" → "học sinh, sinh viên"; proper nouns kept."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _amount(value: Decimal) -> str:
    return vn_number(value, 0 if value == value.to_integral_value() else 2)


def _bounds(target: Target) -> str:
    if target.is_range and target.maximum is not None:
        return f"{_amount(target.minimum)}–{_amount(target.maximum)}"
    return _amount(target.minimum)


def target_title(target: Target) -> str:
    if target.measure == Measure.SOURCES and target.nominated_by:
        return f"Giới thiệu quần chúng ưu tú ({NominatedBy(target.nominated_by).label})"
    return Measure(target.measure).label


def target_wording(target: Target) -> str:
    """The target as a resolution states it, with its period and category."""
    if target.measure == Measure.MEMBER_POPULATION_RATIO:
        text = f"tỷ lệ đảng viên đạt {_bounds(target)}% so với dân số"
    elif target.form == TargetForm.PERCENT_OF_BASE:
        text = f"kết nạp {_bounds(target)}% so với tổng số đảng viên đầu năm"
    else:
        noun = "quần chúng ưu tú" if target.measure == Measure.SOURCES else "đảng viên"
        text = f"{_bounds(target)} {noun}"
    if target.category is not None:
        text += f", đối tượng {lower_first(target.category.name)}"
    if target.term is not None and target.per_year:
        text += " mỗi năm"
    if target.term is not None:
        text += f" (nhiệm kỳ {target.term.code.replace('-', '–')})"
    elif target.year is not None:
        text += f" (năm {target.year})"
    return text
