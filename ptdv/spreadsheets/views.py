"""Import pages: upload, column choice, preview with row errors and duplicates, progress, results."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View

from ptdv.access.roles import Action
from ptdv.common.views import ScopedObjectMixin, paginate
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.spreadsheets import forms, services, tasks
from ptdv.spreadsheets.export import AGGREGATE, PERSONAL, ExportLog, export_allowed, export_denied
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.mapping import from_json
from ptdv.spreadsheets.models import Decision, ImportJob, ImportKind, ImportStatus, RowOutcome, RowStatus
from ptdv.spreadsheets.workbooks import rejected_rows, rejected_workbook, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_FILTERS: dict[str, tuple[str, dict[str, Any]]] = {
    "": ("Tất cả", {}),
    "loi": ("Có lỗi", {"status": RowStatus.ERROR}),
    "luu-y": ("Cần lưu ý", {"status": RowStatus.WARNING}),
    "trung": ("Trùng", {"duplicate__isnull": False}),
    "khong-nhap": ("Không nhập được", {"outcome": RowOutcome.REJECTED}),
}


def _attachment(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    from ptdv.common.text import search_key

    response = HttpResponse(content, content_type=XLSX)
    ascii_name = search_key(filename).replace(" ", "-") or "tep.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


class ImportJobListView(View):
    """The imports of the user's scope, newest first, and the templates to download."""

    def get(self, request: HttpRequest) -> HttpResponse:
        jobs = ImportJob.objects.restrict(request.user).select_related("organization", "created_by")
        can_import = organizations_to_choose(actor=request.user, action=Action.CHANGE).exists()
        return render(
            request,
            "spreadsheets/importjob_list.html",
            {"page": paginate(request, jobs), "kinds": KINDS.values(), "can_import": can_import},
        )


class ImportJobCreateView(View):
    """Upload a file: it is kept as is, then checked in the background; nothing is written yet."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not organizations_to_choose(actor=request.user, action=Action.CHANGE).exists():
            raise Http404("Bạn không có quyền nhập dữ liệu.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"kind": request.GET.get("loai", "people")}
        return self._page(request, forms.ImportUploadForm(initial=initial, user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ImportUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._page(request, form, status=400)
        data = form.cleaned_data
        try:
            job = services.import_create(
                actor=request.user, kind=data["kind"], organization=data["organization"], upload=data["file"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            return self._page(request, form, status=400)
        tasks.analyse_import(job.pk)
        return redirect(job)

    def _page(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        return render(
            request,
            "spreadsheets/importjob_create.html",
            {"form": form, "kinds": KINDS.values()},
            status=status,
        )


class TemplateDownloadView(View):
    """The empty template of one kind, with its instructions sheet."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in KINDS:
            raise Http404("Không có mẫu này.")
        name = str(KINDS[kind].label).split(" (")[0]
        return _attachment(template_workbook(kind), f"Mẫu nhập - {name}.xlsx")


class _JobView(ScopedObjectMixin, View):
    model = ImportJob

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.job: ImportJob = self.get_object()

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("organization", "created_by")


class _ChangeJobView(_JobView):
    action = Action.CHANGE


class ImportJobDetailView(_JobView):
    """One import: what the file held, row by row, and what to do next."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job
        context: dict[str, Any] = {
            "job": job,
            "kind": KINDS[job.kind],
            "files_allowed": export_allowed(request.user, _file_kind(job), job.organization),
        }
        if job.status in (ImportStatus.READY, ImportStatus.COMMITTING, ImportStatus.DONE):
            key = request.GET.get("loc", "")
            query: dict[str, Any] = ROW_FILTERS.get(key, ROW_FILTERS[""])[1]
            rows = job.rows.filter(**query).order_by("number")
            context.update(
                page=paginate(request, rows),
                row_filter=key,
                filters=[(k, label, job.rows.filter(**q).count()) for k, (label, q) in ROW_FILTERS.items()],
                rejected_count=rejected_rows(job).count(),
                importable=job.total_rows - job.error_rows,
                decision_labels=dict(Decision.choices),
            )
        return render(request, "spreadsheets/importjob_detail.html", context)


class ImportJobProgressView(_JobView):
    """The progress fragment polled by the page while the file is checked or committed."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        response = render(request, "spreadsheets/_progress.html", {"job": self.job})
        if self.job.status not in (ImportStatus.ANALYSING, ImportStatus.COMMITTING):
            response["HX-Refresh"] = "true"  # finished: reload the whole page with the results
        return response


