"""Dossier pages: upload a scanned paper, open one inline, list the versions of one kind."""

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.views import View
from django.views.generic import TemplateView

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.domain.dossier_kinds import DOCUMENT_KINDS
from ptdv.admissions.forms.dossier import DossierFileUploadForm
from ptdv.admissions.models import Candidacy, DossierFile
from ptdv.admissions.selectors.dossier import dossier_file_versions
from ptdv.admissions.services.dossier import dossier_file_upload, size_label
from ptdv.common.views import ScopedObjectMixin, ServiceFormView


class DossierFileUploadView(ServiceFormView):
    """Upload (or replace) one paper of a candidacy's dossier."""

    model = Candidacy
    action = Action.CHANGE
    form_class = DossierFileUploadForm
    template_name = "admissions/dossier/file_upload.html"
    object: Candidacy

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organization")

    def form_kwargs(self) -> dict[str, Any]:
        return {"max_size_label": size_label(settings.DOSSIER_MAX_BYTES)}

    def initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("loai", "")
        return {"kind": kind} if kind in DOCUMENT_KINDS else {}

    def extra_context(self) -> dict[str, Any]:
        kind = DOCUMENT_KINDS.get(self.request.GET.get("loai", ""))
        current = (
            DossierFile.objects.current().filter(candidacy=self.object, kind=kind.code).first()
            if kind
            else None
        )
        return {
            "title": f"Tải lên giấy tờ: {self.object.person.full_name}",
            "candidacy": self.object,
            "current": current,
        }

    def success_url(self, result: Any) -> str:
        return f"{self.object.get_absolute_url()}#giay-to"

    def perform(self, form: DossierFileUploadForm) -> DossierFile:
        row = dossier_file_upload(
            actor=self.request.user,
            candidacy=self.object,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["uploaded"],
        )
        label = DOCUMENT_KINDS[row.kind].label
        self.success_message = (
            f"Đã thay tệp “{label}”; tệp cũ vẫn được lưu trong lịch sử."
            if row.replaces_id
            else f"Đã tải lên “{label}”."
        )
        return row


class DossierFileView(ScopedObjectMixin, View):
    """The stored file itself, shown in the browser (never guessed at: the type is the one we checked)."""

    model = DossierFile

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        row: DossierFile = self.get_object()
        try:
            handle = row.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404("Tệp không còn trên máy chủ; hãy báo quản trị viên.") from exc
        response = FileResponse(handle, content_type=row.content_type, filename=row.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class DossierFileHistoryView(ScopedObjectMixin, TemplateView):
    """Every version of a candidacy's papers, or of one kind (`?loai=`), newest first."""

    model = Candidacy
    template_name = "admissions/dossier/file_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidacy: Candidacy = self.get_object(self.get_queryset().select_related("person", "organization"))
        code = self.request.GET.get("loai") or None
        kind = DOCUMENT_KINDS.get(code) if code else None
        if code and kind is None:
            raise Http404("Không có loại giấy tờ này.")
        user = self.request.user
        versions = dossier_file_versions(actor=user, candidacy=candidacy, kind=code)
        groups = [
            (DOCUMENT_KINDS.get(c), c, [v for v in versions if v.kind == c])
            for c in dict.fromkeys(v.kind for v in versions)
        ]
        return {
            **super().get_context_data(**kwargs),
            "candidacy": candidacy,
            "kind": kind,
            "groups": groups,
            "can_change": can(user, Action.CHANGE, candidacy.organization),
        }
