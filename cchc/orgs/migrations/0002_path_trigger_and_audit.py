from django.db import migrations

from cchc.audit.sql import attach

PATH_SQL = r"""
CREATE OR REPLACE FUNCTION orgs_unit_set_path() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    parent_path text;
    parent_depth int;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
    ELSE
        SELECT path, depth INTO parent_path, parent_depth FROM orgs_orgunit WHERE id = NEW.parent_id;
        IF parent_path IS NULL THEN
            RAISE EXCEPTION 'orgs: parent unit % does not exist', NEW.parent_id USING ERRCODE = '23503';
        END IF;
        IF position('/' || NEW.id || '/' IN parent_path) > 0 THEN
            RAISE EXCEPTION 'orgs: unit % cannot be placed under its own subtree', NEW.id USING ERRCODE = '23514';
        END IF;
        NEW.path := parent_path || NEW.id || '/';
        NEW.depth := parent_depth + 1;
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION orgs_unit_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orgs_orgunit
       SET path = NEW.path || substr(path, length(OLD.path) + 1),
           depth = depth + (NEW.depth - OLD.depth)
     WHERE path LIKE OLD.path || '%' AND id <> NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER orgs_unit_path BEFORE INSERT OR UPDATE OF parent_id ON orgs_orgunit
    FOR EACH ROW EXECUTE FUNCTION orgs_unit_set_path();
CREATE TRIGGER orgs_unit_move AFTER UPDATE OF parent_id ON orgs_orgunit
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION orgs_unit_move_subtree();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS orgs_unit_move ON orgs_orgunit;
DROP TRIGGER IF EXISTS orgs_unit_path ON orgs_orgunit;
DROP FUNCTION IF EXISTS orgs_unit_move_subtree();
DROP FUNCTION IF EXISTS orgs_unit_set_path();
"""


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(PATH_SQL, DROP_SQL),
        attach("orgs_orgunit", exclude=("search_text",)),
        attach("orgs_orgunitalias", exclude=("search_text",)),
        attach("orgs_unitlineage"),
        attach("orgs_unitgroup"),
        attach("orgs_unitgroup_members"),
        attach("orgs_membership"),
    ]
