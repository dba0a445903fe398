from django.db import migrations

from cchc.audit.sql import attach

class Migration(migrations.Migration):
    dependencies = [
        ("pakn", "0001_initial"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    # Votes and register counters are not audited (public, one per device / derived from the records). Records log
    # changes only: their creation is recorded by the record itself (entered_by, channel, flags), as survey
    # responses do — the public form writes many; free text is left out of the copies.
    operations = [
        attach("pakn_clockrule"),
        attach("pakn_record", exclude=("content", "answer"), events=("UPDATE", "DELETE")),
        attach("pakn_attachment"),
        attach("pakn_transfer"),
        attach("pakn_penaltyproposal"),
    ]
