from django.db import migrations

from cchc.audit.sql import attach

class Migration(migrations.Migration):
    dependencies = [
        ("pakn", "0001_initial"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    # Votes are not audited (public, one per device; the record's counters are). Records made by the public form
    # and imports are many: their creation is logged like every other change, free text left out of the copies.
    operations = [
        attach("pakn_clockrule"),
        attach("pakn_registercounter"),
        attach("pakn_record", exclude=("content", "answer")),
        attach("pakn_attachment"),
        attach("pakn_transfer"),
        attach("pakn_penaltyproposal"),
    ]
