from pathlib import Path

from cchc.core.cli import fail, fail_error
from cchc.core.commands import ContractCommand
from cchc.core.errors import DomainError
from cchc.core.filelimits import check_size, import_limits
from cchc.orgs.excel import apply_import, plan_import, read_rows
from cchc.orgs.scope import Reach


class Command(ContractCommand):
    help = "Nhập đơn vị từ tệp Excel (kiểm tra mọi dòng trước; có lỗi thì không nhập gì) / import units from .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args, path, dry_run=False, **options):
        file = Path(path)
        if file.suffix.lower() != ".xlsx":
            fail(f"{path}: chỉ nhận tệp .xlsx", f"{path}: only .xlsx files are accepted")
        if not file.is_file():
            fail(f"{path}: không tìm thấy tệp", f"{path}: file not found")
        try:
            limits = import_limits("command")
            check_size(file, "", limits)  # before reading it into memory
            plan = plan_import(read_rows(file.read_bytes(), limits=limits), manage=Reach(everything=True))
        except DomainError as exc:
            fail_error(exc.within(str(path)))
        errors = [r for r in plan.rows if r.errors]
        if errors:
            first = errors[0]
            more = f" (và {len(errors) - 1} dòng lỗi khác)" if len(errors) > 1 else ""
            fail(
                f"{path}, dòng {first.row}: {'; '.join(first.errors)}{more}",
                f"{path}, row {first.row}: invalid",
            )
        if dry_run:
            self.stderr.write(f"Hợp lệ: {plan.count('create')} mới, {plan.count('update')} cập nhật")
            return
        with self.audit():
            counts = apply_import(plan)
        self.stderr.write(
            f"Đã nhập / imported: {counts['created']} mới, {counts['updated']} cập nhật, "
            f"{counts['unchanged']} không đổi"
        )
