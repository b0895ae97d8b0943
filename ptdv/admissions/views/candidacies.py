"""Candidacy pages: the pipeline board, a candidacy with its timeline, the next-step form."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, TemplateView

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.domain.context import full_members_on, ruleset_for
from ptdv.admissions.domain.pipeline import SIDE_STEPS, STEPS, next_steps, step_label, structure_of
from ptdv.admissions.forms.candidacies import CandidacyCreateForm, StepForm
from ptdv.admissions.models import OPEN_STAGES, Candidacy
from ptdv.admissions.models.candidacy import DueKind
from ptdv.admissions.rules import Step, certificate_expiry, party_age_start
from ptdv.admissions.selectors import candidacies as selectors
from ptdv.admissions.selectors.dossier import dossier_checklist
from ptdv.admissions.selectors.forms import available_forms
from ptdv.admissions.services import RulesBlocked, candidacy_advance, candidacy_check, candidacy_create
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.formatting import vn_date
from ptdv.common.links import url_by_pk
from ptdv.common.templatetags.ptdv import days_since
from ptdv.common.views import ScopedObjectMixin, add_service_errors
from ptdv.organizations.models import Organization
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.people.models import MembershipStatus, Person
from ptdv.spreadsheets.export import Column, ExportLog, export_denied, export_response, wants_export


class PipelineBoardView(TemplateView):
    """Columns of stages with counts and the longest-waiting candidacies, for one organisation."""

    template_name = "admissions/pipeline_board.html"

    def filters(self) -> tuple[QuerySet[Organization], Organization | None, str, str]:
        """The organisations to choose from, and the chosen organisation, name and stage."""
        choices = organizations_to_choose(actor=self.request.user, action=Action.VIEW)
        org = (
            choices.filter(pk=self.request.GET.get("org") or 0).first()
            if self.request.GET.get("org", "").isdigit()
            else None
        )
        return choices, org, self.request.GET.get("q", "").strip(), self.request.GET.get("giai_doan", "")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            _, org, q, only_stage = self.filters()
            return export_response(
                rows=board_rows(actor=request.user, organization=org, q=q, only_stage=only_stage),
                columns=board_columns(timezone.localdate()),
                filename=f"Hồ sơ kết nạp {timezone.localdate():%d-%m-%Y}",
                fmt=fmt,
                title="Hồ sơ kết nạp đang mở",
                log=ExportLog(actor=request.user, organization=org, target_type="admissions.candidacy"),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        choices, org, q, only_stage = self.filters()
        columns = selectors.pipeline_board(actor=user, organization=org, q=q, only_stage=only_stage)
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "columns": [board_column(column, today) for column in columns],
            "total": sum(c.count for c in columns),
            "org": org,
            # Only what the options show (the name, indented by depth): up to 500 organisations.
            "org_choices": choices.filter(depth__lte=(org.depth + 2) if org else 99).only("name", "depth")[
                :500
            ],
            "q": q,
            "only_stage": only_stage if len(columns) == 1 else "",
            "today": today,
            "can_create": can_change_somewhere(user),
        }


def board_column(column: selectors.BoardColumn, today: dt.date) -> dict[str, Any]:
    """A column of the board with its cards as the values they show, worked out once in Python.

    Up to 30 cards a column and ~12 columns: the template engine's ~20 µs per variable, method and
    `{% if %}` of a card (and a reverse() per card) were most of the page's time. Same values as the
    model's get_absolute_url and the days_since / vn_date filters the template used.
    """
    url = url_by_pk("admissions:candidacy_detail")
    cards = [
        {
            "url": url(card.pk),
            "name": card.person.full_name,
            "unit": card.organization.name,
            "days": days_since(card.stage_since, today),
            "due": vn_date(card.due_date) if card.due_date else "",
            "overdue": card.due_date is not None and card.due_date < today,
        }
        for card in column.cards
    ]
    return {"stage": column.stage, "label": column.label, "count": column.count, "cards": cards}


def board_rows(
    *, actor: Any, organization: Organization | None, q: str, only_stage: str
) -> QuerySet[Candidacy]:
    """Every candidacy the board counts (not only the cards it shows), in stage order, longest waiting first."""
    stages: list[str] = [only_stage] if only_stage in OPEN_STAGES else list(OPEN_STAGES)
    order = Case(
        *(When(stage=stage, then=Value(i)) for i, stage in enumerate(stages)), output_field=IntegerField()
    )
    return (
        selectors.candidacy_list(actor=actor, organization=organization, stages=stages, q=q)
        .select_related("mentor")
        .order_by(order, "stage_since", "id")
    )


def board_columns(today: dt.date) -> list[Column]:
    def label(name: str) -> str:
        return str(getattr(Candidacy._meta.get_field(name), "verbose_name", name))

    due_kinds = dict(DueKind.choices)
    return [
        Column("Họ và tên", lambda c: c.person.full_name),
        Column("Ngày sinh", lambda c: c.person.date_of_birth),
        Column(label("organization"), lambda c: c.organization.name),
        Column(label("stage"), lambda c: c.get_stage_display()),
        Column(label("stage_since"), lambda c: c.stage_since),
        Column("Số ngày ở giai đoạn", lambda c: (today - c.stage_since).days),
        Column(label("due_date"), lambda c: c.due_date),
        Column(label("due_kind"), lambda c: due_kinds.get(c.due_kind, c.due_kind)),
        Column("Quá hạn", lambda c: bool(c.due_date and c.due_date < today)),
        Column(label("opened_on"), lambda c: c.opened_on),
        Column(label("nominated_by"), lambda c: c.get_nominated_by_display()),
        Column(label("mentor"), lambda c: c.mentor.full_name if c.mentor else ""),
        Column(label("certificate_date"), lambda c: c.certificate_date),
        Column(label("cell_resolution_date"), lambda c: c.cell_resolution_date),
        Column(label("decision_number"), lambda c: c.decision_number, text=True),
        Column(label("decision_date"), lambda c: c.decision_date),
        Column(label("ceremony_date"), lambda c: c.ceremony_date),
        Column(label("probation_end"), lambda c: c.probation_end),
        Column("Kết nạp lại", lambda c: c.is_readmission),
    ]


def can_change_somewhere(user: Any) -> bool:
    return organizations_to_choose(actor=user, action=Action.CHANGE).exists()


class CandidacyDetailView(ScopedObjectMixin, DetailView):
    """A candidacy: where it stands, its deadline, the timeline of steps, dossier, introducers."""

    model = Candidacy
    template_name = "admissions/candidacy_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organization", "mentor")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        c: Candidacy = self.object
        user = self.request.user
        structure = structure_of(c.organization)
        params = ruleset_for(timezone.localdate()).params
        can_change = can(user, Action.CHANGE, c.organization) and c.is_open
        steps = next_steps(c.stage, structure) if can_change else []
        return {
            **super().get_context_data(**kwargs),
            "c": c,
            "structure": structure,
            "timeline": selectors.candidacy_timeline(c),
            "next_step": next((s for s in steps if s not in SIDE_STEPS), None),
            "side_steps": [(s, STEPS[s].verb) for s in steps if s in SIDE_STEPS],
            "can_change": can_change,
            "can_upload": can(user, Action.CHANGE, c.organization),
            "certificate_expiry": certificate_expiry(c.certificate_date, params)
            if c.certificate_date
            else None,
            "party_age_start": party_age_start(c.decision_date) if c.decision_date else None,
            "introductions": c.introductions.select_related("introducer"),
            "verifications": c.verifications.all(),
            "checklist": dossier_checklist(c),
            "forms": available_forms(c),
            "enrolments": c.enrolments.select_related("course"),
            "today": timezone.localdate(),
            "audit_rows": audit_rows(audit_event_list(actor=user, target=c)[:30])
            if can(user, Action.ADMIN, c.organization)
            else [],
        }


class CandidacyCreateView(View):
    """Put a person on the list of outstanding non-members: from the person's page, or by searching."""

    template_name = "admissions/candidacy_create.html"

    def _person(self, request: HttpRequest) -> Person | None:
        pid = request.GET.get("person") or request.POST.get("person")
        if not (pid and str(pid).isdigit()):
            return None
        person = (
            Person.objects.restrict(request.user, Action.CHANGE)
            .select_related("organization")
            .filter(pk=pid)
            .first()
        )
        if person is None:
            raise Http404("Không tìm thấy hoặc ngoài phạm vi quản lý.")
        return person

    def _render(
        self, request: HttpRequest, person: Person | None, form: CandidacyCreateForm | None
    ) -> HttpResponse:
        q = request.GET.get("q", "").strip()
        found = []
        if person is None and q:
            from ptdv.people.selectors import person_list

            found = list(
                person_list(actor=request.user, q=q, statuses=[MembershipStatus.NON_MEMBER]).filter(
                    pk__in=Person.objects.restrict(request.user, Action.CHANGE).values("pk")
                )[:30]
            )
        return render(request, self.template_name, {"person": person, "form": form, "q": q, "found": found})

    def get(self, request: HttpRequest) -> HttpResponse:
        person = self._person(request)
        form = (
            CandidacyCreateForm(user=request.user, person=person, initial={"opened_on": timezone.localdate()})
            if person
            else None
        )
        return self._render(request, person, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        person = self._person(request)
        if person is None:
            raise Http404("Hãy chọn người.")
        form = CandidacyCreateForm(request.POST, user=request.user, person=person)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                candidacy = candidacy_create(actor=request.user, person=person, **data)
            except RulesBlocked as blocked:
                add_service_errors(form, blocked)
                return render(
                    request,
                    self.template_name,
                    {"person": person, "form": form, "evaluation": blocked.evaluation},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Đã đưa {person.full_name} vào danh sách quần chúng ưu tú.")
                return redirect(candidacy)
        return self._render(request, person, form)


class CandidacyStepView(ScopedObjectMixin, View):
    """The next-step form: "Kiểm tra" shows the rule results without saving; "Lưu" records the step."""

    model = Candidacy
    action = Action.CHANGE
    template_name = "admissions/candidacy_step.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object: Candidacy = self.get_object(self.get_queryset().select_related("person", "organization"))
        allowed = next_steps(self.object.stage, structure_of(self.object.organization))
        main = [s for s in allowed if s not in SIDE_STEPS]
        step = request.GET.get("buoc") or request.POST.get("step") or (main[0] if main else "")
        if step not in allowed:
            raise Http404("Bước này không áp dụng cho hồ sơ ở giai đoạn hiện tại.")
        self.step = step

    def _form(self, data: Any = None) -> StepForm:
        initial: dict[str, Any] = {"version": self.object.version, "date": timezone.localdate()}
        if self.step in (Step.CELL_VOTE, Step.CONFIRMATION_VOTE):
            initial["members"] = full_members_on(self.object.organization_id, timezone.localdate())
        return StepForm(data, step=self.step, candidacy=self.object, user=self.request.user, initial=initial)

    def _render(self, form: StepForm, evaluation: Any = None, partial: bool = False) -> HttpResponse:
        context = {
            "c": self.object,
            "form": form,
            "step": self.step,
            "step_label": step_label(self.step),
            "info": STEPS[self.step],
            "evaluation": evaluation,
        }
        template = f"{self.template_name}#results" if partial else self.template_name
        return render(self.request, template, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        checking = "kiem-tra" in request.POST
        if not form.is_valid():
            return self._render(form, partial=checking and bool(getattr(request, "htmx", False)))
        values = form.cleaned_data
        if checking:
            evaluation = candidacy_check(
                candidacy=self.object,
                step=self.step,
                date=values["date"],
                data=form.step_data(),
                approval_document=values.get("approval_document", ""),
            )
            return self._render(form, evaluation, partial=bool(getattr(request, "htmx", False)))
        try:
            outcome = candidacy_advance(
                actor=request.user,
                candidacy=self.object,
                step=self.step,
                date=values["date"],
                version=values["version"],
                document=values.get("document", ""),
                approval_document=values.get("approval_document", ""),
                note=values.get("note", ""),
                data=form.step_data(),
                organization=values.get("organization"),
                mentor=values.get("mentor"),
            )
        except RulesBlocked as blocked:
            add_service_errors(form, blocked)
            return self._render(form, blocked.evaluation)
        except ValidationError as error:
            add_service_errors(form, error)
            return self._render(form)
        warnings = outcome.evaluation.warnings
        note = f" Có {len(warnings)} cảnh báo, xem trong quá trình của hồ sơ." if warnings else ""
        messages.success(request, f"Đã ghi: {step_label(self.step)}.{note}")
        return redirect(self.object)
