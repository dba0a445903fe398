"""``manage.py pakn_indicators --from DATE --to DATE [--unit UNIT_CODE] [--as-of DATETIME] --json``.

``contracts/pakn.md`` "Indicators": per unit (its own records) the counts and the four indicators over P. Without
``--unit``: every unit with records in P. With ``--unit``: that unit first, its row adding up its whole subtree,
then each unit below it (its own records).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import DomainError, gettext_noop
from cchc.onestop.ontime import period
from cchc.workdays.due import parse_received


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            gettext_noop("%(option)s: ngày không hợp lệ %(text)r (cần YYYY-MM-DD)"), option=option, text=text
        ) from None


class Command(ContractCommand):
    help = "Chỉ số PAKN theo đơn vị và kỳ / PAKN indicators per unit and period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, metavar="DATE")
        parser.add_argument("--to", dest="date_to", required=True, metavar="DATE")
        parser.add_argument("--unit", default=None, metavar="UNIT_CODE")
        parser.add_argument("--as-of", dest="as_of", default=None, metavar="DATETIME")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.selectors import find_one_unit
        from cchc.pakn.figures import report

        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise BadInput(gettext_noop("--to trước --from"))
        as_of = None
        if options["as_of"]:
            try:
                as_of = parse_received(options["as_of"])
            except DomainError:
                raise BadInput(
                    gettext_noop("--as-of: thời điểm không hợp lệ %(text)r"), text=options["as_of"]
                ) from None
        p = period(date_from, date_to, as_of)
        unit = find_one_unit(options["unit"]) if options["unit"] else None
        doc = report(p, date_from, date_to, unit)
        if options["json"]:
            print_json(doc, stream=self.stdout)
            return
        for u in doc["units"]:
            ratio = u["indicators"][0]["ratio"]
            self.stdout.write(
                f"{u['code']:<20} nhận={u['received']:>7} đúng hạn={u['on_time']:>7} "
                f"quá hạn={u['overdue']:>6} tỷ lệ={ratio}"
            )
