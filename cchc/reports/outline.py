"""Report templates (outlines) as versioned data (``data/report_templates.json``). Pure: no Django import.

A template is a list of sections, each with narrative fields (text) and numeric fields. A numeric field may name a
figure ``source`` (see :mod:`cchc.reports.figures`) and the ``source_field`` it reads; its ``sum`` says how the
synthesis adds units up (``sum`` or ``none``). A template may extend another and insert extra sections after a key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from cchc.core.errors import DomainError, gettext_noop

TEMPLATES_PATH = Path(__file__).resolve().parent / "data" / "report_templates.json"


@dataclass(frozen=True)
class NarrativeField:
    key: str  # "<section>.<field>"
    label: str


@dataclass(frozen=True)
class NumberField:
    key: str  # unique in the template, e.g. "tasks_due"
    label: str
    source: str = ""
    source_field: str = ""
    sum: str = "sum"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    narratives: tuple[NarrativeField, ...]
    numbers: tuple[NumberField, ...]


@dataclass(frozen=True)
class Outline:
    code: str
    version: int
    name: str
    sections: tuple[Section, ...]

    @property
    def number_fields(self) -> list[NumberField]:
        return [f for s in self.sections for f in s.numbers]

    @property
    def narrative_fields(self) -> list[NarrativeField]:
        return [f for s in self.sections for f in s.narratives]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "name": self.name,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "narratives": [{"key": f.key.split(".", 1)[1], "label": f.label} for f in s.narratives],
                    "numbers": [{k: v for k, v in vars(f).items() if v not in ("", None)} for f in s.numbers],
                }
                for s in self.sections
            ],
        }


def _section(raw: dict[str, Any], where: str) -> Section:
    if not isinstance(raw, dict) or not raw.get("key") or not raw.get("title"):
        raise DomainError(
            "invalid_outline", gettext_noop("%(where)s: mục thiếu 'key' hoặc 'title'"), where=where
        )
    narratives = tuple(
        NarrativeField(f"{raw['key']}.{n['key']}", str(n["label"])) for n in raw.get("narratives", [])
    )
    numbers = []
    for n in raw.get("numbers", []):
        if n.get("sum", "sum") not in ("sum", "none"):
            raise DomainError(
                "invalid_outline", gettext_noop("%(where)s: 'sum' phải là sum|none"), where=where
            )
        numbers.append(
            NumberField(
                str(n["key"]),
                str(n["label"]),
                str(n.get("source", "")),
                str(n.get("source_field", n["key"])) if n.get("source") else "",
                str(n.get("sum", "sum")),
            )
        )
    return Section(str(raw["key"]), str(raw["title"]), narratives, tuple(numbers))


def outline_from_dict(code: str, body: dict[str, Any], all_bodies: dict[str, Any] | None = None) -> Outline:
    """Build one outline; ``all_bodies`` resolves ``extends``."""
    where = f"template {code}"
    if "extends" in body:
        base_body = (all_bodies or {}).get(body["extends"])
        if base_body is None:
            raise DomainError(
                "unknown_outline",
                gettext_noop("%(where)s: không có mẫu gốc “%(base)s”"),
                where=where,
                base=body["extends"],
            )
        base = outline_from_dict(body["extends"], base_body, all_bodies)
        extra = [_section(s, where) for s in body.get("extra_sections", [])]
        sections = list(base.sections)
        after = body.get("insert_after")
        keys = [s.key for s in sections]
        at = keys.index(after) + 1 if after in keys else len(sections)
        sections[at:at] = extra
    else:
        sections = [_section(s, where) for s in body.get("sections", [])]
    keys = [s.key for s in sections]
    number_keys = [f.key for s in sections for f in s.numbers]
    if len(set(keys)) != len(keys) or len(set(number_keys)) != len(number_keys):
        raise DomainError(
            "duplicate_key", gettext_noop("%(where)s: khóa mục hoặc chỉ tiêu bị trùng"), where=where
        )
    return Outline(code, int(body.get("version", 1)), str(body.get("name", code)), tuple(sections))


@lru_cache(maxsize=1)
def bundled_outlines() -> dict[str, Outline]:
    doc = json.loads(TEMPLATES_PATH.read_text(encoding="utf-8"))
    bodies = doc["templates"]
    return {code: outline_from_dict(code, body, bodies) for code, body in bodies.items()}


def outline_from_stored(code: str, version: int, name: str, definition: dict[str, Any]) -> Outline:
    """The outline kept with a template version in the database (the ``as_dict`` shape)."""
    return Outline(
        code,
        version,
        name,
        tuple(_section(s, f"template {code} v{version}") for s in definition.get("sections", [])),
    )


def parse_number(text: Any) -> Decimal | None:
    """A typed number: "1.234", "1 234", "12,5" (Vietnamese decimal comma) → Decimal; empty → None.

    Raises ValueError when unreadable.
    """
    if text is None:
        return None
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    s = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not s:
        return None
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif s.count(".") > 1 or (s.count(".") == 1 and len(s.split(".")[1]) == 3 and len(s.split(".")[0]) <= 3):
        s = s.replace(".", "")  # "1.234" is one thousand two hundred thirty-four in Vietnamese
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def format_number(value: Decimal | int | None) -> str:
    """Vietnamese display: 1.234 / 12,5; None → ""."""
    if value is None:
        return ""
    d = Decimal(value)
    if d == d.to_integral_value():
        return f"{int(d):,}".replace(",", ".")
    whole, frac = f"{d.normalize():f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac
