"""Forms for targets, categories and terms; they collect input, the services decide."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import Q

from ptdv.admissions.models import NominatedBy
from ptdv.common.formatting import vn_number
from ptdv.common.forms import DateInput, TreeChoiceField, bootstrap
from ptdv.organizations.models import Organization, Sector
from ptdv.organizations.picker import OrganizationField
from ptdv.people.choices import Gender, OccupationGroup
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.selectors import category_list, term_list
from ptdv.targets.services import MSG_SOURCE

MSG_NOT_YOURS = "Bạn không có quyền giao chỉ tiêu cho tổ chức này: cần quyền ghi nghị quyết, quyết định."
MSG_NEED_AMOUNT = "Hãy ghi mức chỉ tiêu (số người, hoặc số phần trăm)."
MSG_NEED_REASON = "Hãy ghi lý do xóa chỉ tiêu."


def amount_text(value: Decimal | None) -> str:
    """A stored amount as a person types it: 1020.00 -> "1.020", 3.45 -> "3,45"."""
    if value is None:
        return ""
    return vn_number(value, 0 if value == value.to_integral_value() else 2)


def _checks(form: forms.BaseForm) -> forms.BaseForm:
    """Radio buttons and checkbox lists get Bootstrap's check class, not the text-box one."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
            field.widget.attrs["class"] = "form-check-input"
    return form


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def vn_decimal_text(text: str) -> str:
    """A figure typed the Vietnamese way, in Python's notation: "1.020" -> "1020", "3,45" -> "3.45".

    A lone dot followed by other than three digits ("2.5") is read as a decimal point, as people
    used to English-language spreadsheets type it.
    """
    text = re.sub(r"[\s\u00a0]", "", text)
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    return text.replace(".", "") if _GROUPED.match(text) else text


class VnDecimalField(forms.DecimalField):
    """A decimal typed with Vietnamese separators, whatever Django's own number settings are."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return super().to_python(vn_decimal_text(value) if isinstance(value, str) else value)


def _amount_field(label: str, help_text: str, *, required: bool) -> forms.DecimalField:
    return VnDecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": MSG_NEED_AMOUNT},
    )


def amount_from_text(value: str) -> str:
    """An amount recorded as text ("1020.00") written the Vietnamese way ("1.020")."""
    try:
        return amount_text(Decimal(value))
    except (InvalidOperation, ValueError):
        return value


class TargetFilterForm(forms.Form):
    """The organisation and period above the target list (rendered, not validated: the view looks up)."""

    org = TreeChoiceField(label="Tổ chức", queryset=Organization.objects.none(), required=False)
    period = forms.ChoiceField(label="Kỳ", required=False)

    def __init__(self, *args: Any, organizations: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["org"].empty_label = None  # type: ignore[attr-defined]
        self.fields["period"].choices = [("", "Mọi kỳ"), *periods]  # type: ignore[attr-defined]
        bootstrap(self)


class TargetEditForm(forms.Form):
    """A target as a resolution states it; the organisation is chosen only when it is created."""

    organization = OrganizationField(
        label="Tổ chức được giao",
        purpose="approve",
        error_messages={"invalid_choice": MSG_NOT_YOURS},
    )
    term = forms.ModelChoiceField(
        label="Nhiệm kỳ",
        queryset=Term.objects.none(),
        required=False,
        empty_label="— không theo nhiệm kỳ —",
        help_text="Chỉ tiêu của nghị quyết đại hội: chọn nhiệm kỳ, để trống ô Năm.",
    )
    year = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=1930,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "ví dụ 2025"}),
        help_text="Chỉ tiêu kế hoạch của một năm: ghi năm, để trống ô Nhiệm kỳ.",
    )
    per_year = forms.BooleanField(
        label="Chỉ tiêu cho mỗi năm của nhiệm kỳ",
        required=False,
        help_text="Đánh dấu khi nghị quyết giao “hằng năm”, ví dụ “hằng năm kết nạp từ 90–100 đảng viên”; "
        "để trống khi là tổng cả nhiệm kỳ.",
    )
    measure = forms.ChoiceField(label="Nội dung", choices=Measure.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label="Đối tượng",
        queryset=Category.objects.none(),
        required=False,
        empty_label="Tất cả đối tượng",
    )
    form = forms.ChoiceField(
        label="Hình thức",
        choices=TargetForm.choices,
        widget=forms.RadioSelect,
        help_text="“Một con số”: ghi mức. “Khoảng”: ghi mức tối thiểu và mức tối đa. "
        "“Tỷ lệ %”: ghi số phần trăm, ví dụ 7 cho “bằng 7% số đảng viên đầu năm”.",
    )
    minimum = _amount_field(
        "Mức (tối thiểu)",
        "Số người; với chỉ tiêu tỷ lệ thì ghi số phần trăm. Ví dụ 1.020 hoặc 3,45.",
        required=True,
    )
    maximum = _amount_field(
        "Mức tối đa",
        "Chỉ ghi với chỉ tiêu dạng khoảng, ví dụ 1.250 trong “từ 1.020 đến 1.250”.",
        required=False,
    )
    nominated_by = forms.ChoiceField(
        label="Đoàn thể được giao giới thiệu nguồn",
        choices=[("", "—"), *NominatedBy.choices],
        required=False,
        help_text="Chỉ dùng cho chỉ tiêu giới thiệu quần chúng ưu tú (tạo nguồn); "
        "để trống với chỉ tiêu kết nạp và tỷ lệ so với dân số.",
    )
    source_document = forms.CharField(
        label="Căn cứ (văn bản giao chỉ tiêu)",
        max_length=255,
        error_messages={"required": MSG_SOURCE},
        help_text="Số, ngày của nghị quyết hoặc kế hoạch giao chỉ tiêu, "
        "ví dụ “Nghị quyết số 20-NQ/TU ngày 11/01/2024”.",
        widget=forms.TextInput(attrs={"placeholder": "Nghị quyết số … ngày …"}),
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, user: object, instance: Target | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["organization"].limit_to(user)  # type: ignore[attr-defined]
            self.fields["organization"].empty_label = "— chọn tổ chức —"  # type: ignore[attr-defined]
        else:
            del self.fields["organization"]  # a target stays with the organisation it was given to
        self.fields["term"].queryset = term_list()  # type: ignore[attr-defined]
        categories = category_list()
        if instance is not None and instance.category_id:
            # A category no longer in use stays choosable on the targets that already have it.
            categories = Category.objects.filter(Q(is_active=True) | Q(pk=instance.category_id))
        self.fields["category"].queryset = categories.order_by("order", "name")  # type: ignore[attr-defined]
        _checks(bootstrap(self))

    @staticmethod
    def initial_from(target: Target) -> dict[str, Any]:
        """The form's starting values for an existing target."""
        return {
            "term": target.term_id,
            "year": target.year,
            "per_year": target.per_year,
            "measure": target.measure,
            "category": target.category_id,
            "form": target.form,
            "minimum": amount_text(target.minimum),
            "maximum": amount_text(target.maximum),
            "nominated_by": target.nominated_by,
            "source_document": target.source_document,
            "note": target.note,
        }


