"""Settings for Đảng vụ. SQLite under var/ by default; DATABASE_URL selects PostgreSQL."""

import contextlib
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("DANGVU_HOME", Path.cwd()))
VAR_DIR = PROJECT_DIR / "var"

DEBUG = os.environ.get("DANGVU_DEBUG", "0") == "1"


def _secret_key() -> str:
    """DANGVU_SECRET_KEY from the environment (required in production); the demo and development (`make run`,
    `make dev`: DANGVU_DEMO=1) generate one into var/secret_key once and keep it; the test suite uses its own."""
    key = os.environ.get("DANGVU_SECRET_KEY", "").strip()
    if key:
        return key
    if os.environ.get("PYTEST_VERSION"):  # set by pytest itself: a key that only ever signs test data
        return "tests-only-" + "0123456789abcdef" * 3
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if os.environ.get("DANGVU_DEMO") == "1" or DEBUG:
        import secrets

        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process of the same start wrote it first
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(key + "\n")
        return key
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DANGVU_SECRET_KEY is not set: export a long random value (python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'); only the demo (make run / make dev) generates one into var/."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DANGVU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
# Behind a reverse proxy that terminates TLS (deploy/nginx.conf): trust its X-Forwarded-Proto, secure cookies.
if os.environ.get("DANGVU_HTTPS", "").lower() in {"1", "true", "yes"}:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS: browsers refuse plain http for this host for a year (DANGVU_HSTS_SECONDS; 0 turns it off).
    SECURE_HSTS_SECONDS = int(os.environ.get("DANGVU_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DANGVU_HSTS_SUBDOMAINS", "").lower() in {"1", "true", "yes"}
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get(
            "DANGVU_CSRF_TRUSTED_ORIGINS", ",".join(f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS if h != "*")
        ).split(",") if o.strip()
    ]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "dangvu.core",
    "dangvu.jobs",
    "dangvu.accounts",
    "dangvu.orgs",
    "dangvu.members",
    "dangvu.admissions",
    "dangvu.ratings",
    "dangvu.enterprises",
    "dangvu.targets",
    "dangvu.documents",
    "dangvu.imports",
    "dangvu.reports",
    "dangvu.demo",
    "dangvu.web",
    "dangvu.api",
    "dangvu.ops",
]

MIDDLEWARE = [
    "dangvu.ops.middleware.RequestLogMiddleware",  # first: request id and duration cover everything below
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dangvu.core.security.RequestLimitsMiddleware",  # 413 for a body over the limit, before anything reads it
    "dangvu.core.security.NoStoreMiddleware",  # Cache-Control: no-store for signed-in pages and the API
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy: no inline script, nothing from another origin
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with the second factor
    "dangvu.accounts.middleware.SecondFactorMiddleware",  # pages wait for the second factor where it applies
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dangvu.ops.middleware.WriteConflictMiddleware",  # a refused concurrent write answers 409, never 500
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the Vietnamese lockout answer (429)
]

ROOT_URLCONF = "dangvu.urls"
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
                "dangvu.web.context_processors.current_user",
            ],
            "builtins": ["django.templatetags.l10n", "dangvu.core.templatetags.vn"],
        },
    },
]
WSGI_APPLICATION = "dangvu.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangvu.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL: readers never wait for the writer. IMMEDIATE: every transaction takes the write lock when it starts, so
    # concurrent writers queue (up to `timeout` seconds) instead of failing with "database is locked" when a read
    # transaction tries to upgrade; it also serialises conflicting writes as PostgreSQL's row locks do.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DANGVU_SQLITE_TIMEOUT", "20")),  # seconds a writer waits for the lock
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Kept open by each server thread (opening one, with Django's functions and the PRAGMAs, cost ~1,5 ms a request:
    # most of a kept page's time); closed and reopened after an error or when older than this.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DANGVU_SQLITE_CONN_MAX_AGE", "600"))
else:
    # A writer waits at most this long for a row another request holds (lock_for_update), then the request gets
    # the 409 page (core.locking.is_write_conflict: SQLSTATE 55P03) instead of hanging until the worker is killed.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={int(float(os.environ.get('DANGVU_PG_LOCK_TIMEOUT', '20')) * 1000)}"
    )

