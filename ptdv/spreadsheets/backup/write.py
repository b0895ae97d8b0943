"""Writing a backup: every table streamed as JSON Lines, media files, a manifest with checksums."""

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import platform
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

from ptdv.common.formatting import vn_number
from ptdv.spreadsheets.backup.common import (
    CHUNK_BYTES,
    CHUNK_ROWS,
    DATA_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    MSG_READ,
    NATURAL_KEYS,
    BackupError,
    Progress,
    data_models,
)


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class _Serializer(JsonlSerializer):
    """JSON Lines with plain ids, except for rows that migrate rebuilds (referenced by natural key)."""

    rows = 0

    def end_object(self, obj: Any) -> None:
        super().end_object(obj)
        self.rows += 1

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL_KEYS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL_KEYS
        super().handle_m2m_field(obj, field)


class _HashingWriter(io.RawIOBase):
    """Passes bytes on to `target` while counting them and computing their SHA-256."""

    def __init__(self, target: Any) -> None:
        self.target, self.sha, self.size = target, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.target.write(data)
        self.sha.update(data)
        self.size += len(data)
        return len(data)


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    """All rows by id, streamed in chunks; many-to-many ids fetched per chunk, in a stable order."""
    lookups = []
    for field in model._meta.local_many_to_many:
        related: Any = field.related_model
        if field.remote_field.through._meta.auto_created:  # type: ignore[union-attr]
            natural = related._meta.label_lower in NATURAL_KEYS
            queryset = related._base_manager.select_related() if natural else related._base_manager.only("pk")
            lookups.append(Prefetch(field.name, queryset=queryset.order_by("pk")))
    queryset = model._base_manager.order_by("pk").prefetch_related(*lookups)
    return queryset.iterator(chunk_size=CHUNK_ROWS)


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database for the whole export, without blocking the writers."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # atomic() would BEGIN IMMEDIATE (see settings) and lock writers out; a deferred read sees one snapshot.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic():
            yield


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_files(skip: set[Path]) -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file() and path.resolve() not in skip:
                yield path, path.relative_to(root).as_posix()


def _write_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, write: Callable[[Any], None]) -> dict[str, Any]:
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as raw:
        hashing = _HashingWriter(raw)
        with io.BufferedWriter(hashing, CHUNK_BYTES) as buffered:
            write(buffered)
    return {"sha256": hashing.sha.hexdigest(), "size": hashing.size}


def _write_rows(model: type[models.Model], serializer: _Serializer) -> Callable[[Any], None]:
    def write(stream: Any) -> None:
        with io.TextIOWrapper(stream, encoding="utf-8", newline="\n") as text:
            serializer.serialize(_rows(model), stream=text, cls=_Encoder)

    return write


def _write_tables(zf: zipfile.ZipFile, manifest: dict[str, Any], when: tuple, say: Progress) -> None:
    with _snapshot():
        manifest["migrations"] = _applied_migrations()
        for number, model in enumerate(data_models(), start=1):
            label = model._meta.label_lower
            name, serializer = f"{DATA_DIR}{number:03d}_{label}.jsonl", _Serializer()
            try:
                entry = _write_member(zf, zipfile.ZipInfo(name, when), _write_rows(model, serializer))
            except DatabaseError as error:
                raise BackupError(MSG_READ.format(label=label, error=error)) from error
            manifest["members"][name] = entry
            manifest["models"].append({"label": label, "member": name, "rows": serializer.rows})
            say(f"  {label}: {vn_number(serializer.rows)} bản ghi")


def _write_media(zf: zipfile.ZipFile, manifest: dict[str, Any], skip: set[Path]) -> None:
    for file, relative in _media_files(skip):
        name = MEDIA_DIR + relative
        try:  # a file deleted while the backup runs is left out, not an error
            info = zipfile.ZipInfo.from_file(file, name, strict_timestamps=False)
            source = file.open("rb")
        except FileNotFoundError:
            continue
        with source:
            mtime = os.fstat(source.fileno()).st_mtime
            entry = _write_member(zf, info, functools.partial(shutil.copyfileobj, source))
        manifest["members"][name] = {**entry, "mtime": mtime}
        manifest["media"]["files"] += 1
        manifest["media"]["bytes"] += entry["size"]


def backup_write(path: str | Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Write every data table and every media file to the .zip at `path`; return its manifest."""
    say = progress or (lambda _: None)
    path = Path(path).absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    stamp = timezone.now().replace(microsecond=0)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": stamp.isoformat(),
        "versions": {
            "ptdv": importlib.metadata.version("ptdv"),
            "django": django.get_version(),
            "python": platform.python_version(),
        },
        "database": connection.vendor,
        "models": [],
        "media": {"files": 0, "bytes": 0},
        "members": {},
    }
    when = timezone.localtime(stamp).timetuple()[:6]
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            _write_tables(zf, manifest, when, say)  # the read transaction ends before the files are copied
            _write_media(zf, manifest, {path.resolve(), partial.resolve()})
            say(f"  media: {vn_number(manifest['media']['files'])} tệp")
            text = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            zf.writestr(zipfile.ZipInfo(MANIFEST, when), text, zipfile.ZIP_DEFLATED)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest
