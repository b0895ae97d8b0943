"""Password rules with Vietnamese messages (Django's Vietnamese catalogue lacks some of them)."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự (đang có {len(password)}).",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."
