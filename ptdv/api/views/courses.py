"""Awareness courses: list, retrieve, open one, enrol candidates, record completions (course services)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ptdv.access.roles import Action
from ptdv.admissions.models import AwarenessCourse, Candidacy, CourseEnrolment
from ptdv.admissions.selectors import courses as selectors
from ptdv.admissions.services import courses as services
from ptdv.api.filters import CourseFilter
from ptdv.api.serializers.courses import (
    CompleteInputSerializer,
    CourseCreateSerializer,
    CourseDetailSerializer,
    CourseSerializer,
    EnrolInputSerializer,
    EnrolmentListSerializer,
    EnrolmentSerializer,
)
from ptdv.api.views.base import ScopedViewSet

TAG = ["Lớp nhận thức về Đảng"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách lớp bồi dưỡng nhận thức về Đảng trong phạm vi", tags=TAG),
    retrieve=extend_schema(
        summary="Một lớp, với học viên trong phạm vi", tags=TAG, responses={200: CourseDetailSerializer}
    ),
    create=extend_schema(
        summary="Mở lớp", tags=TAG, request=CourseCreateSerializer, responses={201: CourseSerializer}
    ),
)
class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Courses organised in the user's scope or attended by one of their candidates."""

    model = AwarenessCourse
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["starts_on", "ends_on", "name", "id"]
    # Enrolling and completing are checked per candidate by the services; the course's organiser
    # may be a level above the clerk's cell, so the right asked here is "change somewhere".
    rights = {"create": Action.CHANGE, "enrol": Action.CHANGE, "complete": Action.CHANGE}

    def get_queryset(self) -> QuerySet[AwarenessCourse]:
        return selectors.course_list(actor=self.request.user)

    def organization_of(self, obj: AwarenessCourse) -> Any:
        return None if self.action in ("enrol", "complete") else obj.organizer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        course = self.get_object()
        data = dict(CourseSerializer(course).data)
        data["enrolments"] = EnrolmentSerializer(
            selectors.enrolment_list(actor=request.user, course=course), many=True
        ).data
        data["hidden_count"] = selectors.course_hidden_enrolments(actor=request.user, course=course)
        return Response(data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CourseCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        self.require(Action.CHANGE, incoming.validated_data["organizer"])
        course = services.course_create(actor=request.user, **incoming.validated_data)
        return Response(
            CourseSerializer(self.get_queryset().get(pk=course.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Ghi danh nhiều hồ sơ vào lớp (tất cả hoặc không ai)",
        tags=TAG,
        request=EnrolInputSerializer,
        responses={201: EnrolmentListSerializer},
    )
    @action(detail=True, methods=["post"])
    def enrol(self, request: Request, pk: str | None = None) -> Response:
        course = self.get_object()
        incoming = EnrolInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        # The service re-reads and locks every candidacy by id and checks the user's scope on each.
        chosen = [Candidacy(pk=pk) for pk in incoming.validated_data["candidacies"]]
        created = services.course_enrol(actor=request.user, course=course, candidacies=chosen)
        rows = selectors.enrolment_list(actor=request.user, course=course).filter(
            pk__in=[e.pk for e in created]
        )
        return Response(
            {"enrolments": EnrolmentSerializer(rows, many=True).data}, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Ghi hoàn thành lớp cho nhiều học viên, mỗi người một giấy chứng nhận (tất cả hoặc không ai)",
        tags=TAG,
        request=CompleteInputSerializer,
        responses={200: EnrolmentListSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        course = self.get_object()
        incoming = CompleteInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        # The service re-reads and locks every enrolment by id, and checks it belongs to this course.
        rows = [
            (CourseEnrolment(pk=row["enrolment"]), row["certificate_number"], row["certificate_date"])
            for row in incoming.validated_data["rows"]
        ]
        done = services.course_complete(actor=request.user, course=course, rows=rows)
        fresh = selectors.enrolment_list(actor=request.user, course=course).filter(
            pk__in=[e.pk for e in done]
        )
        return Response({"enrolments": EnrolmentSerializer(fresh, many=True).data})
