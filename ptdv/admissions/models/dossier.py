"""What a candidacy's dossier holds: introducers, background verification, scanned files."""

from django.conf import settings
from django.db import models

from ptdv.access.querysets import RestrictedQuerySet


class CandidacyPartQuerySet(RestrictedQuerySet):
    scope_path = "candidacy__organization__path"


class IntroducerKind(models.TextChoices):
    MEMBER = "member", "Đảng viên chính thức"
    YOUTH_UNION = "youth_union", "Ban chấp hành Đoàn cơ sở"
    TRADE_UNION = "trade_union", "Ban chấp hành Công đoàn cơ sở"


class Introduction(models.Model):
    """A person or executive committee introducing the applicant (3-KNĐ, 4-KNĐ, 4A-KNĐ)."""

    candidacy = models.ForeignKey(
        "admissions.Candidacy", on_delete=models.PROTECT, related_name="introductions"
    )
    kind = models.CharField("Người giới thiệu là", max_length=16, choices=IntroducerKind.choices)
    introducer = models.ForeignKey(
        "people.Person",
        verbose_name="Đảng viên giới thiệu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions_given",
    )
    name = models.CharField("Tên (đảng viên hoặc ban chấp hành)", max_length=200)
    together_since = models.DateField("Cùng công tác, học tập, cư trú từ ngày", null=True, blank=True)
    same_unit = models.BooleanField("Cùng một đơn vị", default=True)
    date = models.DateField("Ngày giới thiệu")
    # Replacement (the introducer moved, was disciplined or died): the old row ends, a new one is added.
    ended_on = models.DateField("Thôi giới thiệu từ ngày", null=True, blank=True)
    end_reason = models.TextField("Lý do thay người giới thiệu", blank=True)

    objects = CandidacyPartQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.name


class Relation(models.TextChoices):
    SELF = "self", "Bản thân"
    FATHER = "father", "Cha"
    MOTHER = "mother", "Mẹ"
    GUARDIAN = "guardian", "Người trực tiếp nuôi dưỡng"
    FATHER_IN_LAW = "father_in_law", "Cha vợ (chồng)"
    MOTHER_IN_LAW = "mother_in_law", "Mẹ vợ (chồng)"
    SPOUSE = "spouse", "Vợ (chồng)"
    CHILD = "child", "Con đã thành niên"


class VerificationResult(models.TextChoices):
    PENDING = "", "Chưa có kết quả"
    CLEAR = "clear", "Không có vấn đề"
    CONCERN = "concern", "Có vấn đề cần xem xét"


class Verification(models.Model):
    """Background verification of the applicant or one relative in scope (thẩm tra lý lịch)."""

    candidacy = models.ForeignKey(
        "admissions.Candidacy", on_delete=models.PROTECT, related_name="verifications"
    )
    relation = models.CharField("Quan hệ", max_length=16, choices=Relation.choices)
    name = models.CharField("Họ và tên", max_length=120)
    is_party_member = models.BooleanField("Là đảng viên (miễn thẩm tra)", default=False)
    requested_on = models.DateField("Ngày gửi công văn thẩm tra", null=True, blank=True)
    verified_on = models.DateField("Ngày có kết quả", null=True, blank=True)
    result = models.CharField(
        "Kết quả", max_length=8, choices=VerificationResult.choices, default="", blank=True
    )
    note = models.TextField("Ghi chú", blank=True)

    objects = CandidacyPartQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.name}"


class DossierFileQuerySet(CandidacyPartQuerySet):
    def current(self) -> "DossierFileQuerySet":
        return self.filter(replaced_by__isnull=True)


class DossierFile(models.Model):
    """A scanned paper of the dossier; a replacement is a new row and the old one stays as history."""

    candidacy = models.ForeignKey("admissions.Candidacy", on_delete=models.PROTECT, related_name="files")
    kind = models.CharField("Loại giấy tờ", max_length=24)
    file = models.FileField("Tệp", upload_to="dossiers/%Y/%m/")
    original_name = models.CharField("Tên tệp gốc", max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField("Dung lượng (byte)")
    sha256 = models.CharField("Mã kiểm tra SHA-256", max_length=64)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DossierFileQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
