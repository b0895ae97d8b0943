"""Serializers shared by every endpoint: the error bodies and the rule results."""

from rest_framework import serializers


class FieldErrorsField(serializers.DictField):
    """{"field": ["message", …]}; nested fields are written "rows.0.number"."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(child=serializers.ListField(child=serializers.CharField()), **kwargs)  # type: ignore[arg-type]


class RuleResultSerializer(serializers.Serializer):
    """One rule's verdict on a step."""

    code = serializers.CharField(help_text="Mã ổn định của quy tắc, ví dụ MIN_AGE.")
    title = serializers.CharField(help_text="Tên quy tắc.")
    status = serializers.ChoiceField(
        choices=["pass", "fail", "warn"],
        help_text="pass: đạt; fail: không đạt (chặn bước); warn: không đạt nhưng chỉ cảnh báo, hoặc đã có văn bản đồng ý.",
    )
    severity = serializers.ChoiceField(
        choices=["block", "approval", "warn"], help_text="Mức của quy tắc khi không đạt."
    )
    message = serializers.CharField(help_text="Giải thích bằng tiếng Việt, có các giá trị đã tính.")
    citation = serializers.CharField(help_text="Căn cứ: văn bản và điều, khoản.")


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a Vietnamese `detail` and a stable `code`."""

    detail = serializers.CharField(help_text="Lời giải thích bằng tiếng Việt.")
    code = serializers.CharField(help_text="Mã lỗi ổn định: not_found, permission_denied, not_authenticated…")


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: field errors, and for a step the rules refuse, every rule's result."""

    errors = FieldErrorsField(required=False, help_text="Lỗi theo từng mục; lỗi chung ở non_field_errors.")
    results = RuleResultSerializer(
        many=True, required=False, help_text="Kết quả từng quy tắc (khi bước bị chặn)."
    )
