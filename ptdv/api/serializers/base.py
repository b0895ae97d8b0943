"""Serializer base: Vietnamese messages for the input errors DRF itself detects."""

from typing import Any

from django.core import validators as checks
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

COMMON = {
    "required": "Mục này là bắt buộc.",
    "null": "Mục này không được để trống.",
    "blank": "Mục này không được để trống.",
    "invalid_choice": "“{input}” không phải là giá trị hợp lệ.",
    "incorrect_type": "Cần một mã số (số nguyên), nhận được {data_type}.",
    "max_length": "Dài quá {max_length} ký tự.",
    "max_value": "Không được lớn hơn {max_value}.",
    "min_value": "Không được nhỏ hơn {min_value}.",
    "max_string_length": "Số quá lớn.",
    "not_a_list": "Cần một danh sách, nhận được {input_type}.",
    "empty": "Danh sách không được để trống.",
    "not_a_dict": "Cần một đối tượng JSON, nhận được {input_type}.",
}
INVALID = {
    serializers.DateField: "Ngày không đúng dạng; dùng YYYY-MM-DD, ví dụ 2025-03-01.",
    serializers.IntegerField: "Cần một số nguyên.",
    serializers.DecimalField: "Cần một số (dấu chấm thập phân), ví dụ 3.45.",
    serializers.BooleanField: "Cần true hoặc false.",
    serializers.CharField: "Cần một chuỗi ký tự.",
}


LIMITS: list[tuple[type, str, str]] = [
    # (validator, message for a text or number, message for a list)
    (checks.MaxLengthValidator, "Dài quá {n} ký tự.", "Danh sách có quá {n} mục."),
    (checks.MinLengthValidator, "Cần ít nhất {n} ký tự.", "Danh sách cần ít nhất {n} mục."),
    (checks.MaxValueValidator, "Không được lớn hơn {n}.", "Không được lớn hơn {n}."),
    (checks.MinValueValidator, "Không được nhỏ hơn {n}.", "Không được nhỏ hơn {n}."),
]


def _validator_messages(field: serializers.Field) -> None:
    """DRF writes the limits' messages when the field is made; rewrite them in Vietnamese."""
    is_list = isinstance(field, serializers.ListField | serializers.ListSerializer)
    for validator in field.validators:
        for kind, text, list_text in LIMITS:
            if type(validator) is kind and isinstance(validator, checks.BaseValidator):
                validator.message = (list_text if is_list else text).format(n=validator.limit_value)
        if isinstance(validator, checks.ProhibitNullCharactersValidator):
            validator.message = "Không được chứa ký tự NUL."
        if isinstance(validator, ProhibitSurrogateCharactersValidator):
            validator.message = "Có ký tự không hợp lệ (surrogate)."


def vietnamese(field: serializers.Field) -> serializers.Field:
    """Replace DRF's (English) messages of one field, keeping any message the field set itself."""
    messages = dict(field.error_messages)
    for key, text in COMMON.items():
        if key in messages:
            messages[key] = text
    for kind, text in INVALID.items():
        if isinstance(field, kind) and "invalid" in messages:
            messages["invalid"] = text
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        messages["does_not_exist"] = "Không tìm thấy mã {pk_value} trong phạm vi quản lý của bạn."
    elif isinstance(field, serializers.SlugRelatedField):
        messages["does_not_exist"] = "Không có mục mã “{value}”."
        messages["invalid"] = "Mã không hợp lệ."
    field.error_messages = messages
    _validator_messages(field)
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field):
        vietnamese(child)
    child_relation = getattr(field, "child_relation", None)
    if isinstance(child_relation, serializers.Field):
        vietnamese(child_relation)
    return field


class ApiSerializer(serializers.Serializer):
    """A plain serializer whose input errors are in Vietnamese."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for field in fields.values():
            vietnamese(field)
        return fields


class ApiModelSerializer(serializers.ModelSerializer):
    """A model serializer (for output) whose input errors are in Vietnamese."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for field in fields.values():
            vietnamese(field)
        return fields
