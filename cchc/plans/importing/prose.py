"""Tasks written as prose instead of a table (seed 003):

    **1. Xây dựng và tham mưu ... ban hành Bộ tiêu chí ...**
    - Đơn vị chủ trì: PV01;
    - Đơn vị phối hợp: Công an các đơn vị, địa phương;
    - Thời gian hoàn thành: Trước ngày 30/4/2024.

A numbered paragraph followed by labelled lines naming its units or its deadline is a task. The
labels are read like table headings ("Đơn vị thực hiện" = lead, "phối hợp" = coordinate ...).
"""

from __future__ import annotations

import re

from cchc.plans.importing.columns import CONTENT, COORDINATE, DEADLINE, LEAD, LEADER, PRODUCT, heading_role
from cchc.plans.importing.drafts import Draft
from cchc.plans.importing.model import Paragraph
from cchc.plans.importing.textnorm import collapse, is_letter, is_roman, split_code

_LABELLED = re.compile(r"^\s*[-–+•*]?\s*([^:]{3,70}?)\s*:\s*(.*)$")
_FIELD_ROLES = (LEAD, COORDINATE, DEADLINE, PRODUCT, LEADER)


def _field(text: str) -> tuple[str, str] | None:
    m = _LABELLED.match(text)
    if not m:
        return None
    role = heading_role(m.group(1))
    if role not in _FIELD_ROLES:
        return None
    value = collapse(m.group(2)).rstrip(" ;.")
    return role, value


def prose_drafts(paragraphs: list[Paragraph], table: int = 1) -> list[Draft]:
    """Drafts of prose tasks, each preceded by a heading draft when its section changes."""
    drafts: list[Draft] = []
    section: str | None = None
    emitted_section: str | None = None
    k = 0
    while k < len(paragraphs):
        p = paragraphs[k]
        code, rest = split_code(p.text)
        fields: dict[str, str] = {}
        j = k + 1
        while code and rest and j < len(paragraphs) and j - k <= 8:
            q = paragraphs[j].text
            found = _field(q)
            if found:
                role, value = found
                if role not in fields:
                    fields[role] = value
            elif fields or (split_code(q)[0] and not q.lstrip().startswith(("-", "+"))):
                break
            j += 1
        if code and rest and len(fields) >= 2 and (LEAD in fields or DEADLINE in fields):
            draft = Draft(table, code, p.line)
            draft.texts[CONTENT] = rest.rstrip(" :.")
            for role, value in fields.items():
                if value:
                    draft.texts[role] = value
            if section and section != emitted_section:
                drafts.append(Draft(table, None, p.line, bold=True, texts={CONTENT: section}))
                emitted_section = section
            drafts.append(draft)
            k = j
            continue
        if p.heading or (code and (is_roman(code) or is_letter(code)) and rest.isupper()):
            section = rest if code else p.text
        k += 1
    return drafts
