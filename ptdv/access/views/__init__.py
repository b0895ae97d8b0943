"""Sign in and out; accounts and grants for organisation admins, limited to their subtree."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.generic import DetailView, ListView

from ptdv.access import forms, services
from ptdv.access.lockout import login_locked_until
from ptdv.access.models import Grant, User
from ptdv.access.roles import Action
from ptdv.access.second_factor import confirmed_device
from ptdv.audit.display import audit_rows
from ptdv.audit.selectors import audit_event_list
from ptdv.common.views import AdminRequiredMixin, ScopedObjectMixin, ServiceFormView
from ptdv.spreadsheets.export import Column, export_response, wants_export


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def users_in_scope(actor: object) -> QuerySet[User]:
    """Accounts holding at least one grant inside the actor's admin scope, with those grants."""
    grants = Grant.objects.restrict(actor, Action.ADMIN).select_related("organization")
    return (
        User.objects.filter(grants__in=grants.values("pk"))
        .distinct()
        .prefetch_related(
            Prefetch("grants", queryset=grants.order_by("organization__path"), to_attr="visible_grants")
        )
        .order_by("username")
    )


USER_COLUMNS = [
    Column("Tên đăng nhập", lambda u: u.username, text=True),
    Column("Họ và tên", lambda u: u.get_full_name()),
    Column("Thư điện tử", lambda u: u.email, text=True),
    Column("Đang dùng được", lambda u: u.is_active),
    Column(
        "Vai trò — tổ chức đảng (trong phạm vi quản trị)",
        lambda u: "\n".join(f"{g.get_role_display()} — {g.organization.name}" for g in u.visible_grants),
        width=60,
    ),
    Column("Ngày tạo", lambda u: u.date_joined),
    Column("Lần đăng nhập gần nhất", lambda u: u.last_login),
]


class UserListView(AdminRequiredMixin, ListView):
    template_name = "access/user_list.html"
    paginate_by = 50
    page_kwarg = "trang"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if fmt := wants_export(request):
            return export_response(
                rows=self.get_queryset(),
                columns=USER_COLUMNS,
                filename=f"Tài khoản {timezone.localdate():%d-%m-%Y}",
                fmt=fmt,
                title="Tài khoản",
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[User]:
        users = users_in_scope(self.request.user)
        if q := self.request.GET.get("q", "").strip():
            users = users.filter(username__icontains=q)
        return users


class UserDetailView(ScopedObjectMixin, DetailView):
    model = User
    template_name = "access/user_detail.html"

    def get_queryset(self) -> QuerySet[User]:
        return users_in_scope(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        events = audit_event_list(actor=self.request.user, target=self.object)[:30]
        locked_until = login_locked_until(self.object.username)
        return {
            **super().get_context_data(**kwargs),
            "grant_form": forms.GrantForm(user=self.request.user),
            "audit_rows": audit_rows(events),
            "locked_until": timezone.localtime(locked_until) if locked_until else None,
            "has_device": confirmed_device(self.object) is not None,
            "is_self": self.object.pk == self.request.user.pk,
        }


class UserCreateView(AdminRequiredMixin, ServiceFormView):
    model = User
    action = Action.ADMIN
    form_class = forms.UserCreateForm
    template_name = "access/user_form.html"
    success_message = "Đã tạo tài khoản."

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        return {"title": "Tạo tài khoản"}

    def perform(self, form: forms.UserCreateForm) -> User:
        return services.user_create(actor=self.request.user, **form.cleaned_data)


class GrantCreateView(ServiceFormView):
    model = User
    action = Action.ADMIN
    form_class = forms.GrantForm
    template_name = "access/user_form.html"
    success_message = "Đã cấp quyền."

    def get_queryset(self) -> QuerySet[User]:
        return users_in_scope(self.request.user)

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self) -> dict[str, Any]:
        return {"title": f"Cấp quyền cho {self.object.username}"}

    def perform(self, form: forms.GrantForm) -> Grant:
        return services.grant_create(actor=self.request.user, user=self.object, **form.cleaned_data)

    def success_url(self, result: Any) -> str:
        return self.object.get_absolute_url()


class GrantRevokeView(ServiceFormView):
    model = Grant
    action = Action.ADMIN
    form_class = forms.ConfirmForm
    template_name = "access/user_form.html"
    success_message = "Đã thu hồi quyền."

    def extra_context(self) -> dict[str, Any]:
        grant = self.object
        return {
            "title": "Thu hồi quyền",
            "danger": True,
            "question": f"Thu hồi vai trò “{grant.get_role_display()}” của {grant.user.username} "
            f"tại {grant.organization.name}?",
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.grant_revoke(actor=self.request.user, grant=self.object)

    def success_url(self, result: Any) -> str:
        return self.object.user.get_absolute_url()
