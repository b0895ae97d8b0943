"""Form for uploading a scanned paper of a candidacy's dossier."""

from typing import Any

from django import forms

from ptdv.admissions.domain.dossier_kinds import DOCUMENT_KINDS
from ptdv.admissions.services.dossier import ACCEPT_ATTRIBUTE
from ptdv.common.forms import bootstrap


class DossierFileUploadForm(forms.Form):
    """Which paper and its scan; the service checks size, type and content."""

    kind = forms.ChoiceField(
        label="Loại giấy tờ",
        choices=[
            ("", "— Chọn loại giấy tờ —"),
            *((code, kind.label) for code, kind in DOCUMENT_KINDS.items()),
        ],
        error_messages={"required": "Hãy chọn loại giấy tờ.", "invalid_choice": "Loại giấy tờ không hợp lệ."},
    )
    uploaded = forms.FileField(
        label="Tệp (PDF, JPG hoặc PNG)",
        # Empty files reach the service, which explains them like every other refused file.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "Hãy chọn tệp cần tải lên.",
            "invalid": "Không đọc được tệp gửi lên; hãy chọn lại tệp.",
            "missing": "Không nhận được tệp; hãy chọn lại tệp.",
        },
    )

    def __init__(self, *args: Any, max_size_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_size_label:
            self.fields[
                "uploaded"
            ].help_text = f"Bản quét hoặc ảnh chụp rõ nét, tối đa {max_size_label}. Trên điện thoại có thể chụp trực tiếp."
        bootstrap(self)
