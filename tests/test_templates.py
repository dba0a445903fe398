"""Templates stay reviewable: no line longer than 200 characters (break long lines between tags or attributes, or
use ``{% blocktranslate trimmed %}`` for long text)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 200


def template_files() -> list[Path]:
    files = list((ROOT / "templates").rglob("*.html"))
    files += [p for p in (ROOT / "cchc").rglob("*.html") if "templates" in p.parts]
    return sorted(files)


def test_no_template_line_is_longer_than_200_characters():
    files = template_files()
    assert files, "no template found"
    too_long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LONGEST
    ]
    assert not too_long, "template lines over 200 characters:\n" + "\n".join(too_long)
