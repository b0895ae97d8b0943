"""What happens in the session when a password is accepted."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from ptdv.access.middleware import mark_signed_in
from ptdv.access.second_factor import SESSION_NEEDS_OTP, confirmed_device


@receiver(user_logged_in, dispatch_uid="ptdv_access_signed_in")
def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Start the session clocks; an account with an authenticator must also give a code."""
    if request is None or not hasattr(request, "session"):
        return
    mark_signed_in(request)
    if confirmed_device(user) is not None:
        request.session[SESSION_NEEDS_OTP] = True
