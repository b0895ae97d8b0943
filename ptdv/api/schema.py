"""OpenAPI: every operation documents the error answers it can give, in the one error shape."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

from ptdv.api.serializers.common import ErrorSerializer, ValidationErrorSerializer

READ_ERRORS = {
    "401": "Chưa xác thực hoặc khóa API không dùng được.",
    "404": "Không tìm thấy hoặc ngoài phạm vi quản lý.",
    "429": "Gửi quá nhiều yêu cầu.",
}
WRITE_ERRORS = {**READ_ERRORS, "403": "Trong phạm vi nhưng không có quyền thực hiện."}


class ApiAutoSchema(AutoSchema):
    """Adds 400/401/403/404/429 (with their bodies) to the responses each operation declares."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:  # type: ignore[override]
        responses = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        errors = READ_ERRORS if self.method == "GET" else WRITE_ERRORS
        for code, description in errors.items():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = description
                responses[code] = body
        if "400" not in responses:
            body = self._get_response_for_code(ValidationErrorSerializer, "400", direction=direction)
            body["description"] = "Dữ liệu hoặc tham số chưa hợp lệ (lỗi theo từng mục)."
            responses["400"] = body
        return responses
