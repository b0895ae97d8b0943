"""Writes to candidacies: open one (sourcing), check a step against the rules, record a step."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.domain.context import candidacy_facts, ruleset_for, work_calendar
from ptdv.admissions.domain.pipeline import STEPS, next_steps, step_label, structure_of
from ptdv.admissions.models import Candidacy, CandidacyStep, Stage
from ptdv.admissions.models.candidacy import AWAITING_DECISION, BEFORE_ADMISSION
from ptdv.admissions.rules import Evaluation, Severity, Step, evaluate
from ptdv.admissions.services.deadlines import refresh_due
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc
from ptdv.organizations.models import CELL_KINDS, Organization
from ptdv.people.models import EventKind, MembershipStatus, Person
from ptdv.people.services import membership_event_record

MSG_OUT_OF_SCOPE = "Bạn không có quyền ghi dữ liệu cho “{org}”."
MSG_NEEDS_APPROVE = "Bước “{step}” là nghị quyết, quyết định của cấp ủy: cần quyền phê duyệt ở “{org}”."
MSG_NOT_A_CELL = (
    "Hồ sơ kết nạp phải thuộc một chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở); “{org}” là {kind}."
)
MSG_ORG_INACTIVE = "“{org}” không hoạt động vào ngày {day:%d/%m/%Y}."
MSG_PERSON_STATUS = "{name} đang là “{status}”, không thể vào danh sách quần chúng ưu tú."
MSG_ALREADY_OPEN = "{name} đã có hồ sơ kết nạp đang mở ở “{org}”."
MSG_STEP_NOT_ALLOWED = "Hồ sơ đang ở giai đoạn “{stage}”; chưa thể ghi bước “{step}”."
MSG_STALE = (
    "Hồ sơ vừa được người khác cập nhật (đang ở giai đoạn “{stage}”). "
    "Hãy tải lại trang để xem bước mới nhất; dữ liệu bạn nhập chưa được lưu."
)
MSG_FUTURE = "Ngày {day:%d/%m/%Y} ở tương lai."
MSG_BEFORE_LAST = "Ngày {day:%d/%m/%Y} trước bước gần nhất của hồ sơ ({last:%d/%m/%Y})."
MSG_BLOCKED = "Chưa thể lưu: {count} điều kiện chưa đạt. Xem chi tiết bên dưới."
MSG_REASON = "Hãy ghi lý do."
MSG_TARGET_ORG = "Hãy chọn chi bộ chuyển đến."
MSG_MENTOR = "Đảng viên giúp đỡ phải là đảng viên chính thức ({name} đang là “{status}”)."


class RulesBlocked(ValidationError):
    """A step the rules refuse; carries the evaluation so the page can explain each failed rule."""

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(MSG_BLOCKED.format(count=len(evaluation.blocking)))
        self.evaluation = evaluation


def _require(actor: Any, action: str, org: Organization, step: str = "") -> None:
    if not can(actor, action, org):
        if action == Action.APPROVE and can(actor, Action.CHANGE, org):
            raise ValidationError(MSG_NEEDS_APPROVE.format(step=step_label(step), org=org))
        raise ValidationError(MSG_OUT_OF_SCOPE.format(org=org))


def _check_cell(org: Organization, day: dt.date) -> None:
    if org.kind not in CELL_KINDS:
        raise ValidationError(
            {"organization": MSG_NOT_A_CELL.format(org=org, kind=org.get_kind_display().lower())}
        )
    if org.valid_from > day or (org.valid_to is not None and org.valid_to < day):
        raise ValidationError({"organization": MSG_ORG_INACTIVE.format(org=org, day=day)})


def _check_mentor(mentor: Person | None) -> None:
    if mentor is not None and mentor.status != MembershipStatus.FULL:
        raise ValidationError(
            {"mentor": MSG_MENTOR.format(name=mentor.full_name, status=mentor.get_status_display())}
        )


CANDIDACY_AUDITED = [
    "stage",
    "organization_id",
    "stage_since",
    "mentor_id",
    "due_date",
    "due_kind",
    "version",
]


@transaction.atomic
def candidacy_create(
    *,
    actor: Any,
    person: Person,
    organization: Organization,
    opened_on: dt.date,
    nominated_by: str = "cell",
    mentor: Person | None = None,
    document: str = "",
    note: str = "",
    **facts: Any,
) -> Candidacy:
    """Put a person on the list of outstanding non-members (sourcing) and open their candidacy."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require(actor, Action.CHANGE, organization)
    _check_cell(organization, opened_on)
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": MSG_FUTURE.format(day=opened_on)})
    _check_mentor(mentor)
    if (other := person.candidacies.open().select_related("organization").first()) is not None:
        raise ValidationError(MSG_ALREADY_OPEN.format(name=person.full_name, org=other.organization))
    allowed = (
        MembershipStatus.NON_MEMBER,
        MembershipStatus.CANDIDATE,
        MembershipStatus.REMOVED,
        MembershipStatus.TRANSFERRED_OUT,
    )
    if person.status not in allowed:
        raise ValidationError(
            MSG_PERSON_STATUS.format(name=person.full_name, status=person.get_status_display())
        )
    candidacy = Candidacy(
        person=person,
        organization=organization,
        stage=Stage.SOURCED,
        stage_since=opened_on,
        opened_on=opened_on,
        nominated_by=nominated_by,
        mentor=mentor,
        **facts,
    )
    if candidacy.is_readmission or candidacy.previous_exit_date:
        evaluation = _evaluate(candidacy, Step.NOMINATE, opened_on, {}, approval_document="")
        if not evaluation.ok:
            raise RulesBlocked(evaluation)
    candidacy.full_clean(exclude=["person", "organization", "mentor"])
    candidacy.save()
    if person.status != MembershipStatus.CANDIDATE:
        membership_event_record(
            actor=actor,
            person=person,
            kind=EventKind.NOMINATED,
            date=opened_on,
            organization=organization,
            document=nfc(document),
        )
    refresh_due(candidacy)
    CandidacyStep.objects.create(
        candidacy=candidacy,
        step=Step.NOMINATE,
        date=opened_on,
        stage_after=Stage.SOURCED,
        organization=organization,
        document=nfc(document),
        note=nfc(note),
        data={"nominated_by": nominated_by, "mentor": mentor.pk if mentor else None},
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        code="candidacy.created",
        target=candidacy,
        organization=organization,
        after=snapshot(candidacy, [*CANDIDACY_AUDITED, "person_id", "opened_on", "nominated_by"]),
    )
    return candidacy


