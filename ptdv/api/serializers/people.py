"""People: the record with its national ID always masked; input for the people services."""

from typing import Any

from rest_framework import serializers

from ptdv.access.roles import Action
from ptdv.api.serializers.base import ApiModelSerializer, ApiSerializer
from ptdv.organizations.models import Organization
from ptdv.people.choices import (
    ETHNICITY_CHOICES,
    RELIGION_CHOICES,
    EducationLevel,
    Gender,
    OccupationGroup,
    Qualification,
)
from ptdv.people.models import Person
from ptdv.people.services import PERSON_FIELDS


class PersonSerializer(ApiModelSerializer):
    """A person's record; `national_id` shows only its first 3 and last 2 digits."""

    national_id = serializers.CharField(
        source="masked_national_id",
        read_only=True,
        allow_null=False,
        help_text="Số CCCD đã che (3 số đầu, 2 số cuối); số đầy đủ: POST …/reveal-national-id/.",
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            *PERSON_FIELDS,  # the fields the people services write, in their order
            "organization_name",
            "status",
            "status_label",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def checked_id(field: serializers.PrimaryKeyRelatedField, data: Any) -> int:
    """An id sent as a whole number (or digits); anything else is "not found", never a database error."""
    if (
        isinstance(data, bool)
        or not isinstance(data, int | str)
        or not (str(data).isascii() and str(data).isdigit())
    ):
        field.fail("does_not_exist", pk_value=data)
    if not 0 < int(data) < 2**63:
        field.fail("does_not_exist", pk_value=data)
    return int(data)


class ScopedOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organisation id among those the requesting user may see (others: "not found")."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return Organization.objects.restrict(getattr(request, "user", None), Action.VIEW)

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(checked_id(self, data))


class PersonWriteSerializer(ApiSerializer):
    """What a clerk types about a person; the people service checks and normalises it."""

    full_name = serializers.CharField(max_length=120, help_text="Họ và tên.")
    gender = serializers.ChoiceField(choices=Gender.choices, help_text="Giới tính.")
    date_of_birth = serializers.DateField(help_text="Ngày sinh (YYYY-MM-DD).")
    national_id = serializers.CharField(
        max_length=20, required=False, allow_blank=True, allow_null=True, help_text="Số CCCD, 12 chữ số."
    )
    ethnicity = serializers.ChoiceField(choices=ETHNICITY_CHOICES, required=False, help_text="Dân tộc.")
    religion = serializers.ChoiceField(choices=RELIGION_CHOICES, required=False, help_text="Tôn giáo.")
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, required=False)
    qualification = serializers.ChoiceField(choices=Qualification.choices, required=False)
    occupation = serializers.CharField(max_length=120, required=False, allow_blank=True)
    occupation_group = serializers.ChoiceField(choices=OccupationGroup.choices, required=False)
    is_youth_union_member = serializers.BooleanField(required=False)
    is_trade_union_member = serializers.BooleanField(required=False)
    is_demobilised_soldier = serializers.BooleanField(required=False)
    residence = serializers.CharField(max_length=255, required=False, allow_blank=True)
    workplace = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=15, required=False, allow_blank=True)
    organization = ScopedOrganizationField(
        queryset=Organization.objects.none(), help_text="Mã (id) tổ chức đảng quản lý."
    )


class RevealedNationalIdSerializer(serializers.Serializer):
    """The full national ID, returned only by the reveal action (which is logged)."""

    id = serializers.IntegerField()
    national_id = serializers.CharField(allow_null=True, help_text="Số CCCD đầy đủ (12 chữ số).")