class TargetDeleteForm(forms.Form):
    reason = forms.CharField(
        label="Lý do xóa",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": MSG_NEED_REASON},
        help_text="Ví dụ: nhập nhầm tổ chức; nghị quyết đã được thay thế. Nhật ký giữ lại nội dung chỉ tiêu.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class CategoryForm(forms.Form):
    key = forms.SlugField(
        label="Mã",
        max_length=40,
        help_text="Chữ thường không dấu, nối bằng gạch ngang, ví dụ hoc-sinh-sinh-vien; "
        "dùng trong địa chỉ báo cáo nên không đổi sau khi tạo.",
    )
    name = forms.CharField(label="Tên đối tượng", max_length=120)
    order = forms.IntegerField(
        label="Thứ tự", min_value=0, max_value=32767, initial=100, help_text="Số nhỏ đứng trước."
    )
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)
    occupation_groups = forms.MultipleChoiceField(
        label="Nhóm nghề nghiệp của người được kết nạp",
        choices=OccupationGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label="Loại hình của tổ chức đảng kết nạp",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gender = forms.ChoiceField(
        label="Giới tính", choices=[("", "Không xét giới tính"), *Gender.choices], required=False
    )
    ethnic_minority = forms.BooleanField(label="Người dân tộc thiểu số (dân tộc khác Kinh)", required=False)
    religious = forms.BooleanField(label="Người có đạo (có tôn giáo)", required=False)
    youth_union = forms.BooleanField(label="Đoàn viên Đoàn TNCS Hồ Chí Minh", required=False)
    trade_union = forms.BooleanField(label="Đoàn viên Công đoàn", required=False)
    demobilised_soldier = forms.BooleanField(label="Quân nhân xuất ngũ", required=False)

    FLAGS = ("ethnic_minority", "religious", "youth_union", "trade_union", "demobilised_soldier")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Shown, not sent back: the view leaves the key as it is.
            self.fields["key"].disabled = True
            self.fields["key"].required = False
        _checks(bootstrap(self))


class TermForm(forms.Form):
    code = forms.CharField(
        label="Mã",
        max_length=20,
        help_text="Năm đầu và năm cuối nối bằng gạch ngang, ví dụ 2025-2030; dùng để chọn kỳ báo cáo.",
    )
    name = forms.CharField(label="Tên", max_length=60, help_text="Ví dụ: Nhiệm kỳ 2025–2030.")
    start = forms.DateField(label="Từ ngày", widget=DateInput())
    end = forms.DateField(label="Đến ngày", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


def _choice_labels(choices: Any, values: list[str]) -> str:
    labels = dict(choices.choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


def conditions_in_words(category: Category) -> list[str]:
    """Each condition of a category as a sentence a reader can check."""
    words = []
    if category.occupation_groups:
        words.append(f"Nhóm nghề nghiệp: {_choice_labels(OccupationGroup, category.occupation_groups)}")
    if category.sectors:
        words.append(f"Kết nạp tại tổ chức đảng loại hình: {_choice_labels(Sector, category.sectors)}")
    if category.gender:
        words.append(f"Giới tính: {_choice_labels(Gender, [category.gender])}")
    form = CategoryForm
    words += [str(form.base_fields[flag].label) for flag in form.FLAGS if getattr(category, flag)]
    return words
