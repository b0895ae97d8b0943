"""django-filter filter sets of the API lists (the selectors apply scoping and search first)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters

from ptdv.access.roles import Action
from ptdv.admissions.models import AwarenessCourse, Candidacy, Stage
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.paths import subtree_q
from ptdv.people.choices import Gender
from ptdv.people.models import MembershipStatus, Person
from ptdv.targets.models import Measure, Target


def _subtree(queryset: QuerySet, field: str, value: Any, user: Any) -> QuerySet:
    """Rows under organisation `value` (itself included), if the user sees it; otherwise none."""
    org = Organization.objects.restrict(user, Action.VIEW).filter(pk=value).first() if value else None
    if org is None:
        return queryset.none()
    return queryset.filter(subtree_q(field, org.path))


@extend_schema_field(OpenApiTypes.INT64)
class _IdFilter(django_filters.NumberFilter):
    """An id: whole numbers only, in range, so a bad value is a 400 and never a database error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=2**63 - 1, max_digits=19, decimal_places=0, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SearchFilter(django_filters.CharFilter):
    """Search text, applied by the selector (which knows names without diacritics); declared for the docs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, method=lambda queryset, name, value: queryset, max_length=200, **kwargs)


class OrderingFilter(filters.OrderingFilter):
    """?ordering=field or -field (descending); the fields each list allows are in its description."""

    ordering_description = "Sắp xếp theo trường (thêm dấu - để xếp giảm dần), ví dụ -date_of_birth."


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error, not silently "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}
    default_error_messages = {"invalid": "Cần true hoặc false."}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class OrganizationFilter(django_filters.FilterSet):
    q = SearchFilter(help_text="Tìm theo tên (không cần dấu) hoặc mã tổ chức.")
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, help_text="Loại tổ chức.")
    parent = _IdFilter(field_name="parent_id", help_text="Chỉ các tổ chức trực thuộc trực tiếp tổ chức này.")
    active = StrictBooleanFilter(field_name="valid_to", lookup_expr="isnull", help_text="Còn hoạt động.")

    class Meta:
        model = Organization
        fields = ["q", "kind", "parent", "active"]


class PersonFilter(django_filters.FilterSet):
    q = SearchFilter(help_text="Tìm theo họ tên (không cần dấu) hoặc đầu số CCCD.")
    organization = _IdFilter(
        method="in_subtree", help_text="Chỉ người thuộc tổ chức này và các tổ chức trực thuộc."
    )
    status = django_filters.MultipleChoiceFilter(choices=MembershipStatus.choices, help_text="Tình trạng.")
    gender = django_filters.ChoiceFilter(choices=Gender.choices, help_text="Giới tính.")

    class Meta:
        model = Person
        fields = ["q", "organization", "status", "gender"]

    def in_subtree(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return _subtree(queryset, "organization__path", int(value), getattr(self.request, "user", None))


class CandidacyFilter(django_filters.FilterSet):
    q = SearchFilter(help_text="Tìm theo họ tên (không cần dấu).")
    organization = _IdFilter(
        method="in_subtree", help_text="Chỉ hồ sơ của tổ chức này và các tổ chức trực thuộc."
    )
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, help_text="Giai đoạn.")
    person = _IdFilter(field_name="person_id", help_text="Hồ sơ của một người.")
    open = StrictBooleanFilter(
        method="is_open", help_text="Chỉ hồ sơ đang mở (true) hoặc đã kết thúc (false)."
    )

    class Meta:
        model = Candidacy
        fields = ["q", "organization", "stage", "person", "open"]

    def in_subtree(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return _subtree(queryset, "organization__path", int(value), getattr(self.request, "user", None))

    def is_open(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        from ptdv.admissions.models import OPEN_STAGES

        return queryset.filter(stage__in=OPEN_STAGES) if value else queryset.exclude(stage__in=OPEN_STAGES)


class CourseFilter(django_filters.FilterSet):
    organizer = _IdFilter(field_name="organizer_id", help_text="Đơn vị tổ chức lớp.")
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", help_text="Khai giảng từ ngày."
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", help_text="Khai giảng đến ngày."
    )

    class Meta:
        model = AwarenessCourse
        fields = ["organizer", "starts_after", "starts_before"]


class TargetFilter(django_filters.FilterSet):
    organization = _IdFilter(
        method="in_subtree", help_text="Chỉ tiêu của tổ chức này và các tổ chức trực thuộc."
    )
    year = django_filters.NumberFilter(
        field_name="year", min_value=1930, max_value=2100, max_digits=4, decimal_places=0, help_text="Năm."
    )
    term = django_filters.CharFilter(field_name="term__code", help_text="Mã nhiệm kỳ, ví dụ 2025-2030.")
    measure = django_filters.ChoiceFilter(choices=Measure.choices, help_text="Nội dung chỉ tiêu.")

    class Meta:
        model = Target
        fields = ["organization", "year", "term", "measure"]

    def in_subtree(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return _subtree(queryset, "organization__path", int(value), getattr(self.request, "user", None))
