from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0001_initial"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    operations = [attach("targets_target")]
