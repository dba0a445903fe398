"""``manage.py due_date --received DATETIME --amount N --unit UNIT --json`` (pure; contracts/onestop.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import PureCommand
from cchc.core.errors import gettext_noop
from cchc.workdays.due import UNITS, due_date, parse_received
from cchc.workdays.hours import parse_office_hours
from cchc.workdays.notices import default_calendar


def parse_amount(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise BadInput(gettext_noop("--amount phải là số nguyên không âm, không phải %(text)r"), text=text)
    return value


class Command(PureCommand):
    help = "Tính hạn xử lý hồ sơ theo lịch ngày làm việc / Compute a dossier's due date (pure, no database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", required=True, help="ISO 8601; không có múi giờ = Asia/Ho_Chi_Minh")
        parser.add_argument("--amount", required=True, help="số đơn vị thời gian (số nguyên ≥ 0)")
        parser.add_argument("--unit", required=True, help="working_days | days | hours | months")
        parser.add_argument(
            "--office-hours", default=None, help="giờ làm việc của đơn vị, vd. 07:30-11:30,13:30-17:00"
        )
        parser.add_argument("--json", action="store_true", help="in một tài liệu JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        received = parse_received(options["received"])
        amount = parse_amount(options["amount"])
        unit = options["unit"].strip()
        if unit not in UNITS:
            raise BadInput(
                gettext_noop("--unit không hợp lệ: %(unit)r (một trong: %(units)s)"),
                unit=unit,
                units=", ".join(UNITS),
            )
        hours = parse_office_hours(options["office_hours"]) if options["office_hours"] else None
        due = due_date(received, amount, unit, default_calendar(hours))
        if options["json"]:
            print_json({"due": due.isoformat()}, stream=self.stdout)
        else:
            self.stdout.write(f"Hạn xử lý: {due:%d/%m/%Y %H:%M} ({due.isoformat()})")
