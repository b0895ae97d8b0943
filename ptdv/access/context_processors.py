"""What the navigation needs to know about the signed-in user."""

from typing import Any

from django.http import HttpRequest

from ptdv.access.roles import Action
from ptdv.access.scoping import scope_paths


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_can_admin": scope_paths(user, Action.ADMIN) != []}
