from pathlib import Path

from cchc.core.cli import BadInput
from cchc.core.commands import ContractCommand
from cchc.core.errors import DomainError, Message, gettext_noop
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
            raise BadInput(gettext_noop("%(path)s: chỉ nhận tệp .xlsx"), path=path)
        if not file.is_file():
            raise BadInput(gettext_noop("%(path)s: không tìm thấy tệp"), path=path)
        try:
            limits = import_limits("command")
            check_size(file, "", limits)  # before reading it into memory
            plan = plan_import(read_rows(file.read_bytes(), limits=limits), manage=Reach(everything=True))
        except DomainError as exc:
            raise exc.within(str(path)) from None
        errors = [r for r in plan.rows if r.errors]
        if errors:
            first = errors[0]
            more = (
                Message(gettext_noop(" (và %(n)s dòng lỗi khác)"), n=len(errors) - 1)
                if len(errors) > 1
                else ""
            )
            raise DomainError(
                "invalid_rows",
                gettext_noop("%(path)s, dòng %(line)s: %(problems)s%(more)s"),
                path=path,
                line=first.row,
                problems="; ".join(str(e) for e in first.errors),
                more=more,
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
