"""initiatives --year YEAR [--under UNIT_CODE] --json — the initiatives of a year (contract ``initiatives.md``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.orgs.selectors import find_one_unit

from ...selectors import initiatives_report


class Command(ContractCommand):
    help = "Sáng kiến CCHC của một năm / the initiatives of a year"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--under", help="UNIT_CODE: đơn vị này và cấp dưới / this unit and its sub-units")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        under = find_one_unit(options["under"]) if options.get("under") else None
        records = initiatives_report(options["year"], under)
        if options.get("json"):
            print_json({"year": options["year"], "initiatives": records})
            return
        for r in records:
            self.stdout.write(f"{r['id']}\t{r['unit']}\t{r['state']}\t{r['scope'] or ''}\t{r['title']}")
