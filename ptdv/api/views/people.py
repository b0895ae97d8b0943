"""People: list, retrieve, create and partial update through the people services; ID always masked."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ptdv.access.roles import Action
from ptdv.api.filters import PersonFilter
from ptdv.api.serializers.common import ErrorSerializer
from ptdv.api.serializers.people import PersonSerializer, PersonWriteSerializer, RevealedNationalIdSerializer
from ptdv.api.views.base import ScopedViewSet
from ptdv.people.models import Person
from ptdv.people.privacy import national_id_reveal, person_record_viewed
from ptdv.people.selectors import person_list
from ptdv.people.services import person_create, person_update

TAG = ["Nhân sự"]
API_CHANNEL = "api"


@extend_schema_view(
    list=extend_schema(summary="Danh sách nhân sự trong phạm vi (số CCCD đã che)", tags=TAG),
    retrieve=extend_schema(summary="Hồ sơ một người (số CCCD đã che; lượt xem được ghi nhật ký)", tags=TAG),
    create=extend_schema(
        summary="Thêm một người (quần chúng) vào tổ chức được quyền nhập liệu",
        tags=TAG,
        request=PersonWriteSerializer,
        responses={201: PersonSerializer},
    ),
    partial_update=extend_schema(
        summary="Sửa một số mục trong hồ sơ của một người",
        tags=TAG,
        request=PersonWriteSerializer(partial=True),
        responses={200: PersonSerializer},
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """People the user may see; writes need the change right and go through the people services."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["name_key", "date_of_birth", "created_at", "id"]
    rights = {"create": Action.CHANGE, "partial_update": Action.CHANGE, "reveal_national_id": Action.VIEW}

    def get_queryset(self) -> QuerySet[Person]:
        q = self.request.query_params.get("q", "") if self.action == "list" else ""
        return person_list(actor=self.request.user, q=q)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        person_record_viewed(actor=request.user, person=person, channel=API_CHANNEL)
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = PersonWriteSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        self.require(Action.CHANGE, incoming.validated_data["organization"])
        person = person_create(actor=request.user, **incoming.validated_data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        incoming = PersonWriteSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        if "organization" in incoming.validated_data:
            self.require(Action.CHANGE, incoming.validated_data["organization"])
        person = person_update(actor=request.user, person=person, **incoming.validated_data)
        person = self.get_queryset().get(pk=person.pk)
        return Response(PersonSerializer(person).data)

    @extend_schema(
        summary="Xem số CCCD đầy đủ của một người (cần quyền; lượt xem được ghi nhật ký)",
        tags=TAG,
        request=None,
        responses={
            200: RevealedNationalIdSerializer,
            403: OpenApiResponse(ErrorSerializer, description="Không có quyền xem số CCCD đầy đủ."),
        },
    )
    @action(detail=True, methods=["post"], url_path="reveal-national-id")
    def reveal_national_id(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        value = national_id_reveal(actor=request.user, person=person, channel=API_CHANNEL)
        return Response({"id": person.pk, "national_id": value or None})
