"""``manage.py targets --year YEAR [--unit UNIT_CODE] [--as-of DATE] --json`` (``contracts/targets.md``).

Every target of the year with its actual value, computed by the module owning the data, and its status. With
``--unit``: the targets in force at that unit and at every unit below it (those set above with "áp dụng cho cấp
dưới" measured at each unit, the nearest one winning). Without: every target of the year at its own unit — or,
given ``--actor``, those of the units the actor may see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand


class Command(ContractCommand):
    help = "Chỉ tiêu trong năm và mức đạt / the year's targets and their status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, metavar="YEAR")
        parser.add_argument("--unit", default=None, metavar="UNIT_CODE")
        parser.add_argument("--as-of", dest="as_of", default=None, metavar="DATE")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.orgs.scope import Reach, scope_for
        from cchc.orgs.selectors import find_one_unit

        from ... import selectors
        from ...models import Target

        year: int = options["year"]
        if not 2000 <= year <= 2100:
            raise BadInput(f"--year: năm không hợp lệ {year}", f"--year: invalid year {year}")
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"].strip())
            except ValueError:
                raise BadInput(
                    f"--as-of: ngày không hợp lệ {options['as_of']!r} (cần YYYY-MM-DD)",
                    f"--as-of: invalid date {options['as_of']!r} (expected YYYY-MM-DD)",
                ) from None
            if as_of.year != year:
                raise BadInput("--as-of phải thuộc năm --year", "--as-of must be within --year")
        actor = self.actor()
        reach = scope_for(actor).view if actor is not None else Reach(everything=True)
        items: list[Any]
        if options["unit"]:
            unit = find_one_unit(options["unit"])
            if not reach.contains(unit):
                raise BadInput(
                    f"--unit: không có đơn vị {options['unit']!r}", f"--unit: no unit {options['unit']!r}"
                )
            items = [a for a in selectors.targets_for_subtree(unit, year) if reach.contains(a.unit)]
        else:
            items = list(
                Target.objects.filter(year=year)
                .filter(reach.q("unit__"))
                .select_related("unit", "manual_by")
                .order_by("unit__path", "code")
            )
        statuses = selectors.evaluate(items, as_of)
        end = as_of or selectors.default_as_of(year)
        doc = {"year": year, "as_of": end.isoformat(), "targets": [s.as_json() for s in statuses]}
        if options["json"]:
            print_json(doc, stream=self.stdout)
            return
        for s in statuses:
            actual = "—" if s.actual is None else s.actual
            self.stdout.write(
                f"{s.unit.code:<20} {s.code:<40} {s.comparison}{s.value:<8} {actual!s:<8} {s.status}"
            )
