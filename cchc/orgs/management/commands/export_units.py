from pathlib import Path

from cchc.core.commands import ContractCommand
from cchc.orgs.excel import export_units
from cchc.orgs.models import OrgUnit
from cchc.orgs.selectors import find_one_unit


class Command(ContractCommand):
    help = "Xuất đơn vị ra tệp Excel / export units to .xlsx (the layout import_units reads)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--under", metavar="UNIT_CODE")

    def handle(self, *args, path, under=None, **options):
        qs = OrgUnit.objects.all()
        if under:
            qs = qs.filter(path__startswith=find_one_unit(under).path)
        Path(path).write_bytes(export_units(qs))
        self.stderr.write(f"Đã xuất {qs.count()} đơn vị vào {path}")
