from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    """Responses: the audit log records their reviews (accepted, rejected) and deletions, not their creation.

    A response row is its own record of how it came in (submitted_at, origin, entered_by for paper forms, the hashed
    IP and device, the flags); copying each public answer into the log doubled the writes of the busiest endpoint.
    """

    dependencies = [("surveys", "0003_daily_tally")]

    operations = [
        migrations.RunSQL(
            attach("surveys_response", exclude=("answers", "comment"), events=("UPDATE", "DELETE")).sql,
            attach("surveys_response", exclude=("answers", "comment")).sql,
        )
    ]
