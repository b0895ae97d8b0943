"""Writes of an import: create the record, analyse the file, map columns, decide duplicates, commit.

The commit goes row by row through the owning app's services (person_create, candidacy_create,
target_create …), in chunks: each chunk is one transaction holding the rows' writes, their audit events
and the rows' outcomes, so a crash resumes at the first pending row and nothing is written twice.
"""

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.context import request_context
from ptdv.audit.services import record_event, snapshot
from ptdv.organizations.models import Organization
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.kinds.base import RowCheck, header_key
from ptdv.spreadsheets.kinds.context import Context
from ptdv.spreadsheets.mapping import IGNORED_HEADERS, find_table, row_values, signature, to_json
from ptdv.spreadsheets.models import (
    ColumnMapping,
    Decision,
    ImportJob,
    ImportRow,
    ImportStatus,
    RowOutcome,
    RowStatus,
)
from ptdv.spreadsheets.reading import FileRejected, open_workbook

log = logging.getLogger(__name__)
CHUNK = 200
ROW_BATCH = 1000

MSG_NO_RIGHT = "Bạn không có quyền nhập dữ liệu cho “{org}”."
MSG_MISSING_COLUMNS = "Chưa xác định được cột cho: {columns}. Hãy chọn cột tương ứng trong tệp."
MSG_UNUSED_COLUMNS = "Các cột sau không được nhập (không ứng với mục nào): {columns}."
MSG_NO_DATA = "Không có dòng dữ liệu nào bên dưới dòng tiêu đề."
MSG_UNEXPECTED = "Dòng này gặp lỗi không lường trước khi kiểm tra ({error}); dòng được giữ lại để sửa."
MSG_UNREADABLE = "Không đọc được tệp ({error}). Hãy mở bằng Excel, lưu thành .xlsx rồi tải lên lại."
MSG_NOT_READY = "Lần nhập này đang ở trạng thái “{status}”, chưa thể nhập."
MSG_BAD_DECISION = "Lựa chọn “{decision}” không áp dụng cho dòng {row}."
MSG_TOO_MANY_ROWS = "Tệp có {count} dòng dữ liệu, vượt giới hạn {limit} dòng cho một lần nhập; hãy tách tệp."


