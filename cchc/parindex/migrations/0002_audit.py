from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [("parindex", "0001_initial"), ("core", "0001_extensions"), ("audit", "0001_initial")]

    operations = [
        attach("parindex_framework"),
        attach("parindex_criterion"),
        attach("parindex_round"),
        attach("parindex_round_council"),
        attach("parindex_assessment"),
        attach("parindex_score"),
        attach("parindex_evidence"),
        attach("parindex_adjustment"),
        attach("parindex_resultversion", exclude=("document", "input_document")),
    ]
