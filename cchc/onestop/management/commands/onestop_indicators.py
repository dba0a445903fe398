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
from cchc.core.errors import DomainError, gettext_noop
from cchc.onestop.definitions766 import load_definitions
from cchc.onestop.indicators import indicators_json, unit_counts
from cchc.onestop.ontime import DossierIndicators, period, unscored
from cchc.workdays.due import parse_received


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            gettext_noop("%(option)s: ngày không hợp lệ %(text)r (cần YYYY-MM-DD)"), option=option, text=text
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
        from cchc.orgs.models import OrgUnit
        from cchc.orgs.selectors import find_one_unit

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
        try:
            defs = load_definitions(on=date_to)
            scored = True
        except LookupError:  # before any 766 version (e.g. 2019): counts and ratios, no scores
            defs, scored = load_definitions(), False

        def result(unit_id: int) -> DossierIndicators:
            figures = counts.get(unit_id, _empty()).indicators(defs)
            return figures if scored else unscored(figures)

        if options["unit"]:
            unit = find_one_unit(options["unit"])
            counts = unit_counts(p, [unit.pk])
            units = [unit]
        else:
            counts = unit_counts(p)
            units = list(OrgUnit.objects.filter(pk__in=list(counts)).order_by("path"))
        doc: dict[str, Any] = {
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "as_of": p.as_of.isoformat(),
            "definitions": defs.id if scored else None,
            "units": [indicators_json(u.code, u.name, result(u.pk)) for u in units],
        }
        if options["json"]:
            print_json(doc, stream=self.stdout)
        else:
            for u in doc["units"]:
                ratio = u["indicators"][0]["ratio"]
                self.stdout.write(
                    f"{u['code']:<20} S={u['in_process']:>7} R={u['received']:>7} "
                    f"đúng hạn={u['on_time']:>7} quá hạn={u['overdue']:>6} tỷ lệ={ratio}"
                )


def _empty():
    from cchc.onestop.indicators import Counts

    return Counts()
