"""Django settings, from environment variables.

- ``DONDOC_DATA_DIR``: where the SQLite database, uploaded files and the inbox live (default
  ``$XDG_DATA_HOME/dondoc``, i.e. ``~/.local/share/dondoc``; ``dondoc.web.datadir``).
- ``DATABASE_URL``: PostgreSQL (``postgres://user:pass@host:5432/db``); SQLite in the data dir when unset.
- ``DONDOC_SECRET_KEY``, ``DONDOC_DEBUG``, ``DONDOC_ALLOWED_HOSTS`` (comma separated).
- ``DONDOC_MAX_UPLOAD_MB`` (default 20), ``DONDOC_FAN_OUT`` (``split`` or ``keep``, default ``keep``).
- ``DONDOC_COMPLETION_REQUIRES_FILE`` (``1`` or ``0``, default ``1``): a completion report must carry a
  file (the result: a report, minutes, photos).
- ``DONDOC_SECRET_KEY``: unset, a random key is generated on first start and kept in
  ``<data dir>/secret_key`` (mode 0600); there is no public default (``dondoc.web.secret``).
- ``DONDOC_HTTPS=1``: served over HTTPS behind a reverse proxy that sets ``X-Forwarded-Proto`` and
  appends the client to ``X-Forwarded-For``: SSL redirect, secure cookies, HSTS
  (``DONDOC_HSTS_SECONDS``, default one year).
- ``DONDOC_SESSION_HOURS`` (default 8, one working day): a sign-in lasts that long.
- ``DONDOC_TOKEN_HOURS`` (default 24): an API token expires that long after it was issued.
- ``DONDOC_JOBS`` (``db``, default, or ``celery`` with ``DONDOC_REDIS_URL``): who runs the ingestion
  jobs; ``DONDOC_JOB_STALE_SECONDS`` (default 120), ``DONDOC_JOB_POLL_SECONDS`` (default 1);
  ``DONDOC_REMINDERS_CALLABLE``, ``DONDOC_REMINDERS_CRON`` (the periodic reminders).
- ``DONDOC_EMAIL_HOST``, ``DONDOC_EMAIL_PORT`` (default 25), ``DONDOC_EMAIL_USER``, ``DONDOC_EMAIL_PASSWORD``,
  ``DONDOC_EMAIL_USE_TLS`` (``1``/``0``), ``DONDOC_EMAIL_FROM``: the SMTP server reminders go out
  through (Django's SMTP backend); no host, no e-mail (the in-app notifications still go out).
- ``DONDOC_BASE_URL`` (default ``http://127.0.0.1:8000``): the address links in e-mails and calendar
  feeds point to.
- ``DONDOC_LOGIN_FAILURE_LIMIT`` (default 5) failed sign-ins of one account, or
  ``DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT`` (default 20) from one client address, lock sign-in (web,
  admin and ``/api/token/``) for ``DONDOC_LOGIN_LOCKOUT_MINUTES`` (default 15).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url

from dondoc.web.datadir import data_dir
from dondoc.web.secret import secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir(os.environ)

SECRET_KEY = secret_key(os.environ, DATA_DIR)
DEBUG = os.environ.get("DONDOC_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("DONDOC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DONDOC_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "dondoc.tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dondoc.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a login refused for too many failures into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
    "dondoc.tracking.middleware.BadParameterMiddleware",
]

ROOT_URLCONF = "dondoc.web.urls"
WSGI_APPLICATION = "dondoc.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dondoc.tracking.context.roles",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        db: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        if str(db.get("ENGINE", "")).endswith("postgresql"):
            # Solid-state storage: an index look-up costs about a sequential page read (PostgreSQL's
            # default of 4 assumes spinning disks and scans whole tables instead).
            options = dict(db.get("OPTIONS") or {})  # type: ignore[call-overload]
            options.setdefault("options", "-c random_page_cost=1.1")
            db["OPTIONS"] = options
        return db
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "dondoc.sqlite3"),
        # Keep each worker's connection (and its page cache) between requests instead of reopening the
        # file for every request; Django still closes a connection that errored.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "timeout": 20,  # busy timeout, seconds
            "transaction_mode": "IMMEDIATE",
            # WAL: readers never block the writer; a 64 MB page cache per connection and the file
            # memory-mapped (shared between workers through the OS page cache); sorts in memory.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
            ),
        },
    }


DATABASES = {"default": _database()}
# Shared by every gunicorn worker (a per-process cache would recompute the dashboard in each worker).
# Entries are keyed on the register's newest audit event, so a change is visible at once.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's validators (similar to the user's name, too short, too common, all digits), with their
# Vietnamese messages (dondoc.web.passwords for the length). At least 10 characters.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dondoc.web.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# The only language: a browser that asks for English still gets Vietnamese (LocaleMiddleware picks
# among these).
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; `dondoc serve` fills it
MEDIA_ROOT = DATA_DIR / "media"
INBOX_DIR = Path(os.environ.get("DONDOC_INBOX_DIR", DATA_DIR / "inbox"))
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracking:dashboard"
LOGOUT_REDIRECT_URL = "login"

# A sign-in lasts one working day (8 hours) unless DONDOC_SESSION_HOURS says otherwise.
SESSION_COOKIE_AGE = int(float(os.environ.get("DONDOC_SESSION_HOURS", "8")) * 3600)
DONDOC_TOKEN_TTL = dt.timedelta(hours=float(os.environ.get("DONDOC_TOKEN_HOURS", "24")))

# Login throttling (django-axes): failures are counted per account and per client address, each on
# its own; at the limit, sign-in is refused (even with the right password) for the cool-off time.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DONDOC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=float(os.environ.get("DONDOC_LOGIN_LOCKOUT_MINUTES", "15")))
# Per client address the limit is higher (an office behind one address): dondoc.web.throttle.
DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: LoginAttemptHandler reads it so
AXES_HANDLER = "dondoc.web.throttle.LoginAttemptHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "dondoc.web.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "dondoc.web.throttle.lockout_response"
AXES_COOLOFF_MESSAGE = "Tài khoản tạm khóa: đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút."

# HTTPS behind a reverse proxy (nginx, Caddy …) that terminates TLS: DONDOC_HTTPS=1.
DONDOC_HTTPS = os.environ.get("DONDOC_HTTPS", "0") == "1"
if DONDOC_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DONDOC_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

MAX_UPLOAD_BYTES = int(float(os.environ.get("DONDOC_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DONDOC_FAN_OUT = os.environ.get("DONDOC_FAN_OUT", "keep")  # "split": one task per lead/member unit
DONDOC_COMPLETION_REQUIRES_FILE = os.environ.get("DONDOC_COMPLETION_REQUIRES_FILE", "1") != "0"

# Background ingestion (dondoc.tracking.services.jobs): "db", the default, needs no other server (the
# workers poll the database; `dondoc serve` starts one); "celery" sends the jobs to Celery workers
# through Redis (DONDOC_REDIS_URL).
DONDOC_JOBS = os.environ.get("DONDOC_JOBS", "db")
if DONDOC_JOBS not in ("db", "celery"):
    raise ValueError(f"DONDOC_JOBS={DONDOC_JOBS!r}: use 'db' or 'celery'")
DONDOC_REDIS_URL = os.environ.get("DONDOC_REDIS_URL", "redis://127.0.0.1:6379/0")
# A job whose worker gave no sign of life for this long is claimed again (the worker died).
DONDOC_JOB_STALE_SECONDS = float(os.environ.get("DONDOC_JOB_STALE_SECONDS", "120"))
DONDOC_JOB_POLL_SECONDS = float(os.environ.get("DONDOC_JOB_POLL_SECONDS", "1"))
# Workers run at this lower CPU priority (nice): the web answers first when the cores are busy.
DONDOC_WORKER_NICE = int(os.environ.get("DONDOC_WORKER_NICE", "10"))
CELERY_BROKER_URL = DONDOC_REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a long OCR job does not hold back the messages behind it
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # an upload never waits long on a broker that is away
CELERY_TIMEZONE = TIME_ZONE
# Periodic work (dondoc.tracking.services.periodic): Celery beat with DONDOC_JOBS=celery, cron else.
DONDOC_PERIODIC = {
    "reminders": {
        "callable": os.environ.get(
            "DONDOC_REMINDERS_CALLABLE", "dondoc.tracking.services.reminders.run_reminders"
        ),
        "cron": os.environ.get("DONDOC_REMINDERS_CRON", "0 7 * * 1-5"),
    },
}
# Reminders by e-mail (dondoc.tracking.services.reminders): Django's SMTP backend.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DONDOC_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DONDOC_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DONDOC_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DONDOC_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DONDOC_EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DONDOC_EMAIL_FROM", "dondoc@localhost")
DONDOC_EMAIL_ENABLED = bool(EMAIL_HOST)
DONDOC_BASE_URL = os.environ.get("DONDOC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dondoc.tracking.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    # 400/401/404 answers of every operation (dondoc.tracking.api.schema_errors).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dondoc.tracking.api.schema_errors.document_errors",
    ],
    "TITLE": "Đôn đốc API",
    "DESCRIPTION": "Văn bản chỉ đạo và nhiệm vụ được giao: đẩy văn bản vào, đọc trạng thái nhiệm vụ.",
    "VERSION": "1",
    # Tasks and documents both have a "state" with different choices: name the two enums.
    "ENUM_NAME_OVERRIDES": {
        "TaskStateEnum": "dondoc.tracking.models.tasks.TaskState",
        "DocumentStateEnum": "dondoc.tracking.models.documents.DocumentState",
        "JobStateEnum": "dondoc.tracking.models.jobs.JobState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusals": {"()": "dondoc.web.errors.ExpectedRefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DONDOC_LOG_LEVEL", "WARNING")},
    # A 403 or 404 is one warning line, not a traceback (real errors keep theirs).
    "loggers": {"django.request": {"filters": ["expected_refusals"]}},
}
# A refused CSRF check: the Vietnamese 403 page (JSON under /api/).
CSRF_FAILURE_VIEW = "dondoc.web.errors.csrf_failure"
