"""Password rules with Vietnamese messages (Django's Vietnamese catalogue lacks some of them)."""

from typing import Any

from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
)
from django.core.exceptions import ValidationError

MSG_COMMON = "Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác."
MSG_NUMERIC = "Mật khẩu không được chỉ gồm chữ số: hãy thêm chữ cái hoặc ký hiệu."
MSG_SIMILAR = "Mật khẩu quá giống {what}. Hãy chọn mật khẩu khác hẳn."
ATTRIBUTE_NAMES = {
    "username": "tên đăng nhập",
    "first_name": "tên",
    "last_name": "họ và tên đệm",
    "email": "địa chỉ thư điện tử",
}


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự (đang có {len(password)}).",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."


class VietnameseCommonPasswordValidator(CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(MSG_COMMON, code="password_too_common") from error

    def get_help_text(self) -> str:
        return "Không dùng mật khẩu phổ biến (như 12345678, matkhau…)."


class VietnameseNumericPasswordValidator(NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError(MSG_NUMERIC, code="password_entirely_numeric")

    def get_help_text(self) -> str:
        return "Không chỉ gồm chữ số."


class VietnameseUserAttributeSimilarityValidator(UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as error:
            field = (error.params or {}).get("verbose_name", "")
            what = next(
                (label for name, label in ATTRIBUTE_NAMES.items() if _verbose(user, name) == field),
                "thông tin tài khoản",
            )
            raise ValidationError(MSG_SIMILAR.format(what=what), code="password_too_similar") from error

    def get_help_text(self) -> str:
        return "Không giống tên đăng nhập hay họ tên."


def _verbose(user: object, name: str) -> str:
    try:
        return str(user._meta.get_field(name).verbose_name)  # type: ignore[attr-defined]
    except Exception:
        return ""
