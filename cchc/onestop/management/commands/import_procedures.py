"""``manage.py import_procedures PATH`` — the procedure catalogue from .csv or .xlsx (contracts/onestop.md).

Into the national list by default, or ``--owner UNIT_CODE``'s own catalogue (copy-on-write of the national rows the
file names). Only the columns the file carries are written. ``--actor USERNAME`` (or ``CCHC_ACTOR``): the import is checked against that
person's rights (administrators for the national list, those who manage the owner otherwise) and recorded under them.
"""

from __future__ import annotations

from typing import Any

from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.core.filelimits import import_limits
from cchc.onestop.importing import import_procedures
from cchc.onestop.tables import read_path
from cchc.orgs.selectors import find_one_unit


class Command(ContractCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ .csv/.xlsx (nhập lại thì cập nhật theo mã) / import procedures."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument(
            "--owner",
            metavar="UNIT_CODE",
            help="nhập vào danh mục riêng của đơn vị này (mặc định: danh mục dùng chung) / owner unit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.exceptions import PermissionDenied

        from cchc.core.cli import BadInput
        from cchc.core.errors import gettext_noop

        actor = self.actor()
        owner = find_one_unit(options["owner"]) if options.get("owner") else None
        table = read_path(options["path"], limits=import_limits("command"))
        try:
            with self.audit():
                result = import_procedures(table, owner=owner, actor=actor, via="command")
        except PermissionDenied as exc:
            # the reason is a lazy text: shown in Vietnamese, then in English after " / "
            raise BadInput(
                gettext_noop("Không được phép: %(reason)s"), reason=exc.args[0] if exc.args else ""
            ) from exc
        if options["json"]:
            print_json(result.as_json(), stream=self.stdout)
        else:
            self.stdout.write(
                f"{result.rows} thủ tục: {result.created} tạo mới, {result.updated} cập nhật / "
                f"{result.rows} procedures: {result.created} created, {result.updated} updated"
            )
