"""Gives every request an id that its audit events carry."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ptdv.audit.context import request_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        with request_context(incoming if _SAFE_ID.match(incoming) else None) as request_id:
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
