"""The audit trail is append-only: no UPDATE, DELETE or TRUNCATE of its rows, through the ORM or raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from cchc.audit.context import audit_context
from cchc.audit.models import AuditEvent
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org):
    with audit_context(source="test:append-only"):
        UnitFactory(code="TMP.AUDIT", name="Tạm", kind="other", parent=org.city)
    return AuditEvent.objects.filter(source="test:append-only").latest("id")


def refused(fn) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic():
        fn()
    return str(exc.value)


def test_orm_save_and_delete_of_an_audit_row_are_refused(event):
    event.source = "đã sửa"
    assert "append-only" in refused(event.save)
    assert "append-only" in refused(event.delete)
    assert AuditEvent.objects.get(pk=event.pk).source == "test:append-only"


def test_bulk_update_and_delete_are_refused_even_when_they_match_no_row(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(actor_id=None, source="x"))
    refused(lambda: AuditEvent.objects.all().delete())
    refused(lambda: AuditEvent.objects.filter(pk=-1).update(source="x"))  # statement-level: no row needed
    assert AuditEvent.objects.filter(pk=event.pk, source="test:append-only").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET source = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "TRUNCATE audit_auditevent",
    ],
)
def test_raw_sql_update_delete_and_truncate_are_refused(event, sql):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk] if "%s" in sql else None)

    assert "append-only" in refused(run)
    assert AuditEvent.objects.filter(pk=event.pk, source="test:append-only").exists()


def test_writes_are_still_recorded(event, org):
    org.ward.name = "Tên khác"
    org.ward.save()
    assert AuditEvent.objects.filter(
        table_name="orgs_orgunit", object_pk=str(org.ward.pk), action="U"
    ).exists()


def test_an_inner_audit_context_gives_back_the_outer_attribution(org, personas):
    with audit_context(personas.admin, "command:outer"):
        with audit_context(None, "demo:inner"):
            UnitFactory(code="TMP.INNER", name="Trong", kind="other", parent=org.city)
        UnitFactory(code="TMP.OUTER", name="Ngoài", kind="other", parent=org.city)
    rows = dict(
        AuditEvent.objects.filter(
            table_name="orgs_orgunit", action="I", new__code__startswith="TMP."
        ).values_list("new__code", "source")
    )
    assert rows == {"TMP.INNER": "demo:inner", "TMP.OUTER": "command:outer"}
    outer = AuditEvent.objects.get(table_name="orgs_orgunit", action="I", new__code="TMP.OUTER")
    assert outer.actor_id == personas.admin.pk
