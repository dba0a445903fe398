"""``manage.py parindex_evaluate PATH --json`` — score units against a PAR index framework (pure: no database).

See `contracts/parindex.md`. Bad input exits with status 2 and one line on standard error.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cchc.core.cli import fail_error, print_json
from cchc.core.errors import DomainError
from cchc.core.filelimits import import_limits
from cchc.parindex.loaders import load_input
from cchc.parindex.output import evaluation_to_json
from cchc.parindex.scoring import evaluate


class Command(BaseCommand):
    help = (
        "Tính Chỉ số CCHC của các đơn vị từ tệp .json hoặc .xlsx / compute the PAR index of units from a file"
    )
    requires_system_checks: list[str] = []  # pure: nothing here may touch the database
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp .json hoặc .xlsx / a .json or .xlsx file")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON / print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        # Hundreds of thousands of small objects and no cycles: the cyclic collector only costs time here.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            try:
                data = load_input(path, limits=import_limits("command"))  # its errors already name the file
            except DomainError as exc:
                fail_error(exc)
            try:
                result = evaluate(data.framework, data.units, data.stage)
            except DomainError as exc:
                fail_error(exc.within(str(path)))
        finally:
            if gc_was_enabled:
                gc.enable()
        document = evaluation_to_json(result)
        if options["json"]:
            if self.stdout._out is sys.stdout and hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(encoding="utf-8")  # the contract's JSON is UTF-8 whatever the locale
            print_json(document, self.stdout)
            return
        self._print_table(document)

    def _print_table(self, document: dict[str, Any]) -> None:
        out = self.stdout
        out.write(f"{document['framework']} — giai đoạn: {document['stage']}")
        for unit in document["units"]:
            index = "—" if unit["index"] is None else f"{unit['index']:.2f}"
            out.write(
                f"{unit['rank']:>4}  {unit['code']:<12} {index:>7}  {unit['band'] or ''}  {unit['name']}"
            )
            for warning in unit["warnings"]:
                out.write(f"        ! {warning}")
