"""Full backup and restore: every data table as JSON Lines plus the files under MEDIA_ROOT, in one .zip."""

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
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

from ptdv.common.formatting import vn_number
from ptdv.organizations.models import Organization
from ptdv.people.models import Person

FORMAT, FORMAT_VERSION = "ptdv-backup", 1
MANIFEST, DATA_DIR, MEDIA_DIR = "manifest.json", "data/", "media/"
CHUNK_ROWS, CHUNK_BYTES = 2000, 1 << 20
# Not data: migrate rebuilds content types and permissions; sessions are disposable (emptied on restore).
REBUILT = frozenset({"contenttypes.contenttype", "auth.permission"})
DISPOSABLE = frozenset({"sessions.session"})
# Their ids differ between two databases, so rows point at them by natural key.
NATURAL_KEYS = REBUILT

MSG_READ = "Không đọc được bảng {label} ({error}); cơ sở dữ liệu đã được migrate chưa?"
MSG_MISSING = "Không tìm thấy tệp sao lưu {path}."
MSG_NOT_ZIP = "Tệp {path} không phải bản sao lưu PTĐV hợp lệ (không đọc được tệp .zip)."
MSG_NO_MANIFEST = "Tệp {path} không có manifest.json hợp lệ: không phải bản sao lưu PTĐV."
MSG_FORMAT = "Bản sao lưu có định dạng {version}, phiên bản phần mềm này chỉ đọc được đến định dạng {known}."
MSG_MEMBERS = "Bản sao lưu bị thay đổi: danh sách tệp bên trong không khớp với manifest.json ({names})."
MSG_CHECKSUM = (
    "Bản sao lưu bị hỏng: tệp {name} không khớp mã kiểm tra SHA-256. Không ghi gì vào cơ sở dữ liệu."
)
MSG_CORRUPT = "Bản sao lưu bị hỏng: không đọc được tệp {name} ({error}). Không ghi gì vào cơ sở dữ liệu."
MSG_UNSAFE = "Bản sao lưu có đường dẫn tệp không an toàn: {name}."
MSG_UNKNOWN_MODEL = "Bản sao lưu có bảng {label} mà phiên bản phần mềm này không có."
MSG_MIGRATIONS = (
    "Cơ sở dữ liệu đích chưa có {count} migration của bản sao lưu ({names}). Hãy chạy "
    "`python manage.py migrate` bằng phiên bản phần mềm đã tạo bản sao lưu (hoặc mới hơn) rồi thử lại."
)
MSG_OLDER = (
    "Bản sao lưu được tạo trước {count} migration của cơ sở dữ liệu này; nên khôi phục bằng đúng phiên "
    "bản đã tạo bản sao lưu rồi mới nâng cấp."
)
MSG_NOT_EMPTY = (
    "Cơ sở dữ liệu đích đã có dữ liệu ({orgs} tổ chức đảng, {people} người): không khôi phục để khỏi ghi đè. "
    "Nếu muốn thay toàn bộ dữ liệu hiện có bằng bản sao lưu, chạy lại với --replace."
)
MSG_ROWS = "Bản sao lưu bị hỏng: bảng {label} có {found} bản ghi, manifest.json ghi {expected}."
MSG_REFERENCES = (
    "Bản sao lưu không nhất quán ({error}). Cơ sở dữ liệu được giữ nguyên như trước khi khôi phục."
)
MSG_LOAD = "Không nạp được bảng {label}: {error}. Cơ sở dữ liệu được giữ nguyên như trước khi khôi phục."

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup that cannot be written or restored; the message tells the operator why, in Vietnamese."""


def data_models() -> list[type[models.Model]]:
    """Every model holding data, ordered so that the rows a foreign key points at are loaded first."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in REBUILT | DISPOSABLE
    ]
    return _load_order(chosen)


def _dependencies(model: type[models.Model]) -> set[str]:
    fields = [*model._meta.concrete_fields, *model._meta.local_many_to_many]
    return {
        field.related_model._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]
        for field in fields
        if field.is_relation and field.related_model is not None
    }


def _load_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    """Topological order by foreign keys; a cycle keeps the registry's order (constraints are deferred)."""
    by_label = {model._meta.label_lower: model for model in chosen}
    needs = {label: _dependencies(model) & (by_label.keys() - {label}) for label, model in by_label.items()}
    pending, done = list(by_label), list[str]()
    while pending:
        ready = next((label for label in pending if needs[label] <= set(done)), pending[0])
        pending.remove(ready)
        done.append(ready)
    return [by_label[label] for label in done]


def _tables(chosen: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models and their auto-created many-to-many tables, which have their own rows and sequences."""
    result: list[type[models.Model]] = []
    for model in chosen:
        result.append(model)
        for field in model._meta.local_many_to_many:
            through: Any = field.remote_field.through  # type: ignore[union-attr]
            if through._meta.auto_created:
                result.append(through)
    return result


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
