"""Pages for people: list with search, the person's page with timeline, forms through services."""

from typing import Any

from django.views.generic import DetailView, ListView

from ptdv.access.roles import Action
from ptdv.access.scoping import can
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import ScopedObjectMixin, ServiceFormView
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.people import forms, selectors, services
from ptdv.people.models import MembershipEvent, Person


class PersonListView(ListView):
    """People in the user's scope, searchable without diacritics, filterable by several units."""

    template_name = "people/person_list.html"
    paginate_by = 50
    page_kwarg = "trang"

    def get_queryset(self):
        self.filter_form = forms.PersonFilterForm(self.request.GET or None, user=self.request.user)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        minority = {"kinh": False, "thieu_so": True}.get(data.get("dan_toc", ""))
        return selectors.person_list(
            actor=self.request.user,
            q=data.get("q", ""),
            organizations=data.get("org") or (),
            statuses=data.get("status") or (),
            gender=data.get("gender", ""),
            ethnic_minority=minority,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "filter_form": self.filter_form,
            "can_create": organizations_to_choose(actor=self.request.user, action=Action.CHANGE).exists(),
        }


class PersonDetailView(ScopedObjectMixin, DetailView):
    """A person's record and the timeline of their party status."""

    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person: Person = self.object
        user = self.request.user
        is_admin = can(user, Action.ADMIN, person.organization)
        return {
            **super().get_context_data(**kwargs),
            "timeline": selectors.person_timeline(person),
            "can_change": can(user, Action.CHANGE, person.organization),
            "audit_rows": audit_rows(audit_event_list(actor=user, target=person)[:30]) if is_admin else [],
        }


class PersonCreateView(ServiceFormView):
    model = Person
    action = Action.CHANGE
    form_class = forms.PersonForm
    template_name = "people/person_form.html"
    success_message = "Đã thêm người vào danh sách."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def initial(self) -> dict[str, Any]:
        return {
            "organization": self.request.GET.get("org"),
            "ethnicity": "Kinh",
            "religion": "Không",
            "education_level": "upper_secondary",
            "qualification": "none",
            "occupation_group": "other",
        }

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Thêm người"}

    def perform(self, form: forms.PersonForm) -> Person:
        return services.person_create(actor=self.request.user, **form.cleaned_data)


class PersonUpdateView(ServiceFormView):
    model = Person
    action = Action.CHANGE
    form_class = forms.PersonForm
    template_name = "people/person_form.html"
    success_message = "Đã lưu thay đổi; giá trị cũ được giữ trong nhật ký."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def initial(self) -> dict[str, Any]:
        return {name: getattr(self.object, name) for name in services.PERSON_FIELDS}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Sửa hồ sơ: {self.object.full_name}"}

    def perform(self, form: forms.PersonForm) -> Person:
        return services.person_update(actor=self.request.user, person=self.object, **form.cleaned_data)


class MembershipEventCreateView(ServiceFormView):
    """Record the next dated step of a person's party status."""

    model = Person
    action = Action.CHANGE
    form_class = forms.MembershipEventForm
    template_name = "people/membership_event_form.html"
    success_message = "Đã ghi sự kiện vào quá trình."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "kinds": services.next_event_kinds(self.object.status)}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Ghi sự kiện: {self.object.full_name}", "person": self.object}

    def success_url(self, result: Any) -> str:
        return self.object.get_absolute_url()

    def perform(self, form: forms.MembershipEventForm) -> MembershipEvent:
        data = form.cleaned_data
        return services.membership_event_record(
            actor=self.request.user,
            person=self.object,
            kind=data["kind"],
            date=data["date"],
            organization=data.get("organization"),
            document=data["document"],
            note=data["note"],
            status=data.get("status") or None,
        )


class MembershipEventCorrectView(ServiceFormView):
    """Correct an event: a new event replaces it; the old one stays visible, struck through."""

    model = MembershipEvent
    action = Action.CHANGE
    form_class = forms.MembershipEventCorrectForm
    template_name = "people/membership_event_form.html"
    success_message = "Đã ghi đính chính; sự kiện cũ vẫn được lưu."

    def initial(self) -> dict[str, Any]:
        return {"date": self.object.date, "document": self.object.document, "note": self.object.note}

    def extra_context(self) -> dict[str, Any]:
        return {
            "title": f"Đính chính: {self.object.get_kind_display()}",
            "person": self.object.person,
            "event": self.object,
        }

    def success_url(self, result: Any) -> str:
        return self.object.person.get_absolute_url()

    def perform(self, form: forms.MembershipEventCorrectForm) -> MembershipEvent:
        return services.membership_event_correct(
            actor=self.request.user, event=self.object, **form.cleaned_data
        )
