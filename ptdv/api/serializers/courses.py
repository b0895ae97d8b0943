"""Awareness courses, their enrolments, and the input of the course services."""

from rest_framework import serializers

from ptdv.admissions.models import AwarenessCourse, CourseEnrolment, CourseFormat
from ptdv.api.serializers.base import ApiModelSerializer, ApiSerializer
from ptdv.api.serializers.people import ScopedOrganizationField
from ptdv.organizations.models import Organization

ID = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class EnrolmentSerializer(ApiModelSerializer):
    """A candidate in a course; once completed, the certificate they received."""

    person_name = serializers.CharField(source="candidacy.person.full_name", read_only=True)
    organization = serializers.IntegerField(source="candidacy.organization_id", read_only=True)

    class Meta:
        model = CourseEnrolment
        fields = [
            "id",
            "course",
            "candidacy",
            "person_name",
            "organization",
            "completed",
            "certificate_number",
            "certificate_date",
        ]
        read_only_fields = fields


class CourseSerializer(ApiModelSerializer):
    """A run of the awareness course, with how many enrolled and completed."""

    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    completed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AwarenessCourse
        fields = [
            "id",
            "name",
            "organizer",
            "organizer_name",
            "starts_on",
            "ends_on",
            "format",
            "location",
            "enrolled_count",
            "completed_count",
            "created_at",
        ]
        read_only_fields = fields


class CourseDetailSerializer(CourseSerializer):
    """A course with the enrolments the user may see (others are only counted)."""

    enrolments = EnrolmentSerializer(many=True, read_only=True)
    hidden_count = serializers.IntegerField(read_only=True, help_text="Học viên thuộc tổ chức ngoài phạm vi.")

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "enrolments", "hidden_count"]
        read_only_fields = fields


class CourseCreateSerializer(ApiSerializer):
    name = serializers.CharField(max_length=200, help_text="Tên lớp.")
    organizer = ScopedOrganizationField(queryset=Organization.objects.none(), help_text="Đơn vị tổ chức lớp.")
    starts_on = serializers.DateField(help_text="Ngày khai giảng.")
    ends_on = serializers.DateField(help_text="Ngày bế giảng.")
    format = serializers.ChoiceField(
        choices=CourseFormat.choices, required=False, default=CourseFormat.DAYTIME
    )
    location = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class EnrolInputSerializer(ApiSerializer):
    candidacies = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
        help_text="Mã (id) các hồ sơ kết nạp cần ghi danh; một hồ sơ không ghi được thì không ghi ai.",
    )


class CompletionRowSerializer(ApiSerializer):
    enrolment = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Mã (id) lượt ghi danh.")
    certificate_number = serializers.CharField(
        max_length=200, allow_blank=True, help_text="Số giấy chứng nhận."
    )
    certificate_date = serializers.DateField(help_text="Ngày cấp giấy chứng nhận.")


class CompleteInputSerializer(ApiSerializer):
    rows = CompletionRowSerializer(
        many=True, help_text="Mỗi học viên hoàn thành một dòng; một dòng lỗi thì không lưu gì."
    )


class EnrolmentListSerializer(serializers.Serializer):
    enrolments = EnrolmentSerializer(many=True)
