from django.db import migrations

from cchc.audit.sql import TRIGGER_FUNCTION

FOLD_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- unaccent() is only STABLE (it depends on the search path); this wrapper pins the dictionary so it can be used in
-- generated columns and indexes. It mirrors cchc.core.text.fold().
CREATE OR REPLACE FUNCTION cchc_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT btrim(lower(regexp_replace(public.unaccent('public.unaccent'::regdictionary, value), '\\s+', ' ', 'g'))) $$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.RunSQL(FOLD_SQL, "DROP FUNCTION IF EXISTS cchc_fold(text);"),
        # The audit trigger function; the table it writes to is created by the audit app.
        migrations.RunSQL(TRIGGER_FUNCTION, "DROP FUNCTION IF EXISTS cchc_audit();"),
    ]
