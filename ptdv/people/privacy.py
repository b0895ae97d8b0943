"""Reads of a person's personal data that leave a trace: the full national ID, the opened record."""

from typing import Any

from django.core.exceptions import PermissionDenied

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.models import AccessKind, Channel
from ptdv.audit.services import access_record_create
from ptdv.people.models import Person

REVEAL_DENIED = "Chỉ người có quyền nhập, sửa hồ sơ của tổ chức này mới được xem số CCCD đầy đủ."


def national_id_reveal(*, actor: Any, person: Person, channel: str = Channel.WEB) -> str:
    """The person's full national ID for one who may change the record; the reveal is logged."""
    if not can(actor, Action.CHANGE, person.organization):
        raise PermissionDenied(REVEAL_DENIED)
    access_record_create(
        actor=actor,
        kind=AccessKind.REVEALED_ID,
        target=person,
        organization=person.organization,
        channel=channel,
    )
    return person.national_id or ""


def person_record_viewed(*, actor: Any, person: Person, channel: str = Channel.WEB) -> None:
    """Log that `actor` opened the person's record."""
    access_record_create(
        actor=actor,
        kind=AccessKind.VIEWED,
        target=person,
        organization=person.organization,
        channel=channel,
    )
