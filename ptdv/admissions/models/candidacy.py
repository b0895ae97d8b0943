"""A candidacy (one person's admission case) and its append-only timeline of steps."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet
from ptdv.common.append_only import AppendOnlyModel, AppendOnlyQuerySet

APPEND_ONLY = "Các bước của hồ sơ chỉ được ghi thêm, không được sửa hay xóa."


class Stage(models.TextChoices):
    """Where a candidacy stands: the last step it has completed."""

    SOURCED = "sourced", "Quần chúng ưu tú (nguồn)"
    TRAINED = "trained", "Đã học lớp bồi dưỡng nhận thức"
    APPLIED = "applied", "Đã có đơn xin vào Đảng"
    HISTORY_DECLARED = "history_declared", "Đã khai lý lịch"
    VERIFIED = "verified", "Đã thẩm tra lý lịch"
    INTRODUCED = "introduced", "Đã có người giới thiệu"
    OPINIONS_GATHERED = "opinions_gathered", "Đã tổng hợp ý kiến nhận xét"
    CELL_RESOLVED = "cell_resolved", "Chi bộ đã đề nghị kết nạp"
    APPRAISED = "appraised", "Đảng ủy bộ phận đã thẩm định"
    COMMITTEE_RESOLVED = "committee_resolved", "Đảng ủy cơ sở đã đề nghị"
    ADMITTED = "admitted", "Đã có quyết định kết nạp"
    PROBATION = "probation", "Đảng viên dự bị"
    CONFIRMATION_PROPOSED = "confirmation_proposed", "Chi bộ đã đề nghị công nhận chính thức"
    FULL_MEMBER = "full_member", "Đã là đảng viên chính thức"
    WITHDRAWN = "withdrawn", "Đã dừng, rút khỏi danh sách"
    REFUSED = "refused", "Không được kết nạp"
    REMOVED = "removed", "Bị xóa tên khỏi danh sách đảng viên dự bị"


OPEN_STAGES = [
    Stage.SOURCED,
    Stage.TRAINED,
    Stage.APPLIED,
    Stage.HISTORY_DECLARED,
    Stage.VERIFIED,
    Stage.INTRODUCED,
    Stage.OPINIONS_GATHERED,
    Stage.CELL_RESOLVED,
    Stage.APPRAISED,
    Stage.COMMITTEE_RESOLVED,
    Stage.ADMITTED,
    Stage.PROBATION,
    Stage.CONFIRMATION_PROPOSED,
]
BEFORE_ADMISSION = OPEN_STAGES[: OPEN_STAGES.index(Stage.ADMITTED)]
BEFORE_CELL_VOTE = OPEN_STAGES[: OPEN_STAGES.index(Stage.CELL_RESOLVED)]
AWAITING_DECISION = (Stage.CELL_RESOLVED, Stage.APPRAISED, Stage.COMMITTEE_RESOLVED)


class DueKind(models.TextChoices):
    """What a candidacy's next deadline is for."""

    CERTIFICATE = "certificate", "Giấy chứng nhận lớp nhận thức hết hạn"
    DECISION = "decision", "Hạn cấp ủy quyết định kết nạp"
    CEREMONY = "ceremony", "Hạn tổ chức lễ kết nạp"
    PROBATION = "probation", "Hạn chi bộ xét công nhận chính thức"
    CONFIRMATION = "confirmation", "Hạn quyết định công nhận chính thức"


class NominatedBy(models.TextChoices):
    CELL = "cell", "Chi bộ"
    YOUTH_UNION = "youth_union", "Đoàn TNCS Hồ Chí Minh"
    TRADE_UNION = "trade_union", "Công đoàn"
    WOMENS_UNION = "womens_union", "Hội Liên hiệp Phụ nữ"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    FATHERLAND_FRONT = "fatherland_front", "Mặt trận Tổ quốc"
    OTHER = "other", "Đoàn thể khác"


class ExitReason(models.TextChoices):
    """Why a former member left (re-admission rules depend on it, QĐ 294 §3.5.2)."""

    SELF_ABANDONED = "self_abandoned", "Tự bỏ sinh hoạt đảng"
    RESIGNED = "resigned", "Xin ra khỏi Đảng"
    DISUNITY = "disunity", "Gây mất đoàn kết nội bộ nghiêm trọng"
    CORRUPTION_CONVICTION = "corruption_conviction", "Bị kết án về tội tham nhũng"
    SERIOUS_CRIME_CONVICTION = "serious_crime_conviction", "Bị kết án về tội phạm nghiêm trọng trở lên"
    MINOR_CRIME_CONVICTION = "minor_crime_conviction", "Bị kết án về tội ít nghiêm trọng"
    REMOVED = "removed", "Bị xóa tên"
    OTHER = "other", "Lý do khác"


class CandidacyQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"

    def open(self) -> "CandidacyQuerySet":
        return self.filter(stage__in=OPEN_STAGES)


