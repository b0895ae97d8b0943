"""The dossier's scanned papers: the catalogue of document kinds and the upload service."""

import hashlib
import os
import uuid
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.domain.dossier_kinds import DOCUMENT_KINDS
from ptdv.admissions.models import Candidacy, DossierFile
from ptdv.audit.services import record_event
from ptdv.common.formatting import vn_number
from ptdv.common.text import nfc


@dataclass(frozen=True)
class AcceptedFormat:
    name: str
    mime: str
    extensions: tuple[str, ...]


FORMATS = (
    AcceptedFormat("PDF", "application/pdf", (".pdf",)),
    AcceptedFormat("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    AcceptedFormat("PNG", "image/png", (".png",)),
)
ACCEPT_ATTRIBUTE = ",".join([ext for f in FORMATS for ext in f.extensions] + [f.mime for f in FORMATS])
# filetype reads at most this many bytes from the head of a file.
_HEAD_BYTES = 8192
_MB = 1024 * 1024

MSG_OUT_OF_SCOPE = "Bạn không có quyền ghi dữ liệu cho “{org}”."
MSG_UNKNOWN_KIND = "Loại giấy tờ “{kind}” không có trong danh mục hồ sơ."
MSG_EMPTY = "Tệp “{name}” rỗng (0 byte). Hãy quét hoặc chụp lại giấy tờ."
MSG_TOO_BIG = (
    "Tệp “{name}” nặng {size}, vượt giới hạn {limit}. Hãy quét ở độ phân giải thấp hơn hoặc nén tệp."
)
MSG_BAD_EXTENSION = (
    "Tệp “{name}” không phải là PDF, JPEG hay PNG (tên tệp phải có đuôi .pdf, .jpg, .jpeg hoặc .png)."
)
MSG_BAD_CONTENT = "Tệp “{name}” không phải là PDF, JPEG hay PNG (nội dung thực là {actual})."
MSG_WRONG_EXTENSION = (
    "Tệp “{name}” có đuôi {extension} nhưng nội dung là {actual}. Hãy đổi đuôi tệp cho đúng rồi tải lên lại."
)
MSG_UNKNOWN_CONTENT = "một định dạng không nhận ra được"
MSG_IDENTICAL = "Tệp này giống hệt tệp đã tải lên ngày {day} (“{name}”); không cần tải lại."
MSG_CONCURRENT = "Người khác vừa tải lên giấy tờ cùng loại cho hồ sơ này. Hãy tải lại trang rồi thử lại."


def size_label(size: int) -> str:
    """A size as people read it: "10 MB", "1,5 MB", "300 KB" (Vietnamese number format)."""
    if size >= _MB:
        value = size / _MB
        return f"{vn_number(value, 0 if value == int(value) else 1)} MB"
    value = size / 1024
    return f"{vn_number(value, 0 if value >= 10 or value == int(value) else 1)} KB"


def _format_of(mime: str) -> AcceptedFormat | None:
    return next((f for f in FORMATS if f.mime == mime), None)


def _check_content(uploaded: UploadedFile, name: str) -> AcceptedFormat:
    """The format the bytes really are; refuses a name or content outside PDF, JPEG and PNG."""
    extension = os.path.splitext(name)[1].lower()
    claimed = next((f for f in FORMATS if extension in f.extensions), None)
    if claimed is None:
        raise ValidationError({"uploaded": MSG_BAD_EXTENSION.format(name=name)})
    uploaded.seek(0)
    head = uploaded.read(_HEAD_BYTES)
    uploaded.seek(0)
    guess = filetype.guess(head)
    actual = _format_of(guess.mime) if guess is not None else None
    if actual is None:
        described = f"{guess.extension.upper()} ({guess.mime})" if guess is not None else MSG_UNKNOWN_CONTENT
        raise ValidationError({"uploaded": MSG_BAD_CONTENT.format(name=name, actual=described)})
    if actual != claimed:
        raise ValidationError(
            {"uploaded": MSG_WRONG_EXTENSION.format(name=name, extension=extension, actual=actual.name)}
        )
    return actual


def _sha256(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _original_name(uploaded: UploadedFile) -> str:
    name = nfc(os.path.basename((uploaded.name or "").replace("\\", "/"))) or "tep"
    if len(name) > 255:
        stem, extension = os.path.splitext(name)
        name = stem[: 255 - len(extension)] + extension
    return name


def dossier_file_validate(*, kind: str, uploaded: UploadedFile) -> tuple[str, AcceptedFormat]:
    """Checks that need no database: kind, size, name and real content. Returns (original name, format)."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationError({"kind": MSG_UNKNOWN_KIND.format(kind=kind)})
    name = _original_name(uploaded)
    size = uploaded.size or 0
    if size <= 0:
        raise ValidationError({"uploaded": MSG_EMPTY.format(name=name)})
    limit: int = settings.DOSSIER_MAX_BYTES
    if size > limit:
        raise ValidationError(
            {"uploaded": MSG_TOO_BIG.format(name=name, size=size_label(size), limit=size_label(limit))}
        )
    return name, _check_content(uploaded, name)


@transaction.atomic
def dossier_file_upload(
    *, actor: Any, candidacy: Candidacy, kind: str, uploaded: UploadedFile
) -> DossierFile:
    """Store a scanned paper of the dossier; a paper of the same kind already there becomes its history."""
    if not can(actor, Action.CHANGE, candidacy.organization):
        raise ValidationError(MSG_OUT_OF_SCOPE.format(org=candidacy.organization))
    name, fmt = dossier_file_validate(kind=kind, uploaded=uploaded)
    checksum = _sha256(uploaded)
    # Serialise uploads to one candidacy, so two people replacing the same paper cannot fork its history.
    Candidacy.objects.select_for_update().filter(pk=candidacy.pk).first()
    current = DossierFile.objects.current().filter(candidacy=candidacy, kind=kind).first()
    if current is not None and current.sha256 == checksum:
        day = timezone.localtime(current.uploaded_at).strftime("%d/%m/%Y")
        raise ValidationError({"uploaded": MSG_IDENTICAL.format(day=day, name=current.original_name)})
    row = DossierFile(
        candidacy=candidacy,
        kind=kind,
        original_name=name,
        content_type=fmt.mime,
        size=uploaded.size or 0,
        sha256=checksum,
        replaces=current,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    # The stored name is ours: users' file names may hold anything; the original is kept in the row.
    row.file.save(f"{uuid.uuid4().hex}{fmt.extensions[0]}", uploaded, save=False)
    try:
        with transaction.atomic():
            row.save()
            record_event(
                actor=actor,
                code="candidacy.file_uploaded",
                target=candidacy,
                organization=candidacy.organization,
                after={
                    "id": row.pk,
                    "kind": kind,
                    "name": name,
                    "size": row.size,
                    "sha256": checksum,
                    "replaces": current.pk if current else None,
                },
            )
    except IntegrityError as exc:
        row.file.delete(save=False)
        raise ValidationError(MSG_CONCURRENT) from exc
    except BaseException:
        row.file.delete(save=False)
        raise
    return row
