"""Lockout state kept by django-axes: how many recent wrong passwords, until when a username is locked."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def login_failures(username: str) -> int:
    """Wrong passwords for `username` still counted (inside the cool-off), as django-axes counts them."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def login_locked_until(username: str) -> dt.datetime | None:
    """When the lockout of `username` ends, or None if the account is not locked."""
    if login_failures(username) < settings.AXES_FAILURE_LIMIT:
        return None
    last = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return last + settings.AXES_COOLOFF_TIME if last else None
