"""Writes of an import: create the record, analyse the file, map columns, decide duplicates, commit.

The commit goes through the owning app's services (person_create, candidacy_create, target_create …),
in chunks: each chunk is one transaction holding the rows' writes, their audit events and the rows'
outcomes, so a crash resumes at the first pending row and nothing is written twice. Rows that only
create something new go through the kind's bulk path (for people: ptdv.people.bulk, the same checks as
the services, then a few INSERTs per chunk); every other row goes alone through the services.
"""

import hashlib
import itertools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.context import request_context
from ptdv.audit.services import record_event, snapshot
from ptdv.common.copying import insert_values
from ptdv.common.heap import objects_alive_now_frozen
from ptdv.organizations.models import Organization
from ptdv.spreadsheets.checking import MSG_UNEXPECTED, check_row, checked_batches
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.kinds.base import RowCheck, header_key
from ptdv.spreadsheets.kinds.context import Context
from ptdv.spreadsheets.mapping import IGNORED_HEADERS, find_table, from_json, signature, to_json
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
from ptdv.spreadsheets.writer import chunk_writer

log = logging.getLogger(__name__)
CHUNK = 1000  # rows per transaction: a crash redoes at most this many
ROW_BATCH = 1000

MSG_NO_RIGHT = "Bạn không có quyền nhập dữ liệu cho “{org}”."
MSG_MISSING_COLUMNS = "Chưa xác định được cột cho: {columns}. Hãy chọn cột tương ứng trong tệp."
MSG_UNUSED_COLUMNS = "Các cột sau không được nhập (không ứng với mục nào): {columns}."
MSG_NO_DATA = "Không có dòng dữ liệu nào bên dưới dòng tiêu đề."
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
    below = (values for number, values in sheet.rows if number > header_row)
    job.samples = [[to_json(v) for v in values] for values in itertools.islice(below, 3)]  # not every row: 3
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
    notes_of_rows = sheet.notes
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
    del workbook, sheet  # the rows to check are in `data`; each batch is let go once stored
    with objects_alive_now_frozen():
        return _analyse_rows(job, kind, data, mapping, notes, notes_of_rows)


def _analyse_rows(
    job: ImportJob,
    kind: Any,
    data: list[tuple[int, list[Any]]],
    mapping: dict[str, str],
    notes: list[str],
    notes_of_rows: dict[int, list[str]],
) -> ImportJob:
    ctx = _context(job)
    seen: dict[tuple[str, Any], int] = {}  # identities of earlier rows, for duplicates inside the file
    counts = dict.fromkeys(RowStatus.values, 0)
    duplicates = 0
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        for checked in checked_batches(kind, data, mapping, ctx, ROW_BATCH):
            found: dict[int, dict[str, Any]] = {}
            if kind.decides_duplicates:
                found = kind.match([(n, c) for n, _, c in checked if not c.errors], ctx, seen)
            rows = [
                _new_row(job, kind, number, cells, check, notes_of_rows.get(number, []), found.get(number))
                for number, cells, check in checked
            ]
            insert_values(ImportRow, rows)  # COPY on PostgreSQL
            for row in rows:
                counts[row["status"]] += 1
            duplicates += len(found)
        return _finish_analysis(
            job, status=ImportStatus.READY, message="", notes=notes, counts=counts, duplicates=duplicates
        )


def import_row_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, "IMPORT_MAX_ROWS", 200_000))


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """A row's checked values as JSON; the organisation is found again from its code at the commit."""
    return {key: to_json(value) for key, value in values.items() if key != "organization"}


def _checked(kind: Any, row: ImportRow, mapping: dict[str, str], ctx: Context) -> RowCheck:
    """The row's check for the commit: its stored values when the analysis kept them, else a new check.

    The values were checked when the file was analysed and a row never changes afterwards (a correction
    is a new file); what may have changed since (the organisation, the people in the system) is checked
    again by the kind's `restore` and by the services the commit goes through.
    """
    if row.values is not None and hasattr(kind, "restore"):
        try:
            return kind.restore({key: from_json(value) for key, value in row.values.items()}, ctx)
        except Exception as exc:  # a row must never crash the import: it is kept with the reason
            log.exception("import row restore failed")
            return RowCheck(errors=[MSG_UNEXPECTED.format(error=type(exc).__name__)])
    return check_row(kind, row.cells, mapping, ctx)


def _new_row(
    job: ImportJob,
    kind: Any,
    number: int,
    cells: list[Any],
    check: RowCheck,
    notes: list[str],
    duplicate: dict[str, Any] | None,
) -> dict[str, Any]:
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
    return {  # the columns of an ImportRow, written with COPY (no model instance: 100,000 of them)
        "job_id": job.pk,
        "number": number,
        "cells": cells,
        "values": None if errors or not hasattr(kind, "restore") else _stored(check.values),
        "summary": check.summary[:255],
        "status": status,
        "errors": errors,
        "warnings": warnings,
        "duplicate": duplicate,
        "plan": check.plan,
        "decision": decision,
    }


