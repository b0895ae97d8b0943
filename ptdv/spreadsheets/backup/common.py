"""What a backup holds: the data tables in load order, shared by writing and restoring."""

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import models

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
