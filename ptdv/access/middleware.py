"""Request guards: sign-in required, session lifetime, second factor for admins, security headers."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.access.scoping import scope_paths
from ptdv.access.second_factor import SESSION_NEEDS_OTP, confirmed_device, is_verified

PUBLIC_PREFIXES = ("/dang-nhap/", "/static/", "/suc-khoe/")
API_PREFIX = "/api/"
# Under /api/ but pages for people (the key page, the docs page): they need a signed-in session.
API_PAGES = ("/api/khoa/", "/api/docs/")
# Session keys: when the password was accepted, and when the user was last seen (epoch seconds).
SESSION_AUTH_AT = "ptdv_auth_at"
SESSION_SEEN_AT = "ptdv_seen_at"
TOUCH_EVERY_SECONDS = 60  # the last-seen time is rewritten at most once a minute, not on every request

MSG_IDLE = (
    "Phiên làm việc đã hết hạn vì quá {minutes} phút không thao tác. Vui lòng đăng nhập lại để tiếp tục."
)
MSG_ABSOLUTE = "Phiên làm việc đã quá {hours} giờ. Vui lòng đăng nhập lại để tiếp tục."


def carries_api_token(request: HttpRequest) -> bool:
    """An API call authenticated by its own token (checked by the API), not by the session cookie."""
    return request.path.startswith(API_PREFIX) and bool(request.META.get("HTTP_AUTHORIZATION"))


def is_api_endpoint(request: HttpRequest) -> bool:
    """A machine endpoint of the API: the API itself answers 401 in JSON, never a login page."""
    return request.path.startswith(API_PREFIX) and not request.path.startswith(API_PAGES)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests, which would otherwise swap the page into a fragment."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def mark_signed_in(request: HttpRequest) -> None:
    """Start the session's clocks (called when the password is accepted)."""
    now = timezone.now().timestamp()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy: the app needs no camera, microphone, location or sensors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


class SessionExpiryMiddleware:
    """Signs out a session idle for SESSION_IDLE_MINUTES or older than SESSION_ABSOLUTE_HOURS.

    Both clocks live in the server-side session, so a kept or copied cookie cannot stretch them.
    A clock that goes backwards (a changed system time) never expires a session, it only waits.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not carries_api_token(request):
            session = request.session
            now = timezone.now().timestamp()
            auth_at = session.setdefault(SESSION_AUTH_AT, now)  # sessions opened before this check existed
            seen_at = session.get(SESSION_SEEN_AT, now)
            message = ""
            if now - auth_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
                message = MSG_ABSOLUTE.format(hours=settings.SESSION_ABSOLUTE_HOURS)
            elif now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
                message = MSG_IDLE.format(minutes=settings.SESSION_IDLE_MINUTES)
            if message:
                logout(request)
                messages.warning(request, message)
                login_url = reverse(settings.LOGIN_URL)
                if request.method == "GET":
                    login_url += "?" + urlencode({"next": request.get_full_path()})
                return _redirect(request, login_url)
            if SESSION_SEEN_AT not in session or now - seen_at >= TOUCH_EVERY_SECONDS:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a signed-in user, except the login page, static files and the health check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.user.is_authenticated
            and not request.path.startswith(PUBLIC_PREFIXES)
            and not is_api_endpoint(request)
        ):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Admins (and anyone with an authenticator) reach pages only from a session verified by TOTP.

    Without a device yet an admin is sent to enrol; with one, to the code page. Token-authenticated
    API calls are left to the API's own authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def exempt_prefixes(self) -> tuple[str, ...]:
        if self._exempt is None:
            names = ["access:login", "access:logout", "access:security", "access:otp_verify", "health"]
            self._exempt = (*(reverse(name) for name in names), settings.STATIC_URL)
        return self._exempt

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not is_verified(request)
            and not carries_api_token(request)
            and not request.path.startswith(self.exempt_prefixes())
        ):
            # scope_paths(ADMIN) is non-empty exactly for the admin roles and superusers, and is
            # cached for the request (the menu asks the same question).
            admin = scope_paths(user, Action.ADMIN) != []
            if admin or request.session.get(SESSION_NEEDS_OTP):
                name = ""
                if confirmed_device(user) is not None:
                    name = "access:otp_verify"
                elif admin:
                    name = "access:security"
                else:
                    request.session.pop(SESSION_NEEDS_OTP, None)  # their authenticator was reset
                if name:
                    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                    return _redirect(request, reverse(name) + (f"?{query}" if query else ""))
        return self.get_response(request)