def _finish_analysis(
    job: ImportJob,
    *,
    status: str,
    message: str,
    notes: list[str] | None = None,
    counts: dict[str, int] | None = None,
    duplicates: int = 0,
) -> ImportJob:
    """Close the analysis; `counts` are the stored rows by status."""
    job.status, job.message, job.notes = status, message, notes or []
    by_status = counts or dict.fromkeys(RowStatus.values, 0)
    totals = {
        "total_rows": sum(by_status.values()),
        "valid_rows": by_status[RowStatus.VALID],
        "warning_rows": by_status[RowStatus.WARNING],
        "error_rows": by_status[RowStatus.ERROR],
    }
    for field, value in totals.items():
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


Result = tuple[Any, str, str, Any]  # the row (anything with its pk), outcome, message, object written


@dataclass
class Done:
    """A row whose outcome is known before writing: refused by its checks, or skipped."""

    row: ImportRow
    result: tuple[str, str, Any]


@dataclass
class Together:
    """Rows that only create something new, for the kind's bulk path, and its plan of them."""

    rows: list[tuple[ImportRow, RowCheck, Any]]
    plan: Any


@dataclass
class Alone:
    """A row for the services on its own (an update, a duplicate to create, a candidate …)."""

    row: ImportRow
    check: RowCheck


Step = Done | Together | Alone


def import_commit(job: ImportJob) -> ImportJob:
    """Write every pending row through the services, chunk by chunk; safe to run again after a crash.

    Each chunk is checked here and written by the chunk writer (ptdv.spreadsheets.writer): on
    PostgreSQL in a thread of its own while the next chunk is checked, elsewhere right away.
    """
    kind = KINDS[job.kind]
    ctx = _context(job)
    with request_context(job.request_id):
        with objects_alive_now_frozen(), chunk_writer() as writer:
            after = -1  # row numbers start at 0 at the lowest
            while True:
                # The cells are read only for a row analysed before the checked values were kept. Rows
                # after the last chunk's: that chunk may still be being written.
                pending = ImportRow.objects.filter(job=job, number__gt=after).pending().defer("cells")
                chunk = list(pending.order_by("number")[:CHUNK])
                if not chunk:
                    break
                after = chunk[-1].number
                writer.submit(_write_and_count, kind, job, chunk, _plan_chunk(kind, job, chunk, ctx), ctx)
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


def _write_and_count(
    kind: Any, job: ImportJob, chunk: list[ImportRow], steps: list[Step], ctx: Context
) -> None:
    """One chunk's transaction: its rows' writes, their outcomes and the job's counts."""
    with transaction.atomic():
        results = _write_chunk(kind, job, chunk, steps, ctx)
        _save_outcomes(results)
        counts = dict.fromkeys(RowOutcome.values, 0)
        for _, outcome, _, _ in results:
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


def _commit_chunk(kind: Any, job: ImportJob, chunk: list[ImportRow], ctx: Context) -> list[Result]:
    """Write the rows of one chunk in file order; must run inside the chunk's transaction."""
    return _write_chunk(kind, job, chunk, _plan_chunk(kind, job, chunk, ctx), ctx)


def _plan_chunk(kind: Any, job: ImportJob, chunk: list[ImportRow], ctx: Context) -> list[Step]:
    """The chunk's rows as steps to write in file order, checked as far as possible without writing.

    Rows that only create something new go together through the kind's bulk path (a kind with
    `bulk_new` has `plan_bulk`: the same checks as the services, made here, and `write_bulk`: a few
    INSERTs, made by the writer); any other row (an update, a duplicate the user chose to create, a candidate …) goes
    alone through the services, after the rows before it are written, so each row sees the rows above
    it as the per-row path did.
    """
    steps: list[Step] = []
    waiting: list[tuple[ImportRow, RowCheck, Any]] = []
    waiting_ids: set[str] = set()

    def flush() -> None:
        if waiting:
            rows = list(waiting)
            steps.append(Together(rows, kind.plan_bulk([new for _, _, new in rows], ctx)))
        waiting.clear()
        waiting_ids.clear()

    bulk_new = getattr(kind, "bulk_new", None)
    for row in chunk:
        if row.status == RowStatus.ERROR:
            steps.append(Done(row, (RowOutcome.REJECTED, " ".join(row.errors), None)))
            continue
        if row.decision == Decision.SKIP:
            steps.append(Done(row, (RowOutcome.SKIPPED, (row.duplicate or {}).get("message", ""), None)))
            continue
        check = _checked(kind, row, job.mapping, ctx)
        if check.errors:
            steps.append(Done(row, (RowOutcome.REJECTED, " ".join(check.errors), None)))
            continue
        new = bulk_new(check, row.decision, row.duplicate, ctx) if bulk_new is not None else None
        key = (new.data.get("national_id") or "") if new is not None else ""
        if new is not None and key not in waiting_ids:  # a repeated ID waits for the one before it
            waiting.append((row, check, new))
            if key:
                waiting_ids.add(key)
            continue
        flush()
        steps.append(Alone(row, check))
    flush()
    return steps


