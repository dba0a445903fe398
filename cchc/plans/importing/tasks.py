"""Drafts -> tasks of the contract: sections, parents, unit lists, deadlines, products."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from cchc.plans.deadlines import deadline_problems, parse_deadline
from cchc.plans.importing.columns import (
    CONTENT,
    COORDINATE,
    DEADLINE,
    LEAD,
    LEADER,
    NOTES,
    PRODUCT,
    TARGET,
)
from cchc.plans.importing.drafts import Draft
from cchc.plans.importing.textnorm import fold, is_letter, is_roman, split_code
from cchc.plans.importing.units import UnitVocabulary, split_units


def _is_section(draft: Draft) -> bool:
    """A row with only a number and a title is a group heading when it is set apart: bold, all
    capitals, lettered or roman-numbered, or not numbered at all. Otherwise it is a parent task."""
    content = draft.text(CONTENT)
    if not content:
        return True
    code = draft.code
    letters = [c for c in content if c.isalpha()]
    all_caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9
    return draft.bold or code is None or is_roman(code) or is_letter(code) or all_caps


def _parent_of(code: str) -> str | None:
    if "." not in code:
        return None
    return code.rsplit(".", 1)[0]


def _words_key(text: str) -> tuple[str, ...]:
    return tuple(sorted(w for w in re.split(r"[^\w]+", fold(text)) if w))


class TaskBuilder:
    """Turns all drafts of a document into contract tasks."""

    def __init__(self, drafts: list[Draft], year: int | None, warnings: list[str]) -> None:
        self.drafts = drafts
        self.year = year
        self.warnings = warnings
        self.vocabulary = UnitVocabulary()
        self.role_counts: dict[str, Counter[str]] = {LEAD: Counter(), COORDINATE: Counter()}
        self.products: Counter[str] = Counter()
        for d in drafts:
            for role in (LEAD, COORDINATE):
                units = split_units(d.text(role))
                self.vocabulary.add(units)
                if not d.short:
                    self.role_counts[role].update(fold(u) for u in units)
            if d.text(PRODUCT):
                self.products[d.text(PRODUCT)] += 1

    def build(self) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        section: dict[int, str | None] = {}
        codes: dict[int, set[str]] = {}
        last_coded: dict[int, str] = {}
        for d in self.drafts:
            if d.title_only and _is_section(d):
                _code, title = split_code(d.text(CONTENT)) if d.code is None else (None, d.text(CONTENT))
                section[d.table] = title or None
                continue
            parent = None
            if d.code:
                candidate = _parent_of(d.code)
                if candidate and candidate in codes.get(d.table, set()):
                    parent = candidate
                codes.setdefault(d.table, set()).add(d.code)
                last_coded[d.table] = d.code
            else:
                parent = last_coded.get(d.table)
            tasks.append(self._task(d, section.get(d.table), parent))
        return tasks

    # -- one task ------------------------------------------------------------------------------
    def _units(self, d: Draft) -> tuple[str, str]:
        lead, coord = d.text(LEAD), d.text(COORDINATE)
        if d.short and (LEAD in d.missing) != (COORDINATE in d.missing) and not (lead and coord):
            have = COORDINATE if LEAD in d.missing else LEAD
            paragraphs = d.paragraphs.get(have, [])
            if len(paragraphs) >= 2:
                # Two columns merged into one cell as two paragraphs: lead, then coordinate.
                return paragraphs[0], " ".join(paragraphs[1:])
            text = d.text(have)
            units = [fold(u) for u in split_units(text)]
            as_lead = sum(self.role_counts[LEAD][u] for u in units)
            as_coord = sum(self.role_counts[COORDINATE][u] for u in units)
            if as_coord > as_lead:
                return "", text
            if as_lead > as_coord:
                return text, ""
        return lead, coord

    def _unit_list(self, text: str, code: str | None, role: str) -> list[str]:
        out = []
        for unit in split_units(text):
            fixed = self.vocabulary.repair(unit)
            if fixed != unit:
                role_vi = "chủ trì" if role == "lead" else "phối hợp"
                self.warnings.append(f"dòng {code or '?'}: đơn vị {role_vi} “{unit}” được đọc là “{fixed}”")
            if fixed not in out:
                out.append(fixed)
        return out

    def _product(self, text: str) -> str | None:
        if not text:
            return None
        key = _words_key(text)
        own = self.products[text]
        for other, count in self.products.most_common():
            if other != text and count > own and _words_key(other) == key:
                return other  # words shuffled by the conversion
        return text

    def _task(self, d: Draft, section: str | None, parent: str | None) -> dict[str, Any]:
        lead_text, coord_text = self._units(d)
        raw_deadline = d.text(DEADLINE) or None
        if raw_deadline is None and d.short and DEADLINE in d.missing and not d.title_only:
            self.warnings.append(f"dòng {d.code or d.line}: thiếu ô thời hạn")
        for problem in deadline_problems(raw_deadline, self.year):
            self.warnings.append(f"dòng {d.code or d.line}: {problem}")
        task: dict[str, Any] = {
            "table": d.table,
            "code": d.code,
            "parent_code": parent,
            "section": section,
            "content": d.text(CONTENT) or None,
            "lead": self._unit_list(lead_text, d.code, "lead"),
            "coordinate": self._unit_list(coord_text, d.code, "coordinate"),
            "deadline_raw": raw_deadline,
            "deadline": parse_deadline(raw_deadline, self.year).as_dict(),
            "product": self._product(d.text(PRODUCT)),
            "leader": d.text(LEADER) or None,
            "target": d.text(TARGET) or None,
            "notes": d.text(NOTES) or None,
            "line": d.line,
        }
        return task
