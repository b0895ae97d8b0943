"""Forms for awareness courses: open a course, enrol many candidates, record many certificates."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ptdv.access.roles import Action
from ptdv.admissions.models import Candidacy, CourseEnrolment, CourseFormat
from ptdv.common.forms import DateInput, bootstrap
from ptdv.organizations.picker import OrganizationField

MSG_NOBODY = "Hãy chọn ít nhất một người."
MSG_NOT_A_CHOICE = "Hồ sơ số %(value)s không có trong danh sách bạn được chọn."
MSG_NO_NUMBER = "Hãy nhập số giấy chứng nhận cho ít nhất một người (người chưa hoàn thành thì để trống)."
MSG_START_DIGITS = "Số bắt đầu chỉ gồm chữ số, ví dụ 1 hoặc 001."
NUMBER_PREFIX = "so_"


class CourseForm(forms.Form):
    name = forms.CharField(
        label="Tên lớp",
        max_length=200,
        help_text="Ví dụ: Lớp bồi dưỡng nhận thức về Đảng khóa 2, năm 2025.",
    )
    organizer = OrganizationField(label="Đơn vị tổ chức", purpose="change")
    starts_on = forms.DateField(label="Ngày khai giảng", widget=DateInput())
    ends_on = forms.DateField(label="Ngày bế giảng", widget=DateInput())
    format = forms.ChoiceField(label="Hình thức", choices=CourseFormat.choices, widget=forms.RadioSelect)
    location = forms.CharField(label="Địa điểm", max_length=255, required=False)

    def __init__(self, *args: Any, user: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class EnrolForm(forms.Form):
    """The ticked candidacies. Any in-scope candidacy is accepted here, so that one already enrolled
    (by a colleague, a minute ago) is named by the service instead of failing as "not a valid choice"."""

    candidacies = forms.ModelMultipleChoiceField(
        label="Người được ghi danh",
        queryset=Candidacy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": MSG_NOBODY, "invalid_choice": MSG_NOT_A_CHOICE},
    )

    def __init__(self, *args: Any, user: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidacies"].queryset = (  # type: ignore[attr-defined]
            Candidacy.objects.restrict(user, Action.CHANGE).select_related("person", "organization")
        )


def auto_numbers(prefix: str, start: str, suffix: str, count: int) -> list[str]:
    """`count` consecutive certificate numbers: ("CN-", "008", "", 3) -> CN-008, CN-009, CN-010.

    The start's leading zeros set the width, as registers are often numbered 001, 002…
    """
    start = start.strip() or "1"
    if not start.isdigit():
        raise ValidationError(MSG_START_DIGITS)
    first, width = int(start), len(start)
    return [f"{prefix.strip()}{first + i:0{width}d}{suffix.strip()}" for i in range(count)]


class CompleteForm(forms.Form):
    """One certificate date for everyone and one certificate number per student.

    A blank number means that student has not completed the course: they stay enrolled.
    """

    certificate_date = forms.DateField(
        label="Ngày cấp giấy chứng nhận (chung cho cả lớp)",
        widget=DateInput(),
        required=True,
    )
    number_prefix = forms.CharField(label="Phần trước số", max_length=20, required=False)
    number_start = forms.CharField(
        label="Số bắt đầu",
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    number_suffix = forms.CharField(label="Phần sau số", max_length=20, required=False)

    def __init__(self, *args: Any, enrolments: list[CourseEnrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[self.number_field(enrolment)] = forms.CharField(
                label=f"Số giấy chứng nhận của {enrolment.candidacy.person.full_name}",
                max_length=40,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Số giấy chứng nhận"}),
            )
        bootstrap(self)

    @staticmethod
    def number_field(enrolment: CourseEnrolment) -> str:
        return f"{NUMBER_PREFIX}{enrolment.pk}"

    def rows_for_display(self) -> list[tuple[CourseEnrolment, forms.BoundField]]:
        return [(enrolment, self[self.number_field(enrolment)]) for enrolment in self.enrolments]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(self.number_field(e)) or "").strip() for e in self.enrolments):
            raise ValidationError(MSG_NO_NUMBER)
        return data

    def rows(self) -> list[tuple[CourseEnrolment, str, dt.date]]:
        """(enrolment, number, date) for every student given a number, in the table's order."""
        day = self.cleaned_data["certificate_date"]
        picked = [(e, (self.cleaned_data.get(self.number_field(e)) or "").strip()) for e in self.enrolments]
        return [(enrolment, number, day) for enrolment, number in picked if number]

    def skipped(self) -> int:
        return len(self.enrolments) - len(self.rows())

    def numbered(self) -> dict[str, str]:
        """The typed values with every student's number filled in by the prefix and start number."""
        values = {
            name: self.data.get(name, "")
            for name in ("certificate_date", "number_prefix", "number_start", "number_suffix")
        }
        numbers = auto_numbers(
            str(values["number_prefix"]),
            str(values["number_start"]),
            str(values["number_suffix"]),
            len(self.enrolments),
        )
        for enrolment, number in zip(self.enrolments, numbers, strict=True):
            values[self.number_field(enrolment)] = number
        return values
