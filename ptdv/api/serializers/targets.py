"""Targets: as stored and in words; the input of the target services."""

from typing import Any

from rest_framework import serializers

from ptdv.admissions.models import NominatedBy
from ptdv.api.serializers.base import ApiModelSerializer, ApiSerializer
from ptdv.api.serializers.people import ScopedOrganizationField
from ptdv.organizations.models import Organization
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.wording import target_title, target_wording


class CodeField(serializers.SlugRelatedField):
    """A term or category by its code; text the database cannot hold (NUL, lone surrogates) is "not found"."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or "\x00" in data or not _encodable(data):
            self.fail(
                "does_not_exist",
                slug_name=self.slug_field,
                value=str(data)[:40].encode("utf-8", "replace").decode(),
            )
        return super().to_internal_value(data)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class TargetSerializer(ApiModelSerializer):
    """A target of one organisation for a term or a year, with its wording."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    term = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Mã nhiệm kỳ."
    )
    category = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="Mã đối tượng."
    )
    period_label = serializers.CharField(read_only=True)
    title = serializers.SerializerMethodField()
    wording = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "organization",
            "organization_name",
            "term",
            "year",
            "per_year",
            "period_label",
            "measure",
            "category",
            "form",
            "minimum",
            "maximum",
            "nominated_by",
            "source_document",
            "note",
            "title",
            "wording",
            "created_at",
        ]
        read_only_fields = fields

    def get_title(self, target: Target) -> str:
        return target_title(target)

    def get_wording(self, target: Target) -> str:
        return target_wording(target)


def _amount(required: bool) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=required, allow_null=not required
    )


class TargetWriteSerializer(ApiSerializer):
    """A target as a resolution states it; the organisation is given only when it is created."""

    organization = ScopedOrganizationField(
        queryset=Organization.objects.none(), help_text="Tổ chức được giao."
    )
    term = CodeField(
        slug_field="code",
        queryset=Term.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mã nhiệm kỳ, ví dụ 2025-2030.",
    )
    year = serializers.IntegerField(min_value=1930, max_value=2100, required=False, allow_null=True)
    per_year = serializers.BooleanField(required=False, default=False)
    measure = serializers.ChoiceField(choices=Measure.choices, required=False, default=Measure.ADMISSIONS)
    category = CodeField(
        slug_field="key",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="Mã đối tượng.",
    )
    form = serializers.ChoiceField(choices=TargetForm.choices, required=False, default=TargetForm.EXACT)
    minimum = _amount(True)
    maximum = _amount(False)
    nominated_by = serializers.ChoiceField(
        choices=NominatedBy.choices, required=False, allow_blank=True, default=""
    )
    source_document = serializers.CharField(
        max_length=255, help_text="Căn cứ giao chỉ tiêu (số, ngày văn bản)."
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TargetUpdateSerializer(TargetWriteSerializer):
    """A change of a target; its organisation stays."""

    organization = None  # type: ignore[assignment]
