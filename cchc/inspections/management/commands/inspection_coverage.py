"""``manage.py inspection_coverage --year YEAR [--under UNIT_CODE] [--as-of DATE] --json`` (contracts/inspections.md).

Per unit: its visits of the year, who inspected it, its findings (closed, open, overdue as of the date) and how many
of its sub-units were self-inspected; then the coverage. ``--under``: the units directly under that unit (those its
office inspects); otherwise every unit the caller (``--actor``, else everyone) may see. Groupings are left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import gettext_noop


class Command(ContractCommand):
    help = "Bao phủ kiểm tra công tác CCHC trong năm / inspection coverage of a year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, metavar="YEAR")
        parser.add_argument("--under", default=None, metavar="UNIT_CODE")
        parser.add_argument("--as-of", dest="as_of", default=None, metavar="DATE")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.scope import Reach, scope_for
        from cchc.orgs.selectors import find_one_unit

        from ...selectors import coverage

        year = options["year"]
        if not 2000 <= year <= 2100:
            raise BadInput(gettext_noop("--year: năm không hợp lệ %(year)s"), year=year)
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"].strip())
            except ValueError:
                raise BadInput(
                    gettext_noop("%(option)s: ngày không hợp lệ %(text)r (cần YYYY-MM-DD)"),
                    option="--as-of",
                    text=options["as_of"],
                ) from None
        actor = self.actor()
        reach = scope_for(actor).view if actor is not None else Reach(everything=True)
        under = None
        if options["under"]:
            under = find_one_unit(options["under"])
            if not reach.contains(under):
                raise BadInput(gettext_noop("--under: không có đơn vị %(unit)r"), unit=options["under"])
        doc = coverage(year=year, reach=reach, under=under, as_of=as_of)
        if options["json"]:
            print_json(doc, stream=self.stdout)
            return
        c = doc["coverage"]
        for u in doc["units"]:
            mark = "x" if u["inspected_by"] else " "
            self.stdout.write(
                f"[{mark}] {u['code']:<24} {u['name'][:50]:<50} kiến nghị {u['open']}/{u['findings']}"
            )
        self.stdout.write(f"{c['inspected']}/{c['units']} ({c['percent']}%)")
