"""Targets: list, retrieve, create and change through the target services (the approve right)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from ptdv.access.roles import Action
from ptdv.api.filters import TargetFilter
from ptdv.api.serializers.targets import TargetSerializer, TargetUpdateSerializer, TargetWriteSerializer
from ptdv.api.views.base import ScopedViewSet
from ptdv.targets import services
from ptdv.targets.models import Target
from ptdv.targets.selectors import target_list

TAG = ["Chỉ tiêu"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách chỉ tiêu trong phạm vi", tags=TAG),
    retrieve=extend_schema(summary="Một chỉ tiêu", tags=TAG),
    create=extend_schema(
        summary="Giao chỉ tiêu (cần quyền ghi nghị quyết, quyết định)",
        tags=TAG,
        request=TargetWriteSerializer,
        responses={201: TargetSerializer},
    ),
    partial_update=extend_schema(
        summary="Sửa chỉ tiêu (nhật ký giữ mức cũ; cần quyền ghi nghị quyết, quyết định)",
        tags=TAG,
        request=TargetUpdateSerializer(partial=True),
        responses={200: TargetSerializer},
    ),
)
class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Targets the user may see; setting or changing one needs the approve right on its organisation."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    ordering_fields = ["year", "created_at", "id"]
    rights = {"create": Action.APPROVE, "partial_update": Action.APPROVE}

    def get_queryset(self) -> QuerySet[Target]:
        return target_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = TargetWriteSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        self.require(Action.APPROVE, incoming.validated_data["organization"])
        target = services.target_create(actor=request.user, **incoming.validated_data)
        return Response(
            TargetSerializer(self.get_queryset().get(pk=target.pk)).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self.get_object()
        incoming = TargetUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        target = services.target_update(actor=request.user, target=target, **incoming.validated_data)
        return Response(TargetSerializer(self.get_queryset().get(pk=target.pk)).data)