# Counts, rendered lists and reports kept while the data stay the same (dangvu.core.cache: keyed by the newest audit
# entry, so any write invalidates them): files under var/cache (DANGVU_CACHE_DIR), shared by the gunicorn workers
# on SQLite and PostgreSQL alike; the test suite keeps them in memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DANGVU_CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}
if os.environ.get("PYTEST_VERSION"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 600}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Every path that sets a password (pages, admin, createuser/createadmin, changepassword) runs these validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dangvu.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes) on the web login, /admin/login/ and POST /api/v1/auth/token: after
# DANGVU_LOGIN_FAILURE_LIMIT failures of one username from one IP address, that pair is locked for
# DANGVU_LOGIN_LOCK_MINUTES (tries during the lock do not extend it); a success resets the count.
# An administrator unlocks with `dangvu unlock --username U` or in the admin (Đăng nhập sai); both are audited.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DANGVU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DANGVU_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "dangvu.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # dangvu.accounts.admin registers an audited unlock instead
AXES_VERBOSE = False
# Behind the TLS proxy (DANGVU_HTTPS) the client is the last X-Forwarded-For entry, the one nginx appended.
AXES_CLIENT_IP_CALLABLE = "dangvu.accounts.lockout.client_ip"
# API tokens live this many days (then a new POST /api/v1/auth/token); revoked on logout, password change and
# deactivation.
DANGVU_API_TOKEN_DAYS = int(os.environ.get("DANGVU_API_TOKEN_DAYS", "30"))


def _second_factor_roles() -> list[str]:
    """Roles that must sign in with a second factor (TOTP): DANGVU_2FA_REQUIRED_ROLES, comma-separated, or
    "none". A real deployment requires it of administrators (province_admin; superusers count as such); the demo
    (`make run`/`make dev`: DANGVU_DEMO=1) and the test suite require it of nobody so that the printed demo
    accounts sign in with their password alone. Anyone may still turn it on for themselves (/account/)."""
    default = "none" if os.environ.get("DANGVU_DEMO") == "1" or os.environ.get("PYTEST_VERSION") else "province_admin"
    raw = os.environ.get("DANGVU_2FA_REQUIRED_ROLES", default).strip().lower()
    return [] if raw in {"", "none", "0", "false"} else [r.strip() for r in raw.split(",") if r.strip()]


DANGVU_2FA_REQUIRED_ROLES = _second_factor_roles()
OTP_TOTP_ISSUER = "Đảng vụ"
DANGVU_RECOVERY_CODES = 10  # one-time recovery codes (django-otp static tokens) issued with each enrolment
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise warns on every request while STATIC_ROOT is missing; the assets themselves come from finders.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# `make run` collects (and compresses) the assets into var/static and whitenoise serves them from there; before
# a collectstatic and in development (DEBUG) it serves them straight from the source folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or not any(STATIC_ROOT.glob("*"))

