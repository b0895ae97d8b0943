"""The page where a signed-in user lists, creates and revokes their own API keys."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from ptdv.access.models import User
from ptdv.api.forms import ApiTokenForm
from ptdv.api.models import ApiToken
from ptdv.api.services import api_token_create, api_token_revoke
from ptdv.common.views import add_service_errors

TEMPLATE = "api/token_list.html"


def _me(request: HttpRequest) -> User:
    """The signed-in user (these views require one)."""
    return cast(User, request.user)


class ApiTokenListView(LoginRequiredMixin, View):
    """Your keys (name, start of the key, dates); a form to make one; the new key shown once."""

    def _render(
        self, request: HttpRequest, form: ApiTokenForm, new_key: str = "", status: int = 200
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=_me(request)).order_by("-created_at", "-id")
        context = {"tokens": tokens, "form": form, "new_key": new_key}
        return render(request, TEMPLATE, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                made = api_token_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Rendered, not redirected: the key exists only in this answer.
                return self._render(request, ApiTokenForm(), new_key=made.key)
        return self._render(request, form, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of your own keys (POST only); someone else's key is not found."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = ApiToken.objects.filter(user=_me(request), pk=pk).first()
        if token is None:
            raise Http404("Không tìm thấy khóa này trong các khóa của bạn.")
        try:
            api_token_revoke(actor=request.user, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Đã thu hồi khóa “{token.name}”; chương trình dùng khóa này sẽ bị từ chối."
            )
        return redirect("api:token_list")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("api:token_list")
