"""``manage.py import_pakn PATH`` — PAKN records from an export of the national PAKN system (``contracts/pakn.md``
"Records"; .csv UTF-8 or .xlsx first sheet).

All rows are validated first; any bad row rejects the file (exit 2, the bad rows named); nothing is loaded half-way.
Re-import updates by ``code``. Commands may name any unit; with ``--actor USERNAME`` (or ``CCHC_ACTOR``) the import
is held to that person's data scope and recorded under their name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.core.filelimits import import_limits
from cchc.onestop.tables import read_path


class Command(ContractCommand):
    help = "Nhập phản ánh, kiến nghị từ tệp (.csv/.xlsx) / import PAKN records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.scope import scope_for
        from cchc.pakn.importing import import_records

        actor = self.actor()
        reach = None
        if actor is not None and not scope_for(actor).is_admin:
            reach = scope_for(actor).data
        table = read_path(options["path"], limits=import_limits("command"))
        with self.audit():
            result = import_records(table, reach=reach, actor=actor)
        if options["json"]:
            print_json(result.as_json(), stream=self.stdout)
        else:
            self.stdout.write(
                f"{result.rows} PAKN: {result.created} tạo mới, {result.updated} cập nhật / "
                f"{result.rows} records: {result.created} created, {result.updated} updated"
            )
