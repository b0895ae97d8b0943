"""The unread-reminder count shown in the navigation bar."""

from typing import Any

from django.http import HttpRequest

from ptdv.admissions.models import Notification


def reminders(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
