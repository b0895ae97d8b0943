"""Restoring a backup: verify everything first, then load in one transaction, then publish media."""

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from ptdv.common.formatting import vn_number
from ptdv.organizations.models import Organization
from ptdv.people.models import Person
from ptdv.spreadsheets.backup.common import (
    CHUNK_BYTES,
    DISPOSABLE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    MSG_CHECKSUM,
    MSG_CORRUPT,
    MSG_FORMAT,
    MSG_LOAD,
    MSG_MEMBERS,
    MSG_MIGRATIONS,
    MSG_MISSING,
    MSG_NO_MANIFEST,
    MSG_NOT_EMPTY,
    MSG_NOT_ZIP,
    MSG_OLDER,
    MSG_REFERENCES,
    MSG_ROWS,
    MSG_UNKNOWN_MODEL,
    MSG_UNSAFE,
    BackupError,
    Progress,
    _tables,
    data_models,
)


def row_count(manifest: dict[str, Any]) -> int:
    return sum(entry["rows"] for entry in manifest["models"])


# Restore --------------------------------------------------------------------------------------------


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupError(MSG_MISSING.format(path=path))
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(MSG_NOT_ZIP.format(path=path)) from error


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, zlib.error) as error:
        raise BackupError(MSG_NO_MANIFEST.format(path=path)) from error
    well_formed = isinstance(manifest, dict) and manifest.get("format") == FORMAT
    if (
        not well_formed
        or not isinstance(manifest.get("models"), list)
        or not isinstance(manifest.get("members"), dict)
    ):
        raise BackupError(MSG_NO_MANIFEST.format(path=path))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(MSG_FORMAT.format(version=manifest.get("format_version"), known=FORMAT_VERSION))
    return manifest


def _media_target(name: str) -> PurePosixPath:
    """The path under MEDIA_ROOT of a media member, refusing anything that could escape it."""
    relative = PurePosixPath(name.removeprefix(MEDIA_DIR))
    if relative.is_absolute() or not relative.parts or ".." in relative.parts or "\\" in name:
        raise BackupError(MSG_UNSAFE.format(name=name))
    return relative


def _verify(zf: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every member listed, present and intact, before anything is written."""
    members: dict[str, dict[str, Any]] = manifest["members"]
    listed = {entry["member"] for entry in manifest["models"]}
    inside = [name for name in zf.namelist() if name != MANIFEST]
    # In the zip but not in the manifest or the other way round, a table without a checksum, a stray file.
    wrong = (set(inside) ^ set(members)) | (listed - set(members))
    wrong |= {name for name in members if not name.startswith(MEDIA_DIR) and name not in listed}
    wrong |= {name for name in inside if inside.count(name) > 1} if len(set(inside)) < len(inside) else set()
    if wrong:
        raise BackupError(MSG_MEMBERS.format(names=", ".join(sorted(wrong)[:5])))
    for name, expected in members.items():
        if name.startswith(MEDIA_DIR):
            _media_target(name)
        sha, size = hashlib.sha256(), 0
        try:
            with zf.open(name) as member:
                while block := member.read(CHUNK_BYTES):
                    sha.update(block)
                    size += len(block)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
            raise BackupError(MSG_CORRUPT.format(name=name, error=error)) from error
        if sha.hexdigest() != expected["sha256"] or size != expected["size"]:
            raise BackupError(MSG_CHECKSUM.format(name=name))


def _check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup from a newer schema; warn about one from an older schema."""
    wanted = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    applied = set(MigrationRecorder(connection).applied_migrations())
    if missing := sorted(wanted - applied):
        names = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise BackupError(MSG_MIGRATIONS.format(count=vn_number(len(missing)), names=names))
    newer = applied - wanted
    return [MSG_OLDER.format(count=vn_number(len(newer)))] if newer else []


def _stage_media(zf: zipfile.ZipFile, manifest: dict[str, Any]) -> Path | None:
    """Extract the media files next to MEDIA_ROOT; they move into place only once the data is committed."""
    names = [name for name in manifest["members"] if name.startswith(MEDIA_DIR)]
    if not names:
        return None
    parent = Path(settings.MEDIA_ROOT).parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ptdv-restore-", dir=parent))
    try:
        for name in names:
            target = staging.joinpath(*_media_target(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK_BYTES)
            if (mtime := manifest["members"][name].get("mtime")) is not None:
                os.utime(target, (mtime, mtime))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _publish_media(staging: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    try:
        for directory, _subdirectories, names in os.walk(staging):
            for name in names:
                source = Path(directory, name)
                target = root / source.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _clear(tables: list[type[models.Model]]) -> None:
    """Empty the data tables (rows seeded by migrations included) and the sessions, inside the transaction."""
    names = {model._meta.db_table for model in tables}
    names |= {model._meta.db_table for model in apps.get_models() if model._meta.label_lower in DISPOSABLE}
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            # TRUNCATE refuses tables with foreign key checks still pending in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), sorted(names)):
            cursor.execute(sql)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load(zf: zipfile.ZipFile, manifest: dict[str, Any], say: Progress) -> None:
    """Loaddata's way: raw saves (no model save(), append-only guards stay out of it), checks at the end."""
    pending = []
    for entry in manifest["models"]:
        label, found = entry["label"], 0
        try:
            with zf.open(entry["member"]) as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
                for row in serializers.deserialize("jsonl", text, handle_forward_references=True):
                    row.save(force_insert=True)
                    found += 1
                    if row.deferred_fields:
                        pending.append(row)
        except Exception as error:
            raise BackupError(MSG_LOAD.format(label=label, error=error)) from error
        if found != entry["rows"]:
            raise BackupError(MSG_ROWS.format(label=label, found=found, expected=entry["rows"]))
        say(f"  {label}: {vn_number(found)} bản ghi")
    for row in pending:
        row.save_deferred_fields()


def _labels(chosen: Iterable[type[models.Model]]) -> set[str]:
    return {model._meta.label_lower for model in chosen}


def _check_references(tables: list[type[models.Model]]) -> None:
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in tables])
    except Exception as error:
        raise BackupError(MSG_REFERENCES.format(error=error)) from error


def backup_restore(path: str | Path, *, replace: bool, progress: Progress | None = None) -> dict[str, Any]:
    """Check the .zip, then replace all data with its rows in one transaction and put its files back."""
    say = progress or (lambda _: None)
    path = Path(path)
    with _open(path) as zf:
        manifest = _read_manifest(zf, path)
        _verify(zf, manifest)
        warnings = _check_migrations(manifest)
        if unknown := [
            e["label"] for e in manifest["models"] if e["label"] not in _labels(apps.get_models())
        ]:
            raise BackupError(MSG_UNKNOWN_MODEL.format(label=", ".join(unknown)))
        orgs, people = Organization._base_manager.count(), Person._base_manager.count()
        if (orgs or people) and not replace:
            raise BackupError(MSG_NOT_EMPTY.format(orgs=vn_number(orgs), people=vn_number(people)))
        tables = _tables(data_models())
        staging = _stage_media(zf, manifest)
        try:
            with transaction.atomic():
                _clear(tables)
                with connection.constraint_checks_disabled():
                    _load(zf, manifest, say)
                _check_references(tables)
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                        cursor.execute(sql)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise
    if staging is not None:
        _publish_media(staging)
    return {
        "rows": row_count(manifest),
        "tables": len(manifest["models"]),
        "media_files": manifest["media"]["files"],
        "media_bytes": manifest["media"]["bytes"],
        "created_at": manifest["created_at"],
        "replaced": bool(orgs or people),
        "warnings": warnings,
    }