def _write_chunk(
    kind: Any, job: ImportJob, chunk: list[ImportRow], steps: list[Step], ctx: Context
) -> list[Result]:
    """Write the planned steps of one chunk in order; must run inside the chunk's transaction."""
    done: dict[int, tuple[str, str, Any]] = {}
    for step in steps:
        if isinstance(step, Done):
            done[step.row.pk] = step.result
        elif isinstance(step, Together):
            for row, result in _apply_together(kind, job, step, ctx):
                done[row.pk] = result
        else:
            done[step.row.pk] = _apply_row(kind, job, step.row, step.check, ctx)
    return [(row, *done[row.pk]) for row in chunk]


def _apply_together(
    kind: Any, job: ImportJob, together: Together, ctx: Context
) -> list[tuple[ImportRow, tuple[str, str, Any]]]:
    """The kind's bulk path for rows that create something new; one by one if the bulk insert fails."""
    waiting = together.rows
    try:
        with transaction.atomic():
            results = kind.write_bulk(together.plan, ctx)
    except Exception:  # e.g. an ID taken meanwhile by another user: each row on its own, nothing lost
        log.exception(
            "import %s: bulk write of %s rows failed, writing them one by one", job.pk, len(waiting)
        )
        return [(row, _apply_row(kind, job, row, check, ctx)) for row, check, _ in waiting]
    return [
        (
            row,
            (RowOutcome.REJECTED, " ".join(result.messages), None)
            if isinstance(result, ValidationError)
            else (result.result, result.note, result.target),
        )
        for (row, _, _), result in zip(waiting, results, strict=True)
    ]


def _apply_row(
    kind: Any, job: ImportJob, row: ImportRow, check: RowCheck, ctx: Context
) -> tuple[str, str, Any]:
    """(outcome, message, object written) of one row through the services, in a savepoint of its own."""
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


OUTCOME_BATCH = 500


def _save_outcomes(results: list[Result], *, dry: bool = False) -> None:
    """Each row's outcome, message and object, with one UPDATE per chunk (per 500 rows off PostgreSQL).

    bulk_update's CASE expressions cost ~3 ms a row to build, one UPDATE a row is a round trip each; on
    PostgreSQL the chunk's outcomes travel as one JSON parameter (thousands of parameters are slow to bind).
    """
    table = connection.ops.quote_name(ImportRow._meta.db_table)
    values = [
        (
            row.pk,
            str(outcome),
            message,
            target._meta.label_lower if target is not None else "",
            str(target.pk) if target is not None else "",
        )
        for row, outcome, message, target in results
    ]
    if not values:
        return
    columns = (
        "dry_outcome = v.outcome, dry_message = v.message"  # the dry run keeps only its prediction
        if dry
        else "outcome = v.outcome, outcome_message = v.message, target_type = v.ttype, target_id = v.tid"
    )
    set_clause = f"UPDATE {table} SET {columns} FROM v WHERE {table}.id = v.id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = ("id", "outcome", "message", "ttype", "tid")
            cursor.execute(
                "WITH v AS (SELECT * FROM jsonb_to_recordset(%s::jsonb) "
                "AS r(id bigint, outcome text, message text, ttype text, tid text)) " + set_clause,
                [json.dumps([dict(zip(keys, value, strict=True)) for value in values])],
            )
            return
        for start in range(0, len(values), OUTCOME_BATCH):
            part = values[start : start + OUTCOME_BATCH]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(part))
            cursor.execute(
                f"WITH v(id, outcome, message, ttype, tid) AS (VALUES {placeholders}) " + set_clause,
                [item for value in part for item in value],
            )


class _DryRunDone(Exception):
    pass


def import_dry_run(*, actor: Any, job: ImportJob) -> dict[str, int]:
    """Commit every row inside a transaction that is rolled back; keep each row's would-be outcome."""
    _require_change(actor, job)
    if job.status != ImportStatus.READY:
        raise ValidationError(MSG_NOT_READY.format(status=job.get_status_display()))
    kind = KINDS[job.kind]
    results: list[Result] = []
    try:
        with transaction.atomic(), request_context(f"{job.request_id}-dry"):
            ctx = _context(job)
            rows = ImportRow.objects.filter(job=job).order_by("number").iterator(chunk_size=ROW_BATCH)
            while chunk := list(itertools.islice(rows, CHUNK)):
                results += [  # only the row's pk is kept: 100,000 rows' cells would weigh ~200 MB
                    (SimpleNamespace(pk=row.pk), outcome, message, None)
                    for row, outcome, message, _ in _commit_chunk(kind, job, chunk, ctx)
                ]
            raise _DryRunDone
    except _DryRunDone:
        pass
    with transaction.atomic():
        _save_outcomes(results, dry=True)
        job.dry_run_at = timezone.now()
        job.save(update_fields=["dry_run_at"])
        counts = {value: 0 for value in RowOutcome.values}
        for _, outcome, _, _ in results:
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