def _evaluate(
    candidacy: Candidacy, step: str, day: dt.date, data: dict[str, Any], approval_document: str
) -> Evaluation:
    ruleset, calendar = ruleset_for(day), work_calendar()
    facts = candidacy_facts(candidacy, step, day, data)
    first = evaluate(step, facts, calendar=calendar, ruleset=ruleset)
    if not approval_document:
        return first
    approvals = frozenset(r.code for r in first.results if not r.passed and r.severity == Severity.APPROVAL)
    return evaluate(step, facts, calendar=calendar, ruleset=ruleset, approvals=approvals)


def candidacy_check(
    *,
    candidacy: Candidacy,
    step: str,
    date: dt.date,
    data: dict[str, Any] | None = None,
    approval_document: str = "",
) -> Evaluation:
    """Evaluate a step's rules without saving anything (the form's "check" button)."""
    return _evaluate(candidacy, step, date, data or {}, approval_document)


@dataclass(frozen=True)
class StepOutcome:
    step: CandidacyStep
    evaluation: Evaluation


def _check_step(candidacy: Candidacy, step: str, day: dt.date) -> None:
    structure = structure_of(candidacy.organization)
    if step not in next_steps(candidacy.stage, structure):
        raise ValidationError(
            MSG_STEP_NOT_ALLOWED.format(stage=Stage(candidacy.stage).label, step=step_label(step))
        )
    if day > timezone.localdate():
        raise ValidationError({"date": MSG_FUTURE.format(day=day)})
    last = candidacy.steps.order_by("date", "id").last()
    if last is not None and day < last.date:
        raise ValidationError({"date": MSG_BEFORE_LAST.format(day=day, last=last.date)})


