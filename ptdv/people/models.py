"""People, and their party status as a dated history of events."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet
from ptdv.common.append_only import AppendOnlyModel, AppendOnlyQuerySet
from ptdv.people.choices import (
    ETHNICITY_CHOICES,
    MAJORITY_ETHNICITY,
    NO_RELIGION,
    RELIGION_CHOICES,
    EducationLevel,
    Gender,
    OccupationGroup,
    Qualification,
)
from ptdv.people.national_id import mask as mask_national_id


class MembershipStatus(models.TextChoices):
    NON_MEMBER = "non_member", "Quần chúng"
    CANDIDATE = "candidate", "Quần chúng ưu tú (đối tượng kết nạp)"
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    FULL = "full", "Đảng viên chính thức"
    REMOVED = "removed", "Đã ra khỏi Đảng (xóa tên, khai trừ, xin ra)"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển sinh hoạt ra ngoài"
    DECEASED = "deceased", "Từ trần"


APPEND_ONLY = "Quá trình chỉ được ghi thêm; muốn sửa, hãy ghi một sự kiện đính chính."
MEMBER_STATUSES = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)


class PersonQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"

    def members(self) -> "PersonQuerySet":
        return self.filter(status__in=MEMBER_STATUSES)


class Person(models.Model):
    """Anyone the system keeps a record of: non-member, candidate, member or former member."""

    full_name = models.CharField("Họ và tên", max_length=120)
    # Indexed by people_person_name_id (name_key, id) below; a second index would only slow the writes.
    name_key = models.CharField(max_length=120, editable=False)
    name_folded = models.CharField(max_length=120, editable=False)
    gender = models.CharField("Giới tính", max_length=1, choices=Gender.choices)
    date_of_birth = models.DateField("Ngày sinh")
    national_id = models.CharField("Số CCCD", max_length=12, unique=True, null=True, blank=True)
    ethnicity = models.CharField(
        "Dân tộc", max_length=40, choices=ETHNICITY_CHOICES, default=MAJORITY_ETHNICITY
    )
    religion = models.CharField("Tôn giáo", max_length=40, choices=RELIGION_CHOICES, default=NO_RELIGION)
    education_level = models.CharField(
        "Trình độ giáo dục phổ thông",
        max_length=20,
        choices=EducationLevel.choices,
        default=EducationLevel.UPPER_SECONDARY,
    )
    qualification = models.CharField(
        "Trình độ chuyên môn", max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=120, blank=True)
    occupation_group = models.CharField(
        "Nhóm nghề nghiệp", max_length=24, choices=OccupationGroup.choices, default=OccupationGroup.OTHER
    )
    is_youth_union_member = models.BooleanField("Đoàn viên Đoàn TNCS Hồ Chí Minh", default=False)
    is_trade_union_member = models.BooleanField("Đoàn viên Công đoàn", default=False)
    is_demobilised_soldier = models.BooleanField("Quân nhân xuất ngũ", default=False)
    residence = models.CharField("Nơi cư trú", max_length=255, blank=True)
    workplace = models.CharField("Nơi làm việc, học tập", max_length=255, blank=True)
    phone = models.CharField("Số điện thoại", max_length=15, blank=True)
    # Current state, derived from the events by the services: for lists, filters and scoping.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="Tổ chức đảng quản lý",
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,  # (organization, status) and (organization, name_key) below lead with it
    )
    status = models.CharField(
        "Tình trạng",
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NON_MEMBER,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "Người"
        verbose_name_plural = "Danh sách nhân sự"
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # The list's order: a first page without a sort. With the organisation (PostgreSQL only),
            # a name range is counted and checked against the scope without reading the table.
            # PostgreSQL's trigram indexes for the name search are in migration 0002.
            models.Index(fields=["name_key", "id"], include=["organization"], name="people_person_name_id"),
            # A name range inside a province's or a commune's organisations, without reading the others.
            models.Index(fields=["organization", "name_key"], name="people_person_org_name"),
            # Finding a person by name and date of birth (duplicates in imports), without reading the
            # thousands who share a common name.
            models.Index(fields=["name_key", "date_of_birth"], name="people_person_name_dob"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])

    @property
    def is_ethnic_minority(self) -> bool:
        return self.ethnicity != MAJORITY_ETHNICITY

    @property
    def is_religious(self) -> bool:
        return self.religion != NO_RELIGION

    def masked_national_id(self) -> str:
        """For lists: only the first 3 and last 2 digits."""
        return mask_national_id(self.national_id or "")


class EventKind(models.TextChoices):
    NOMINATED = "nominated", "Được giới thiệu là quần chúng ưu tú"
    WITHDRAWN = "withdrawn", "Thôi là đối tượng kết nạp"
    ADMITTED = "admitted", "Kết nạp vào Đảng (đảng viên dự bị)"
    CONFIRMED = "confirmed", "Công nhận đảng viên chính thức"
    TRANSFERRED = "transferred", "Chuyển sinh hoạt trong hệ thống"
    TRANSFERRED_IN = "transferred_in", "Chuyển sinh hoạt đến từ nơi khác"
    TRANSFERRED_OUT = "transferred_out", "Chuyển sinh hoạt ra ngoài"
    REMOVED = "removed", "Ra khỏi Đảng (xóa tên, khai trừ, xin ra)"
    DECEASED = "deceased", "Từ trần"


class MembershipEventQuerySet(AppendOnlyQuerySet):
    scope_path = "organization__path"
    append_only_message = APPEND_ONLY

    def effective(self) -> "MembershipEventQuerySet":
        """Events not replaced by a correction."""
        return self.filter(corrected_by__isnull=True)


class MembershipEvent(AppendOnlyModel):
    """One dated step of a person's party status. Never edited: a correction is a new event."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("Sự kiện", max_length=20, choices=EventKind.choices)
    status_after = models.CharField("Tình trạng sau sự kiện", max_length=20, choices=MembershipStatus.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="Tổ chức đảng", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("Ngày")
    document = models.CharField("Văn bản (số, ngày)", max_length=255, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        verbose_name="Đính chính cho sự kiện",
    )
    reason = models.TextField("Lý do đính chính", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    append_only_message = APPEND_ONLY
    objects = MembershipEventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class MembershipQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"

    def on(self, day: dt.date) -> "MembershipQuerySet":
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def members(self) -> "MembershipQuerySet":
        return self.filter(status__in=MEMBER_STATUSES)


class Membership(models.Model):
    """A period with one status in one organisation, rebuilt from the events (for as-of-date counts)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "status", "valid_from"])]
        ordering = ["person_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.valid_from}–{self.valid_to or ''}"
