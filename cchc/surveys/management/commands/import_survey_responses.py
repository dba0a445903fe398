"""import_survey_responses PATH — paper forms from .csv or .xlsx (contract): every row is checked first; one bad
row rejects the file and names the row. Stored with origin "paper". Forms already imported are skipped and
listed (the same file twice changes nothing the second time)."""

from __future__ import annotations

from cchc.core.cli import fail_error, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import DomainError
from cchc.core.filelimits import import_limits
from cchc.surveys.paper import import_file


class Command(ContractCommand):
    requires_system_checks: list = []  # a contract command: start fast
    help = "Nhập phiếu giấy từ .csv hoặc .xlsx / import paper survey forms"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            with self.audit():
                summary = import_file(options["path"], limits=import_limits("command"))
        except DomainError as exc:
            fail_error(exc)
        if options.get("json"):
            print_json(summary)
        else:
            self.stdout.write(
                f"Đã nhập {summary['imported']} phiếu / imported {summary['imported']} responses"
            )
            if summary["skipped"]:
                rows = ", ".join(str(n) for n in summary["skipped_rows"][:50])
                self.stdout.write(
                    f"Bỏ qua {summary['skipped']} phiếu đã nhập trước đây (dòng {rows}) / skipped "
                    f"{summary['skipped']} forms already imported (rows {rows})"
                )
