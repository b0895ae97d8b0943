"""Pages for people: list with search, the person's page with timeline, forms through services."""

import html
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views import View
from django.views.generic import DetailView, ListView

from ptdv.access.roles import Action
from ptdv.access.scoping import can, scope_paths, scope_q
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import access_record_list, audit_event_list
from ptdv.common.formatting import vn_date
from ptdv.common.links import url_by_pk
from ptdv.common.paging import CappedIdPaginator
from ptdv.common.views import ScopedObjectMixin, ServiceFormView
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import depth_of
from ptdv.organizations.selectors import organizations_to_choose
from ptdv.people import forms, privacy, selectors, services
from ptdv.people.models import MembershipEvent, Person
from ptdv.people.national_id import mask as mask_national_id
from ptdv.spreadsheets.export import (
    Column,
    ExportLog,
    export_denied,
    export_response,
    national_id_for,
    wants_export,
)

WHO_VIEWED = 20  # access records shown on the person's page
UNIT_OPTIONS = 150  # organisations drawn in the list's filter at most (a national scope has 60,000+)


def _label(name: str) -> str:
    return str(getattr(Person._meta.get_field(name), "verbose_name", name))


def person_columns(user: object) -> list[Column]:
    """The people export: the record as a clerk fills it in; the national ID masked for viewers."""
    return [
        Column(_label("full_name"), lambda p: p.full_name),
        Column(_label("gender"), lambda p: p.get_gender_display()),
        Column(_label("date_of_birth"), lambda p: p.date_of_birth),
        Column(
            _label("national_id"), lambda p: national_id_for(user, p), text=True, width=15, national_id=True
        ),
        Column(_label("ethnicity"), lambda p: p.ethnicity),
        Column(_label("religion"), lambda p: p.religion),
        Column(_label("status"), lambda p: p.get_status_display()),
        Column(_label("organization"), lambda p: p.organization.name),
        Column(_label("phone"), lambda p: p.phone, text=True, width=13),
        Column(_label("occupation"), lambda p: p.occupation),
        Column(_label("occupation_group"), lambda p: p.get_occupation_group_display()),
        Column(_label("education_level"), lambda p: p.get_education_level_display()),
        Column(_label("qualification"), lambda p: p.get_qualification_display()),
        Column(_label("is_youth_union_member"), lambda p: p.is_youth_union_member),
        Column(_label("is_trade_union_member"), lambda p: p.is_trade_union_member),
        Column(_label("is_demobilised_soldier"), lambda p: p.is_demobilised_soldier),
        Column(_label("residence"), lambda p: p.residence),
        Column(_label("workplace"), lambda p: p.workplace),
    ]


STATUS_BADGE = {"full": "text-bg-danger", "probationary": "text-bg-warning", "candidate": "text-bg-info"}
_STATUS_LABELS = dict(Person._meta.get_field("status").flatchoices)
_GENDER_LABELS = dict(Person._meta.get_field("gender").flatchoices)


# What person_rows reads of each person: plain values, no model instances (a person and its
# organisation cost ~20 µs a row to build as instances, for eight values).
ROW_FIELDS = ("pk", "full_name", "status", "gender", "date_of_birth", "national_id", "organization__name")


def person_rows(people: QuerySet[Person]) -> list[dict[str, str]]:
    """What each row of the list shows, worked out once in Python.

    The template engine pays ~20 µs for each variable, method and `{% if %}` of a row; with 50 rows
    a page spent more on them (and on 50 reverse() calls) than on everything else it draws. The values
    are those of the model's own methods (get_absolute_url, get_*_display, masked_national_id).
    """
    url = url_by_pk("people:person_detail")
    return [
        {
            "url": url(pk),
            "name": name,
            "badge": STATUS_BADGE.get(status, "text-bg-light"),
            "status": str(_STATUS_LABELS.get(status, status)),
            "gender": str(_GENDER_LABELS.get(gender, gender)),
            "born": vn_date(born),
            "national_id": mask_national_id(national_id) if national_id else "",
            "unit": unit,
        }
        for pk, name, status, gender, born, national_id, unit in people.values_list(*ROW_FIELDS)
    ]


# One row of the list, exactly as the template's `{% for row in rows %}` drew it (test_person_list_page.py
# draws rows both ways and compares).
_ROW = (
    '\n  <li class="list-group-item person-row">\n'
    '    <div class="d-flex flex-wrap gap-2 align-items-baseline">\n'
    '      <a class="fw-semibold" href="{url}">{name}</a>\n'
    '      <span class="badge {badge}">{status}</span>\n'
    "    </div>\n"
    '    <div class="meta">{gender} · sinh {born}{national_id} · {unit}</div>\n'
    "  </li>\n"
)


def person_rows_html(rows: list[dict[str, str]]) -> SafeString:
    """The rows' <li>s written in Python, every value escaped as the template escaped it.

    Drawn by the template, 50 rows cost ~2 ms (eight variables and an `{% if %}` each); as one
    string they cost ~0,2 ms.
    """
    out = []
    for row in rows:
        text = {key: html.escape(value) for key, value in row.items()}
        if text["national_id"]:
            text["national_id"] = f" · CCCD {text['national_id']}"
        out.append(_ROW.format_map(text))
    return SafeString("".join(out))


