"""Organisations: list and retrieve, within the user's view scope."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from ptdv.api.filters import OrganizationFilter
from ptdv.api.serializers.organizations import OrganizationSerializer
from ptdv.api.views.base import ScopedViewSet
from ptdv.organizations.models import Organization
from ptdv.organizations.selectors import organization_list


@extend_schema_view(
    list=extend_schema(summary="Danh sách tổ chức đảng trong phạm vi", tags=["Tổ chức đảng"]),
    retrieve=extend_schema(summary="Một tổ chức đảng", tags=["Tổ chức đảng"]),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Organisations the user may see, in tree order."""

    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["path", "name_key", "code", "valid_from", "id"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[Organization]:
        q = self.request.query_params.get("q", "") if self.action == "list" else ""
        return organization_list(actor=self.request.user, q=q, include_dissolved=True)

    def organization_of(self, obj: Organization) -> Organization:
        return obj
