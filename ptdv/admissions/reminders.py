"""Reminders: the periodic task turns the to-do list into notifications (and e-mail when configured)."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ptdv.access.models import Grant
from ptdv.access.roles import Action, roles_allowing
from ptdv.admissions.models import Notification
from ptdv.admissions.selectors.todo import TodoItem, todo_list

logger = logging.getLogger(__name__)


def _users_to_remind() -> list[Any]:
    """Active users who may change data somewhere (viewers are not asked to act)."""
    user_ids = Grant.objects.filter(role__in=roles_allowing(Action.CHANGE)).values("user_id")
    from ptdv.access.models import User

    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def _key(item: TodoItem) -> str:
    band = item.threshold if item.kind == "probation_end" else ("quá hạn" if item.overdue else "sắp đến hạn")
    return f"{item.kind}:{item.candidacy.pk}:{item.due_date.isoformat()}:{band}"


def _message(item: TodoItem) -> str:
    who = f"{item.candidacy.person.full_name} ({item.candidacy.organization.name})"
    when = (
        f"quá hạn {-item.days_left} ngày (hạn {item.due_date:%d/%m/%Y})"
        if item.overdue
        else f"còn {item.days_left} ngày (đến {item.due_date:%d/%m/%Y})"
    )
    return f"{item.title}: {who}, {when}."


def notifications_create(*, today: dt.date | None = None) -> int:
    """Create the reminders due today for every user, once per item and band; e-mail them if configured."""
    today = today or timezone.localdate()
    created = 0
    for user in _users_to_remind():
        new: list[Notification] = []
        for item in todo_list(actor=user, today=today):
            if item.kind != "probation_end" and item.days_left > 30:
                continue  # only probation endings are announced from 90 days ahead
            with transaction.atomic():
                notification, made = Notification.objects.get_or_create(
                    user=user,
                    key=_key(item),
                    defaults={
                        "candidacy": item.candidacy,
                        "message": _message(item),
                        "due_date": item.due_date,
                    },
                )
            if made:
                new.append(notification)
        created += len(new)
        if new and settings.REMINDER_EMAIL_ENABLED and user.email:
            _email(user, new)
    return created


def _email(user: Any, new: list[Notification]) -> None:
    body = "\n".join(f"- {n.message}" for n in new)
    try:
        send_mail(
            subject=f"[PTĐV] {len(new)} việc cần làm về công tác phát triển đảng viên",
            message=f"Kính gửi {user.get_full_name() or user.username},\n\n{body}\n\nXem chi tiết tại trang “Việc cần làm”.",
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError:
        logger.exception("could not e-mail reminders to user %s", user.pk)
        return
    Notification.objects.filter(pk__in=[n.pk for n in new]).update(emailed_at=timezone.now())


def notification_mark_read(*, actor: Any, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all of them when `ids` is None)."""
    items = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        items = items.filter(pk__in=ids)
    return items.update(read_at=timezone.now())
