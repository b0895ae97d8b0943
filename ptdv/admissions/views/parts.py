"""Introducer and verification forms of a candidacy, and the generated .docx forms."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views import View

from ptdv.access.roles import Action
from ptdv.admissions.forms.candidacies import IntroductionEndForm, IntroductionForm, VerificationForm
from ptdv.admissions.models import Candidacy, Introduction, Verification
from ptdv.admissions.selectors.forms import available_forms, form_data_for
from ptdv.admissions.services import introduction_add, introduction_end, verification_add, verification_update
from ptdv.common.views import ScopedObjectMixin, ServiceFormView
from ptdv.documents.admission_forms import render_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class IntroductionAddView(ServiceFormView):
    model = Candidacy
    action = Action.CHANGE
    form_class = IntroductionForm  # type: ignore[assignment]
    template_name = "admissions/part_form.html"
    success_message = "Đã thêm người giới thiệu."

    def form_kwargs(self) -> dict[str, Any]:
        return {"candidacy": self.object, "user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Thêm người giới thiệu", "c": self.object}

    def perform(self, form: IntroductionForm) -> Any:
        return introduction_add(actor=self.request.user, candidacy=self.object, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return self.object.get_absolute_url() + "#gioi-thieu"


class IntroductionEndView(ServiceFormView):
    model = Introduction
    action = Action.CHANGE
    template_name = "admissions/part_form.html"
    success_message = "Đã ghi thôi giới thiệu; hãy thêm người giới thiệu thay thế."

    form_class = IntroductionEndForm

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Thay người giới thiệu: {self.object.name}", "c": self.object.candidacy}

    def perform(self, form: Any) -> Any:
        return introduction_end(actor=self.request.user, introduction=self.object, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return self.object.candidacy.get_absolute_url() + "#gioi-thieu"


class VerificationAddView(ServiceFormView):
    model = Candidacy
    action = Action.CHANGE
    form_class = VerificationForm  # type: ignore[assignment]
    template_name = "admissions/part_form.html"
    success_message = "Đã thêm người cần thẩm tra."

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Thêm người cần thẩm tra lý lịch", "c": self.object}

    def perform(self, form: VerificationForm) -> Any:
        return verification_add(actor=self.request.user, candidacy=self.object, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return self.object.get_absolute_url() + "#tham-tra"


class VerificationUpdateView(ServiceFormView):
    model = Verification
    action = Action.CHANGE
    form_class = VerificationForm  # type: ignore[assignment]
    template_name = "admissions/part_form.html"
    success_message = "Đã ghi kết quả thẩm tra."

    def initial(self) -> dict[str, Any]:
        v = self.object
        return {f: getattr(v, f) for f in VerificationForm.Meta.fields}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Thẩm tra: {self.object}", "c": self.object.candidacy}

    def perform(self, form: VerificationForm) -> Any:
        return verification_update(actor=self.request.user, verification=self.object, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return self.object.candidacy.get_absolute_url() + "#tham-tra"


class CandidacyFormDownloadView(ScopedObjectMixin, View):
    """A generated form (.docx) filled from the candidacy; only forms whose step is recorded."""

    model = Candidacy

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        candidacy = self.get_object(self.get_queryset().select_related("person", "organization", "mentor"))
        code = kwargs["code"]
        if code not in {f.code for f in available_forms(candidacy)}:
            raise Http404("Mẫu này chưa có dữ liệu ở giai đoạn hiện tại của hồ sơ.")
        content = render_form(code, form_data_for(candidacy, code))
        name = f"{code}-{slugify(candidacy.person.name_key)}.docx".replace("Đ", "D")
        response = HttpResponse(content, content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
