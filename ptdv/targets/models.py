"""Targets per organisation × period × category, the terms they are set for, and the categories."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet


class Term(models.Model):
    """A term of office (nhiệm kỳ) such as 2020–2025, with the dates its figures are counted between."""

    code = models.CharField("Mã", max_length=20, unique=True)  # "2020-2025"
    name = models.CharField("Tên", max_length=60)  # "Nhiệm kỳ 2020–2025"
    start = models.DateField("Từ ngày")
    end = models.DateField("Đến ngày")

    class Meta:
        verbose_name = "Nhiệm kỳ"
        ordering = ["start"]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Category(models.Model):
    """A group of admitted people a target or a statistic is broken down by (đối tượng).

    A person belongs to the category when ANY of the listed conditions holds (occupation group, sector
    of the organisation that admitted them, gender, the flags), so "pupils, students and workers in
    non-state enterprises" is one category with two conditions.
    """

    key = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Tên đối tượng", max_length=120)
    order = models.PositiveSmallIntegerField("Thứ tự", default=100)
    is_active = models.BooleanField("Đang dùng", default=True)
    occupation_groups = models.JSONField("Nhóm nghề nghiệp", default=list, blank=True)
    sectors = models.JSONField("Loại hình tổ chức đảng kết nạp", default=list, blank=True)
    gender = models.CharField("Giới tính", max_length=1, blank=True)
    ethnic_minority = models.BooleanField("Người dân tộc thiểu số", default=False)
    religious = models.BooleanField("Người có đạo", default=False)
    youth_union = models.BooleanField("Đoàn viên Đoàn TNCS Hồ Chí Minh", default=False)
    trade_union = models.BooleanField("Đoàn viên Công đoàn", default=False)
    demobilised_soldier = models.BooleanField("Quân nhân xuất ngũ", default=False)

    class Meta:
        verbose_name = "Đối tượng"
        verbose_name_plural = "Đối tượng"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Measure(models.TextChoices):
    ADMISSIONS = "admissions", "Kết nạp đảng viên mới"
    MEMBER_POPULATION_RATIO = "member_population_ratio", "Tỷ lệ đảng viên so với dân số"
    SOURCES = "sources", "Giới thiệu quần chúng ưu tú (tạo nguồn)"


class TargetForm(models.TextChoices):
    EXACT = "exact", "Một con số"
    RANGE = "range", "Khoảng, từ … đến …"
    PERCENT_OF_BASE = "percent_of_base", "Tỷ lệ % so với số đảng viên đầu năm"


class TargetQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"

    def for_term(self, term: Term) -> "TargetQuerySet":
        return self.filter(term=term)


class Target(models.Model):
    """A target (chỉ tiêu) of one organisation for a term or a year, for all people or one category."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="Tổ chức đảng",
        on_delete=models.PROTECT,
        related_name="targets",
    )
    term = models.ForeignKey(
        Term, verbose_name="Nhiệm kỳ", null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("Năm", null=True, blank=True)
    per_year = models.BooleanField("Chỉ tiêu cho mỗi năm của nhiệm kỳ", default=False)
    measure = models.CharField("Nội dung", max_length=32, choices=Measure.choices, default=Measure.ADMISSIONS)
    category = models.ForeignKey(
        Category,
        verbose_name="Đối tượng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    form = models.CharField("Hình thức", max_length=20, choices=TargetForm.choices, default=TargetForm.EXACT)
    minimum = models.DecimalField("Mức (tối thiểu)", max_digits=12, decimal_places=2)
    maximum = models.DecimalField("Mức tối đa", max_digits=12, decimal_places=2, null=True, blank=True)
    nominated_by = models.CharField("Đoàn thể giới thiệu nguồn", max_length=20, blank=True)
    source_document = models.CharField("Căn cứ (văn bản giao chỉ tiêu)", max_length=255)
    note = models.TextField("Ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        ordering = ["organization__path", "term__start", "year", "measure", "category__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(term__isnull=False, year__isnull=True) | Q(term__isnull=True, year__isnull=False)
                ),
                name="target_term_or_year",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "term"]),
            models.Index(fields=["organization", "year"]),
        ]

    def __str__(self) -> str:
        return f"Chỉ tiêu {self.organization} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("targets:target_list") + f"?org={self.organization_id}"

    @property
    def period_label(self) -> str:
        if self.term is not None:
            label = f"nhiệm kỳ {self.term.code.replace('-', '–')}"
            return f"mỗi năm, {label}" if self.per_year else label
        return f"năm {self.year}"

    @property
    def is_range(self) -> bool:
        return self.maximum is not None and self.maximum != self.minimum

    def bounds(self) -> tuple[Decimal, Decimal | None]:
        return self.minimum, self.maximum