class Candidacy(models.Model):
    """One person's admission case, from sourcing to full membership (hồ sơ kết nạp)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="candidacies")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="Chi bộ",
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    stage = models.CharField("Giai đoạn", max_length=24, choices=Stage.choices, default=Stage.SOURCED)
    stage_since = models.DateField("Ở giai đoạn này từ ngày")
    opened_on = models.DateField("Ngày vào danh sách nguồn")
    nominated_by = models.CharField(
        "Đơn vị giới thiệu nguồn", max_length=20, choices=NominatedBy.choices, default=NominatedBy.CELL
    )
    mentor = models.ForeignKey(
        "people.Person",
        verbose_name="Đảng viên được phân công giúp đỡ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentored_candidacies",
    )
    # Facts the rules need that the person record does not hold.
    lives_in_exempt_area = models.BooleanField(
        "Ở miền núi, biên giới, hải đảo, vùng dân tộc thiểu số, vùng đặc biệt khó khăn hoặc là ngư dân",
        default=False,
    )
    is_village_elder = models.BooleanField("Là già làng, trưởng bản, người có uy tín", default=False)
    youth_union_exists = models.BooleanField("Nơi làm việc, cư trú có tổ chức Đoàn", default=True)
    trade_union_exists = models.BooleanField("Cơ quan, doanh nghiệp có tổ chức Công đoàn", default=False)
    planned_vote_date = models.DateField("Dự kiến ngày chi bộ xét kết nạp", null=True, blank=True)
    # Re-admission (kết nạp lại).
    is_readmission = models.BooleanField("Kết nạp lại", default=False)
    previous_exit_date = models.DateField("Ngày ra khỏi Đảng trước đây", null=True, blank=True)
    previous_exit_reason = models.CharField(
        "Lý do ra khỏi Đảng", max_length=32, choices=ExitReason.choices, blank=True
    )
    conviction_cleared_on = models.DateField("Ngày được xóa án tích", null=True, blank=True)
    family_hardship = models.BooleanField("Xin ra vì hoàn cảnh gia đình đặc biệt khó khăn", default=False)
    # Key dates copied from the steps (the steps are the record; these serve lists and deadlines).
    certificate_number = models.CharField("Số giấy chứng nhận lớp nhận thức", max_length=40, blank=True)
    certificate_date = models.DateField("Ngày cấp giấy chứng nhận", null=True, blank=True)
    papers_date = models.DateField("Ngày của giấy tờ giới thiệu, nhận xét sớm nhất", null=True, blank=True)
    cell_resolution_date = models.DateField("Ngày chi bộ đề nghị kết nạp", null=True, blank=True)
    decision_number = models.CharField("Số quyết định kết nạp", max_length=60, blank=True)
    decision_date = models.DateField("Ngày quyết định kết nạp", null=True, blank=True)
    decision_received_date = models.DateField("Ngày chi bộ nhận quyết định", null=True, blank=True)
    decision_extended = models.BooleanField("Đã gia hạn thời hạn xét quyết định", default=False)
    ceremony_date = models.DateField("Ngày lễ kết nạp", null=True, blank=True)
    probation_end = models.DateField("Ngày hết 12 tháng dự bị", null=True, blank=True)
    confirmation_vote_date = models.DateField(
        "Ngày chi bộ đề nghị công nhận chính thức", null=True, blank=True
    )
    confirmation_decision_date = models.DateField(
        "Ngày quyết định công nhận chính thức", null=True, blank=True
    )
    closed_on = models.DateField("Ngày kết thúc hồ sơ", null=True, blank=True)
    closing_reason = models.TextField("Lý do", blank=True)
    # The next deadline, recomputed by the services on every step (for the to-do page and reminders).
    due_date = models.DateField("Hạn tiếp theo", null=True, blank=True, db_index=True)
    due_kind = models.CharField("Việc đến hạn", max_length=32, blank=True)
    # Optimistic lock: a step form carries the version it was drawn from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = "Hồ sơ kết nạp"
        verbose_name_plural = "Hồ sơ kết nạp"
        ordering = ["-opened_on", "id"]
        indexes = [models.Index(fields=["organization", "stage"]), models.Index(fields=["stage", "due_date"])]

    def __str__(self) -> str:
        return f"Hồ sơ kết nạp {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("admissions:candidacy_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class CandidacyStepQuerySet(AppendOnlyQuerySet):
    scope_path = "candidacy__organization__path"
    append_only_message = APPEND_ONLY


class CandidacyStep(AppendOnlyModel):
    """One dated step of a candidacy, with the rule results it was checked against. Never edited."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField("Bước", max_length=24)
    date = models.DateField("Ngày")
    stage_before = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    stage_after = models.CharField(max_length=24, choices=Stage.choices)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    document = models.CharField("Văn bản (số, ngày)", max_length=255, blank=True)
    approval_document = models.CharField("Văn bản đồng ý, gia hạn", max_length=255, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    data = models.JSONField("Số liệu của bước", default=dict, blank=True)
    ruleset = models.CharField("Bộ quy tắc", max_length=16, blank=True)
    results = models.JSONField("Kết quả kiểm tra quy tắc", default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    append_only_message = APPEND_ONLY
    objects = CandidacyStepQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.step} {self.date:%d/%m/%Y}"