class PersonListView(ListView):
    """People in the user's scope, searchable without diacritics, filterable by several units."""

    template_name = "people/person_list.html"
    paginate_by = 50
    page_kwarg = "trang"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if fmt := wants_export(request):
            if denied := export_denied(request):
                return denied
            # The page's own filters and scope, every matching row, no pagination.
            people = self.get_queryset()
            return export_response(
                rows=people,
                columns=person_columns(request.user),
                filename=f"Danh sách nhân sự {timezone.localdate():%d-%m-%Y}",
                fmt=fmt,
                title="Danh sách nhân sự",
                log=ExportLog(actor=request.user, target_type="people.person"),
                full_ids_expected=lambda: (
                    people.filter(
                        scope_q(request.user, Action.CHANGE, "organization__path"), national_id__isnull=False
                    )
                    .exclude(national_id="")
                    .count()
                ),
            )
        return super().get(request, *args, **kwargs)

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

    def get_paginator(
        self,
        queryset: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> Paginator:
        # Counting every match nationally costs more than the page itself: count up to a cap. The
        # orders of person_list end with a unique field, so the page may be read through its ids.
        page = self.request.GET.get(self.page_kwarg, 1)
        return CappedIdPaginator(
            queryset, per_page, page=page, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )

    def show_units(self) -> None:
        """Offer the top two or three levels of the user's scope in the filter, and what is chosen.

        Every organisation in scope is still accepted (the form's queryset is unchanged); only the
        options drawn on the page are fewer, so a national page does not carry 60,000 of them.
        """
        field = cast(ModelMultipleChoiceField, self.filter_form.fields["org"])
        paths = scope_paths(self.request.user, Action.VIEW)
        top = min((depth_of(path) for path in paths), default=1) if paths is not None else 1
        in_scope = field.queryset if field.queryset is not None else Organization.objects.none()
        # Rows, not model instances (two queries of up to 151 each, read on every page view). The
        # label is the name, as the field's label_from_instance (str(organisation)) gives it.
        shown = ("pk", "path", "name")
        units = list(in_scope.filter(depth__lte=top + 2).values_list(*shown)[: UNIT_OPTIONS + 1])
        if len(units) > UNIT_OPTIONS:
            units = list(in_scope.filter(depth__lte=top + 1).values_list(*shown)[:UNIT_OPTIONS])
        chosen = self.filter_form.cleaned_data.get("org") or [] if self.filter_form.is_bound else []
        options = {pk: (path, name) for pk, path, name in units}
        options.update({unit.pk: (unit.path, field.label_from_instance(unit)) for unit in chosen})
        field.widget.choices = [
            (pk, label) for pk, (_, label) in sorted(options.items(), key=lambda o: o[1][0])
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.show_units()
        context = super().get_context_data(**kwargs)
        return {
            **context,
            # The rows read the page's values; its model instances (object_list) are never built.
            "rows_html": person_rows_html(person_rows(context["object_list"])),
            "filter_form": self.filter_form,
            "can_create": organizations_to_choose(actor=self.request.user, action=Action.CHANGE).exists(),
        }


class PersonDetailView(ScopedObjectMixin, DetailView):
    """A person's record and the timeline of their party status."""

    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # One record per page load: htmx fragments of the page are not new views of the record.
        if not getattr(request, "htmx", False):
            privacy.person_record_viewed(actor=request.user, person=self.object)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person: Person = self.object
        user = self.request.user
        is_admin = can(user, Action.ADMIN, person.organization)
        return {
            **super().get_context_data(**kwargs),
            "timeline": selectors.person_timeline(person),
            "can_change": can(user, Action.CHANGE, person.organization),
            "is_admin": is_admin,
            "audit_rows": audit_rows(audit_event_list(actor=user, target=person)[:30]) if is_admin else [],
            "viewers": list(access_record_list(actor=user, target=person)[:WHO_VIEWED]) if is_admin else [],
        }


class PersonNationalIdRevealView(ScopedObjectMixin, View):
    """POST: the full national ID in place of the masked one (htmx fragment); every reveal is logged."""

    model = Person
    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Out of scope is a 404 whatever the method: look the person up first.
        self.object = self.get_object(self.get_queryset().select_related("organization"))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            value = privacy.national_id_reveal(actor=request.user, person=self.object)
        except PermissionDenied as denied:
            context = {"object": self.object, "denied": str(denied)}
            return render(request, "people/_national_id.html", context, status=403)
        context = {"object": self.object, "revealed": value}
        return render(request, "people/_national_id.html", context)


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
        # Only called when the form is opened: the full national ID in the form is a logged reveal.
        values = {name: getattr(self.object, name) for name in services.PERSON_FIELDS}
        values["national_id"] = privacy.national_id_reveal(actor=self.request.user, person=self.object)
        return values

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
