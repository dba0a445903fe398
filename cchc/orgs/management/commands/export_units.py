from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.cli import BadInput, fail
from cchc.orgs.excel import export_units
from cchc.orgs.models import OrgUnit
from cchc.orgs.selectors import find_one_unit


class Command(BaseCommand):
    help = "Xuất đơn vị ra tệp Excel / export units to .xlsx (the layout import_units reads)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--under", metavar="UNIT_CODE")

    def handle(self, *args, path, under=None, **options):
        qs = OrgUnit.objects.all()
        if under:
            try:
                qs = qs.filter(path__startswith=find_one_unit(under).path)
            except BadInput as exc:
                fail(exc.vi, exc.en)
        Path(path).write_bytes(export_units(qs))
        self.stderr.write(f"Đã xuất {qs.count()} đơn vị vào {path}")
