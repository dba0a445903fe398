from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
        ("documents", "0001_initial"),
    ]

    operations = [
        attach("documents_issueddocument"),
        attach("documents_numbercounter"),
    ]
