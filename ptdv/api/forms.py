"""The form of the API key page (the service checks the values)."""

from typing import Any

from django import forms

from ptdv.api.services import NAME_MAX, token_lifetime_days
from ptdv.common.forms import bootstrap


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Tên khóa",
        max_length=NAME_MAX,
        help_text="Để nhận ra khóa dùng cho việc gì, ví dụ “Phần mềm tổng hợp của Văn phòng”.",
    )
    days = forms.IntegerField(label="Thời hạn (ngày)", min_value=1, max_value=100000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = token_lifetime_days()
        self.fields["days"].widget.attrs["inputmode"] = "numeric"
        bootstrap(self)
