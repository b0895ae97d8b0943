"""Filters of the audit trail and of the access log: typed in Vietnamese, checked, never trusted."""

from typing import Any

from django import forms

from ptdv.audit.labels import TARGET_LABELS
from ptdv.audit.models import AccessKind
from ptdv.common.forms import DateInput, bootstrap
from ptdv.organizations.picker import OrganizationField

BAD_DATE = "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 25/03/2024."
BAD_RANGE = "“Từ ngày” phải trước hoặc bằng “đến ngày”."
BAD_TARGET = "Đối tượng phải có dạng loại:mã, ví dụ people.person:12."
OUT_OF_SCOPE = "Tổ chức này không thuộc phạm vi quản trị của bạn; bộ lọc tổ chức không được áp dụng."


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=DateInput(attrs={"placeholder": "ví dụ 25/03/2025"}),
        error_messages={"invalid": BAD_DATE},
    )


class _LogFilterForm(forms.Form):
    """What both logs filter by: who, which organisation (with its subtree), which days."""

    nguoi = forms.CharField(
        label="Người thực hiện",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "Tên đăng nhập", "autocomplete": "off"}),
    )
    to_chuc = OrganizationField(
        label="Tổ chức (gồm cả tổ chức trực thuộc)",
        purpose="admin-units",
        required=False,
        empty_label="Mọi tổ chức trong phạm vi",
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    tu = _date("Từ ngày")
    den = _date("Đến ngày")
    doi_tuong = forms.RegexField(
        label="Đối tượng (loại:mã)",
        regex=r"^[a-z_]+\.[a-z_]+:[A-Za-z0-9_-]{1,64}$",
        required=False,
        error_messages={"invalid": BAD_TARGET},
        widget=forms.HiddenInput(),
    )

    def __init__(self, *args: Any, user: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Cells are reached through their grassroots organisation (the purpose leaves them out).
        self.fields["to_chuc"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end and start > end:
            self.add_error("den", BAD_RANGE)
        return data

    def filters(self) -> dict[str, Any]:
        """The filters that are valid (an invalid one is shown as an error and left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class AuditFilterForm(_LogFilterForm):
    ma = forms.CharField(
        label="Mã sự kiện",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ person.", "autocomplete": "off"}),
    )
    loai = forms.ChoiceField(
        label="Loại đối tượng",
        required=False,
        choices=[("", "Mọi loại"), *sorted(TARGET_LABELS.items(), key=lambda item: item[1])],
    )
    tim = forms.CharField(
        label="Tên đối tượng",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Một phần tên, ví dụ Hoa", "type": "search"}),
    )


class AccessFilterForm(_LogFilterForm):
    hanh_dong = forms.ChoiceField(
        label="Hành động", required=False, choices=[("", "Mọi hành động"), *AccessKind.choices]
    )
    tim = forms.CharField(
        label="Hồ sơ (tên người)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Một phần họ tên", "type": "search"}),
    )
