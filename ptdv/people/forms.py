"""Forms for people and their party events; validation that needs data lives in the services."""

from django import forms
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.common.forms import DateInput, bootstrap
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.picker import OrganizationField
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.people.choices import (
    ETHNICITY_CHOICES,
    RELIGION_CHOICES,
    EducationLevel,
    Gender,
    OccupationGroup,
    Qualification,
)
from ptdv.people.models import EventKind, MembershipStatus


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices, widget=forms.RadioSelect)
    date_of_birth = forms.DateField(label="Ngày sinh", widget=DateInput())
    national_id = forms.CharField(
        label="Số CCCD",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="12 chữ số, giữ nguyên số 0 ở đầu.",
    )
    ethnicity = forms.ChoiceField(label="Dân tộc", choices=ETHNICITY_CHOICES)
    religion = forms.ChoiceField(label="Tôn giáo", choices=RELIGION_CHOICES)
    education_level = forms.ChoiceField(label="Trình độ giáo dục phổ thông", choices=EducationLevel.choices)
    qualification = forms.ChoiceField(label="Trình độ chuyên môn", choices=Qualification.choices)
    occupation = forms.CharField(label="Nghề nghiệp, chức vụ", max_length=120, required=False)
    occupation_group = forms.ChoiceField(label="Nhóm nghề nghiệp", choices=OccupationGroup.choices)
    is_youth_union_member = forms.BooleanField(label="Đoàn viên Đoàn TNCS Hồ Chí Minh", required=False)
    is_trade_union_member = forms.BooleanField(label="Đoàn viên Công đoàn", required=False)
    is_demobilised_soldier = forms.BooleanField(label="Quân nhân xuất ngũ", required=False)
    residence = forms.CharField(label="Nơi cư trú", max_length=255, required=False)
    workplace = forms.CharField(label="Nơi làm việc, học tập", max_length=255, required=False)
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=15,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    organization = OrganizationField(label="Tổ chức đảng quản lý", purpose="change")

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class MembershipEventForm(forms.Form):
    kind = forms.ChoiceField(label="Sự kiện", choices=EventKind.choices)
    date = forms.DateField(label="Ngày", widget=DateInput(), initial=timezone.localdate)
    organization = OrganizationField(
        label="Tổ chức đảng",
        purpose="change-member-units",
        required=False,
        help_text="Để trống nếu vẫn là tổ chức hiện tại; chọn nơi đến khi chuyển sinh hoạt.",
    )
    status = forms.ChoiceField(
        label="Tình trạng khi chuyển đến",
        required=False,
        choices=[
            ("", "—"),
            (MembershipStatus.PROBATIONARY, MembershipStatus.PROBATIONARY.label),
            (MembershipStatus.FULL, MembershipStatus.FULL.label),
        ],
    )
    document = forms.CharField(
        label="Văn bản (số, ngày)",
        max_length=255,
        required=False,
        help_text="Ví dụ: Quyết định số 125-QĐ/ĐU ngày 20/5/2024.",
    )
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user: object, kinds: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            # Only the steps allowed from the current status are offered; anything else posted still
            # reaches the service, which explains why it is refused.
            self.fields["kind"].widget.choices = [(k, EventKind(k).label) for k in kinds]  # type: ignore[attr-defined]
        self.fields["organization"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class MembershipEventCorrectForm(forms.Form):
    date = forms.DateField(label="Ngày đúng", widget=DateInput())
    document = forms.CharField(label="Văn bản (số, ngày)", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label="Lý do đính chính", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "Họ tên (có dấu hoặc không dấu) hoặc số CCCD", "type": "search"}
        ),
    )
    org = forms.ModelMultipleChoiceField(
        label="Tổ chức", queryset=Organization.objects.none(), required=False
    )
    status = forms.MultipleChoiceField(label="Tình trạng", choices=MembershipStatus.choices, required=False)
    gender = forms.ChoiceField(
        label="Giới tính", choices=[("", "Nam và nữ"), *Gender.choices], required=False
    )
    dan_toc = forms.ChoiceField(
        label="Dân tộc",
        required=False,
        choices=[("", "Mọi dân tộc"), ("kinh", "Dân tộc Kinh"), ("thieu_so", "Dân tộc thiểu số")],
    )

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = organizations_to_choose(actor=user, action=Action.VIEW).exclude(kind=OrgKind.CELL)
        self.fields["org"].queryset = choices  # type: ignore[attr-defined]
        bootstrap(self)
