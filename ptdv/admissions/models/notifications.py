"""In-app reminders of deadlines, created by the periodic task."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A reminder for one user; `key` makes the periodic task create each reminder only once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    candidacy = models.ForeignKey(
        "admissions.Candidacy", null=True, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120)
    message = models.TextField("Nội dung")
    due_date = models.DateField("Hạn", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.message[:60]
