from django.db import migrations

from cchc.audit.sql import attach

# D(t, n) of contracts/pakn.md over the calendar arrays built by cchc.pakn.indicators.calendar_arrays: the receipt
# day's base (the day itself before closing time on a working day, else the next working day), plus n working days,
# at closing time, in Asia/Ho_Chi_Minh. A plain SQL expression, so PostgreSQL inlines it into the query.
DUE_SQL = """
CREATE OR REPLACE FUNCTION pakn_due(t timestamptz, n integer, b date, rb integer[], cm integer[], wd date[],
                                    closing time)
RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (wd[CASE WHEN (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::time <= closing
                  THEN rb[(t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - b + 1]
                  ELSE cm[(t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - b + 1] + 1 END + n] + closing)
         AT TIME ZONE 'Asia/Ho_Chi_Minh'
$$;
"""


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
        migrations.RunSQL(DUE_SQL, "DROP FUNCTION IF EXISTS pakn_due(timestamptz, integer, date, integer[], integer[], date[], time);"),
    ]
