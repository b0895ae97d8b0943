"""Awareness-course pages: the list, a course with its students, bulk enrolment, bulk completion."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.generic import DetailView, ListView

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.admissions.forms import courses as forms
from ptdv.admissions.models import AwarenessCourse, CourseEnrolment
from ptdv.admissions.selectors import courses as selectors
from ptdv.admissions.services import courses as services
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.formatting import vn_number
from ptdv.common.views import ScopedObjectMixin, ServiceFormView
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.spreadsheets.export import Column, export_denied, export_response, wants_export


class CourseScopeMixin(ScopedObjectMixin):
    """A course is found among those the user sees (organiser or one of its students in scope)."""

    model = AwarenessCourse

    def get_queryset(self) -> QuerySet:
        return selectors.course_list(actor=self.request.user)


class CourseListView(ListView):
    """Courses in the user's scope, newest first, with how many enrolled and completed."""

    template_name = "admissions/courses/course_list.html"
    paginate_by = 30
    page_kwarg = "trang"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            return export_response(
                rows=self.get_queryset(),
                columns=COURSE_COLUMNS,
                filename=f"Lớp bồi dưỡng nhận thức về Đảng {timezone.localdate():%d-%m-%Y}",
                fmt=fmt,
                title="Lớp nhận thức về Đảng",
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AwarenessCourse]:
        return selectors.course_list(actor=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "can_create": organizations_to_choose(actor=self.request.user, action=Action.CHANGE).exists(),
        }


def _course_label(name: str) -> str:
    return str(getattr(AwarenessCourse._meta.get_field(name), "verbose_name", name))


COURSE_COLUMNS = [
    Column(_course_label("name"), lambda c: c.name),
    Column(_course_label("organizer"), lambda c: c.organizer.name),
    Column(_course_label("starts_on"), lambda c: c.starts_on),
    Column(_course_label("ends_on"), lambda c: c.ends_on),
    Column(_course_label("format"), lambda c: c.get_format_display()),
    Column(_course_label("location"), lambda c: c.location),
    Column("Số người ghi danh", lambda c: c.enrolled_count),
    Column("Số người đã hoàn thành", lambda c: c.completed_count),
]


class CourseCreateView(ServiceFormView):
    model = AwarenessCourse
    action = Action.CHANGE
    form_class = forms.CourseForm
    template_name = "admissions/courses/course_form.html"
    success_message = "Đã mở lớp. Bây giờ có thể ghi danh học viên."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def initial(self) -> dict[str, Any]:
        return {"format": "daytime"}

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Mở lớp bồi dưỡng nhận thức về Đảng"}

    def perform(self, form: forms.CourseForm) -> AwarenessCourse:
        return services.course_create(actor=self.request.user, **form.cleaned_data)


class CourseDetailView(CourseScopeMixin, DetailView):
    """A course: its details, its students (those the user may see) and what each received."""

    template_name = "admissions/courses/course_detail.html"
    context_object_name = "course"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        course: AwarenessCourse = self.object
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "enrolments": selectors.enrolment_list(actor=user, course=course),
            "hidden_count": selectors.course_hidden_enrolments(actor=user, course=course),
            "can_enrol": selectors.enrolment_candidates(actor=user, course=course).exists(),
            "can_complete": selectors.enrolments_to_complete(actor=user, course=course).exists(),
            "audit_rows": audit_rows(audit_event_list(actor=user, target=course)[:30])
            if can(user, Action.ADMIN, course.organizer)
            else [],
        }


class CourseEnrolView(CourseScopeMixin, ServiceFormView):
    """Tick several candidates waiting for the course and enrol them in one go."""

    form_class = forms.EnrolForm
    template_name = "admissions/courses/course_enrol.html"

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        chosen = {str(pk) for pk in self.request.POST.getlist("candidacies")}
        return {
            "title": f"Ghi danh học viên: {self.object.name}",
            "course": self.object,
            "candidates": selectors.enrolment_candidates(actor=self.request.user, course=self.object),
            "chosen": chosen,
        }

    def perform(self, form: forms.EnrolForm) -> list[CourseEnrolment]:
        created = services.course_enrol(
            actor=self.request.user, course=self.object, candidacies=form.cleaned_data["candidacies"]
        )
        self.success_message = f"Đã ghi danh {vn_number(len(created))} người vào lớp."
        return created


class CourseCompleteView(CourseScopeMixin, ServiceFormView):
    """One certificate date and one number per student; everyone moves to "trained" or nobody does."""

    form_class = forms.CompleteForm  # type: ignore[assignment]
    template_name = "admissions/courses/course_complete.html"
    auto_error = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.enrolments = list(selectors.enrolments_to_complete(actor=request.user, course=self.object))

    def form_kwargs(self) -> dict[str, Any]:
        return {"enrolments": self.enrolments}

    def extra_context(self) -> dict[str, Any]:
        return {
            "title": f"Ghi hoàn thành lớp: {self.object.name}",
            "course": self.object,
            "auto_error": self.auto_error,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "tu_dong" not in request.POST:
            return super().post(request, *args, **kwargs)
        # "Đánh số tự động": fill every number from the prefix and start, save nothing yet.
        typed = forms.CompleteForm(request.POST, enrolments=self.enrolments)
        try:
            filled = typed.numbered()
        except ValidationError as error:
            self.auto_error = " ".join(error.messages)
            filled = {name: request.POST.get(name, "") for name in typed.fields}
        return self.render_form(forms.CompleteForm(initial=filled, enrolments=self.enrolments))

    def perform(self, form: forms.CompleteForm) -> list[CourseEnrolment]:
        done = services.course_complete(actor=self.request.user, course=self.object, rows=form.rows())
        self.success_message = f"Đã ghi hoàn thành cho {vn_number(len(done))} người"
        if skipped := form.skipped():
            self.success_message += f"; {vn_number(skipped)} người để trống số giấy chứng nhận nên chưa ghi."
        else:
            self.success_message += "."
        return done
