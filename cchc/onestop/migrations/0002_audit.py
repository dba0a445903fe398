from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    """Audit triggers on every table of the app except ``onestop_dossier``: dossiers are high-volume and loaded in
    bulk, so a row trigger is deliberately NOT attached there; each import is recorded as an ``ImportBatch`` row
    (who, when, file, counts — audited itself) and every dossier points to the batch that last wrote it."""

    dependencies = [
        ("onestop", "0001_initial"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]
    operations = [
        attach("onestop_procedure", exclude=("search_text",)),
        attach("onestop_importsource"),
        attach("onestop_importbatch"),
        attach("onestop_apologyletter"),
        attach("onestop_portalfigure"),
        attach("onestop_target"),
        attach("onestop_indexdefinition", exclude=("document",)),
    ]
