"""``manage.py onestop_indicators --from DATE --to DATE [--unit UNIT_CODE] [--as-of DATETIME] --json``.

For a period before any 766 definitions version (e.g. 2019) the counts and ratios are given and every score is
null ("definitions": null). Per unit (its own dossiers), the counts and indicators of contracts/onestop.md "Indicators from dossiers", computed
by one SQL aggregate (:mod:`cchc.onestop.indicators`). Without ``--unit``: every unit with dossiers in the period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import DomainError
from cchc.onestop.indicators import indicators_document
from cchc.workdays.due import parse_received


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"{option}: ngày không hợp lệ {text!r} (cần YYYY-MM-DD)", f"{option}: invalid date {text!r}"
        ) from None


class Command(ContractCommand):
    help = "Chỉ số một cửa từ hồ sơ theo đơn vị và kỳ / one-stop indicators per unit and period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, metavar="DATE")
        parser.add_argument("--to", dest="date_to", required=True, metavar="DATE")
        parser.add_argument("--unit", default=None, metavar="UNIT_CODE")
        parser.add_argument("--as-of", dest="as_of", default=None, metavar="DATETIME")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.selectors import find_one_unit

        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise BadInput("--to trước --from", "--to is before --from")
        as_of = None
        if options["as_of"]:
            try:
                as_of = parse_received(options["as_of"])
            except DomainError:
                raise BadInput(
                    f"--as-of: thời điểm không hợp lệ {options['as_of']!r}", "--as-of: invalid datetime"
                ) from None
        unit = None
        if options["unit"]:
            from cchc.orgs.selectors import find_one_unit

            unit = find_one_unit(options["unit"])
        doc = indicators_document(date_from, date_to, as_of, unit)
        if options["json"]:
            print_json(doc, stream=self.stdout)
        else:
            for u in doc["units"]:
                ratio = u["indicators"][0]["ratio"]
                self.stdout.write(
                    f"{u['code']:<20} S={u['in_process']:>7} R={u['received']:>7} "
                    f"đúng hạn={u['on_time']:>7} quá hạn={u['overdue']:>6} tỷ lệ={ratio}"
                )
