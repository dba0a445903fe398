"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

import copy
import os
from datetime import timedelta
from pathlib import Path
from typing import overload

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from cchc.core.filelimits import DEFAULTS as IMPORT_LIMIT_DEFAULTS

BASE_DIR = Path(__file__).resolve().parents[2]


@overload
def env(name: str) -> str | None: ...
@overload
def env(name: str, default: str) -> str: ...
def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """An integer from the environment; unset or empty gives ``default``."""
    value = (os.environ.get(name) or "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-insecure-secret-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "procrastinate.contrib.django",
    "ninja",  # django-ninja: the open API; listed for its bundled Swagger UI files (served locally, no CDN)
    "cchc.core",
    "cchc.audit",
    "cchc.orgs",
    "cchc.accounts",
    "cchc.workdays",
    "cchc.plans",
    "cchc.reports",
    "cchc.parindex",
    "cchc.surveys",
    "cchc.onestop",
    "cchc.initiatives",
    "cchc.documents",
    "cchc.pakn",
    "cchc.leaders",
    "cchc.inspections",
    "cchc.targets",
    "cchc.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cchc.core.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cchc.audit.middleware.AuditContextMiddleware",
    "cchc.api.middleware.ApiMiddleware",  # /api/v1/: token, rate limit, body cap, problem+json, the sharing log
    "cchc.core.middleware.UploadLimitMiddleware",  # before any view reads the body: IMPORT_LIMITS["web"]
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "cchc.core.context_processors.shell",
            ],
        },
    }
]

# Database: PostgreSQL only. DATABASE_URL selects an external server; without it the embedded server under var/
# starts on the first connection (cchc.core.db_embedded).
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "cchc.core.db_embedded",
            "NAME": env("EMBEDDED_DB_NAME", "cchc"),
            "USER": "postgres",
            "CONN_MAX_AGE": 60,
        }
    }
DATABASES["default"].setdefault("TEST", {})
# A kept-alive connection is checked before a request reuses it: after the database restarts, the next request opens
# a new connection (and, for the embedded server, starts the server again) instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Vietnamese first, English second; dates dd/mm/yyyy (config/formats/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]  # each named in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are streamed to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024  # the form fields of a request (files excluded)

# Imports are bounded (cchc/core/filelimits.py checks these before any parser opens a file; each refusal names its
# cap in Vietnamese). The caps and what each one bounds are cchc.core.filelimits.DEFAULTS (one source, also used
# without Django settings); a deployment overrides a cap here, e.g. IMPORT_LIMITS["web"]["rows"] = 500_000.
IMPORT_LIMITS = copy.deepcopy(IMPORT_LIMIT_DEFAULTS)
# PostgreSQL client programs (pg_dump, psql: backups, cchc/core/pgtools.py) come from this folder when set, else
# from the embedded server's wheel or PATH.
PG_BIN_DIR = env("PG_BIN_DIR", "")

# Import files staged for a preview (units, dossiers' column mapping) and plan import drafts are deleted by the
# nightly job cchc.core.tasks.purge_staged_imports once untouched for this many hours.
IMPORT_STAGED_MAX_HOURS = 24

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cchc@localhost")

SESSION_COOKIE_AGE = 60 * 60 * 12

