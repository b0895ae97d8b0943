"""Settings for PTĐV. Everything that differs between machines comes from the environment."""

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the embedded database and the task queue's file live here
VAR_DIR.mkdir(exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "ptdv-local-only-secret-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ptdv.common",
    "ptdv.audit",
    "ptdv.access",
    "ptdv.organizations",
    "ptdv.people",
    "ptdv.admissions",
    "ptdv.targets",
    "ptdv.reports",
    "ptdv.tallies",
    "ptdv.spreadsheets",
    "ptdv.demo",
    "ptdv.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers go on every response, static files included (WhiteNoise answers those itself).
    "ptdv.access.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ptdv.audit.middleware.RequestContextMiddleware",
    # After messages: an expired session is signed out with a message shown on the login page.
    "ptdv.access.middleware.SessionExpiryMiddleware",
    "ptdv.access.middleware.LoginRequiredMiddleware",
    "ptdv.access.middleware.SecondFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's widget templates, but a <select>'s options written in Python (~0,1 ms an option less).
FORM_RENDERER = "ptdv.common.renderers.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ptdv.access.context_processors.navigation",
                "ptdv.admissions.context_processors.reminders",
            ],
            "builtins": ["ptdv.common.templatetags.ptdv", "ptdv.admissions.templatetags.admissions"],
        },
    }
]

# One variable picks the database: SQLite under var/ by default, PostgreSQL in production.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'ptdv.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and (_test_worker := os.environ.get("PYTEST_XDIST_WORKER", "")).startswith("gw"):
    # The test suite in several processes: each has its own test database, and its own Redis database
    # (every test empties the cache, and cached snapshots are keyed by ids both databases reuse).
    _redis = urlsplit(REDIS_URL)
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{1 + int(_test_worker[2:])}"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Huey on SQLite by default (no extra server), Redis when REDIS_URL is set.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "ptdv",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "ptdv",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

AUTH_USER_MODEL = "access.User"
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "access:login"
# Axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "ptdv.access.passwords.VietnameseMinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "ptdv.access.passwords.VietnameseCommonPasswordValidator"},
    {"NAME": "ptdv.access.passwords.VietnameseNumericPasswordValidator"},
    {"NAME": "ptdv.access.passwords.VietnameseUserAttributeSimilarityValidator"},
]

# Sessions: an idle limit and an absolute limit, both checked on the server by
# ptdv.access.middleware.SessionExpiryMiddleware from times kept in the session (the cookie's own
# expiry can be replayed or kept by a browser, so it is not trusted). The session row and the cookie
# also expire at the absolute limit, so nothing outlives it.
# Pre-aggregated figures (ptdv/tallies): kept for every organisation down to this depth (1 = the
# centre, 2 = the provinces), whose subtrees are too large to count per request. docs/scaling.md.
TALLY_MAX_DEPTH = env_int("TALLY_MAX_DEPTH", 2)
# A change of the tree touching at most this many units (a commune moving: ~100) moves the tallies by
# what those units count, in its own transaction; above (a whole province merging) the tallies are
# marked stale and rebuilt in the background, and the dashboards count directly until then.
TALLY_TREE_CHANGE_MAX_UNITS = env_int("TALLY_TREE_CHANGE_MAX_UNITS", 5000)
# A dashboard lists the grassroots organisations and cells with no admission in the period only up to
# this many units below it (a commune has ~100); above (a province, the centre) it gives the totals,
# and each unit below lists its own: a list of thousands of names helps nobody and costs the most.
IDLE_LIST_MAX_UNITS = env_int("IDLE_LIST_MAX_UNITS", 2_000)
# A form's organisation field is a <select> up to this many choices (a commune: ~100), and a search
# box above it (a province: ~8.000; the centre: 339.000). ptdv/organizations/picker.py.
ORG_PICKER_SELECT_MAX = env_int("ORG_PICKER_SELECT_MAX", 300)
# The funnel and forecast pipeline of the centre and the provinces are a snapshot this old at most,
# refreshed in the background before it expires (reports.tasks).
PIPELINE_SNAPSHOT_SECONDS = env_int("PIPELINE_SNAPSHOT_SECONDS", 900)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a link to the app from an intranet portal or a mail must open signed in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the cookie: htmx sends the token written in the page