SESSION_COOKIE_HTTPONLY = True
# Sessions are written to the database and read through the shared cache (var/cache): every page read them, one
# statement less a request; a session culled from the cache is read from the database again.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own static files (no inline <script>, no on*
# handlers: js/pages.js binds data attributes), nothing from another origin, no framing. Inline style attributes
# stay allowed (progress bars, tree indentation): they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Request bodies: JSON and forms up to 2 MB, multipart uploads (imports) up to 20 MB; larger answers 413.
DANGVU_MAX_JSON_BYTES = int(os.environ.get("DANGVU_MAX_JSON_BYTES", str(2 * 1024 * 1024)))
DANGVU_MAX_UPLOAD_BYTES = int(os.environ.get("DANGVU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = DANGVU_MAX_JSON_BYTES
# The OpenAPI schema and its docs page need a signed-in user or a bearer token unless this is true.
DANGVU_API_DOCS_PUBLIC = os.environ.get("DANGVU_API_DOCS_PUBLIC", "").lower() in {"1", "true", "yes"}

# Logs to stdout (systemd's journal, docker logs): time, level, request id, logger, message; one line per request
# from dangvu.ops.middleware.RequestLogMiddleware with the user and duration. DANGVU_LOG_LEVEL (INFO).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "dangvu.ops.logs.RequestContextFilter"}},
    "formatters": {"readable": {"format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s",
                                "datefmt": "%Y-%m-%d %H:%M:%S%z"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "filters": ["request"],
                    "formatter": "readable"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "dangvu": {"level": os.environ.get("DANGVU_LOG_LEVEL", "INFO")},
        # Our request line replaces Django's own 4xx/5xx warning lines (errors keep their traceback).
        "django.request": {"level": "ERROR"},
    },
}

# Background jobs (dangvu.jobs): django-q2 with its ORM broker, i.e. this same database; `dangvu worker` runs it
# (make run starts it beside gunicorn). A task not acknowledged within `retry` seconds (its worker was killed) is
# delivered again; `timeout` must stay below it. The tests run jobs at once, in the request (DANGVU_JOBS_SYNC).
Q_CLUSTER = {
    "name": "dangvu",
    "orm": "default",
    "workers": int(os.environ.get("DANGVU_JOBS_WORKERS", "1")),
    "timeout": int(os.environ.get("DANGVU_JOBS_TIMEOUT", "900")),
    "retry": int(os.environ.get("DANGVU_JOBS_RETRY", "960")),
    "max_attempts": 2,
    "poll": 1,
    "save_limit": 200,
    "ack_failures": True,
    "catch_up": False,
    "label": "Hàng đợi (django-q2)",
}
DANGVU_JOBS_SYNC = os.environ.get("DANGVU_JOBS_SYNC", "1" if os.environ.get("PYTEST_VERSION") else "0") == "1"

# Domain rule settings (RULES.md); each names the document it follows. Every limit a province may change is listed
# here with its default (the apps' rules.py read them; tests/core/test_rule_settings.py keeps the list complete).
# A deployment overrides any of them with DANGVU_RULES_JSON, e.g. '{"ADMISSION_AGE_MAX": 65}'.
DANGVU_RULES = {
    # Điều lệ Đảng, Điều 5: thời gian dự bị 12 tháng.
    "PROBATION_MONTHS": 12,
    # Quy định 294-QĐ/TW (2025): kết nạp đến đủ 60 tuổi; kết nạp lại sau ít nhất 36 tháng.
    "ADMISSION_AGE_MAX": 60,
    "READMISSION_WAIT_MONTHS": 36,
    # Quy định 294-QĐ/TW: lễ kết nạp trong 30 ngày làm việc kể từ khi nhận quyết định.
    "CEREMONY_WORKING_DAYS": 30,
    # Hướng dẫn 12-HD/BTCTW: giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng có giá trị 60 tháng.
    "CERTIFICATE_VALID_MONTHS": 60,
    # Quy định 294-QĐ/TW: chi bộ xét công nhận chính thức trong 30 ngày làm việc sau 12 tháng dự bị (≈ 42 ngày).
    "RECOGNITION_GRACE_DAYS": 42,
    # Quy định 294-QĐ/TW: nộp giấy giới thiệu sinh hoạt đảng cho cấp ủy nơi đến trong 30 ngày làm việc.
    "TRANSFER_PRESENT_WORKING_DAYS": 30,
    # Quy định 294-QĐ/TW: sinh hoạt tạm thời từ 3 tháng; công tác dưới 12 tháng, học tập tập trung đến 24 tháng.
    "TEMPORARY_MIN_MONTHS": 3,
    "TEMPORARY_WORK_MAX_MONTHS": 12,
    "TEMPORARY_STUDY_MAX_MONTHS": 24,
    # The office's own choice: remind this many days before a temporary transfer ends.
    "TEMPORARY_END_REMINDER_DAYS": 30,
    # The steering committee's work list of large enterprises without a party organisation or union.
    "ENTERPRISES_WORK_LIST_MIN_WORKERS": 50,
    # Quy định 366-QĐ/TW (2025): "hoàn thành xuất sắc nhiệm vụ" cần ít nhất 30% nhiệm vụ vượt yêu cầu.
    "RATING_EXCELLENT_BEYOND_PERCENT": 30,
    # RULES.md (annual rating): đảng viên miễn công tác và sinh hoạt đảng được để "không xếp loại" (1) hay phải xếp (0).
    "RATING_EXEMPTED_MAY_BE_UNRATED": 1,
    # Hướng dẫn 12-HD/BTCTW (2018): sinh hoạt chuyên đề ít nhất 1 lần mỗi quý.
    "MEETING_THEMATIC_PER_QUARTER": 1,
    # The committee's criteria (RULES.md): a year rated Tốt needs 7 Tốt months of 12 (pro rata for a cell founded or
    # merged during the year, rounded up); MEETING_PARTIAL_YEAR 0 refuses Tốt to a year shorter than 12 months.
    "MEETING_YEAR_GOOD_MIN": 7,
    "MEETING_PARTIAL_YEAR": 1,
}
DANGVU_RULES.update(json.loads(os.environ.get("DANGVU_RULES_JSON") or "{}"))

# SQLite builds the covering span index without its INCLUDE columns (PostgreSQL uses them): expected, not a fault.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
