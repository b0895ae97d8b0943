"""Request-scoped context (request id, actor) read by record_event()."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return request_id_var.get()


@contextmanager
def request_context(request_id: str | None = None) -> Iterator[str]:
    """Bind a request id for the duration of a request, a task or a management command."""
    value = request_id or uuid.uuid4().hex
    token = request_id_var.set(value)
    try:
        yield value
    finally:
        request_id_var.reset(token)
