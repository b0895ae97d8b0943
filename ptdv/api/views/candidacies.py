"""Candidacies: list, retrieve, open one, and record or check a step with the same services as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ptdv.access.roles import Action
from ptdv.admissions.domain.pipeline import STEPS, next_steps, step_label, structure_of
from ptdv.admissions.models import Candidacy, Stage
from ptdv.admissions.selectors.candidacies import candidacy_list, candidacy_timeline
from ptdv.admissions.services import candidacy_advance, candidacy_check, candidacy_create
from ptdv.admissions.services.candidacies import MSG_STEP_NOT_ALLOWED
from ptdv.api.errors import evaluation_data
from ptdv.api.filters import CandidacyFilter
from ptdv.api.serializers.candidacies import (
    AdvanceResultSerializer,
    CandidacyCreateSerializer,
    CandidacyDetailSerializer,
    CandidacySerializer,
    CandidacyStepSerializer,
    CheckResultSerializer,
    StepInputSerializer,
)
from ptdv.api.views.base import ScopedViewSet

TAG = ["Hồ sơ kết nạp"]


def _allowed_steps(candidacy: Candidacy) -> list[str]:
    return next_steps(candidacy.stage, structure_of(candidacy.organization)) if candidacy.is_open else []


@extend_schema_view(
    list=extend_schema(summary="Danh sách hồ sơ kết nạp trong phạm vi", tags=TAG),
    retrieve=extend_schema(
        summary="Một hồ sơ kết nạp, với quá trình và các bước có thể ghi tiếp",
        tags=TAG,
        responses={200: CandidacyDetailSerializer},
    ),
    create=extend_schema(
        summary="Đưa một người vào danh sách quần chúng ưu tú (mở hồ sơ)",
        tags=TAG,
        request=CandidacyCreateSerializer,
        responses={201: CandidacyDetailSerializer},
    ),
)
class CandidacyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Candidacies the user may see; opening one and recording a step need the change right."""

    model = Candidacy
    serializer_class = CandidacySerializer
    filterset_class = CandidacyFilter
    ordering_fields = ["opened_on", "stage_since", "due_date", "id"]
    rights = {"create": Action.CHANGE, "advance": Action.CHANGE, "check": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Candidacy]:
        q = self.request.query_params.get("q", "") if self.action == "list" else ""
        return candidacy_list(actor=self.request.user, q=q).order_by("-opened_on", "id")

    def detail_data(self, candidacy: Candidacy) -> dict[str, Any]:
        candidacy.steps_list = list(candidacy_timeline(candidacy))  # type: ignore[attr-defined]
        data = dict(CandidacySerializer(candidacy).data)
        data["steps"] = CandidacyStepSerializer(candidacy.steps_list, many=True).data  # type: ignore[attr-defined]
        data["next_steps"] = [{"step": s, "label": step_label(s)} for s in _allowed_steps(candidacy)]
        return data

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.detail_data(self.get_object()))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CandidacyCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        person = values.pop("person")
        self.require(Action.CHANGE, person.organization)
        self.require(Action.CHANGE, values["organization"])
        candidacy = candidacy_create(actor=request.user, person=person, **values)
        candidacy = self.get_queryset().get(pk=candidacy.pk)
        return Response(self.detail_data(candidacy), status=status.HTTP_201_CREATED)

    def _step_input(self, request: Request, candidacy: Candidacy) -> StepInputSerializer:
        incoming = StepInputSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        step = incoming.validated_data["step"]
        if STEPS[step].needs_approve_right:
            self.require(Action.APPROVE, candidacy.organization)
        if step not in _allowed_steps(candidacy):
            message = MSG_STEP_NOT_ALLOWED.format(stage=Stage(candidacy.stage).label, step=step_label(step))
            raise ValidationError({"step": message})
        return incoming

    @extend_schema(
        summary="Kiểm tra một bước theo các quy tắc, không lưu gì",
        tags=TAG,
        request=StepInputSerializer,
        responses={200: CheckResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str | None = None) -> Response:
        candidacy = self.get_object()
        incoming = self._step_input(request, candidacy)
        values = incoming.validated_data
        evaluation = candidacy_check(
            candidacy=candidacy,
            step=values["step"],
            date=values["date"],
            data=incoming.step_data(),
            approval_document=values.get("approval_document", ""),
        )
        body = {
            "step": values["step"],
            "ok": evaluation.ok,
            "ruleset": evaluation.ruleset.code,
            "results": evaluation_data(evaluation),
        }
        return Response(body)

    @extend_schema(
        summary="Ghi bước tiếp theo của hồ sơ (như nút “Lưu” của trang); bị quy tắc chặn thì trả 400 kèm kết quả",
        tags=TAG,
        request=StepInputSerializer,
        responses={201: AdvanceResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str | None = None) -> Response:
        candidacy = self.get_object()
        incoming = self._step_input(request, candidacy)
        values = incoming.validated_data
        outcome = candidacy_advance(
            actor=request.user,
            candidacy=candidacy,
            step=values["step"],
            date=values["date"],
            version=values.get("version"),
            document=values.get("document", ""),
            approval_document=values.get("approval_document", ""),
            note=values.get("note", ""),
            data=incoming.step_data(),
            organization=values.get("organization"),
            mentor=values.get("mentor"),
        )
        fresh = Candidacy.objects.select_related("person", "organization").get(pk=candidacy.pk)
        body = {
            "step": values["step"],
            "ok": True,
            "ruleset": outcome.evaluation.ruleset.code,
            "results": evaluation_data(outcome.evaluation),
            "recorded": CandidacyStepSerializer(outcome.step).data,
            "candidacy": CandidacySerializer(fresh).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)
