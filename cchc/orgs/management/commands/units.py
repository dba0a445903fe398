from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.orgs.models import OrgUnit
from cchc.orgs.selectors import find_one_unit


class Command(ContractCommand):
    help = "In danh sách đơn vị (cấp trên trước) / print the org units, parents first."

    def add_arguments(self, parser):
        parser.add_argument("--under", metavar="UNIT_CODE", help="chỉ đơn vị này và các đơn vị trực thuộc")
        parser.add_argument("--json", action="store_true", required=True)

    def handle(self, *args, under=None, **options):
        qs = OrgUnit.objects.select_related("parent").prefetch_related("aliases").order_by("path")
        if under:
            root = find_one_unit(under)
            qs = qs.filter(path__startswith=root.path)
        print_json(
            {
                "units": [
                    {
                        "code": u.code,
                        "name": u.name,
                        "short_code": u.short_code or None,
                        "kind": u.kind,
                        "parent": u.parent.code if u.parent_id else None,
                        "aliases": sorted(a.name for a in u.aliases.all()),
                        "short_name": u.short_name or None,
                        "valid_from": u.valid_from,
                        "valid_to": u.valid_to,
                    }
                    for u in qs
                ]
            }
        )
