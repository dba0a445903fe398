"""Document types and their abbreviations (NĐ 30/2020 Phụ lục III), read from ``data/doc_types.json``."""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "doc_types.json"


@dataclass(frozen=True)
class DocType:
    code: str  # ASCII key stored in the database ("QD")
    name: str  # "Quyết định"
    abbr: str  # abbreviation in the ký hiệu ("QĐ"); "" for công văn
    copy: bool = False

    @property
    def title(self) -> str:
        """The tên loại printed on the document ("QUYẾT ĐỊNH"); "" for công văn."""
        return "" if self.code == "CV" else unicodedata.normalize("NFC", self.name.upper())


@functools.cache
def doc_types() -> dict[str, DocType]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        t["code"]: DocType(t["code"], t["name"], t["abbr"], bool(t.get("copy", False))) for t in raw["types"]
    }


def doc_type(code: str) -> DocType:
    """Look a type up by code ("QD") or abbreviation ("QĐ", "KH"); KeyError when unknown."""
    types = doc_types()
    key = code.strip()
    if key.upper() in types:
        return types[key.upper()]
    for t in types.values():
        if t.abbr and t.abbr == key:
            return t
    for t in types.values():
        if t.abbr and t.abbr.upper() == key.upper():
            return t
    raise KeyError(f"unknown document type {code!r}")


def choices() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in doc_types().values()]
