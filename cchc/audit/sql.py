"""SQL for the audit trigger. Each app's migrations attach it to their tables with :func:`attach`."""

from django.db import migrations

TRIGGER_FUNCTION = r"""
CREATE OR REPLACE FUNCTION cchc_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    excluded text[] := coalesce(TG_ARGV::text[], '{}') || ARRAY['updated_at'];
    old_row jsonb;
    new_row jsonb;
    changed_keys jsonb := '[]'::jsonb;
    actor text := nullif(current_setting('cchc.actor_id', true), '');
    pk text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN old_row := to_jsonb(OLD) - excluded; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN new_row := to_jsonb(NEW) - excluded; END IF;
    IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(jsonb_agg(n.key ORDER BY n.key), '[]'::jsonb) INTO changed_keys
          FROM jsonb_each(new_row) n WHERE n.value IS DISTINCT FROM old_row -> n.key;
        IF changed_keys = '[]'::jsonb THEN RETURN NULL; END IF;
    END IF;
    pk := coalesce(new_row ->> 'id', old_row ->> 'id');
    INSERT INTO audit_auditevent (at, table_name, object_pk, action, actor_id, source, old, new, changed)
    VALUES (clock_timestamp(), TG_TABLE_NAME, pk, left(TG_OP, 1), actor::bigint,
            coalesce(nullif(current_setting('cchc.source', true), ''), 'sql'), old_row, new_row, changed_keys);
    RETURN NULL;
END;
$$;
"""


def attach(
    table: str, exclude: tuple[str, ...] = (), events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")
) -> migrations.RunSQL:
    """A migration operation that records every insert, update and delete of ``table`` (or only ``events``)."""
    args = ", ".join(f"'{c}'" for c in exclude)
    name = f"{table}_audit"
    return migrations.RunSQL(
        f"DROP TRIGGER IF EXISTS {name} ON {table};"
        f"CREATE TRIGGER {name} AFTER {' OR '.join(events)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION cchc_audit({args});",
        f"DROP TRIGGER IF EXISTS {name} ON {table};",
    )


# The audit table is append-only: any UPDATE, DELETE or TRUNCATE statement on it fails, whoever runs it (the
# application's role included, superusers too). Statement-level, so an UPDATE or DELETE matching no row fails as well.
# The one way round is PostgreSQL's own: triggers do not fire under ``SET session_replication_role = replica``,
# which only a superuser may set (used by the test suite's table flush; see docs/CONVENTIONS.md "Audit").
APPEND_ONLY_FUNCTION = r"""
CREATE OR REPLACE FUNCTION cchc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed (docs/CONVENTIONS.md "Audit").';
END;
$$;
"""

APPEND_ONLY_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION cchc_audit_append_only();
"""
