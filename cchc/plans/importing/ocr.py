"""Best effort for OCR text whose tables lost their structure (seeds 002 and 004).

OCR of a scanned table gives lines where the columns run into each other. What survives well is
the task number at the start of a line ("14 | ban nhan dan ...") and the deadline wording. So:

- the task table starts at the first line naming at least two column headings ("Co quan chu tri",
  "Thoi gian", "San pham" ...);
- a task starts at a line beginning with the next number in sequence (1, 2, 3 ...; up to three
  numbers lost by the OCR are tolerated), a group heading at a roman-numbered line ("II. Cai cach the che");
- a task's text is its lines up to the next task; its deadline is the most concrete deadline
  phrase found in them, its lead the first unit name found after the task's first line.

Everything read this way is flagged by a warning; the preview in the web UI is where it is checked.
"""

from __future__ import annotations

import re

from cchc.plans.importing.columns import CONTENT, DEADLINE, LEAD
from cchc.plans.importing.drafts import Draft
from cchc.plans.importing.model import Paragraph
from cchc.plans.importing.textnorm import collapse, fold

_HEADINGS = [
    r"^\W{0,2}s?tt\b",
    r"n.{1,2}i\s*dung|nhi.{1,3}m\s*v",
    r"ch\w?\s*tri|chg\b|chi\w\s*tri",
    r"ph.{1,3}i\s*h.?p",
    r"th.{1,3}i\s*gian|thoi\s*han|hoan\s*thanh|th\w{1,3}\s*hi.{1,2}n",
    r"s.{1,2}n\s*ph",
]
_TASK_LINE = re.compile(r"^\W{0,2}(\d{1,3})\s*[|.)]?\s+(?=\S)")
_GROUP_LINE = re.compile(r"^\W{0,2}([IVXL]{1,4}|I[Ll1])\s*[.|]\s*([A-ZĐ].{3,})$")
_END = re.compile(r"^\W{0,3}(noi\s*nhan|n\w?i\s*nh\w?n)\b")
_DEADLINE_PHRASES = re.compile(
    r"c\w\s*n\w{1,2}m\s*\d{4}|c\w?n\w{1,2}m\s*\d{4}|qu\w\s*[ivx1-4l]{1,3}\s*(?:/|n\w{1,2}m)?\s*\d{4}|"
    r"th\w{0,2}ong\s*xuy\w{1,2}n|(?:cham\s*nhat\s*|trong\s*)?th\w?ng\s*\d{1,2}\s*/\s*\d{4}|"
    r"dinh\s*ky[a-z ]{0,30}|theo\s*k\W?\s*ho\w{1,3}ch[^|]{0,40}|ngay\s*sau[a-z ]{0,30}|"
    r"truoc\s*(?:ngay\s*)?\d{1,2}/\d{1,2}/\d{4}|\(\s*d\w\s*ki\w{1,2}n[^)]{0,30}\)?|"
    r"theo\s*(?:quy\s*dinh|yeu\s*cau|chi\s*dao)[a-z ]{0,30}|tu\s*thang\s*\d+/\d{4}\s*d\w{1,2}n\s*thang\s*\d+/\d{4}"
)
_UNIT = re.compile(
    r"\b(s[o&e¢]\W?\s+[a-z]+(?:\s+[a-z]+)?|van\s*ph\w?ng\s*(?:ubnd|hdnd)[a-z ]{0,20}|"
    r"phong\s+[a-z]+\s+[a-z]+(?:\s*-\s*[a-z]+\s+[a-z]+)?|c\w{1,2}c\s*s\w?\s*,\s*ban,?\s*ng\w{1,2}nh|ubnd\s*c\w?p\s*x\w)"
)


def _table_start(lines: list[str]) -> int | None:
    """First header line: two column headings, not a bullet, with a "TT" number heading nearby."""
    for k, line in enumerate(lines):
        folded = fold(line)
        if line.lstrip().startswith(("-", "+")) or len(line) > 160:
            continue
        if sum(1 for p in _HEADINGS if re.search(p, folded)) < 2:
            continue
        nearby = " ".join(fold(x) for x in lines[max(0, k - 2) : k + 3])
        if re.search(r"\bs?tt\b", nearby):
            return k
    return None


def _deadline(text: str) -> str | None:
    phrases = [collapse(m.group(0)) for m in _DEADLINE_PHRASES.finditer(fold(text))]
    return "; ".join(phrases) or None


def _lead(text: str) -> str | None:
    m = _UNIT.search(fold(text))
    return collapse(text[m.start() : m.end()]) if m else None


def ocr_drafts(paragraphs: list[Paragraph], table: int = 1) -> list[Draft]:
    lines = [p for p in paragraphs if p.text.strip()]
    texts = [p.text for p in lines]
    start = _table_start(texts)
    if start is None:
        return []
    drafts: list[Draft] = []
    expected = 1
    current: tuple[Draft, list[str]] | None = None

    def close() -> None:
        if current is None:
            return
        draft, body = current
        first, rest = body[0], " ".join(body[1:])
        draft.texts[CONTENT] = collapse(first)
        deadline = _deadline(" ".join(body))
        if deadline:
            draft.texts[DEADLINE] = deadline
        lead = _lead(first) or _lead(rest)
        if lead:
            draft.texts[LEAD] = lead

    for p in lines[start:]:
        text = p.text.strip()
        if _END.match(fold(text)):
            break
        group = _GROUP_LINE.match(text)
        task = _TASK_LINE.match(text)
        numbering_row = bool(re.fullmatch(r"[\d\s|]+", text))
        if task and not numbering_row and expected <= int(task.group(1)) <= expected + 3:
            close()
            number = int(task.group(1))
            expected = number + 1
            draft = Draft(table, str(number), p.line)
            drafts.append(draft)
            current = (draft, [text[task.end() :]])
        elif group and len(text) < 120:
            close()
            current = None
            drafts.append(Draft(table, None, p.line, bold=True, texts={CONTENT: group.group(2)}))
        elif current is not None:
            current[1].append(text)
    close()
    return [d for d in drafts if d.code is not None or d.text(CONTENT)]
