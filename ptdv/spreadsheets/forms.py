"""Forms of the import pages: upload, column mapping, duplicate decisions."""

from typing import Any

from django import forms

from ptdv.organizations.picker import OrganizationField
from ptdv.spreadsheets.kinds import KIND_CHOICES, KINDS
from ptdv.spreadsheets.reading import max_bytes

MSG_FILE_TOO_BIG = (
    "Tệp nặng hơn {limit} MB, vượt giới hạn cho một lần nhập; hãy tách thành nhiều tệp nhỏ hơn."
)
IGNORE = ""


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=KIND_CHOICES, widget=forms.RadioSelect)
    organization = OrganizationField(
        label="Nhập cho tổ chức đảng",
        purpose="change",
        help_text="Dữ liệu chỉ được ghi vào tổ chức này và các đơn vị trực thuộc.",
    )
    file = forms.FileField(
        label="Tệp Excel hoặc CSV",
        help_text="Nhận .xlsx, .xls, .csv. Có thể dùng tệp mẫu hoặc tệp sẵn có: hệ thống cho chọn cột nếu tiêu đề khác mẫu.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.limit_to(user)  # type: ignore[attr-defined]
        field.label_from_instance = lambda org: f"{'· ' * (org.depth - 1)}{org.name}"  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs["class"] = "form-control"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(MSG_FILE_TOO_BIG.format(limit=max_bytes() // 1024 // 1024))
        return upload


class ColumnMappingForm(forms.Form):
    """One select per column of the file: which field it holds, or none."""

    remember = forms.BooleanField(
        label="Ghi nhớ cách chọn cột này cho các lần nhập sau", required=False, initial=True
    )

    def __init__(self, *args: Any, job: Any, samples: dict[int, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = KINDS[job.kind]
        choices = [(IGNORE, "— Không nhập cột này —")] + [
            (c.key, f"{c.header}{' (bắt buộc)' if c.required else ''}") for c in kind.columns
        ]
        self.columns = []
        for index, header in enumerate(job.headers):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=str(header) if header not in (None, "") else f"Cột {index + 1} (không có tiêu đề)",
                choices=choices,
                required=False,
                initial=job.mapping.get(str(index), IGNORE),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.columns.append((self[name], samples.get(index, [])))
        self.kind = kind

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [v for k, v in data.items() if k.startswith("col_") and v]
        doubled = {key for key in chosen if chosen.count(key) > 1}
        if doubled:
            names = ", ".join(c.header for c in self.kind.columns if c.key in doubled)
            raise forms.ValidationError(f"Mỗi mục chỉ chọn cho một cột; đang chọn nhiều cột cho: {names}.")
        missing = [c.header for c in self.kind.columns if c.required and c.key not in chosen]
        if missing:
            raise forms.ValidationError("Chưa chọn cột cho mục bắt buộc: " + ", ".join(missing) + ".")
        return data

    def mapping(self) -> dict[str, str]:
        return {k.removeprefix("col_"): v for k, v in self.cleaned_data.items() if k.startswith("col_") and v}
