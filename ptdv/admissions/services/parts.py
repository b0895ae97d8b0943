"""Writes to a candidacy's introducers and background verifications (before the steps that check them)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.models import Candidacy, Introduction, Verification
from ptdv.admissions.models.dossier import IntroducerKind
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc
from ptdv.people.models import Person

MSG_OUT_OF_SCOPE = "Bạn không có quyền ghi dữ liệu cho “{org}”."
MSG_CLOSED = "Hồ sơ đã kết thúc; không thể thay đổi."
MSG_INTRODUCER_NEEDED = "Hãy chọn đảng viên giới thiệu."
MSG_NAME_NEEDED = "Hãy ghi tên ban chấp hành giới thiệu."
MSG_SELF = "Người vào Đảng không thể tự giới thiệu mình."
MSG_TWICE = "{name} đã là người giới thiệu của hồ sơ này."
MSG_REASON = "Hãy ghi lý do thay người giới thiệu."
MSG_VERIFIED_BEFORE_REQUEST = "Ngày có kết quả ({done:%d/%m/%Y}) trước ngày gửi công văn ({sent:%d/%m/%Y})."
MSG_RESULT_NEEDED = "Có ngày kết quả thì phải chọn kết quả thẩm tra."

INTRODUCTION_FIELDS = [
    "id",
    "kind",
    "introducer_id",
    "name",
    "together_since",
    "same_unit",
    "date",
    "ended_on",
]
VERIFICATION_FIELDS = ["id", "relation", "name", "is_party_member", "requested_on", "verified_on", "result"]


def _lock(actor: Any, candidacy: Candidacy) -> Candidacy:
    candidacy = Candidacy.objects.select_for_update().select_related("organization").get(pk=candidacy.pk)
    if not can(actor, Action.CHANGE, candidacy.organization):
        raise ValidationError(MSG_OUT_OF_SCOPE.format(org=candidacy.organization))
    if not candidacy.is_open:
        raise ValidationError(MSG_CLOSED)
    return candidacy


@transaction.atomic
def introduction_add(
    *,
    actor: Any,
    candidacy: Candidacy,
    kind: str,
    date: dt.date,
    introducer: Person | None = None,
    name: str = "",
    together_since: dt.date | None = None,
    same_unit: bool = True,
) -> Introduction:
    """Add an introducer: a full member (3-KNĐ) or a Youth Union / trade-union executive (4-KNĐ, 4A-KNĐ)."""
    candidacy = _lock(actor, candidacy)
    if kind == IntroducerKind.MEMBER:
        if introducer is None:
            raise ValidationError({"introducer": MSG_INTRODUCER_NEEDED})
        if introducer.pk == candidacy.person_id:
            raise ValidationError({"introducer": MSG_SELF})
        if candidacy.introductions.filter(introducer=introducer, ended_on__isnull=True).exists():
            raise ValidationError({"introducer": MSG_TWICE.format(name=introducer.full_name)})
        name = introducer.full_name
    elif not nfc(name):
        raise ValidationError({"name": MSG_NAME_NEEDED})
    row = Introduction.objects.create(
        candidacy=candidacy,
        kind=kind,
        introducer=introducer if kind == IntroducerKind.MEMBER else None,
        name=nfc(name),
        together_since=together_since,
        same_unit=same_unit,
        date=date,
    )
    record_event(
        actor=actor,
        code="candidacy.introducer_added",
        target=candidacy,
        organization=candidacy.organization,
        after=snapshot(row, INTRODUCTION_FIELDS),
    )
    return row


@transaction.atomic
def introduction_end(
    *, actor: Any, introduction: Introduction, ended_on: dt.date, reason: str
) -> Introduction:
    """Stop counting an introducer (moved away, disciplined, died); the row stays in the history."""
    _lock(actor, introduction.candidacy)
    if not nfc(reason):
        raise ValidationError({"reason": MSG_REASON})
    before = snapshot(introduction, INTRODUCTION_FIELDS)
    introduction.ended_on, introduction.end_reason = ended_on, nfc(reason)
    introduction.save(update_fields=["ended_on", "end_reason"])
    record_event(
        actor=actor,
        code="candidacy.introducer_ended",
        target=introduction.candidacy,
        organization=introduction.candidacy.organization,
        before=before,
        after=snapshot(introduction, INTRODUCTION_FIELDS),
        reason=nfc(reason),
    )
    return introduction


def _check_verification(data: dict[str, Any]) -> None:
    sent, done = data.get("requested_on"), data.get("verified_on")
    if sent and done and done < sent:
        raise ValidationError({"verified_on": MSG_VERIFIED_BEFORE_REQUEST.format(done=done, sent=sent)})
    if done and not data.get("result") and not data.get("is_party_member"):
        raise ValidationError({"result": MSG_RESULT_NEEDED})


@transaction.atomic
def verification_add(*, actor: Any, candidacy: Candidacy, **data: Any) -> Verification:
    """Add a person whose background must be verified (the applicant or a relative in scope)."""
    candidacy = _lock(actor, candidacy)
    data["name"] = nfc(data.get("name"))
    _check_verification(data)
    row = Verification.objects.create(candidacy=candidacy, **data)
    record_event(
        actor=actor,
        code="candidacy.verification_added",
        target=candidacy,
        organization=candidacy.organization,
        after=snapshot(row, VERIFICATION_FIELDS),
    )
    return row


@transaction.atomic
def verification_update(*, actor: Any, verification: Verification, **data: Any) -> Verification:
    """Record a verification's request date, reply date and result."""
    _lock(actor, verification.candidacy)
    merged = {
        f: getattr(verification, f) for f in ("requested_on", "verified_on", "result", "is_party_member")
    }
    merged.update(data)
    _check_verification(merged)
    before = snapshot(verification, VERIFICATION_FIELDS)
    for field, value in data.items():
        setattr(verification, field, nfc(value) if isinstance(value, str) and field != "result" else value)
    verification.save()
    record_event(
        actor=actor,
        code="candidacy.verification_updated",
        target=verification.candidacy,
        organization=verification.candidacy.organization,
        before=before,
        after=snapshot(verification, VERIFICATION_FIELDS),
    )
    return verification
