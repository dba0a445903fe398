"""``manage.py import_dossiers PATH`` — dossiers from a one-stop system's export (canonical columns or a saved source's mapping; .csv/.xlsx/.xls).

All rows are validated first; any bad row rejects the file (exit 2, the first bad row named). Re-import updates by
``code`` (only the columns the file carries). Loaded with COPY into a staging table and one upsert, in one
transaction. ``--actor USERNAME`` (or ``CCHC_ACTOR``): the import is held to that person's data scope — rows of units outside it, and rows
that would change or move an existing dossier of such a unit, reject the file — and recorded under their name.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from cchc.core.cli import print_json
from cchc.core.commands import ContractCommand
from cchc.core.filelimits import import_limits
from cchc.onestop.importing import import_dossiers
from cchc.onestop.tables import read_path


class Command(ContractCommand):
    help = "Nhập hồ sơ từ tệp xuất của hệ thống một cửa (.csv/.xlsx) / import dossiers."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument(
            "--source",
            default=None,
            metavar="NAME_OR_ID",
            help="nguồn dữ liệu có ánh xạ cột và giá trị đã lưu / a saved import source (column and value mapping)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        actor = self.actor()
        source = _source(options["source"]) if options["source"] else None
        table = read_path(options["path"], limits=import_limits("command"))
        with self.audit():
            result = import_dossiers(
                table,
                actor=actor,
                via="command",
                source=source,
                mapping=(source.mapping or None) if source else None,
            )
        elapsed = time.perf_counter() - started
        sys.stderr.write(f"{elapsed:.1f} s\n")  # timing on stderr: stdout stays one document
        if options["json"]:
            print_json(result.as_json(), stream=self.stdout)
        else:
            self.stdout.write(
                f"{result.rows} hồ sơ: {result.created} tạo mới, {result.updated} cập nhật / "
                f"{result.rows} dossiers: {result.created} created, {result.updated} updated"
            )


def _source(text: str):
    from cchc.core.cli import BadInput
    from cchc.core.errors import gettext_noop
    from cchc.onestop.models import ImportSource

    found = list(ImportSource.objects.filter(pk=int(text))) if text.isdigit() else []
    found = found or list(ImportSource.objects.filter(name=text.strip())[:2])
    if len(found) != 1:
        raise BadInput(
            gettext_noop("--source: không tìm thấy hoặc có nhiều nguồn %(source)r (dùng mã số nguồn)"),
            source=text,
        )
    return found[0]
