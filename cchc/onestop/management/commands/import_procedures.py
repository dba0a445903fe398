"""``manage.py import_procedures PATH`` — the procedure catalogue from .csv or .xlsx (contracts/onestop.md)."""

from __future__ import annotations

from typing import Any

from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.onestop.importing import import_procedures
from cchc.onestop.tables import read_path


class Command(ContractCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ .csv/.xlsx (nhập lại thì cập nhật theo mã) / import procedures."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        table = read_path(options["path"])
        with self.audit():
            result = import_procedures(table, via="command")
        if options["json"]:
            print_json(result.as_json(), stream=self.stdout)
        else:
            self.stdout.write(
                f"{result.rows} thủ tục: {result.created} tạo mới, {result.updated} cập nhật / "
                f"{result.rows} procedures: {result.created} created, {result.updated} updated"
            )
