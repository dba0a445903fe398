"""manage.py import_plan PATH --json [--year YYYY]              (pure: no database)
manage.py import_plan PATH --save --issuer UNIT_CODE          (database)

See `shared/contracts/plans.md`. `--json` prints the extracted plan and saves nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import gettext_noop


class Command(ContractCommand):
    help = "Đọc kế hoạch CCHC (.docx, .xlsx, .txt, .md) và in các nhiệm vụ dạng JSON / Import a plan"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp kế hoạch: .docx, .xlsx, .txt hoặc .md")
        parser.add_argument("--json", action="store_true", help="In kế hoạch đã đọc dạng JSON, không lưu")
        parser.add_argument("--year", type=int, default=None, help="Năm kế hoạch khi văn bản không ghi")
        parser.add_argument("--save", action="store_true", help="Lưu thành bản nháp của đơn vị --issuer")
        parser.add_argument("--issuer", default=None, help="Mã đơn vị ban hành (UNIT_CODE)")

    def handle(self, *args, **options) -> None:
        year = options["year"]
        if year is not None and not 1900 <= year <= 2100:
            raise BadInput(gettext_noop("Năm không hợp lệ: %(y)s"), y=year)
        if options["save"] and not options["issuer"]:
            raise BadInput(gettext_noop("Thiếu --issuer: mã đơn vị ban hành kế hoạch"))
        if not options["json"] and not options["save"]:
            raise BadInput(gettext_noop("Cần chọn --json hoặc --save"))

        from cchc.core.filelimits import import_limits
        from cchc.plans.importing import extract_plan

        extracted = extract_plan(
            Path(options["path"]), year, limits=import_limits("command")
        )  # DomainError: exit 2

        if options["save"]:
            from cchc.plans.services import save_extracted_plan

            with self.audit():
                plan_id = save_extracted_plan(extracted, options["issuer"])
            from cchc.plans.models import Plan
            from cchc.plans.services import same_number_plans

            twins = same_number_plans(Plan.objects.select_related("issuer").get(pk=plan_id))
            if twins:  # a draft may repeat a number, but never silently
                self.stderr.write(
                    f"Cảnh báo: kế hoạch số {extracted.get('doc_number')} năm {extracted.get('year')} của đơn vị này "
                    f"đã có trên hệ thống (mã {', '.join(str(p.pk) for p in twins)})"
                )
            if options["json"]:
                print_json({**extracted, "id": plan_id})
            else:
                self.stdout.write(str(plan_id))
            return
        print_json(extracted)
