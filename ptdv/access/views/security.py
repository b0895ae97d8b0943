"""Account security pages: two-step sign-in, password change, lockout page, admin unlock and reset."""

import base64
from typing import Any, cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ptdv.access import forms, services
from ptdv.access.lockout import login_locked_until
from ptdv.access.models import User
from ptdv.access.roles import Action
from ptdv.access.second_factor import (
    SESSION_NEEDS_OTP,
    confirmed_device,
    forget_verification,
    is_verified,
    requires_second_factor,
)
from ptdv.common.views import ServiceFormView, add_service_errors

# The secret being enrolled waits in the server-side session until a first code proves it.
SESSION_PENDING_KEY = "ptdv_otp_pending_key"
MSG_BAD_BACKUP = "Mã dự phòng không đúng hoặc đã dùng rồi (mỗi mã chỉ dùng được một lần)."
MSG_BACKUP_USED = (
    "Đã đăng nhập bằng một mã dự phòng; còn {left} mã. Nếu mất điện thoại, hãy nhờ quản trị viên "
    "đặt lại xác thực hai bước."
)
MSG_THROTTLED = "Bạn đã nhập sai mã nhiều lần. Hãy đợi {seconds} giây rồi nhập lại mã mới."


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The `next` address if it stays on this site, else `default` (by default the home page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home") if default is None else default


def me(request: HttpRequest) -> User:
    """The signed-in account (these pages are never reached anonymously: LoginRequiredMiddleware)."""
    return cast(User, request.user)


def grouped(secret: str) -> str:
    """A base32 secret in groups of four letters, easier to copy by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class SecurityView(View):
    """Bảo mật tài khoản: turn two-step sign-in on (QR code or typed secret) or off."""

    template_name = "access/security.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.device = confirmed_device(request.user)
        if self.device is not None and not is_verified(request):
            # With an authenticator, nothing here may change before the code is given.
            return redirect(f"{reverse('access:otp_verify')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def context(self, **extra: Any) -> dict[str, Any]:
        user = self.request.user
        context: dict[str, Any] = {
            "device": self.device,
            "required": requires_second_factor(user),
            "next": safe_next(self.request, ""),
            **extra,
        }
        if self.device is None:
            key = self.request.session.setdefault(SESSION_PENDING_KEY, default_key())
            url = TOTPDevice(user=user, key=key).config_url  # type: ignore[misc]
            qr = segno.make(url, error="m")
            context["qr_data_uri"] = qr.svg_data_uri(scale=6, border=2, dark="#000", light="#fff")
            context["otpauth_url"] = url
            context["secret"] = grouped(base64.b32encode(bytes.fromhex(key)).decode())
            context.setdefault("token_form", forms.TokenForm())
        else:
            context.setdefault("remove_form", forms.PasswordConfirmForm())
            context["backup_left"] = StaticToken.objects.filter(device__user=user).count()
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context())

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "remove" and self.device is not None:
            return self.remove(request)
        if request.POST.get("action") == "backup" and self.device is not None:
            codes = services.backup_codes_create(actor=request.user, user=me(request))
            shown = [f"{code[:4]} {code[4:]}" for code in codes]
            return render(request, self.template_name, self.context(backup_codes=shown))
        if self.device is None:
            return self.enrol(request)
        return redirect("access:security")

    def enrol(self, request: HttpRequest) -> HttpResponse:
        form = forms.TokenForm(request.POST)
        key = request.session.get(SESSION_PENDING_KEY)
        if form.is_valid() and key:
            try:
                device = services.totp_enrol(
                    actor=request.user, user=me(request), key=key, token=form.cleaned_data["token"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.pop(SESSION_PENDING_KEY, None)
                otp_login(request, device)
                request.session[SESSION_NEEDS_OTP] = True
                messages.success(request, "Đã bật xác thực hai bước. Từ nay mỗi lần đăng nhập cần thêm mã.")
                return HttpResponseRedirect(safe_next(request, reverse("access:security")))
        return render(request, self.template_name, self.context(token_form=form))

    def remove(self, request: HttpRequest) -> HttpResponse:
        form = forms.PasswordConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.totp_remove(
                    actor=request.user, user=me(request), password=form.cleaned_data["password"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                forget_verification(request)
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("access:security")
        return render(request, self.template_name, self.context(remove_form=form))


class OTPVerifyView(View):
    """The second step of signing in: the code from the authenticator app."""

    template_name = "access/otp_verify.html"

    device: TOTPDevice

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        device = confirmed_device(request.user)
        if device is None:
            return redirect(f"{reverse('access:security')}?{urlencode({'next': safe_next(request)})}")
        self.device = device
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def render_form(self, form: forms.TokenForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "next": safe_next(self.request),
            "verified": is_verified(self.request),
            "backup": self.backup,
        }
        return render(self.request, self.template_name, context, status=status)

    @property
    def backup(self) -> bool:
        """Whether the user chose to type a backup code (letters: no numeric keypad on a phone)."""
        return bool(self.request.GET.get("du-phong") or self.request.POST.get("du-phong"))

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(forms.TokenForm(autofocus=True, backup=self.backup))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.TokenForm(request.POST, autofocus=True, backup=self.backup)
        if form.is_valid():
            device = self.device
            allowed, data = device.verify_is_allowed()
            token = form.cleaned_data["token"].replace(" ", "")
            if not (token.isdigit() and len(token) == device.digits):
                static = services.backup_code_use(user=me(request), code=token)
                if static is None:
                    form.add_error("token", MSG_BAD_BACKUP)
                else:
                    otp_login(request, static)
                    left = static.token_set.count()
                    messages.warning(request, MSG_BACKUP_USED.format(left=left))
                    return HttpResponseRedirect(safe_next(request))
            elif not allowed and (data or {}).get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                wait = settings.OTP_TOTP_THROTTLE_FACTOR * 2 ** ((data or {}).get("failure_count", 1) - 1)
                form.add_error("token", MSG_THROTTLED.format(seconds=wait))
            elif device.verify_token(token):
                otp_login(request, device)
                return HttpResponseRedirect(safe_next(request))
            else:
                form.add_error("token", services.MSG_BAD_CODE)
        return self.render_form(form)


class PasswordChangeView(View):
    """Đổi mật khẩu: the old one, the new one twice; the session stays signed in."""

    template_name = "access/password_change.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": forms.PasswordChangeForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                user = services.password_change(
                    actor=request.user,
                    user=me(request),
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password1"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, "Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.")
                return redirect("access:security")
        return render(request, self.template_name, {"form": form})


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page shown instead of the login form while a username is locked (django-axes calls it)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", "")).strip()
    until = login_locked_until(username) if username else None
    context = {
        "minutes": settings.AXES_COOLOFF_MINUTES,
        "limit": settings.AXES_FAILURE_LIMIT,
        "until": timezone.localtime(until) if until else None,
    }
    return render(request, "access/locked.html", context, status=429)


class _AccountActionView(ServiceFormView):
    """A confirmed action on an account inside the admin's scope (anything else is a 404)."""

    model = User
    action = Action.ADMIN
    form_class = forms.ConfirmForm
    template_name = "access/user_form.html"

    def get_queryset(self) -> QuerySet[User]:
        from ptdv.access.views import users_in_scope

        return users_in_scope(self.request.user)

    def success_url(self, result: Any) -> str:
        return self.object.get_absolute_url()


class UserUnlockView(_AccountActionView):
    success_message = "Đã mở khóa đăng nhập."

    def extra_context(self) -> dict[str, Any]:
        return {
            "title": "Mở khóa đăng nhập",
            "danger": True,
            "question": f"Cho phép {self.object.username} đăng nhập lại ngay, không phải chờ hết thời gian khóa?",
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.user_login_unlock(actor=self.request.user, user=self.object)


class UserOTPResetView(_AccountActionView):
    success_message = (
        "Đã đặt lại xác thực hai bước. Lần đăng nhập sau, người dùng sẽ bật lại bằng điện thoại mới."
    )

    def extra_context(self) -> dict[str, Any]:
        return {
            "title": "Đặt lại xác thực hai bước",
            "danger": True,
            "question": f"Xóa ứng dụng xác thực đã gắn với {self.object.username} (ví dụ khi mất điện thoại)? "
            "Người dùng sẽ phải bật lại ở lần đăng nhập sau.",
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.totp_reset(actor=self.request.user, user=self.object)