class SystemActor:
    """The actor of an import run from the command line without --user: the whole tree, no account."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True


def job_actor(job: ImportJob) -> Any:
    return job.created_by if job.created_by_id else SystemActor()


def _context(job: ImportJob) -> Context:
    return Context(
        actor=job_actor(job),
        root=job.organization,
        file_label=f"“{job.original_name}” (lần nhập số {job.pk})",
    )


@transaction.atomic
def import_create(
    *, actor: Any, kind: str, organization: Organization, upload: File, name: str | None = None
) -> ImportJob:
    """Keep the uploaded file and open an import record; analysis runs next (in the background)."""
    if kind not in KINDS:
        raise ValidationError({"kind": "Loại dữ liệu không hợp lệ."})
    if not can(actor, Action.CHANGE, organization):
        raise PermissionDenied(MSG_NO_RIGHT.format(org=organization))
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    filename = Path(name or upload.name or "tep").name
    job = ImportJob(
        kind=kind,
        organization=organization,
        original_name=filename[:255],
        sha256=digest.hexdigest(),
        size=size,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    job.file.save(filename, upload, save=False)
    job.save()
    record_event(
        actor=actor,
        code="import.created",
        target=job,
        organization=organization,
        after={**snapshot(job, ["kind", "original_name", "sha256", "size"]), "file": job.file.name},
    )
    return job


def _learned(kind: str) -> dict[str, str]:
    learned: dict[str, str] = {}
    for saved in ColumnMapping.objects.filter(kind=kind).order_by("updated_at"):
        learned.update(saved.mapping)
    return learned


def _row_messages(check: RowCheck, notes: list[str]) -> tuple[list[str], list[str]]:
    return check.errors, [*notes, *check.warnings]


def import_analyse(job: ImportJob) -> ImportJob:
    """Read the file, find its header and columns, check every row and find duplicates; writes no data."""
    kind = KINDS[job.kind]
    try:
        workbook = open_workbook(Path(job.file.path), job.original_name)
    except FileRejected as exc:
        return _finish_analysis(job, status=ImportStatus.FAILED, message=str(exc))
    except Exception as exc:  # a reader library choking on a damaged file: say so, keep the file
        log.exception("import %s: reading failed", job.pk)
        return _finish_analysis(
            job, status=ImportStatus.FAILED, message=MSG_UNREADABLE.format(error=type(exc).__name__)
        )
    sheet, header_row, headers, mapping = find_table(workbook, kind.columns, _learned(job.kind))
    if job.mapping and job.headers == [to_json(h) for h in headers]:
        mapping = job.mapping  # the user chose the columns for exactly these headers
    job.format, job.sheet_name, job.header_row = workbook.format, sheet.name[:120], header_row
    job.headers, job.mapping = [to_json(h) for h in headers], mapping
    job.samples = [[to_json(v) for v in values] for number, values in sheet.rows if number > header_row][:3]
    missing = [c.header for c in kind.columns if c.required and c.key not in mapping.values()]
    unused = [
        str(h)
        for i, h in enumerate(headers)
        if str(i) not in mapping and h not in (None, "") and header_key(h) not in IGNORED_HEADERS
    ]
    notes = [MSG_UNUSED_COLUMNS.format(columns=", ".join(f"“{u}”" for u in unused))] if unused else []
    if missing:
        return _finish_analysis(
            job,
            status=ImportStatus.NEEDS_MAPPING,
            message=MSG_MISSING_COLUMNS.format(columns=", ".join(f"“{m}”" for m in missing)),
            notes=notes,
        )
    data = [(number, values) for number, values in sheet.rows if number > header_row]
    if not data:
        return _finish_analysis(job, status=ImportStatus.FAILED, message=MSG_NO_DATA, notes=notes)
    limit = import_row_limit()
    if len(data) > limit:
        return _finish_analysis(
            job,
            status=ImportStatus.FAILED,
            message=MSG_TOO_MANY_ROWS.format(count=len(data), limit=limit),
            notes=notes,
        )
    ctx = _context(job)
    checked: list[tuple[int, list[Any], RowCheck]] = []
    for number, values in data:
        cells = [to_json(v) for v in values]
        checked.append((number, cells, _check_row(kind, cells, mapping, ctx)))
    duplicates: dict[int, dict[str, Any]] = {}
    if kind.decides_duplicates:
        duplicates = kind.match([(n, c) for n, _, c in checked if not c.errors], ctx)
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        batch: list[ImportRow] = []
        for number, cells, check in checked:
            batch.append(
                _new_row(job, kind, number, cells, check, sheet.notes.get(number, []), duplicates.get(number))
            )
            if len(batch) >= ROW_BATCH:
                ImportRow.objects.bulk_create(batch)
                batch = []
        ImportRow.objects.bulk_create(batch)
        return _finish_analysis(
            job, status=ImportStatus.READY, message="", notes=notes, rows=checked, duplicates=len(duplicates)
        )


def import_row_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, "IMPORT_MAX_ROWS", 200_000))


def _check_row(kind: Any, cells: list[Any], mapping: dict[str, str], ctx: Context) -> RowCheck:
    try:
        return kind.check(row_values(cells, mapping), ctx)
    except Exception as exc:  # a row must never crash the import: it is kept with the reason
        log.exception("import row check failed")
        return RowCheck(errors=[MSG_UNEXPECTED.format(error=type(exc).__name__)])


def _new_row(
    job: ImportJob,
    kind: Any,
    number: int,
    cells: list[Any],
    check: RowCheck,
    notes: list[str],
    duplicate: dict[str, Any] | None,
) -> ImportRow:
    errors, warnings = _row_messages(check, notes)
    decision = check.plan
    if duplicate is not None:
        message, options, default = kind.describe_duplicate(duplicate)
        duplicate = {**duplicate, "message": message, "options": options}
        decision = default
        if not options:
            errors = [*errors, message]
        else:
            warnings = [*warnings, message]
    status = RowStatus.ERROR if errors else RowStatus.WARNING if warnings else RowStatus.VALID
    return ImportRow(
        job=job,
        number=number,
        cells=cells,
        summary=check.summary[:255],
        status=status,
        errors=errors,
        warnings=warnings,
        duplicate=duplicate,
        plan=check.plan,
        decision=decision,
    )


def _finish_analysis(
    job: ImportJob,
    *,
    status: str,
    message: str,
    notes: list[str] | None = None,
    rows: Any = None,
    duplicates: int = 0,
) -> ImportJob:
    job.status, job.message, job.notes = status, message, notes or []
    counts = dict.fromkeys(["total_rows", "valid_rows", "warning_rows", "error_rows"], 0)
    if rows is not None:
        by_status = {s: 0 for s in RowStatus.values}
        for item in ImportRow.objects.filter(job=job).values_list("status", flat=True):
            by_status[item] += 1
        counts = {
            "total_rows": sum(by_status.values()),
            "valid_rows": by_status[RowStatus.VALID],
            "warning_rows": by_status[RowStatus.WARNING],
            "error_rows": by_status[RowStatus.ERROR],
        }
    for field, value in counts.items():
        setattr(job, field, value)
    job.duplicate_rows = duplicates
    job.processed = job.created = job.updated = job.unchanged = job.skipped = job.rejected = 0
    job.save()
    return job


@transaction.atomic
def import_map(*, actor: Any, job: ImportJob, mapping: dict[str, str], remember: bool = True) -> ImportJob:
    """Record which column is which field (saved for files with the same headers), then re-check."""
    _require_change(actor, job)
    kind = KINDS[job.kind]
    known = {c.key for c in kind.columns}
    clean = {str(i): key for i, key in mapping.items() if key in known}
    before = {"mapping": job.mapping}
    job.mapping = clean
    job.save(update_fields=["mapping"])
    if remember:
        learned = {
            header_key(job.headers[int(i)]): key for i, key in clean.items() if int(i) < len(job.headers)
        }
        ColumnMapping.objects.update_or_create(
            kind=job.kind,
            signature=signature(job.headers),
            defaults={
                "headers": job.headers,
                "mapping": learned,
                "created_by": actor if getattr(actor, "pk", None) else None,
            },
        )
    record_event(
        actor=actor,
        code="import.mapped",
        target=job,
        organization=job.organization,
        before=before,
        after={"mapping": clean},
    )
    return import_analyse(job)


@transaction.atomic
def import_decide(*, actor: Any, job: ImportJob, decisions: dict[int, str]) -> int:
    """Set skip / update / create for duplicate rows (by row number); returns how many changed."""
    _require_change(actor, job)
    if job.status != ImportStatus.READY:
        raise ValidationError(MSG_NOT_READY.format(status=job.get_status_display()))
    rows = {row.number: row for row in job.rows.filter(number__in=list(decisions), duplicate__isnull=False)}
    changed = []
    for number, decision in decisions.items():
        row = rows.get(number)
        if row is None or decision == row.decision:
            continue
        if decision not in (row.duplicate or {}).get("options", []):
            raise ValidationError(MSG_BAD_DECISION.format(decision=decision, row=number))
        changed.append((row, row.decision))
        row.decision = decision
    ImportRow.objects.bulk_update([row for row, _ in changed], ["decision"])
    if changed:
        record_event(
            actor=actor,
            code="import.decided",
            target=job,
            organization=job.organization,
            before={str(row.number): old for row, old in changed},
            after={str(row.number): row.decision for row, _ in changed},
        )
    return len(changed)


def _require_change(actor: Any, job: ImportJob) -> None:
    if not can(actor, Action.CHANGE, job.organization):
        raise PermissionDenied(MSG_NO_RIGHT.format(org=job.organization))


@transaction.atomic
def import_start(*, actor: Any, job: ImportJob) -> ImportJob:
    """Mark the import as committing (the background task does the rows) and audit who started it."""
    _require_change(actor, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status == ImportStatus.COMMITTING:
        return job
    if job.status != ImportStatus.READY:
        raise ValidationError(MSG_NOT_READY.format(status=job.get_status_display()))
    job.status, job.started_at, job.heartbeat_at = ImportStatus.COMMITTING, timezone.now(), timezone.now()
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    record_event(
        actor=actor,
        code="import.started",
        target=job,
        organization=job.organization,
        after={"rows": job.total_rows},
    )
    return job


def import_commit(job: ImportJob) -> ImportJob:
    """Write every pending row through the services, chunk by chunk; safe to run again after a crash."""
    kind = KINDS[job.kind]
    ctx = _context(job)
    with request_context(job.request_id):
        while True:
            chunk = list(ImportRow.objects.filter(job=job).pending().order_by("number")[:CHUNK])
            if not chunk:
                break
            with transaction.atomic():
                counts = dict.fromkeys(RowOutcome.values, 0)
                for row in chunk:
                    outcome, message, target = _commit_row(kind, job, row, ctx)
                    # One plain UPDATE per row: bulk_update's CASE expressions cost ~3 ms a row to build.
                    ImportRow.objects.filter(pk=row.pk).update(
                        outcome=outcome,
                        outcome_message=message,
                        target_type=target._meta.label_lower if target is not None else "",
                        target_id=str(target.pk) if target is not None else "",
                    )
                    counts[outcome] += 1
                ImportJob.objects.filter(pk=job.pk).update(
                    processed=F("processed") + len(chunk),
                    created=F("created") + counts[RowOutcome.CREATED],
                    updated=F("updated") + counts[RowOutcome.UPDATED],
                    unchanged=F("unchanged") + counts[RowOutcome.UNCHANGED],
                    skipped=F("skipped") + counts[RowOutcome.SKIPPED],
                    rejected=F("rejected") + counts[RowOutcome.REJECTED],
                    heartbeat_at=timezone.now(),
                )
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.status == ImportStatus.COMMITTING:
                job.status, job.finished_at = ImportStatus.DONE, timezone.now()
                job.save(update_fields=["status", "finished_at"])
                record_event(
                    actor=job_actor(job),
                    code="import.committed",
                    target=job,
                    organization=job.organization,
                    after=snapshot(
                        job, ["total_rows", "created", "updated", "unchanged", "skipped", "rejected"]
                    ),
                )
    return job


def _commit_row(kind: Any, job: ImportJob, row: ImportRow, ctx: Context) -> tuple[str, str, Any]:
    """(outcome, message, object written) for one row; its writes live in a savepoint of their own."""
    if row.status == RowStatus.ERROR:
        return RowOutcome.REJECTED, " ".join(row.errors), None
    if row.decision == Decision.SKIP:
        return RowOutcome.SKIPPED, (row.duplicate or {}).get("message", ""), None
    check = _check_row(kind, row.cells, job.mapping, ctx)
    if check.errors:
        return RowOutcome.REJECTED, " ".join(check.errors), None
    try:
        with transaction.atomic():
            outcome = kind.apply(check, row.decision, row.duplicate, ctx)
    except (ValidationError, PermissionDenied) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return RowOutcome.REJECTED, " ".join(messages), None
    except Exception as exc:  # one bad row must not stop the others; it stays for correction
        log.exception("import row %s of job %s failed", row.number, job.pk)
        return RowOutcome.REJECTED, MSG_UNEXPECTED.format(error=type(exc).__name__), None
    return outcome.result, outcome.note, outcome.target


class _DryRunDone(Exception):
    pass


def import_dry_run(*, actor: Any, job: ImportJob) -> dict[str, int]:
    """Commit every row inside a transaction that is rolled back; keep each row's would-be outcome."""
    _require_change(actor, job)
    if job.status != ImportStatus.READY:
        raise ValidationError(MSG_NOT_READY.format(status=job.get_status_display()))
    kind = KINDS[job.kind]
    results: dict[int, tuple[str, str]] = {}
    try:
        with transaction.atomic(), request_context(f"{job.request_id}-dry"):
            ctx = _context(job)
            for row in ImportRow.objects.filter(job=job).order_by("number").iterator(chunk_size=ROW_BATCH):
                outcome, message, _ = _commit_row(kind, job, row, ctx)
                results[row.pk] = (outcome, message)
            raise _DryRunDone
    except _DryRunDone:
        pass
    with transaction.atomic():
        for pk, (outcome, message) in results.items():
            ImportRow.objects.filter(pk=pk).update(dry_outcome=outcome, dry_message=message)
        job.dry_run_at = timezone.now()
        job.save(update_fields=["dry_run_at"])
        counts = {value: 0 for value in RowOutcome.values}
        for outcome, _ in results.values():
            counts[outcome] += 1
        record_event(
            actor=actor, code="import.dry_run", target=job, organization=job.organization, after=counts
        )
    return counts


def import_run(
    *, actor: Any, kind: str, organization: Organization, path: Path, dry_run: bool = False
) -> ImportJob:
    """The whole import of one file in this process: for the command line, tests and benchmarks."""
    with path.open("rb") as handle:
        job = import_create(
            actor=actor, kind=kind, organization=organization, upload=File(handle), name=path.name
        )
    job = import_analyse(job)
    if job.status != ImportStatus.READY:
        return job
    if dry_run:
        import_dry_run(actor=actor, job=job)
        return job
    return import_commit(import_start(actor=actor, job=job))


def guess_kind(path: Path, name: str) -> str | None:
    """The import kind whose headers the file matches best, or None when none matches two columns."""
    try:
        workbook = open_workbook(path, name)
    except FileRejected:
        return None
    scores = {}
    for key, kind in KINDS.items():
        _, _, _, mapping = find_table(workbook, kind.columns, _learned(key))
        required = sum(1 for c in kind.columns if c.required and c.key in mapping.values())
        scores[key] = (required, len(mapping))
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best][1] >= 2 else None
