"""The organisation tree, its placements over time, its recorded changes, its population."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet


class OrgKind(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Đảng bộ tỉnh, thành phố"
    DISTRICT = "district", "Đảng bộ huyện (trước 01/07/2025)"
    COMMUNE = "commune", "Đảng bộ xã, phường, đặc khu"
    UPPER_GRASSROOTS = "upper_grassroots", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ trực thuộc"


GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
# Kinds whose own members sit directly in them (a cell, or a grassroots cell with no cells below).
CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)


class Sector(models.TextChoices):
    COMMUNE_WARD = "commune_ward", "Xã, phường, đặc khu"
    AGENCY = "agency", "Cơ quan"
    EDUCATION = "education", "Đơn vị sự nghiệp giáo dục"
    HEALTH = "health", "Đơn vị sự nghiệp y tế"
    OTHER_PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp khác"
    STATE_ENTERPRISE = "state_enterprise", "Doanh nghiệp nhà nước"
    NON_STATE_ENTERPRISE = "non_state_enterprise", "Doanh nghiệp ngoài nhà nước"
    SCHOOL = "school", "Trường học"
    RESIDENTIAL = "residential", "Khu dân cư (thôn, ấp, khu phố)"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    OTHER = "other", "Khác"


class OrganizationQuerySet(RestrictedQuerySet):
    scope_path = "path"

    def active_on(self, day: dt.date) -> "OrganizationQuerySet":
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def current(self) -> "OrganizationQuerySet":
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, org: "Organization") -> "OrganizationQuerySet":
        """The organisation and everything currently below it."""
        from ptdv.organizations.paths import subtree_q

        return self.filter(subtree_q("path", org.path))


class Organization(models.Model):
    """A party organisation: any node of the tree, from the Central Committee to a cell."""

    code = models.CharField("Mã tổ chức", max_length=40, unique=True)
    name = models.CharField("Tên", max_length=255)
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("Loại tổ chức", max_length=24, choices=OrgKind.choices)
    sector = models.CharField("Loại hình", max_length=24, choices=Sector.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="Trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Current materialised path (see paths.py); placements keep the earlier ones.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=1)
    valid_from = models.DateField("Hoạt động từ ngày")
    valid_to = models.DateField("Hoạt động đến ngày", null=True, blank=True)
    is_authorised_to_admit = models.BooleanField("Được ủy quyền kết nạp đảng viên", default=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "Tổ chức đảng"
        verbose_name_plural = "Tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization_detail", args=[self.pk])

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_active(self) -> bool:
        return self.valid_to is None


class OrgPlacement(models.Model):
    """Where an organisation sat in the tree during a period: its parent and path then."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(Organization, null=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "valid_from"])]
        ordering = ["organization_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.path} {self.valid_from}–{self.valid_to or ''}"


class OrgChangeKind(models.TextChoices):
    CREATION = "creation", "Thành lập"
    MERGER = "merger", "Sáp nhập, hợp nhất"
    SPLIT = "split", "Chia tách"
    RENAME = "rename", "Đổi tên"
    MOVE = "move", "Chuyển trực thuộc"
    DISSOLUTION = "dissolution", "Giải thể"


class OrgChange(models.Model):
    """A recorded, effective-dated change to the tree: merger, split, rename, move, dissolution."""

    kind = models.CharField("Loại thay đổi", max_length=16, choices=OrgChangeKind.choices)
    effective_date = models.DateField("Ngày có hiệu lực")
    document = models.CharField("Căn cứ (văn bản)", max_length=255, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    details = models.JSONField(default=dict, blank=True)
    predecessors = models.ManyToManyField(Organization, related_name="changes_as_predecessor", blank=True)
    successors = models.ManyToManyField(Organization, related_name="changes_as_successor", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Thay đổi tổ chức"
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class OrgLineage(models.Model):
    """Transitive "became part of" relation: `ancestor` was (or is) merged or split into `descendant`.

    Every organisation is its own lineage ancestor, so "an organisation and its predecessors" is a
    single filter on this table.
    """

    ancestor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="lineage_descendants")
    descendant = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="lineage_ancestors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "descendant"], name="lineage_unique")]

    def __str__(self) -> str:
        return f"{self.ancestor_id} → {self.descendant_id}"


class Population(models.Model):
    """Population of an organisation's area in a year (for members-per-population ratios)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="populations")
    year = models.PositiveSmallIntegerField("Năm")
    population = models.PositiveIntegerField("Dân số")
    source = models.CharField("Nguồn số liệu", max_length=255, blank=True)

    class Meta:
        verbose_name = "Dân số"
        ordering = ["organization_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="population_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}: {self.population}"