# One key=value line per record (time, level, logger, request path and user, message), tracebacks indented below:
# cchc/core/logs.py. Every caught unexpected error is logged with logger.exception (docs/CONVENTIONS.md, "Errors").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "cchc.core.logs.RequestContextFilter"}},
    "formatters": {"key_value": {"()": "cchc.core.logs.KeyValueFormatter"}},
    "handlers": {
        "console": {  # standard error
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "key_value",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


AUTH_USER_MODEL = "accounts.User"
# The job queue is procrastinate on the application's own PostgreSQL database: no other service to run.
# Tasks live in each app's tasks.py; `manage.py run_worker` runs procrastinate's worker (jobs and the periodic
# schedule) and starts it again whenever it exits (database restart, crash).
# Each worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; one silent for WORKER_STALLED_SECONDS is dead, and the
# jobs it was running are retried by cchc.core.tasks.retry_stalled_jobs (schedule WORKER_RETRY_STALLED_CRON). On
# SIGTERM a worker lets running jobs finish for WORKER_SHUTDOWN_SECONDS, then aborts them.
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": float(env("WORKER_HEARTBEAT_SECONDS", "10")),
    "stalled_worker_timeout": float(env("WORKER_STALLED_SECONDS", "30")),
    "shutdown_graceful_timeout": float(env("WORKER_SHUTDOWN_SECONDS", "30")),
}
WORKER_RETRY_STALLED_CRON = env("WORKER_RETRY_STALLED_CRON", "* * * * *")

# The address people reach the platform at: links in e-mails (reminders, password reset) are built on it.
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
# The address printed on survey posters and links (`survey_links`), when the public form lives elsewhere than
# SITE_URL (e.g. a short public domain); empty: SITE_URL.
SURVEY_BASE_URL = (env("SURVEY_BASE_URL", "") or "").rstrip("/")

# Plans: a task's evidence file may weigh this much (cchc/plans/services/progress.py); reminders go out this many days
# before a task's deadline and the "due soon" lists look this far ahead (cchc/plans/selectors.py).
PLANS_EVIDENCE_MAX_BYTES = env_int("PLANS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
PLANS_REMIND_DAYS = env_int("PLANS_REMIND_DAYS", 5)

# Public survey form, abuse thresholds (cchc/surveys/abuse.py): a form sent faster than SURVEY_MIN_FILL_SECONDS is
# flagged; per hour, more than SURVEY_IP_FLAG_PER_HOUR answers from one address or SURVEY_DEVICE_FLAG_PER_HOUR from
# one device are flagged for review, and SURVEY_DEVICE_BLOCK_PER_HOUR from one device are refused; a device
# answering again for the same service point within SURVEY_DUPLICATE_HOURS is flagged as a duplicate.
SURVEY_MIN_FILL_SECONDS = env_int("SURVEY_MIN_FILL_SECONDS", 8)
SURVEY_IP_FLAG_PER_HOUR = env_int("SURVEY_IP_FLAG_PER_HOUR", 30)
SURVEY_DEVICE_FLAG_PER_HOUR = env_int("SURVEY_DEVICE_FLAG_PER_HOUR", 3)
SURVEY_DEVICE_BLOCK_PER_HOUR = env_int("SURVEY_DEVICE_BLOCK_PER_HOUR", 20)
SURVEY_DUPLICATE_HOURS = env_int("SURVEY_DUPLICATE_HOURS", 24)
# Public PAKN form (cchc/pakn/views_public.py), same checks as the survey form: sent faster than
# PAKN_MIN_FILL_SECONDS is flagged; per hour, more than PAKN_IP_FLAG_PER_HOUR records from one address or
# PAKN_DEVICE_FLAG_PER_HOUR from one device are flagged, PAKN_DEVICE_BLOCK_PER_HOUR from one device are refused.
PAKN_MIN_FILL_SECONDS = env_int("PAKN_MIN_FILL_SECONDS", 10)
PAKN_IP_FLAG_PER_HOUR = env_int("PAKN_IP_FLAG_PER_HOUR", 20)
PAKN_DEVICE_FLAG_PER_HOUR = env_int("PAKN_DEVICE_FLAG_PER_HOUR", 3)
PAKN_DEVICE_BLOCK_PER_HOUR = env_int("PAKN_DEVICE_BLOCK_PER_HOUR", 10)
# The public PAKN form's transaction waits for its WAL flush only when this is on. Off (the default, as the survey
# form does): every submission of a unit takes the next number of the same register row, and a synchronous commit
# would hold that row's lock across a disk flush, serialising the form; the cost is that a submission acknowledged
# in the last fraction of a second before a database crash (wal_writer_delay, 200 ms) can be lost.
PAKN_PUBLIC_DURABLE_COMMIT = env("PAKN_PUBLIC_DURABLE_COMMIT", "") == "1"
# PAKN records this many working days from their due time are listed as "sắp đến hạn" on the home page.
PAKN_DUE_SOON_DAYS = env_int("PAKN_DUE_SOON_DAYS", 2)
# The leaders' view (cchc/leaders): how long the figures computed over a whole subtree (the 766 board and its ranks,
# the falls in a ranking, the monthly trends) are kept in the cache; the exceptions are always counted live. The job
# warm_leaders_view recomputes them for every leader's unit this often, so the page opens from the cache.
LEADERS_CACHE_SECONDS = env_int("LEADERS_CACHE_SECONDS", 600)
# ... and how long one person's exception counts are kept (the lists they open are always live; the digest counts
# afresh).
LEADERS_EXCEPTIONS_CACHE_SECONDS = env_int("LEADERS_EXCEPTIONS_CACHE_SECONDS", 60)
# Independent heavy reads of one page (the leaders' view) run side by side on connections of their own
# (cchc/core/parallel.py); off: one after another. Each page then holds one more database connection for a moment.
PARALLEL_READS = env_bool("PARALLEL_READS", True)
# A kiosk (a shared tablet at the desk) clears a half-filled form left untouched this many seconds, and goes back
# from the thank-you page to a blank form after as long.
SURVEY_KIOSK_IDLE_SECONDS = env_int("SURVEY_KIOSK_IDLE_SECONDS", 45)

# Client addresses: how many reverse proxies (nginx, a load balancer…) stand in front of the app and append to
# X-Forwarded-For. 0 (default): the header is ignored. See cchc/core/client_ip.py and the README (nginx).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login throttling (django-axes, cchc/accounts/lockout.py): an account locks after LOGIN_FAILURE_LIMIT failed
# logins, an address after LOGIN_IP_FAILURE_LIMIT, for LOGIN_LOCKOUT_MINUTES; failures are kept in axes' tables.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cchc.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_CLIENT_IP_CALLABLE = "cchc.core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "cchc.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = False

# Password reset mails: at most PASSWORD_RESET_LIMIT_PER_EMAIL per address and PASSWORD_RESET_LIMIT_PER_IP per
# client address in PASSWORD_RESET_WINDOW_MINUTES (counters in the default cache; cchc/accounts/throttle.py).
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# Cache: per-process memory by default (nothing to run); REDIS_URL shares the counters between processes.
if env("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
    }

# Open API (/api/v1/, cchc.api; contracts/api.md).
API_PREFIX = "/api/v1/"
# Calls a token may make in each clock minute (0: no limit); counted in the cache (shared with REDIS_URL).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)
# Largest request body the API reads (HTTP 413 problem above it): JSON lists of dossiers, PAKN, figures.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 20 * 1024 * 1024)
# A token created without an expiry date is valid this many days.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 365)
# The public address put in the "next" links of paginated lists (behind a proxy); empty: the request's host.
API_BASE_URL = env("API_BASE_URL", "")

# Content-Security-Policy (django-csp 4): scripts only from our own files, never inline (no on*= attributes, no
# <script> blocks: behaviour lives in static/js/ and the apps' static files). Inline style attributes stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
