"""``manage.py load_index766 [PATH]`` — load the versioned 766 definitions (groups, indicators, maxima, scoring
functions, bands) from ``data/index766.json`` (or PATH) into ``IndexDefinition`` records. A change of the portal's
rules is a new version in the file, loaded with this command: no code change."""

from __future__ import annotations

from typing import Any

from cchc.core.cli import BadInput, print_json
from cchc.core.commands import ContractCommand
from cchc.core.errors import gettext_noop


def load_index766(path=None) -> list[str]:
    import json
    from pathlib import Path

    from cchc.onestop.definitions766 import DEFAULT_PATH, _version
    from cchc.onestop.models import IndexDefinition

    p = Path(path) if path else DEFAULT_PATH
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
        versions = doc["versions"]
        parsed = [(raw, _version(raw)) for raw in versions]
    except FileNotFoundError:
        raise BadInput(gettext_noop("%(path)s: không tìm thấy tệp"), path=str(p)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInput(
            gettext_noop("%(path)s: định nghĩa không hợp lệ (%(problem)s)"), path=str(p), problem=str(exc)
        ) from None
    loaded = []
    for raw, defs in parsed:
        wanted = {"effective_from": defs.effective_from, "title": defs.title, "document": raw}
        row = IndexDefinition.objects.filter(version=defs.id).first()
        if row is None:
            IndexDefinition.objects.create(version=defs.id, **wanted)
        elif any(getattr(row, k) != v for k, v in wanted.items()):
            # Only a real change is written (and audited): loading the same file again changes nothing.
            for k, v in wanted.items():
                setattr(row, k, v)
            row.save()
        loaded.append(defs.id)
    return loaded


class Command(ContractCommand):
    help = "Nạp các phiên bản Bộ chỉ số 766 từ tệp dữ liệu / load the 766 definitions from the data file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        with self.audit():
            loaded = load_index766(options["path"])
        if options["json"]:
            print_json({"versions": loaded}, stream=self.stdout)
        else:
            self.stdout.write(", ".join(loaded))
