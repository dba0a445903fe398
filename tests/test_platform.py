"""Platform guarantees: production settings pass Django's deploy check, no remote assets, embedded PostgreSQL."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def manage(*args, env=None, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_check_deploy_passes_with_production_settings():
    import secrets

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "cchc.example.vn",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.prod", "DATABASE_URL": "postgresql://x@127.0.0.1/x"}
    )
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_database_url():
    import secrets

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "cchc.example.vn",
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


REMOTE = re.compile(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)


def test_no_template_loads_a_remote_script_or_stylesheet():
    offenders = []
    for path in list(ROOT.glob("templates/**/*.html")) + list(ROOT.glob("cchc/**/templates/**/*.html")):
        if REMOTE.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_vendored_assets_are_documented():
    assert (ROOT / "static" / "vendor" / "VERSIONS").is_file()


def test_settings_follow_the_platform_rules():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.DATABASES["default"]["ENGINE"] in {
        "cchc.core.db_embedded",
        "django.db.backends.postgresql",
    }
    if not os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "cchc.core.db_embedded"


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the embedded server is used only without DATABASE_URL"
)
def test_embedded_server_is_shared_by_a_second_process(db):
    from cchc.core import embedded_pg

    assert embedded_pg.is_running()  # started by this test run's first connection
    result = manage("embedded_db", "status", env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})
    assert result.returncode == 0 and "running" in result.stdout
    assert str(embedded_pg.DATA_DIR).startswith(str(ROOT / "var"))


def test_pure_commands_need_no_database(tmp_path):
    """With DATABASE_URL pointing at a server that does not exist, a pure command still works."""
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = manage("report_periods", "--year", "2026", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert '"preset": "bnv"' in result.stdout


def test_dates_are_shown_dd_mm_yyyy():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        assert Template("{{ d|date }}").render(Context({"d": dt.date(2026, 1, 5)})) == "05/01/2026"


@pytest.mark.django_db
def test_vietnamese_by_default_even_for_an_english_browser(client, personas):
    client.force_login(personas.ward_officer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Việc cần chú ý" in page
    assert '<html lang="vi">' in page


@pytest.mark.django_db
def test_navigation_follows_the_fixed_order_whatever_the_app_order(personas):
    from cchc.core.navigation import ORDER, modules_for

    keys = [m["key"] for m in modules_for(personas.admin, "/")]
    assert keys == [k for k in ORDER if k in keys]
    assert keys[:2] == ["home", "plans"] and keys[-1] == "audit"


PURE_CORES = [
    "cchc.core.dates",
    "cchc.core.iso_periods",
    "cchc.onestop.ontime",
    "cchc.onestop.publicity",
    "cchc.onestop.index766",
    "cchc.parindex.scoring",
    "cchc.parindex.loaders",
    "cchc.workdays.calendar",
    "cchc.reports.periods",
    "cchc.reports.period_codes",
    "cchc.surveys.results",
    "cchc.pakn.clocks",
    "cchc.pakn.scoring",
]


def test_pure_cores_import_neither_django_nor_openpyxl():
    """The formula modules the README names run without Django; the PAR-index loaders load openpyxl only for .xlsx."""
    code = (
        f"import sys; import {', '.join(PURE_CORES)}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'openpyxl')); "
        "print(bad[:5]); sys.exit(1 if bad else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
