"""The audit trail: one append-only row per write."""

from typing import Any

from django.conf import settings
from django.db import models

from ptdv.access.querysets import RestrictedQuerySet


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
