"""The base API viewset: scoping once, 404 out of scope, 403 for a missing right, services for writes."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from ptdv.access.roles import Action
from ptdv.access.scoping import can, scope_paths
from ptdv.api.errors import MSG_NOT_FOUND

MAX_PK = 2**63 - 1
MSG_NO_RIGHT: dict[str, str] = {
    Action.CHANGE: "Bạn chỉ được xem: việc này cần quyền nhập, sửa dữ liệu ở “{org}”.",
    Action.APPROVE: "Việc này cần quyền ghi nghị quyết, quyết định ở “{org}”.",
    Action.ADMIN: "Việc này cần quyền quản trị ở “{org}”.",
}
MSG_NO_RIGHT_ANYWHERE: dict[str, str] = {
    Action.CHANGE: "Bạn chỉ được xem: việc này cần quyền nhập, sửa dữ liệu.",
    Action.APPROVE: "Việc này cần quyền ghi nghị quyết, quyết định (vai trò Người phê duyệt trở lên).",
    Action.ADMIN: "Việc này cần quyền quản trị.",
}


def parse_pk(raw: Any) -> int:
    """A path id as an int; anything else (letters, 0, too large) is simply not found."""
    text = str(raw)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_PK:
        raise Http404(MSG_NOT_FOUND)
    return int(text)


class ScopedViewSet(viewsets.GenericViewSet):
    """Lists and objects start from what the user may see; each action names the right it needs.

    Concrete viewsets set `model`, `rights` ({action: Action}) and, if their objects do not carry
    an `organization`, override `organization_of`.
    """

    model: type[Model]
    rights: dict[str, str] = {}
    lookup_value_regex = r"[^/]+"  # any segment reaches the view, which answers a JSON 404

    def get_queryset(self) -> QuerySet:
        return self.model.objects.restrict(self.request.user, Action.VIEW)  # type: ignore[attr-defined]

    def organization_of(self, obj: Any) -> Any:
        return obj.organization

    def get_object(self) -> Any:
        obj = self.get_queryset().filter(pk=parse_pk(self.kwargs[self.lookup_field])).first()
        if obj is None:
            raise Http404(MSG_NOT_FOUND)
        if (right := self.rights.get(self.action)) is not None:
            organization = self.organization_of(obj)
            if organization is None:
                self.require_somewhere(right)
            else:
                self.require(right, organization)
        return obj

    def require(self, right: str, organization: Any) -> None:
        """403 when the user sees `organization` but lacks `right` on it."""
        if not can(self.request.user, right, organization):
            raise PermissionDenied(
                MSG_NO_RIGHT.get(right, MSG_NO_RIGHT[Action.CHANGE]).format(org=organization)
            )

    def require_somewhere(self, right: str) -> None:
        """403 before reading the body when the user holds `right` on no organisation at all."""
        if scope_paths(self.request.user, right) == []:
            raise PermissionDenied(MSG_NO_RIGHT_ANYWHERE.get(right, MSG_NO_RIGHT_ANYWHERE[Action.CHANGE]))

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.detail is False and (right := self.rights.get(self.action)) is not None:
            self.require_somewhere(right)
