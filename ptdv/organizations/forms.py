"""Forms for organisation changes; they collect input, the services decide."""

from django import forms
from django.utils import timezone

from ptdv.common.forms import DateInput, bootstrap
from ptdv.organizations.models import OrgKind, Sector
from ptdv.organizations.picker import OrganizationField, OrganizationsField, OrganizationsPicker


class OrganizationCreateForm(forms.Form):
    code = forms.CharField(label="Mã tổ chức", max_length=40, help_text="Duy nhất, ví dụ TN-MYAN-CB01.")
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    kind = forms.ChoiceField(label="Loại tổ chức", choices=OrgKind.choices)
    sector = forms.ChoiceField(label="Loại hình", choices=[("", "—"), *Sector.choices], required=False)
    valid_from = forms.DateField(label="Hoạt động từ ngày", widget=DateInput(), initial=timezone.localdate)
    is_authorised_to_admit = forms.BooleanField(label="Được ủy quyền kết nạp đảng viên", required=False)
    document = forms.CharField(label="Căn cứ (quyết định thành lập)", max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class OrganizationUpdateForm(forms.Form):
    sector = forms.ChoiceField(label="Loại hình", choices=[("", "—"), *Sector.choices], required=False)
    is_authorised_to_admit = forms.BooleanField(label="Được ủy quyền kết nạp đảng viên", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class OrganizationRenameForm(forms.Form):
    name = forms.CharField(label="Tên mới", max_length=255)
    effective_date = forms.DateField(label="Ngày có hiệu lực", widget=DateInput(), initial=timezone.localdate)
    document = forms.CharField(label="Căn cứ (văn bản)", max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class OrganizationMoveForm(forms.Form):
    new_parent = OrganizationField(label="Chuyển về trực thuộc", purpose="admin-units")
    effective_date = forms.DateField(label="Ngày có hiệu lực", widget=DateInput(), initial=timezone.localdate)
    document = forms.CharField(label="Căn cứ (văn bản)", max_length=255, required=False)

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class OrganizationDissolveForm(forms.Form):
    effective_date = forms.DateField(label="Giải thể từ ngày", widget=DateInput(), initial=timezone.localdate)
    document = forms.CharField(label="Căn cứ (quyết định giải thể)", max_length=255, required=False)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class OrganizationMergeForm(forms.Form):
    predecessors = OrganizationsField(
        label="Các tổ chức sáp nhập",
        purpose="admin-units",
        help_text="Chọn ít nhất hai tổ chức; các đơn vị trực thuộc chúng sẽ chuyển về tổ chức mới.",
        widget=OrganizationsPicker(attrs={"size": 8}),
    )
    code = forms.CharField(label="Mã tổ chức mới", max_length=40)
    name = forms.CharField(label="Tên tổ chức mới", max_length=255)
    kind = forms.ChoiceField(label="Loại tổ chức", choices=OrgKind.choices)
    sector = forms.ChoiceField(label="Loại hình", choices=[("", "—"), *Sector.choices], required=False)
    parent = OrganizationField(label="Trực thuộc", purpose="admin-units")
    effective_date = forms.DateField(label="Ngày có hiệu lực", widget=DateInput(), initial=timezone.localdate)
    document = forms.CharField(label="Căn cứ (văn bản)", max_length=255, required=False)

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].limit_to(user)  # type: ignore[attr-defined]
        self.fields["parent"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class PopulationForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100)
    population = forms.IntegerField(label="Dân số", min_value=0)
    source = forms.CharField(label="Nguồn số liệu", max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
