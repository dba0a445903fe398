from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0014_response_target"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    operations = [attach("surveys_responsetarget")]
