"""``manage.py backup_db [--output FILE]`` — dump the database (pg_dump, custom format) for ``restore_db``.

Works with ``DATABASE_URL`` and with the embedded server alike (see ``cchc.core.pgtools``). Prints the file's path.
Uploaded files (``MEDIA_ROOT``) are not in the dump: archive them beside it (README, "Backups and restore").
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from cchc.core import pgtools
from cchc.core.commands import ContractCommand


class Command(ContractCommand):
    help = "Dump the database to a file (pg_dump --format=custom); restore it with restore_db."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="file to write (default var/backups/cchc-<database>-<time>.dump)"
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, output=None, database="default", **options):
        env = pgtools.libpq_environment(database)
        name = env.get("PGDATABASE") or connections[database].settings_dict["NAME"]
        if output:
            target = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
            target = Path(settings.BASE_DIR) / "var" / "backups" / f"cchc-{name}-{stamp}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        pgtools.run(
            [
                pgtools.program("pg_dump", database),
                "--format=custom",
                "--no-owner",
                f"--file={partial}",
                name,
            ],
            env,
        )
        partial.replace(target)  # never leave a half-written dump under the final name
        self.stdout.write(str(target))
