"""The to-do list ("Việc cần làm"): deadlines of the candidacies in a user's scope, soonest first."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from ptdv.admissions.models import Candidacy, Stage, Verification
from ptdv.admissions.models.candidacy import BEFORE_ADMISSION, BEFORE_CELL_VOTE, DueKind

PROBATION_THRESHOLDS = (7, 15, 30, 60, 90)
HORIZON_DAYS = 90
VERIFICATION_REPLY_DAYS = 30


@dataclass(frozen=True)
class TodoItem:
    """One thing to do for one candidacy, with its deadline."""

    kind: str
    title: str
    candidacy: Candidacy
    due_date: dt.date
    today: dt.date
    detail: str = ""

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def threshold(self) -> int | None:
        """For a probation ending: the reminder band it falls in (7, 15, 30, 60 or 90 days)."""
        return next((t for t in PROBATION_THRESHOLDS if self.days_left <= t), None)


def _scoped(actor: Any) -> Any:
    return Candidacy.objects.restrict(actor).open().select_related("person", "organization")


def todo_list(
    *, actor: Any, today: dt.date | None = None, reply_days: int = VERIFICATION_REPLY_DAYS
) -> list[TodoItem]:
    """Every deadline within the horizon or already passed, for candidacies in the actor's scope."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    items: list[TodoItem] = []
    for c in _scoped(actor).filter(
        stage=Stage.PROBATION, probation_end__gte=today, probation_end__lte=horizon
    ):
        assert c.probation_end is not None
        items.append(TodoItem("probation_end", "Sắp hết thời kỳ dự bị", c, c.probation_end, today))
    due_soon = _scoped(actor).filter(due_date__lte=horizon).exclude(due_kind=DueKind.CERTIFICATE)
    for c in due_soon.exclude(stage=Stage.PROBATION, probation_end__gte=today):
        assert c.due_date is not None
        items.append(TodoItem(c.due_kind, DueKind(c.due_kind).label, c, c.due_date, today))
    expiring = (
        _scoped(actor)
        .filter(stage__in=BEFORE_CELL_VOTE, due_kind=DueKind.CERTIFICATE)
        .annotate(vote_by=Coalesce("planned_vote_date", horizon))
        .filter(due_date__lt=F("vote_by"))
    )
    for c in expiring:
        assert c.due_date is not None
        detail = (
            f"Dự kiến chi bộ xét ngày {c.planned_vote_date:%d/%m/%Y}"
            if c.planned_vote_date
            else "Chưa có ngày chi bộ xét"
        )
        items.append(
            TodoItem(
                "certificate", "Giấy chứng nhận hết hạn trước khi chi bộ xét", c, c.due_date, today, detail
            )
        )
    waiting = (
        Verification.objects.restrict(actor)
        .filter(candidacy__stage__in=BEFORE_ADMISSION, verified_on__isnull=True, is_party_member=False)
        .filter(requested_on__isnull=False, requested_on__lte=today - dt.timedelta(days=reply_days))
        .select_related("candidacy__person", "candidacy__organization")
    )
    for v in waiting:
        assert v.requested_on is not None
        detail = f"{v.get_relation_display()}: {v.name}, gửi công văn ngày {v.requested_on:%d/%m/%Y}"
        due = v.requested_on + dt.timedelta(days=reply_days)
        items.append(
            TodoItem("verification", "Chưa có kết quả thẩm tra lý lịch", v.candidacy, due, today, detail)
        )
    return sorted(items, key=lambda item: (item.due_date, item.candidacy.person.name_key))
