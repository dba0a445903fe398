from django.db import migrations

from cchc.audit.sql import APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGER


class Migration(migrations.Migration):
    """The audit trail is append-only: UPDATE, DELETE and TRUNCATE of ``audit_auditevent`` raise."""

    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(
            APPEND_ONLY_FUNCTION + APPEND_ONLY_TRIGGER,
            "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;"
            "DROP FUNCTION IF EXISTS cchc_audit_append_only();",
        ),
    ]
