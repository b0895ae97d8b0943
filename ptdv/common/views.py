"""View building blocks: scoping applied once, service errors shown on forms, pagination."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from ptdv.access.roles import Action

PAGE_SIZE = 50


class ScopedObjectMixin:
    """Looks objects up only among those the user may act on: anything else is a 404."""

    model: type[Model]
    action: str = Action.VIEW
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_queryset(self) -> QuerySet:
        return self.model.objects.restrict(self.request.user, self.action)  # type: ignore[attr-defined]

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError) as exc:  # type: ignore[attr-defined]
            raise Http404("Không tìm thấy hoặc ngoài phạm vi quản lý.") from exc


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.message % item.params if item.params else item.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def paginate(request: HttpRequest, items: QuerySet, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("trang"))


class ServiceFormView(ScopedObjectMixin, View):
    """A form page, usually on one scoped object, whose submit calls one service.

    Subclasses set `form_class`, `template_name`, `success_message`, and define `perform(form)`,
    which calls the service and returns what was written.
    """

    form_class: type[Form]
    template_name: str
    success_message = "Đã lưu."
    perform: Callable[[Any], Any]
    object: Any = None

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object() if "pk" in kwargs else None

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def initial(self) -> dict[str, Any]:
        return {}

    def extra_context(self) -> dict[str, Any]:
        return {}

    def success_url(self, result: Any) -> str:
        return str((result if hasattr(result, "get_absolute_url") else self.object).get_absolute_url())

    def render_form(self, form: Form) -> HttpResponse:
        context = {"form": form, "object": self.object, **self.extra_context()}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.form_class(initial=self.initial(), **self.form_kwargs()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs())
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url(result))
        return self.render_form(form)


class AdminRequiredMixin:
    """Pages for organisation admins: anyone who administers nothing gets a 404, not an empty page."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        from ptdv.access.scoping import scope_paths

        if scope_paths(request.user, Action.ADMIN) == []:
            raise Http404("Chỉ quản trị viên của tổ chức mới dùng được trang này.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
