import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One media directory per pytest-xdist worker: tests count the files they stage, and workers run side by side.
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Several test runs may share one PostgreSQL server (e.g. engineers working side by side): CCHC_TEST_DB_SUFFIX
# gives each its own test database.
if os.environ.get("CCHC_TEST_DB_SUFFIX"):
    DATABASES["default"]["TEST"]["NAME"] = (
        f"test_{DATABASES['default']['NAME']}_{os.environ['CCHC_TEST_DB_SUFFIX']}"
    )

# Jobs used by the fault tests (a worker killed mid-job, restarted): a worker started with these settings knows them.
PROCRASTINATE_IMPORT_PATHS = ["cchc.core.tests.jobs"]
