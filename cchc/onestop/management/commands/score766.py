"""``manage.py score766 PATH --json`` — the 766 index of units from the counts the portal publishes.

Pure (`../shared/contracts/onestop.md` "Scoring the 766 index"): reads a JSON file, never opens a database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cchc.core.cli import BadInput, fail_error, print_json
from cchc.core.errors import DomainError, gettext_noop
from cchc.onestop.definitions766 import load_definitions
from cchc.onestop.index766 import results_to_json, score_units
from cchc.onestop.input766 import parse_units


class Command(BaseCommand):
    help = "Tính điểm Bộ chỉ số 766 của các đơn vị từ số liệu Cổng DVCQG công bố (không cần cơ sở dữ liệu)."
    requires_system_checks: list[str] = []  # pure: system checks could touch the database
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help='Tệp JSON: {"units": [...]}')
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        parser.add_argument(
            "--definitions",
            dest="defs_version",
            default=None,
            help="Phiên bản bộ chỉ số (mặc định: mới nhất)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            fail_error(BadInput(gettext_noop("%(path)s: không tìm thấy tệp"), path=str(path)))
        except (OSError, UnicodeDecodeError) as exc:
            fail_error(
                BadInput(
                    gettext_noop("%(path)s: không đọc được tệp (%(problem)s)"),
                    path=str(path),
                    problem=str(exc),
                )
            )
        except json.JSONDecodeError as exc:
            fail_error(
                BadInput(
                    gettext_noop("%(path)s: JSON không hợp lệ tại dòng %(line)s, cột %(column)s"),
                    path=str(path),
                    line=exc.lineno,
                    column=exc.colno,
                )
            )
        try:
            defs = load_definitions(options["defs_version"])
        except LookupError:
            fail_error(
                BadInput(
                    gettext_noop("không có phiên bản bộ chỉ số %(version)s"), version=options["defs_version"]
                )
            )
        try:
            units = parse_units(doc, defs)
        except DomainError as exc:
            fail_error(exc.within(str(path)))
        document = results_to_json(defs, score_units(defs, units))
        if options["json"]:
            print_json(document, stream=self.stdout)
        else:
            for u in document["units"]:
                self.stdout.write(
                    f"{u['rank']:>4}  {u['code']:<12} {u['total']:>6}  {u['band']}  {u['name']}"
                )
