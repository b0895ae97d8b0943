"""`Authorization: Bearer <key>` (or `Token <key>`) for the API, with Vietnamese refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ptdv.api.keys import key_digest
from ptdv.api.models import ApiToken
from ptdv.api.services import api_token_touch

SCHEMES = ("bearer", "token")
MSG_MALFORMED = "Tiêu đề Authorization không đúng dạng: cần “Bearer <khóa>”."
MSG_UNKNOWN = "Khóa API không hợp lệ."
MSG_REVOKED = "Khóa API đã bị thu hồi."
MSG_EXPIRED = "Khóa API đã hết hạn; hãy tạo khóa mới."
MSG_INACTIVE = "Tài khoản của khóa API này đã bị khóa."


def presented_key(request: HttpRequest) -> str | None:
    """The key in the Authorization header; None when there is no such header.

    Any other scheme is refused rather than passed on to the session: the web pages' second-factor
    check lets requests with an Authorization header through to the API, which must then be the
    one to authenticate them.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() not in SCHEMES or not parts[1].isascii():
        raise exceptions.AuthenticationFailed(MSG_MALFORMED)
    return parts[1]


def token_for_key(key: str) -> ApiToken:
    """The usable token whose digest matches `key`; otherwise AuthenticationFailed saying why."""
    token = ApiToken.objects.select_related("user").filter(digest=key_digest(key)).first()
    if token is None:
        raise exceptions.AuthenticationFailed(MSG_UNKNOWN)
    if token.revoked_at is not None:
        raise exceptions.AuthenticationFailed(MSG_REVOKED)
    if token.expires_at <= timezone.now():
        raise exceptions.AuthenticationFailed(MSG_EXPIRED)
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed(MSG_INACTIVE)
    return token


def authenticate_request(request: HttpRequest) -> tuple[Any, ApiToken] | None:
    """(user, token) for a request carrying a key; None without an Authorization header."""
    key = presented_key(request)
    if key is None:
        return None
    token = token_for_key(key)
    api_token_touch(token)
    return token.user, token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication by API key; a bad key is a 401 with a Vietnamese reason."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        return authenticate_request(request._request)

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the key to the OpenAPI schema as HTTP bearer authentication."""

    target_class = "ptdv.api.authentication.ApiTokenAuthentication"
    name = "khoaApi"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa API tạo ở trang /api/khoa/: tiêu đề `Authorization: Bearer <khóa>`.",
        }