# HTTPS=1 behind a TLS-terminating proxy: secure cookies, redirect to https, HSTS. Off by default so
# `make run` on http://127.0.0.1:8000 keeps working.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]  # the load balancer's health check speaks plain http
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other intranet hosts under the same domain may not have TLS
# Trusted only with HTTPS=1, where the proxy in front must set (and overwrite) X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), fullscreen=(self)"
)

# Content-Security-Policy: our own files only. No inline script or style, no eval, nothing external:
# the app runs on intranets without internet, and an injected script has nowhere to load from.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes). Locked by username alone, not username + IP: offices sit behind one
# NAT address, so IP says little about who is guessing, and a guesser who moves between machines (or
# forges X-Forwarded-For) would reset a username + IP counter. The cost, that someone can lock another
# person out on purpose, is bounded by the cool-off and by an admin's "Mở khóa" on the account page.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that attempts could be spread over user agents; with "username" alone axes sums the
# failures of every row of that username whatever its agent or address (tested in access/tests).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ptdv.access.views.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Two-factor (django-otp, TOTP): required for admins (ptdv.access.second_factor), optional for others.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "PTĐV")
OTP_TOTP_THROTTLE_FACTOR = 1  # after each wrong code, wait 1, 2, 4, 8… seconds before the next try

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers shown to users go through the vn_number/vn_percent filters. Django's automatic grouping
# would also turn ids in links and form values into "1.234" (broken links for id ≥ 1000).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Scanned dossier files: never served as static files; a scoped view streams them.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/tep/"
DOSSIER_MAX_BYTES = env_int("DOSSIER_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = DOSSIER_MAX_BYTES + 1024 * 1024
# Spreadsheet imports: larger files are refused before reading, with advice to split them.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 30 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
# The rows of a file this large are checked by worker processes as well (ptdv/spreadsheets/checking.py);
# starting them costs about a second, so a small file is checked in the importing process alone. One
# worker on two CPUs gains as much as two, for half the memory; a machine with more cores may use more.
IMPORT_CHECK_PROCESSES = env_int("IMPORT_CHECK_PROCESSES", 1)
IMPORT_CHECK_PROCESSES_FROM_ROWS = env_int("IMPORT_CHECK_PROCESSES_FROM_ROWS", 20_000)
# On PostgreSQL the commit writes each chunk in a thread of its own while it checks the next one.
IMPORT_WRITER_THREAD = env_bool("IMPORT_WRITER_THREAD", True)
# Bootstrap is installed from the npm registry by `make run` / `make test` (package.json, pinned).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Mail is "configured" when an SMTP host is given (or a backend is named, e.g. in tests); otherwise
# reminders stay in the app only.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ptdv@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
REMINDER_EMAIL_ENABLED = bool(EMAIL_HOST) or env_bool("REMINDER_EMAIL_ENABLED", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The REST API (ptdv.api): token or session authentication, scoped like the pages, page-number lists.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ptdv.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "ptdv.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "ptdv.api.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "ptdv.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "ptdv.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/hour"),
        "user": env_str("API_THROTTLE_USER", "5000/hour"),
    },
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API PTĐV — Phát triển đảng viên",
    "DESCRIPTION": (
        "Đọc và ghi dữ liệu phát triển đảng viên trong đúng phạm vi và quyền của tài khoản. "
        "Xác thực bằng khóa API (tiêu đề Authorization: Bearer <khóa>), tạo ở trang /api/khoa/. "
        "Ngoài phạm vi: 404; trong phạm vi nhưng thiếu quyền: 403; dữ liệu chưa hợp lệ: 400."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"StageEnum": "ptdv.admissions.models.candidacy.Stage"},
}
