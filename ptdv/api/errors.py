"""One error shape for every API refusal: `detail`, `code`, and field `errors` or rule `results`."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ptdv.admissions.services import RulesBlocked

MSG_INVALID = "Dữ liệu chưa hợp lệ; xem chi tiết từng mục."
MSG_NOT_FOUND = "Không tìm thấy hoặc ngoài phạm vi quản lý."
MSG_FORBIDDEN = "Bạn không có quyền thực hiện việc này."
MSG_NOT_AUTHENTICATED = "Chưa xác thực: hãy gửi khóa API trong tiêu đề “Authorization: Bearer <khóa>”."
MSG_METHOD = "Phương thức “{method}” không được dùng ở địa chỉ này."
MSG_THROTTLED = "Gửi quá nhiều yêu cầu; hãy thử lại sau {wait} giây."
MSG_MEDIA = "Kiểu dữ liệu gửi lên không được hỗ trợ; hãy gửi JSON."
MSG_PARSE = "Nội dung gửi lên không đọc được (JSON sai cú pháp)."
MSG_CSRF = "Yêu cầu từ phiên đăng nhập trên trình duyệt cần mã CSRF; chương trình hãy dùng khóa API."
NON_FIELD = "non_field_errors"


def printable(text: Any) -> str:
    """Text safe to send as JSON: a lone surrogate echoed from the input is written as an escape."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested DRF or Django error details as {"field" or "field.0.sub": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = NON_FIELD if key in (NON_FIELD_ERRORS, NON_FIELD) else str(key)
            for path, messages in flatten(value, f"{prefix}.{name}" if prefix else name).items():
                out.setdefault(path, []).extend(messages)
    elif isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            out[printable(prefix) or NON_FIELD] = [printable(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                for path, messages in flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    out.setdefault(path, []).extend(messages)
    else:
        out[printable(prefix) or NON_FIELD] = [printable(detail)]
    return out


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as field errors; messages without a field go to non_field_errors."""
    if hasattr(error, "error_dict"):
        return flatten({field: list(messages) for field, messages in error.message_dict.items()})
    return {NON_FIELD: list(error.messages)}


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": printable(detail), "code": code, **extra}


def rule_result_data(result: Any, approved: bool = False) -> dict[str, Any]:
    """A rule result as the API shows it: stable code, Vietnamese message, citation and status."""
    if result.passed:
        outcome = "pass"
    elif str(result.severity) == "warn" or approved:
        outcome = "warn"
    else:
        outcome = "fail"
    return {
        "code": result.code,
        "title": result.title,
        "status": outcome,
        "severity": str(result.severity),
        "message": result.message,
        "citation": str(result.citation),
    }


def evaluation_data(evaluation: Any) -> list[dict[str, Any]]:
    approved = set(evaluation.approved)
    return [rule_result_data(r, r in approved) for r in evaluation.results]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service errors become 400/403/404 with Vietnamese messages; everything shares one shape."""
    if isinstance(exc, RulesBlocked):
        body = error_body(
            exc.messages[0], "rules_blocked", errors={}, results=evaluation_data(exc.evaluation)
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body(MSG_INVALID, "invalid", errors=django_errors(exc)), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MSG_FORBIDDEN)
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(MSG_INVALID, "invalid", errors=flatten(exc.detail))
        return response
    request = context.get("request")
    response.data = error_body(_message(exc, getattr(request, "method", "")), _code(exc))
    return response


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _message(exc: exceptions.APIException, method: str) -> str:
    if isinstance(exc, exceptions.NotFound):
        return MSG_NOT_FOUND
    if isinstance(exc, exceptions.NotAuthenticated):
        return MSG_NOT_AUTHENTICATED
    if isinstance(exc, exceptions.MethodNotAllowed):
        return MSG_METHOD.format(method=method)
    if isinstance(exc, exceptions.Throttled):
        return MSG_THROTTLED.format(wait=int(exc.wait or 1))
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return MSG_MEDIA
    if isinstance(exc, exceptions.ParseError):
        return MSG_PARSE
    if (
        isinstance(exc, exceptions.PermissionDenied)
        and str(exc.detail) == exceptions.PermissionDenied.default_detail
    ):
        return MSG_FORBIDDEN
    return str(exc.detail)
