from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("core", "0001_extensions"), ("audit", "0001_initial")]

    operations = [
        attach("plans_plan"),
        attach("plans_plan_implements"),
        attach("plans_section"),
        attach("plans_task"),
        attach("plans_taskunit"),
        attach("plans_assignment"),
        attach("plans_progressupdate"),
        attach("plans_evidence"),
    ]
