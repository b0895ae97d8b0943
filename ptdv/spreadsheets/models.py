"""Import records: the original file, each row as read with its messages and outcome, saved mappings."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", "Tổ chức đảng"
    PEOPLE = "people", "Nhân sự (quần chúng, quần chúng ưu tú, đảng viên)"
    ADMISSIONS = "admissions", "Lịch sử kết nạp"
    TARGETS = "targets", "Chỉ tiêu"


class ImportStatus(models.TextChoices):
    ANALYSING = "analysing", "Đang kiểm tra tệp"
    FAILED = "failed", "Không đọc được tệp"
    NEEDS_MAPPING = "needs_mapping", "Cần chọn cột"
    READY = "ready", "Chờ xác nhận nhập"
    COMMITTING = "committing", "Đang nhập"
    DONE = "done", "Đã nhập xong"


class RowStatus(models.TextChoices):
    VALID = "valid", "Hợp lệ"
    WARNING = "warning", "Cần lưu ý"
    ERROR = "error", "Có lỗi"


class Decision(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Cập nhật bản đã có"
    SKIP = "skip", "Bỏ qua"


class RowOutcome(models.TextChoices):
    PENDING = "", "Chưa nhập"
    CREATED = "created", "Đã tạo mới"
    UPDATED = "updated", "Đã cập nhật"
    UNCHANGED = "unchanged", "Không thay đổi"
    SKIPPED = "skipped", "Bỏ qua (trùng)"
    REJECTED = "rejected", "Không nhập được"


class ImportJobQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"


class ImportJob(models.Model):
    """One uploaded file being imported under an organisation: kept with its counts for the record."""

    kind = models.CharField("Loại dữ liệu", max_length=20, choices=ImportKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="Nhập cho", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("Tệp gốc", upload_to="imports/%Y/%m/")
    original_name = models.CharField("Tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("Dung lượng", default=0)
    format = models.CharField("Định dạng", max_length=8, blank=True)
    sheet_name = models.CharField("Trang tính", max_length=120, blank=True)
    header_row = models.PositiveIntegerField("Dòng tiêu đề", default=0)
    headers = models.JSONField("Tiêu đề các cột", default=list, blank=True)
    mapping = models.JSONField("Cột ứng với mục", default=dict, blank=True)  # column index (str) → key
    samples = models.JSONField("Vài dòng đầu", default=list, blank=True)  # for choosing columns
    status = models.CharField(
        "Trạng thái", max_length=16, choices=ImportStatus.choices, default=ImportStatus.ANALYSING
    )
    message = models.TextField("Thông báo", blank=True)
    notes = models.JSONField("Lưu ý chung", default=list, blank=True)
    total_rows = models.PositiveIntegerField("Số dòng dữ liệu", default=0)
    valid_rows = models.PositiveIntegerField("Dòng hợp lệ", default=0)
    warning_rows = models.PositiveIntegerField("Dòng cần lưu ý", default=0)
    error_rows = models.PositiveIntegerField("Dòng có lỗi", default=0)
    duplicate_rows = models.PositiveIntegerField("Dòng trùng", default=0)
    processed = models.PositiveIntegerField("Đã xử lý", default=0)
    created = models.PositiveIntegerField("Tạo mới", default=0)
    updated = models.PositiveIntegerField("Cập nhật", default=0)
    unchanged = models.PositiveIntegerField("Không đổi", default=0)
    skipped = models.PositiveIntegerField("Bỏ qua", default=0)
    rejected = models.PositiveIntegerField("Không nhập được", default=0)
    dry_run_at = models.DateTimeField("Chạy thử lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người nhập",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("Tải lên lúc", auto_now_add=True)
    started_at = models.DateTimeField("Bắt đầu nhập", null=True, blank=True)
    finished_at = models.DateTimeField("Xong lúc", null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress while committing (to resume)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "Lần nhập dữ liệu"
        verbose_name_plural = "Các lần nhập dữ liệu"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("spreadsheets:importjob_detail", args=[self.pk])

    @property
    def request_id(self) -> str:
        """The audit trail's request id of every write this import makes."""
        return f"import-{self.pk}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total_rows) if self.total_rows else 100


class ImportRowQuerySet(models.QuerySet):
    def pending(self) -> "ImportRowQuerySet":
        return self.filter(outcome=RowOutcome.PENDING)


class ImportRow(models.Model):
    """One data row of the file: its cells as read, messages, duplicate, decision and outcome."""

    # (job, number), (job, outcome, number) and (job, status) below lead with the job: no index of its own.
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows", db_index=False)
    number = models.PositiveIntegerField("Dòng")
    cells = models.JSONField("Các ô", default=list)  # raw values in file order, JSON-safe
    # The row's checked values (dates tagged as in `cells`), kept by the analysis for the commit, which
    # then does not read the cells again; None for rows with errors and for rows analysed before.
    values = models.JSONField("Giá trị đã kiểm tra", null=True, blank=True)
    summary = models.CharField("Tóm tắt", max_length=255, blank=True)
    status = models.CharField("Kiểm tra", max_length=8, choices=RowStatus.choices)
    errors = models.JSONField("Lỗi", default=list, blank=True)
    warnings = models.JSONField("Lưu ý", default=list, blank=True)
    duplicate = models.JSONField("Trùng với", null=True, blank=True)
    plan = models.CharField("Dự kiến", max_length=8, choices=Decision.choices, default=Decision.CREATE)
    decision = models.CharField("Quyết định", max_length=8, choices=Decision.choices, default=Decision.CREATE)
    outcome = models.CharField("Kết quả", max_length=10, choices=RowOutcome.choices, blank=True, default="")
    outcome_message = models.TextField("Lý do", blank=True)
    dry_outcome = models.CharField(
        "Kết quả chạy thử", max_length=10, choices=RowOutcome.choices, blank=True, default=""
    )
    dry_message = models.TextField("Lý do (chạy thử)", blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)

    objects = ImportRowQuerySet.as_manager()

    class Meta:
        ordering = ["job_id", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="import_row_unique_number")]
        indexes = [models.Index(fields=["job", "outcome", "number"]), models.Index(fields=["job", "status"])]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.number}"


class ColumnMapping(models.Model):
    """A user's choice of which file column is which field, reused for files with the same headers."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # header key → field key
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "signature"], name="column_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"