@transaction.atomic
def candidacy_advance(
    *,
    actor: Any,
    candidacy: Candidacy,
    step: str,
    date: dt.date,
    version: int | None = None,
    document: str = "",
    approval_document: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    organization: Organization | None = None,
    mentor: Person | None = None,
) -> StepOutcome:
    """Record the next step of a candidacy: check the rules, save the step, move the stage, audit.

    `version` is the version the user's form was drawn from: if someone else recorded a step in the
    meantime, nothing is saved (two clerks advancing the same candidacy at once: one wins).
    """
    candidacy = (
        Candidacy.objects.select_for_update().select_related("organization", "person").get(pk=candidacy.pk)
    )
    info = STEPS[step]
    _require(
        actor, Action.APPROVE if info.needs_approve_right else Action.CHANGE, candidacy.organization, step
    )
    if version is not None and version != candidacy.version:
        raise ValidationError(MSG_STALE.format(stage=Stage(candidacy.stage).label))
    _check_step(candidacy, step, date)
    data = dict(data or {})
    document, approval_document, note = nfc(document), nfc(approval_document), nfc(note)
    if info.closes and step != Step.CONFIRM and not note:
        raise ValidationError({"note": MSG_REASON})
    if step == Step.TRANSFER:
        if organization is None:
            raise ValidationError({"organization": MSG_TARGET_ORG})
        _require(actor, Action.CHANGE, organization)
        _check_cell(organization, date)
    if step == Step.CEREMONY:
        _check_mentor(mentor)
    evaluation = _evaluate(candidacy, step, date, data, approval_document)
    if not evaluation.ok:
        raise RulesBlocked(evaluation)
    before = snapshot(candidacy, CANDIDACY_AUDITED)
    stage_before = candidacy.stage
    _apply(candidacy, step, date, data, document, approval_document, note, organization, mentor)
    _sync_membership(actor, candidacy, step, date, document, stage_before)
    candidacy.version += 1
    candidacy.save()
    refresh_due(candidacy)
    saved = CandidacyStep.objects.create(
        candidacy=candidacy,
        step=step,
        date=date,
        stage_before=stage_before,
        stage_after=candidacy.stage,
        organization=candidacy.organization,
        document=document,
        approval_document=approval_document,
        note=note,
        data=_json_ready(data),
        ruleset=evaluation.ruleset.code,
        results=[_result_json(r, evaluation) for r in evaluation.results],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        code=f"candidacy.{step}",
        target=candidacy,
        organization=candidacy.organization,
        before=before,
        after={
            **snapshot(candidacy, CANDIDACY_AUDITED),
            "step": snapshot(saved, ["id", "step", "date", "document", "approval_document"]),
        },
        reason=note,
    )
    return StepOutcome(step=saved, evaluation=evaluation)


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else getattr(v, "pk", v)) for k, v in data.items()}


def _result_json(result: Any, evaluation: Evaluation) -> dict[str, Any]:
    return {
        "code": result.code,
        "title": result.title,
        "passed": result.passed,
        "severity": str(result.severity),
        "message": result.message,
        "citation": str(result.citation),
        "approved": result in evaluation.approved,
    }


def _apply(
    c: Candidacy,
    step: str,
    day: dt.date,
    data: dict[str, Any],
    document: str,
    approval_document: str,
    note: str,
    organization: Organization | None,
    mentor: Person | None,
) -> None:
    """Copy the step's key facts onto the candidacy and move its stage."""
    info = STEPS[step]
    if step == Step.COURSE:
        c.certificate_number = nfc(data.get("certificate_number") or "")
        c.certificate_date = data.get("certificate_date") or day
    elif step in (Step.INTRODUCE, Step.OPINIONS):
        c.papers_date = min(filter(None, [c.papers_date, day]))
    elif step == Step.CELL_VOTE:
        c.cell_resolution_date = day
    elif step == Step.DECIDE:
        c.decision_date, c.decision_number = day, document
        c.decision_received_date = data.get("received_date") or day
        c.decision_extended = bool(approval_document)
    elif step == Step.CEREMONY:
        from ptdv.admissions.rules import probation_end

        c.ceremony_date = day
        c.probation_end = probation_end(day, ruleset_for(day).params)
        c.mentor = mentor or c.mentor
    elif step == Step.CONFIRMATION_VOTE:
        c.confirmation_vote_date = day
    elif step == Step.CONFIRM:
        c.confirmation_decision_date = day
    elif step == Step.TRANSFER and organization is not None:
        c.organization = organization
    if info.closes:
        c.closed_on, c.closing_reason = day, note
    if info.leads_to is not None:
        c.stage, c.stage_since = info.leads_to, day


def _sync_membership(
    actor: Any, c: Candidacy, step: str, day: dt.date, document: str, stage_before: str
) -> None:
    """Keep the person's party-status history in step with the candidacy."""
    person = c.person
    if step == Step.DECIDE:
        membership_event_record(
            actor=actor, person=person, kind=EventKind.ADMITTED, date=day, document=document
        )
    elif step == Step.CONFIRM:
        # Confirmed from the day the 12 months end, however late the vote or decision (QĐ 24 §4.2.b).
        effective = min(c.probation_end or day, day)
        membership_event_record(
            actor=actor,
            person=person,
            kind=EventKind.CONFIRMED,
            date=effective,
            document=document,
            note=f"Quyết định ngày {day:%d/%m/%Y}",
        )
    elif step in (Step.WITHDRAW, Step.REFUSE) and stage_before in [*BEFORE_ADMISSION, *AWAITING_DECISION]:
        if person.status == MembershipStatus.CANDIDATE:
            membership_event_record(
                actor=actor, person=person, kind=EventKind.WITHDRAWN, date=day, document=document
            )
    elif step == Step.REMOVE:
        membership_event_record(
            actor=actor, person=person, kind=EventKind.REMOVED, date=day, document=document
        )
    elif step == Step.TRANSFER:
        membership_event_record(
            actor=actor,
            person=person,
            kind=EventKind.TRANSFERRED,
            date=day,
            organization=c.organization,
            document=document,
        )
