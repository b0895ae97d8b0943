"""Account forms; who may grant what is decided by the services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ptdv.access.roles import Action, Role
from ptdv.common.forms import TreeChoiceField, bootstrap
from ptdv.organizations.models import Organization
from ptdv.organizations.selectors import organizations_to_choose


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        bootstrap(self)


class GrantForm(forms.Form):
    organization = TreeChoiceField(label="Tổ chức", queryset=Organization.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def __init__(self, *args, user: object, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_to_choose(actor=user, action=Action.ADMIN)  # type: ignore[attr-defined]
        bootstrap(self)


class UserCreateForm(GrantForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    last_name = forms.CharField(label="Họ và tên đệm", max_length=150, required=False)
    first_name = forms.CharField(label="Tên", max_length=150, required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput(render_value=False),
        help_text="Ít nhất 8 ký tự; người dùng nên đổi sau lần đăng nhập đầu.",
    )
    field_order = ["username", "last_name", "first_name", "password", "organization", "role"]


class ConfirmForm(forms.Form):
    """A submit button with nothing to fill in, for actions that need a confirmation."""
