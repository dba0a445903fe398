"""survey_results --from DATE --to DATE [--unit UNIT_CODE] --json — results by the contract's formulas."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand

from cchc.core.cli import BadInput, fail_error, print_json
from cchc.core.errors import DomainError, gettext_noop
from cchc.orgs.selectors import find_one_unit
from cchc.surveys import selectors
from cchc.surveys.models import Kind, Survey


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        fail_error(
            BadInput(
                gettext_noop("Ngày không hợp lệ ở %(option)s: %(text)r (dạng YYYY-MM-DD)"),
                option=name,
                text=value,
            )
        )


class Command(BaseCommand):
    requires_system_checks: list = []  # a contract command: start fast
    help = "Kết quả khảo sát sự hài lòng theo đơn vị / satisfaction results per unit"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--unit", help="UNIT_CODE: đơn vị này và cấp dưới / this unit and its sub-units")
        parser.add_argument("--kind", default=Kind.CITIZEN, choices=[k.value for k in Kind])
        parser.add_argument("--survey", type=int, help="chỉ một đợt khảo sát (id) / one survey window only")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            fail_error(BadInput(gettext_noop("--to phải sau hoặc bằng --from")))
        root = None
        if options.get("unit"):
            try:
                root = find_one_unit(options["unit"])
            except DomainError as exc:
                fail_error(exc)
        survey = None
        if options.get("survey"):
            survey = Survey.objects.filter(pk=options["survey"]).first()
            if survey is None:
                fail_error(
                    BadInput(gettext_noop("Không có đợt khảo sát %(survey)s"), survey=options["survey"])
                )
        result = selectors.unit_results(
            date_from=date_from, date_to=date_to, root=root, kind=options["kind"], survey=survey
        )
        data = result.as_contract()
        if options.get("json"):
            print_json(data)
            return
        for u in data["units"]:
            self.stdout.write(f"{u['code']}\t{u['responses']}\t{u['flagged']}\t{u['index']}")
