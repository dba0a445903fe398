from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
        ("leaders", "0001_initial"),
    ]

    operations = [
        attach("leaders_digestpreference"),
        attach("leaders_digestsent", exclude=("summary",)),
    ]
