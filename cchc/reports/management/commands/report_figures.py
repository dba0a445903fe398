"""``manage.py report_figures --unit UNIT_CODE --from DATE --to DATE --json`` (database).

Every registered figure (:mod:`cchc.reports.figures`) of the unit for the window, computed by the same code the report
form uses: ``{"unit": …, "from": …, "to": …, "figures": [{"code": "dossiers.received", "title": "…", "value": 412,
"source": "onestop"}]}``. A figure the platform has no data for has ``"value": null``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import gettext_noop


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            gettext_noop("%(option)s: ngày không hợp lệ %(text)r (cần YYYY-MM-DD)"), option=option, text=text
        ) from None


class Command(ContractCommand):
    help = (
        "Số liệu nền tảng cho báo cáo của một đơn vị / the platform's report figures for a unit and window."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, metavar="UNIT_CODE")
        parser.add_argument("--from", dest="date_from", required=True, metavar="DATE")
        parser.add_argument("--to", dest="date_to", required=True, metavar="DATE")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.selectors import find_one_unit
        from cchc.reports.figures import unit_figures

        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise BadInput(gettext_noop("--to trước --from"))
        unit = find_one_unit(options["unit"])
        figures = unit_figures(unit, date_from, date_to)
        doc: dict[str, Any] = {
            "unit": unit.code,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "figures": [f.as_json() for f in figures],
        }
        if options["json"]:
            print_json(doc, stream=self.stdout)
            return
        for f in doc["figures"]:
            value = "—" if f["value"] is None else f["value"]
            self.stdout.write(f"{f['code']:<28} {value!s:>12}  {f['title']}")
