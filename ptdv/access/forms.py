"""Account forms; who may grant what is decided by the services."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from ptdv.access.roles import Role
from ptdv.common.forms import bootstrap
from ptdv.organizations.picker import OrganizationField


class LoginForm(AuthenticationForm):
    # Never says which of the two was wrong: that would tell a guesser which usernames exist.
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường. "
        "Nhập sai nhiều lần liên tiếp, tài khoản sẽ bị tạm khóa.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        bootstrap(self)


class GrantForm(forms.Form):
    organization = OrganizationField(label="Tổ chức", purpose="admin")
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].limit_to(user)  # type: ignore[attr-defined]
        bootstrap(self)


class UserCreateForm(GrantForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    last_name = forms.CharField(label="Họ và tên đệm", max_length=150, required=False)
    first_name = forms.CharField(label="Tên", max_length=150, required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput(render_value=False),
        help_text=f"Ít nhất {settings.PASSWORD_MIN_LENGTH} ký tự, không chỉ gồm chữ số, không giống tên; "
        "người dùng nên đổi sau lần đăng nhập đầu.",
    )
    field_order = ["username", "last_name", "first_name", "password", "organization", "role"]


class ConfirmForm(forms.Form):
    """A submit button with nothing to fill in, for actions that need a confirmation."""


class TokenForm(forms.Form):
    """The six digits shown by the authenticator app."""

    token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
            }
        ),
        error_messages={"required": "Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."},
    )

    def __init__(self, *args, autofocus: bool = False, backup: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        token = self.fields["token"]
        if autofocus:  # on the code page only: on the enrolment page it would skip the instructions
            token.widget.attrs["autofocus"] = True
        if backup:  # a backup code has letters: a phone must show its full keyboard
            token.label = "Mã dự phòng (8 ký tự)"
            token.widget.attrs.update(
                {"inputmode": "text", "autocomplete": "off", "pattern": "[0-9A-Za-z ]*"}
            )
            token.widget.attrs["autocapitalize"] = "none"
        bootstrap(self)


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        bootstrap(self)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput)
    new_password1 = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs["autocomplete"] = "current-password"
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password1"].help_text = (
            f"Ít nhất {settings.PASSWORD_MIN_LENGTH} ký tự; không chỉ gồm chữ số; không giống tên đăng nhập "
            "hay họ tên; không dùng mật khẩu phổ biến."
        )
        bootstrap(self)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", "Hai lần nhập mật khẩu mới không giống nhau.")
        return data
