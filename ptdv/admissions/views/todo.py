"""The to-do page, the user's notifications, and the rules page (rule sets, parameters, calendar)."""

from collections import Counter
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from ptdv.admissions.domain.context import parameter_overrides
from ptdv.admissions.models import CalendarDay, Notification, RuleParameter
from ptdv.admissions.models.configuration import DayKind
from ptdv.admissions.reminders import notification_mark_read
from ptdv.admissions.rules import PARAM_INFO, RULESETS
from ptdv.admissions.selectors.candidacies import overdue_counts
from ptdv.admissions.selectors.todo import todo_list
from ptdv.admissions.services.configuration import calendar_day_add, is_national_admin, rule_parameter_set
from ptdv.common.forms import DateInput, bootstrap
from ptdv.common.views import add_service_errors


class TodoView(TemplateView):
    """Deadlines in the user's scope: overdue first, then the soonest; and overdue counts per cell."""

    template_name = "admissions/todo.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        items = todo_list(actor=self.request.user)
        kinds = Counter(item.title for item in items)
        return {
            **super().get_context_data(**kwargs),
            "overdue": [i for i in items if i.overdue],
            "upcoming": [i for i in items if not i.overdue],
            "kinds": sorted(kinds.items()),
            "per_org": list(overdue_counts(actor=self.request.user)[:50]),
        }


class NotificationListView(View):
    """The user's reminders; "đánh dấu đã đọc" marks them read."""

    def get(self, request: HttpRequest) -> HttpResponse:
        items = Notification.objects.filter(user_id=request.user.pk or 0).select_related("candidacy__person")[
            :200
        ]
        return render(request, "admissions/notification_list.html", {"items": items})

    def post(self, request: HttpRequest) -> HttpResponse:
        notification_mark_read(actor=request.user)
        messages.success(request, "Đã đánh dấu tất cả là đã đọc.")
        return redirect("admissions:notification_list")


class ParameterForm(forms.Form):
    key = forms.ChoiceField(label="Tham số")
    value = forms.IntegerField(label="Giá trị mới", min_value=0)
    valid_from = forms.DateField(label="Áp dụng từ ngày", widget=DateInput)
    document = forms.CharField(label="Căn cứ (văn bản)", max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, info.label) for key, info in PARAM_INFO.items()
        ]
        bootstrap(self)


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="Ngày", widget=DateInput)
    kind = forms.ChoiceField(label="Loại", choices=DayKind.choices)
    note = forms.CharField(label="Căn cứ (văn bản, thông báo)", max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RulesView(View):
    """Every rule with its code, severity and citation per rule set; parameters and their sources."""

    template_name = "admissions/rules.html"

    def _render(self, request: HttpRequest, parameter_form: Any = None, day_form: Any = None) -> HttpResponse:
        today = timezone.localdate()
        overrides = parameter_overrides(today)
        current = next((rs for rs in reversed(RULESETS) if rs.valid_from <= today), RULESETS[0])
        params = [
            {
                "key": key,
                "info": info,
                "default": getattr(current.params, key),
                "value": overrides.get(key, getattr(current.params, key)),
                "overridden": key in overrides,
            }
            for key, info in PARAM_INFO.items()
        ]
        national = is_national_admin(request.user)
        return render(
            request,
            self.template_name,
            {
                "rulesets": RULESETS,
                "current": current,
                "params": params,
                "history": RuleParameter.objects.select_related("created_by")[:100],
                "days": CalendarDay.objects.all()[:200],
                "national": national,
                "parameter_form": parameter_form
                or (ParameterForm(initial={"valid_from": today}) if national else None),
                "day_form": day_form or (CalendarDayForm() if national else None),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        if "them-ngay" in request.POST:
            day_form = CalendarDayForm(request.POST)
            if day_form.is_valid():
                try:
                    calendar_day_add(actor=request.user, **day_form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(day_form, error)
                else:
                    messages.success(request, "Đã khai báo ngày; các hạn đã được tính lại.")
                    return redirect("admissions:rules")
            return self._render(request, day_form=day_form)
        form = ParameterForm(request.POST)
        if form.is_valid():
            try:
                rule_parameter_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Đã lưu giá trị mới của tham số; các hạn đã được tính lại.")
                return redirect("admissions:rules")
        return self._render(request, parameter_form=form)
