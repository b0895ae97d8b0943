"""Background work of the admission pipeline."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ptdv.admissions.reminders import notifications_create


@db_periodic_task(crontab(hour="6", minute="15"))
def reminders_send() -> int:
    """Every morning: create the day's deadline reminders (and e-mail them when mail is configured)."""
    return notifications_create()