class ImportJobMapView(_ChangeJobView):
    """Choose which column of the file holds which field, when the headers differ from the template."""

    def _samples(self) -> dict[int, list[str]]:
        samples: dict[int, list[str]] = {}
        for cells in self.job.samples:
            for index, value in enumerate(cells):
                if value not in (None, ""):
                    samples.setdefault(index, []).append(str(from_json(value))[:40])
        return samples

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = forms.ColumnMappingForm(job=self.job, samples=self._samples())
        return render(request, "spreadsheets/importjob_map.html", {"job": self.job, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = forms.ColumnMappingForm(request.POST, job=self.job, samples=self._samples())
        if not form.is_valid():
            return render(
                request, "spreadsheets/importjob_map.html", {"job": self.job, "form": form}, status=400
            )
        services.import_map(
            actor=request.user, job=self.job, mapping=form.mapping(), remember=form.cleaned_data["remember"]
        )
        messages.success(request, "Đã lưu cách chọn cột và kiểm tra lại tệp.")
        return redirect(self.job)


class ImportJobDecideView(_ChangeJobView):
    """Save the skip / update / create choices of duplicate rows."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decisions: dict[int, str] = {}
        for name, value in request.POST.items():
            if name.startswith("quyet_dinh_") and name.removeprefix("quyet_dinh_").isdigit():
                decisions[int(name.removeprefix("quyet_dinh_"))] = str(value)
        try:
            changed = services.import_decide(actor=request.user, job=self.job, decisions=decisions)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Đã lưu lựa chọn cho {changed} dòng trùng.")
        return redirect(f"{self.job.get_absolute_url()}?{request.GET.urlencode()}")


class ImportJobDryRunView(_ChangeJobView):
    """Try every row through the services and roll back: the preview then shows exact outcomes."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            counts = services.import_dry_run(actor=request.user, job=self.job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.info(
                request,
                f"Chạy thử xong, chưa ghi gì: sẽ tạo mới {counts['created']}, cập nhật {counts['updated']}, "
                f"không đổi {counts['unchanged']}, bỏ qua {counts['skipped']}, không nhập được {counts['rejected']}.",
            )
        return redirect(self.job)


class ImportJobCommitView(_ChangeJobView):
    """Start writing: the background task commits row by row while the page shows the progress bar."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            job = services.import_start(actor=request.user, job=self.job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.job)
        tasks.commit_import(job.pk)
        return redirect(job)


PERSONAL_KINDS = {ImportKind.PEOPLE, ImportKind.ADMISSIONS}


def _file_kind(job: ImportJob) -> str:
    """Files of people carry full national IDs: only those who may change the job's organisation."""
    return PERSONAL if job.kind in PERSONAL_KINDS else AGGREGATE


def _file_denied(request: HttpRequest, job: ImportJob) -> HttpResponse | None:
    return export_denied(request, _file_kind(job), job.organization)


def _log_file(request: HttpRequest, job: ImportJob, filename: str, rows: int) -> None:
    if job.kind in PERSONAL_KINDS:
        log = ExportLog(
            actor=request.user, organization=job.organization, target_type="spreadsheets.importjob"
        )
        log.record(filename=filename, fmt=filename.rsplit(".", 1)[-1].lower(), rows=rows, full_ids=None)


class RejectedDownloadView(_JobView):
    """The rows not written, with the file's headers and an error column, ready to fix and re-import."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.job.status not in (ImportStatus.READY, ImportStatus.COMMITTING, ImportStatus.DONE):
            raise Http404("Chưa có dòng để tải.")
        if denied := _file_denied(request, self.job):
            return denied
        stem = self.job.original_name.rsplit(".", 1)[0]
        filename = f"{stem} - dòng cần sửa.xlsx"
        _log_file(request, self.job, filename, rejected_rows(self.job).count())
        return _attachment(rejected_workbook(self.job), filename)


class OriginalDownloadView(_JobView):
    """The file exactly as uploaded."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if denied := _file_denied(request, self.job):
            return denied
        _log_file(request, self.job, self.job.original_name, self.job.total_rows)
        return FileResponse(self.job.file.open("rb"), as_attachment=True, filename=self.job.original_name)
