from django.db import migrations

from cchc.audit.sql import attach


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("core", "0001_extensions")]

    operations = [
        attach("accounts_user", exclude=("password", "last_login")),
        attach("accounts_user_groups"),
        attach("accounts_user_user_permissions"),
    ]
