"""Settings the users keep: make-up working days and days off, and overrides of rule parameters."""

from django.conf import settings
from django.db import models


class DayKind(models.TextChoices):
    WORKING = "working", "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)"
    DAY_OFF = "day_off", "Ngày nghỉ thêm (nghỉ bù, nghỉ theo quyết định)"


class CalendarDay(models.Model):
    """A day that differs from the public-holiday calendar: worked to make up, or an extra day off."""

    date = models.DateField("Ngày", unique=True)
    kind = models.CharField("Loại", max_length=10, choices=DayKind.choices)
    note = models.CharField("Căn cứ (văn bản, thông báo)", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class RuleParameter(models.Model):
    """A configured value of a rule parameter from a date on; the newest row on a date wins. Append-only."""

    key = models.CharField("Tham số", max_length=60)
    value = models.IntegerField("Giá trị")
    valid_from = models.DateField("Áp dụng từ ngày")
    document = models.CharField("Căn cứ", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["key", "valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.key}={self.value} từ {self.valid_from:%d/%m/%Y}"
