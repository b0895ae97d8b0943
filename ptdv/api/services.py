"""Writes of API tokens: create (the key is returned once) and revoke. Each audited."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ptdv.api.keys import key_digest, key_prefix, new_key
from ptdv.api.models import ApiToken
from ptdv.audit.services import record_event
from ptdv.common.text import nfc

MSG_NAME_EMPTY = "Hãy đặt tên cho khóa (ví dụ “Phần mềm tổng hợp của Ban Tổ chức”)."
MSG_NAME_LONG = "Tên khóa dài quá {max} ký tự."
MSG_DAYS = "Thời hạn phải từ 1 đến {max} ngày."
MSG_NOT_YOURS = "Không tìm thấy khóa này trong các khóa của bạn."
MSG_ALREADY_REVOKED = "Khóa này đã bị thu hồi."
NAME_MAX = ApiToken._meta.get_field("name").max_length or 80
TOKEN_AUDITED = ["name", "prefix", "expires_at", "revoked_at"]


def token_lifetime_days() -> int:
    return int(getattr(settings, "API_TOKEN_DAYS", 90))


def token_max_days() -> int:
    return int(getattr(settings, "API_TOKEN_MAX_DAYS", 365))


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its key in clear: shown once, never stored."""

    token: ApiToken
    key: str


def _snapshot(token: ApiToken) -> dict[str, Any]:
    return {
        "user_id": token.user_id,
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def api_token_create(*, actor: Any, name: str, days: int | None = None) -> NewToken:
    """Make a key for the actor's own account; it expires after `days` (the configured default)."""
    name = nfc(name)
    days = token_lifetime_days() if days is None else days
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = MSG_NAME_EMPTY
    elif len(name) > NAME_MAX:
        errors["name"] = MSG_NAME_LONG.format(max=NAME_MAX)
    if not 1 <= days <= token_max_days():
        errors["days"] = MSG_DAYS.format(max=token_max_days())
    if errors:
        raise ValidationError(errors)
    key = new_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=key_prefix(key),
        digest=key_digest(key),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record_event(actor=actor, code="api_token.created", target=token, after=_snapshot(token))
    return NewToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's keys at once; it stays listed, marked revoked."""
    token = ApiToken.objects.select_for_update().filter(pk=token.pk, user_id=actor.pk).first()  # type: ignore[assignment]
    if token is None:
        raise ValidationError(MSG_NOT_YOURS)
    if token.revoked_at is not None:
        raise ValidationError(MSG_ALREADY_REVOKED)
    before = _snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, code="api_token.revoked", target=token, before=before, after=_snapshot(token))
    return token


def api_token_touch(token: ApiToken) -> None:
    """Note that the key was just used (not audited: it is not a change of data)."""
    now = timezone.now()
    # At most once a minute, so a busy client does not write on every call.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(seconds=60):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
