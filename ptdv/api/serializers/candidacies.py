"""Candidacies: the case, its timeline, the next steps; input for opening one and for a step."""

from typing import Any

from rest_framework import serializers

from ptdv.access.roles import Action
from ptdv.admissions.domain.pipeline import STEPS
from ptdv.admissions.models import Candidacy, CandidacyStep, ExitReason, NominatedBy, Stage
from ptdv.admissions.rules import Step
from ptdv.api.serializers.base import ApiModelSerializer, ApiSerializer
from ptdv.api.serializers.common import RuleResultSerializer
from ptdv.api.serializers.people import ScopedOrganizationField, checked_id
from ptdv.organizations.models import Organization
from ptdv.people.models import Person

STEP_CHOICES = [(step, info.label) for step, info in STEPS.items()]
VOTE_STEPS = {Step.CELL_VOTE, Step.CONFIRMATION_VOTE, Step.COMMITTEE_VOTE}
REASON_STEPS = {Step.REFUSE, Step.WITHDRAW, Step.REMOVE}
MSG_NEEDED = "Bước này cần mục này."


class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    """A person id among those the requesting user may see (others: "not found")."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return Person.objects.restrict(getattr(request, "user", None), Action.VIEW).select_related(
            "organization"
        )

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(checked_id(self, data))


class CandidacySerializer(ApiModelSerializer):
    """A candidacy in a list: where it stands and its next deadline."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Candidacy
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "stage",
            "stage_label",
            "stage_since",
            "is_open",
            "opened_on",
            "nominated_by",
            "mentor",
            "is_readmission",
            "certificate_number",
            "certificate_date",
            "cell_resolution_date",
            "decision_number",
            "decision_date",
            "ceremony_date",
            "probation_end",
            "confirmation_decision_date",
            "closed_on",
            "due_date",
            "due_kind",
            "version",
        ]
        read_only_fields = fields


class StoredResultSerializer(serializers.Serializer):
    """A rule result as it was saved with a step."""

    code = serializers.CharField()
    title = serializers.CharField(required=False)
    passed = serializers.BooleanField()
    severity = serializers.CharField()
    message = serializers.CharField()
    citation = serializers.CharField()
    approved = serializers.BooleanField(required=False)


class CandidacyStepSerializer(ApiModelSerializer):
    """One recorded step of the timeline, with the rule results it was checked against."""

    results = StoredResultSerializer(many=True, read_only=True)
    stage_before = serializers.ChoiceField(
        choices=Stage.choices, allow_blank=True, read_only=True, help_text="Trống với bước đầu tiên."
    )
    data = serializers.DictField(read_only=True, help_text="Số liệu của bước (số biểu quyết…).")

    class Meta:
        model = CandidacyStep
        fields = [
            "id",
            "step",
            "date",
            "stage_before",
            "stage_after",
            "organization",
            "document",
            "approval_document",
            "note",
            "data",
            "ruleset",
            "results",
            "recorded_at",
        ]
        read_only_fields = fields


class NextStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=STEP_CHOICES)
    label = serializers.CharField()


class CandidacyDetailSerializer(CandidacySerializer):
    """A candidacy with its timeline and the steps that may come next."""

    steps = CandidacyStepSerializer(many=True, read_only=True)
    next_steps = NextStepSerializer(many=True, read_only=True)

    class Meta(CandidacySerializer.Meta):
        fields = [*CandidacySerializer.Meta.fields, "steps", "next_steps"]
        read_only_fields = fields


class CandidacyCreateSerializer(ApiSerializer):
    """Put a person on the list of outstanding non-members of a cell (the service checks the rules)."""

    person = ScopedPersonField(queryset=Person.objects.none(), help_text="Mã (id) người được giới thiệu.")
    organization = ScopedOrganizationField(queryset=Organization.objects.none(), help_text="Mã (id) chi bộ.")
    opened_on = serializers.DateField(help_text="Ngày chi bộ đưa vào danh sách nguồn.")
    nominated_by = serializers.ChoiceField(
        choices=NominatedBy.choices, required=False, default=NominatedBy.CELL
    )
    mentor = ScopedPersonField(
        queryset=Person.objects.none(), required=False, allow_null=True, help_text="Đảng viên giúp đỡ."
    )
    planned_vote_date = serializers.DateField(required=False, allow_null=True)
    youth_union_exists = serializers.BooleanField(required=False, default=True)
    trade_union_exists = serializers.BooleanField(required=False, default=False)
    lives_in_exempt_area = serializers.BooleanField(required=False, default=False)
    is_village_elder = serializers.BooleanField(required=False, default=False)
    document = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    is_readmission = serializers.BooleanField(required=False, default=False)
    previous_exit_date = serializers.DateField(required=False, allow_null=True)
    previous_exit_reason = serializers.ChoiceField(
        choices=ExitReason.choices, required=False, allow_blank=True, default=""
    )
    conviction_cleared_on = serializers.DateField(required=False, allow_null=True)
    family_hardship = serializers.BooleanField(required=False, default=False)


class StepInputSerializer(ApiSerializer):
    """A step as the step form takes it; which fields are needed depends on the step."""

    step = serializers.ChoiceField(choices=STEP_CHOICES, help_text="Bước cần ghi hoặc kiểm tra.")
    date = serializers.DateField(help_text="Ngày của bước.")
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="Phiên bản hồ sơ lúc đọc (chống ghi đè)."
    )
    document = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    approval_document = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    certificate_number = serializers.CharField(required=False, max_length=40, help_text="Bước course.")
    members = serializers.IntegerField(
        required=False, min_value=0, max_value=100000, help_text="Bước biểu quyết."
    )
    on_temporary_transfer = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    exempt_absent = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    present = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    votes_for = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    received_date = serializers.DateField(required=False, allow_null=True, help_text="Bước decide.")
    organization = ScopedOrganizationField(
        queryset=Organization.objects.none(), required=False, help_text="Chi bộ chuyển đến (bước transfer)."
    )
    mentor = ScopedPersonField(queryset=Person.objects.none(), required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        step = attrs["step"]
        needed: list[str] = []
        if step == Step.COURSE:
            needed.append("certificate_number")
        if step in VOTE_STEPS:
            needed += ["members", "present", "votes_for"]
        if step in (Step.DECIDE, Step.CONFIRM):
            needed.append("document")
        if step in REASON_STEPS:
            needed.append("note")
        if step == Step.TRANSFER:
            needed.append("organization")
        missing = {name: [MSG_NEEDED] for name in needed if attrs.get(name) in (None, "")}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def step_data(self) -> dict[str, Any]:
        """The step-specific values, for the rules and the step's record (as the step form gives them)."""
        values = self.validated_data
        skip = {"step", "version", "date", "document", "approval_document", "note", "organization", "mentor"}
        data = {k: v for k, v in values.items() if k not in skip and v not in (None, "")}
        if values["step"] == Step.COURSE:
            data["certificate_date"] = values["date"]
        return data


class CheckResultSerializer(serializers.Serializer):
    """What the rules say about a step, without saving anything."""

    step = serializers.CharField()
    ok = serializers.BooleanField(help_text="Không có quy tắc nào chặn bước này.")
    ruleset = serializers.CharField(help_text="Bộ quy tắc áp dụng theo ngày của bước.")
    results = RuleResultSerializer(many=True)


class AdvanceResultSerializer(CheckResultSerializer):
    """The step saved, the candidacy as it now stands, and the rule results (warnings included)."""

    recorded = CandidacyStepSerializer()
    candidacy = CandidacySerializer()
