from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [
        attach("inspections_checklist"),
        attach("inspections_visit"),
        attach("inspections_teammember"),
        attach("inspections_itemresult"),
        attach("inspections_finding"),
        attach("inspections_inspectiondocument"),
    ]
