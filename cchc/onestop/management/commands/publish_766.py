"""``manage.py publish_766 --month YYYY-MM --unit ORG_CODE --actor USER [--reason TEXT] [--dry-run] [--json]`` —
approve and publish the month's 766 results of the units ranked under ORG_CODE (as the 766 page computes them), in
the actor's name and with the same rights as the page (a coordinator of the unit, not belonging to a ranked unit).
``--dry-run`` prints what would be published and writes nothing. A month already published needs ``--reason`` (a
new version). Exit 2 with one line on standard error when refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from cchc.core.cli import fail, print_json
from cchc.core.commands import ContractCommand


class Command(ContractCommand):
    help = "Duyệt và công khai kết quả 766 của tháng / approve and publish a month's 766 results."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--unit", required=True, help="đơn vị tổ chức đánh giá / the organising unit")
        parser.add_argument(
            "--reason", default="", help="lý do công khai lại / why a published month is re-published"
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.onestop import publish766 as pub
        from cchc.orgs.selectors import find_one_unit

        month = pub.parse_month(options["month"])
        organiser = find_one_unit(options["unit"])
        actor = self.actor()
        prepared = pub.prepare(organiser, month)
        refusal = pub.refusal(actor, organiser, [x.unit for x in prepared.lines])
        if refusal:
            fail(refusal)
        doc: dict[str, Any] = {
            "unit": organiser.code,
            "month": pub.month_text(month),
            "definitions": prepared.definitions,
            "dry_run": bool(options["dry_run"]),
            "units": [
                {
                    "code": x.unit.code,
                    "name": x.unit.name,
                    "rank": x.rank,
                    "group_rank": x.group_rank,
                    "groups": x.scores,
                    "total": x.total,
                    "band": x.band,
                }
                for x in prepared.lines
            ],
        }
        if not options["dry_run"]:
            try:
                with self.audit():
                    done = pub.publication_approve(
                        organiser=organiser,
                        month=month,
                        actor=actor,
                        reason=options["reason"],
                        expected_digest=prepared.digest(),
                    )
            except PermissionDenied as exc:
                fail(str(exc))
            doc["version"] = done.version
        if options["json"]:
            print_json(doc, stream=self.stdout)
            return
        for u in doc["units"]:
            self.stdout.write(f"{u['rank']:>4}  {u['code']:<20} {u['total']:>6}  {u['name']}")
        if options["dry_run"]:
            self.stdout.write("(dry run: nothing published / chưa công khai)")
        else:
            self.stdout.write(f"published {doc['month']} v{doc['version']} / đã công khai")
