"""Organisations as the API shows them (read only)."""

from rest_framework import serializers

from ptdv.api.serializers.base import ApiModelSerializer
from ptdv.organizations.models import Organization, Sector


class OrganizationSerializer(ApiModelSerializer):
    """A node of the party tree."""

    sector = serializers.ChoiceField(
        choices=Sector.choices,
        allow_blank=True,
        read_only=True,
        help_text="Loại hình (trống nếu không xếp loại).",
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Loại tổ chức.")
    is_active = serializers.BooleanField(read_only=True, help_text="Còn hoạt động (chưa giải thể, sáp nhập).")
    is_grassroots = serializers.BooleanField(read_only=True, help_text="Là tổ chức cơ sở đảng.")

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "sector",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "is_active",
            "is_grassroots",
            "is_authorised_to_admit",
        ]
        read_only_fields = fields
