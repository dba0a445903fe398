"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
    "procrastinate.contrib.django",
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
    "cchc.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cchc.audit.middleware.AuditContextMiddleware",
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
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))
    }
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cchc@localhost")

SESSION_COOKIE_AGE = 60 * 60 * 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},  # standard error
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
