from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    # Tally is derived from Response (rebuilt from it) and is not audited; answers and comments are left out of
    # the audit copies (free text from the public, high volume).
    operations = [
        attach("surveys_survey"),
        attach("surveys_servicepoint"),
        attach("surveys_dossiertoken"),
        attach("surveys_response", exclude=("answers", "comment")),
    ]
