"""Shared fixtures: an organisation with personas (DESIGN.md principle 3) and the browser settings."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

PASSWORD = "Mat-khau-thu-2026"


@dataclass
class Org:
    ministry: object
    city: object  # Công an thành phố (HP)
    pv01: object
    pc06: object
    ward: object  # Công an phường A
    sibling: object  # Công an phường B
    other_city: object  # UBND thành phố (a different organisation)
    other_dept: object


@dataclass
class Personas:
    ward_officer: object
    sibling_officer: object
    ward_head: object
    department_head: object
    coordinator: object
    appraiser: object
    leader: object
    outsider: object
    admin: object
    other_coordinator: object


@pytest.fixture
def org(db):
    from tests.factories import UnitFactory

    ministry = UnitFactory(code="BCA", name="Bộ Công an", kind="ministry")
    city = UnitFactory(
        code="HP", name="Công an thành phố Hải Phòng", kind="provincial_police", parent=ministry
    )
    pv01 = UnitFactory(
        code="HP.PV01", short_code="PV01", name="Phòng Tham mưu", kind="police_department", parent=city
    )
    pc06 = UnitFactory(
        code="HP.PC06",
        short_code="PC06",
        name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        kind="police_department",
        parent=city,
    )
    ward = UnitFactory(code="HP.CAP.A", name="Công an phường Hồng Bàng", kind="commune_police", parent=city)
    sibling = UnitFactory(code="HP.CAP.B", name="Công an phường Lê Chân", kind="commune_police", parent=city)
    other_city = UnitFactory(
        code="UBHP", name="Ủy ban nhân dân thành phố Hải Phòng", kind="provincial_committee"
    )
    other_dept = UnitFactory(code="UBHP.SNV", name="Sở Nội vụ", kind="department", parent=other_city)
    return Org(ministry, city, pv01, pc06, ward, sibling, other_city, other_dept)


@pytest.fixture
def personas(org):
    from tests.factories import member, person

    return Personas(
        ward_officer=member(person("canbo.a"), org.ward, "staff"),
        sibling_officer=member(person("canbo.b"), org.sibling, "staff"),
        ward_head=member(person("truong.a"), org.ward, "head"),
        department_head=member(person("truongphong.pc06"), org.pc06, "head"),
        coordinator=member(person("daumoi"), org.city, "coordinator"),
        appraiser=member(person("thamdinh"), org.city, "appraiser"),
        leader=member(person("lanhdao"), org.city, "leader"),
        outsider=person("nguoingoai"),
        admin=member(person("quantri"), org.ministry, "admin"),
        other_coordinator=member(person("daumoi.ubhp"), org.other_city, "coordinator"),
    )


# `make test` splits the demo tests from the rest (CCHC_TEST_DEMO=0, then 1); a plain `pytest` runs them all.
SPLIT_RUN = os.environ.get("CCHC_TEST_DEMO") in ("0", "1")
DEMO_RUN = os.environ.get("CCHC_TEST_DEMO") == "1"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """Test databases are copies of one migrated template (tests/db_template.py), not migrated one by one; in the
    demo run, copies of the template with the whole demo loaded."""
    from tests.db_template import use_demo_template, use_migrated_template

    with django_db_blocker.unblock():
        use_demo_template() if DEMO_RUN else use_migrated_template()


@pytest.fixture
def demo(db):
    """The whole demo (``load_demo``) in the test's database. In the demo run (``CCHC_TEST_DEMO=1``, as ``make test``
    runs these tests) the database was copied from a template holding it; otherwise it is loaded here (slow)."""
    if not DEMO_RUN:
        from django.core.management import call_command

        call_command("load_demo", verbosity=0, stdout=io.StringIO())


def pytest_collection_modifyitems(config, items):
    """A test using the ``demo`` fixture is marked ``demo``; the demo run keeps only those (the others expect an
    empty database), and the ordinary run leaves them to it."""
    kept, dropped = [], []
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)
        is_demo = item.get_closest_marker("demo") is not None
        (kept if is_demo == DEMO_RUN or not SPLIT_RUN else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache (per-process memory in tests): each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def flush_past_the_append_only_audit_table():
    """Transactional tests (browser ones) empty every table after each test with one TRUNCATE, and the audit table
    refuses TRUNCATE (docs/CONVENTIONS.md "Audit"). Only here, in the test suite, the flush runs under PostgreSQL's
    superuser-only ``session_replication_role = replica``, under which triggers do not fire."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if statements and "audit_auditevent" in tables:
            statements = ["SET LOCAL session_replication_role = replica", *statements]
        return statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original
