"""The audit trail: one append-only row per write."""

from typing import Any

from django.conf import settings
from django.db import models

from ptdv.access.querysets import RestrictedQuerySet
from ptdv.common.append_only import AppendOnlyModel, AppendOnlyQuerySet


class AuditEventQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Nhật ký chỉ được ghi thêm, không được xóa.")


class AuditEvent(models.Model):
    """One recorded write: who, what code, on which object, before and after, in which request."""

    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người thực hiện", null=True, on_delete=models.PROTECT
    )
    code = models.CharField("Mã sự kiện", max_length=64, db_index=True)
    target_type = models.CharField("Loại đối tượng", max_length=64)
    target_id = models.CharField("Mã đối tượng", max_length=64)
    target_repr = models.CharField("Đối tượng", max_length=255)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField("Trước", null=True, blank=True)
    after = models.JSONField("Sau", null=True, blank=True)
    reason = models.TextField("Lý do", blank=True)
    request_id = models.CharField("Mã yêu cầu", max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Nhật ký chỉ được ghi thêm, không được xóa.")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """Fields whose value differs between before and after, for display."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class AccessKind(models.TextChoices):
    VIEWED = "viewed", "Xem hồ sơ"
    REVEALED_ID = "revealed_id", "Xem số CCCD đầy đủ"
    EXPORTED = "exported", "Tải dữ liệu cá nhân"


class Channel(models.TextChoices):
    WEB = "web", "Trang web"
    API = "api", "API"


ACCESS_APPEND_ONLY = "Nhật ký truy cập chỉ được ghi thêm: không được sửa, không được xóa."


class AccessRecordQuerySet(AppendOnlyQuerySet):
    scope_path = "organization__path"
    append_only_message = ACCESS_APPEND_ONLY


class AccessRecord(AppendOnlyModel):
    """One read of personal data: who opened, revealed or exported what, when, through which channel."""

    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người truy cập",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("Hành động", max_length=16, choices=AccessKind.choices)
    target_type = models.CharField("Loại đối tượng", max_length=64, blank=True)
    target_id = models.CharField("Mã đối tượng", max_length=64, blank=True)
    target_repr = models.CharField("Đối tượng", max_length=255, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="Tổ chức đảng",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField("Kênh", max_length=8, choices=Channel.choices, default=Channel.WEB)
    detail = models.JSONField("Chi tiết", default=dict, blank=True)
    request_id = models.CharField("Mã yêu cầu", max_length=64, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "Lượt truy cập hồ sơ"
        verbose_name_plural = "Nhật ký truy cập hồ sơ"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "at"], name="access_target_at"),
            models.Index(fields=["actor", "at"], name="access_actor_at"),
            models.Index(fields=["organization", "at"], name="access_org_at"),
            models.Index(fields=["kind", "at"], name="access_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_repr}"

    append_only_message = ACCESS_APPEND_ONLY

    def detail_text(self) -> str:
        """The detail in words: file, format, number of rows, full national IDs included."""
        d = self.detail or {}
        parts = []
        if d.get("file"):
            parts.append(f"Tệp {d['file']}")
        if d.get("format"):
            parts.append(str(d["format"]).upper())
        if "rows" in d:
            parts.append(f"{_dots(d['rows'])} dòng")
        if d.get("full_national_ids"):
            parts.append(f"{_dots(d['full_national_ids'])} số CCCD đầy đủ")
        return " · ".join(parts)


def _dots(value: Any) -> str:
    from ptdv.common.formatting import vn_number

    return vn_number(value) if isinstance(value, int) else str(value)
