"""``manage.py report_periods --year YYYY [--preset NAME] --json`` (pure; contracts/reports.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import PureCommand
from cchc.core.errors import gettext_noop
from cchc.reports.periods import (
    DEFAULT_PRESET,
    MAX_YEAR,
    MIN_YEAR,
    get_preset,
    last_safe_day,
    periods_for_year,
)
from cchc.workdays.notices import default_calendar


def parse_year(text: str) -> int:
    try:
        year = int(text.strip())
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(
            gettext_noop("--year không hợp lệ: %(text)r (năm từ %(min)s đến %(max)s)"),
            text=text,
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    return year


class Command(PureCommand):
    help = "Liệt kê các kỳ báo cáo CCHC định kỳ trong năm / List the periodic CCHC reports of a year (pure)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="năm báo cáo, ví dụ 2026")
        parser.add_argument(
            "--preset", default=DEFAULT_PRESET, help=f"bộ quy tắc (mặc định {DEFAULT_PRESET})"
        )
        parser.add_argument("--json", action="store_true", help="in một tài liệu JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        preset = get_preset(options["preset"].strip())
        periods = periods_for_year(preset, year)
        if options["json"]:
            print_json(
                {"preset": preset.code, "year": year, "periods": [p.as_json() for p in periods]},
                stream=self.stdout,
            )
            return
        calendar = default_calendar()
        self.stdout.write(f"{preset.name} — năm {year}")
        for p in periods:
            safe = last_safe_day(p.due, calendar)
            note = f" (ngày làm việc cuối: {safe:%d/%m/%Y})" if safe != p.due else ""
            self.stdout.write(
                f"- {p.title}: số liệu {p.data_from:%d/%m/%Y}–{p.data_to:%d/%m/%Y}, hạn {p.due:%d/%m/%Y}{note}"
            )
