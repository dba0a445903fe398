from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    """Dossiers log their changes (issue 11): the audit trigger on ``onestop_dossier`` for ``UPDATE`` and ``DELETE``
    only. A new dossier is recorded by its ``ImportBatch`` (who, when, which file), so the bulk ``COPY`` load of new
    rows fires no trigger; a re-import or an edit that changes a row is logged with its actor. The stored on-time
    verdict is derived from the logged times and left out."""

    dependencies = [
        ("onestop", "0005_ownership_and_desk_counter"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]
    operations = [
        attach("onestop_dossier", exclude=("finished_on_time",), events=("UPDATE", "DELETE")),
    ]
