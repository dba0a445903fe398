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

from cchc.plans.importing.columns import CONTENT, COORDINATE, DEADLINE, LEAD
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
_TASK_LINE = re.compile(r"^\W{0,2}(\d{1,3})\s*[|.)\"'”]?\s+(?=\S)")
_BARE_NUMBER = re.compile(r"^\W{0,2}(\d{1,3})\W{0,2}$")


def _confirmed_later(texts: list[str], expected: int, number: int, limit: int = 15) -> bool:
    """A number above the expected one is a misread when one of the next lines starts with a
    number between the two ("5 Xay dung ..." then "3 ...", "4 | ...": the "5" was a "2")."""
    for text in texts[:limit]:
        m = _TASK_LINE.match(text.strip())
        if m and expected <= int(m.group(1)) < number:
            return False
    return True


_GROUP_LINE = re.compile(r"^\W{0,2}([IVXL]{1,4}|I[Ll1])\s*[.|]\s*([A-ZĐ].{3,})$")
_END = re.compile(r"^\W{0,3}(noi\s*nhan|n\w?i\s*nh\w?n)\b")
_DEADLINE_PHRASES = re.compile(
    r"c\w\s*n\w{1,2}m\s*\d{4}|c\w?n\w{1,2}m\s*\d{4}|qu\w\s*[ivx1-4l]{1,3}\s*(?:/|n\w{1,2}m)?\s*\d{4}|"
    r"th\w{0,3}ng\s*xuy\w{1,2}n|(?:cham\s*nhat\s*|trong\s*)?th\w{0,3}ng\s*\d{1,2}\s*(?:-\s*\d{1,2}\s*)?/?\s*20\d\d|"
    r"trong\s*th\w{1,2}i\s*h\w{1,2}n[^|]{0,30}|"
    r"dinh\s*ky[a-z ]{0,30}|theo\s*k\W?\s*ho\w{1,3}ch[^|]{0,40}|ngay\s*sau[a-z ]{0,30}|"
    r"truoc\s*(?:ngay\s*)?\d{1,2}/\d{1,2}/\d{4}|\(\s*d\w\s*ki\w{1,2}n[^)]{0,30}\)?|"
    r"theo\s*(?:quy\s*dinh|yeu\s*cau|chi\s*dao)[a-z ]{0,30}|tu\s*thang\s*\d+/\d{4}\s*d\w{1,2}n\s*thang\s*\d+/\d{4}"
)
_UNIT = re.compile(
    r"\b(?:[s5][o&e¢6]?\W?\s*(?:n\w{1,2}i\s*v|t\w{1,2}\s*ph|v\w{1,3}n\s*h|t\w{1,2}i\s*ch|y\s*t|kh\w{1,2}a\s*h|"
    r"gi\w{1,2}o\s*d\w?c\b|x\w{1,2}y\s*d|c\w{1,2}ng\s*th|n\w{1,2}ng\s*ngh|t\w{1,2}i\s*ng|d\w{1,2}n\s*t)[a-z]*|"
    r"v\w{1,2}n\s*ph\w{0,2}n\w{0,2}(?:\s*(?:ubnd|hdnd)[a-z ]{0,20})?|c\w{1,2}ng\s*an\s*th\w{1,3}|"
    r"c\w{1,3}c\s*s\w{0,2}\s*[,.]\s*ban(?:\s*[,.]\s*n\w{1,2}nh)?|ubnd\s*c\w?p\s*x\w|"
    r"(?<!hai\s)phong\s+(?!c\w{1,2}c\b)[a-z]+\s+[a-z]+(?:\s*-\s*[a-z]+\s+[a-z]+)?)"
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
    phrases = [_clean_phrase(collapse(m.group(0))) for m in _DEADLINE_PHRASES.finditer(fold(text))]
    return "; ".join(phrases) or None


def _clean_phrase(phrase: str) -> str:
    """OCR spellings in a deadline phrase: "theang 8-9/2026" -> "thang 8-9/2026", a lost slash
    ("thang 7-92026" -> "thang 7-9/2026")."""
    phrase = re.sub(r"\bth\w{0,3}ng(?=\s*\d)", "thang", phrase)
    return re.sub(r"(?<=\d)\s*(20\d\d)$", r"/\1", phrase) if re.search(r"\d20\d\d$", phrase) else phrase


def _lead(text: str) -> str | None:
    m = _UNIT.search(fold(text))
    return collapse(text[m.start() : m.end()]) if m else None


# OCR spellings of the head word of a unit name -> the head word ("Céc sd, ban" -> "Các sở, ban").
_UNIT_HEADS = [
    (re.compile(r"^c\w{1,3}c\s*s\w{0,2}\s*[,.]\s*ban\b"), "Các sở, ban"),
    (re.compile(r"^v\w{1,2}n\s*ph\w{0,2}n\w{0,2}\b"), "Văn phòng"),
    (re.compile(r"^c\w{1,2}ng\s*an\b"), "Công an"),
    (re.compile(r"^[s5][o&e¢6]?\W?\s*(?=[a-z])"), "Sở "),
]


def canonical_unit(text: str) -> str:
    """A unit as printed, with an OCR-garbled head word ("S&", "56", "Vin phong") spelled out."""
    folded = fold(text)
    for pattern, head in _UNIT_HEADS:
        m = pattern.match(folded)
        if m:
            return collapse(f"{head} {text[m.end() :]}" if head.endswith(" ") else head + text[m.end() :])
    return text


def lead_near(lines: list[str], at: int) -> str | None:
    """The lead unit of a task whose number is on `lines[at]` (see `units_near`)."""
    return units_near(lines, at)[0]


def units_near(lines: list[str], at: int) -> tuple[str | None, str | None]:
    """(lead, first coordinating unit) of a task whose number is on `lines[at]`. Cells are centred
    on the row, so the unit cells sit on the number's line or next to it, the lead before the
    coordinating units: a line naming two units gives both (number line, then the line above,
    below, two above); else the first unit of the nearest line naming one is the lead."""
    order = [k for k in (at, at - 1, at + 1, at - 2) if 0 <= k < len(lines)]
    found = [(k, list(_UNIT.finditer(fold(lines[k])))) for k in order]
    for k, matches in found:
        if len(matches) >= 2:
            lead, coord = (canonical_unit(collapse(lines[k][m.start() : m.end()])) for m in matches[:2])
            return lead, coord
    for k, matches in found:
        if matches:
            m = matches[0]
            return canonical_unit(collapse(lines[k][m.start() : m.end()])), None
    return None, None


def _content_part(line: str) -> str:
    """The content column of one OCR line: the text before the first "|" rule or unit name."""
    cut = len(line)
    bar = line.find("|")
    if bar >= 8:
        cut = bar
    m = _UNIT.search(fold(line))
    if m and m.start() >= 8:
        cut = min(cut, m.start())
    return line[:cut].strip(" |")


def _header_line(line: str) -> bool:
    """A repeated page header ("TT Noi dung cong viec Co quan chu tri ...", "Co quan Co quan Thoi gian")."""
    folded = fold(line)
    hits = sum(1 for p in _HEADINGS if re.search(p, folded))
    return hits >= 2 or bool(re.search(r"co\s*qua\w?\s+co\s*quan", folded))


def row_content(window: list[str], previous: int, at: int, last: bool = False) -> str:
    """Content of a task whose number is on `window[at]`. Cells are centred, so the lines between
    two number lines are split in half: the upper half ends the task above, the lower half begins
    this one (the last task keeps every line below it)."""
    above = at - previous - 1
    start = at - above // 2 if previous >= 0 else 0
    below = len(window) - 1 - at
    end = len(window) - 1 if last else at + (below + 1) // 2
    parts = [_content_part(window[k]) for k in range(start, end + 1) if not _header_line(window[k])]
    return collapse(" ".join(p for p in parts if p))


def ocr_drafts(paragraphs: list[Paragraph], table: int = 1) -> list[Draft]:
    lines = [p for p in paragraphs if p.text.strip()]
    texts = [p.text for p in lines]
    start = _table_start(texts)
    if start is None:
        return []
    drafts: list[Draft] = []
    expected = 1
    current: tuple[Draft, list[str]] | None = None
    window: list[str] = []  # the table's lines read so far (heading lines cut the window)
    number_at: dict[int, int] = {}  # id(draft) -> index of its number line in `window`
    prev_at: dict[int, int] = {}  # id(draft) -> index of the previous number line in `window` (-1: none)
    closing_last = False
    last_at = -1  # index of the last number line in `window`

    def close() -> None:
        if current is None:
            return
        draft, body = current
        first, rest = body[0], " ".join(body[1:])
        at = number_at[id(draft)]
        draft.texts[CONTENT] = row_content(window, prev_at[id(draft)], at, last=closing_last) or collapse(
            first
        )
        deadline = _deadline(" ".join(body))
        if deadline is None:
            deadline = _deadline(" ".join(window[max(0, at - 2) : at]))  # a centred row's top lines
        if deadline:
            draft.texts[DEADLINE] = deadline
        lead, coord = units_near(window, number_at[id(draft)])
        lead = lead or _lead(first) or _lead(rest)
        if lead:
            draft.texts[LEAD] = lead
        if coord:
            draft.texts[COORDINATE] = coord

    for index, p in enumerate(lines[start:], start=start):
        text = p.text.strip()
        if _END.match(fold(text)):
            break
        group = _GROUP_LINE.match(text)
        task = _TASK_LINE.match(text)
        numbering_row = bool(re.fullmatch(r"[\d\s|]+", text))
        bare = _BARE_NUMBER.match(text)
        if bare and int(bare.group(1)) == expected and expected > 1:
            task, numbering_row = bare, False  # a number alone on its line (one cell per line)
        if (
            task
            and not numbering_row
            and expected <= int(task.group(1)) <= expected + 3
            and (
                int(task.group(1)) == expected
                or _confirmed_later(texts[index + 1 :], expected, int(task.group(1)))
            )
        ):
            close()
            number = int(task.group(1))
            expected = number + 1
            draft = Draft(table, str(number), p.line)
            drafts.append(draft)
            current = (draft, [text[task.end() :]])
            prev_at[id(draft)] = last_at
            window.append(text[task.end() :])
            number_at[id(draft)] = last_at = len(window) - 1
            continue
        elif group and len(text) < 120:
            close()
            current = None
            window, last_at = [], -1
            continue
            drafts.append(Draft(table, None, p.line, bold=True, texts={CONTENT: group.group(2)}))
        elif current is not None:
            current[1].append(text)
        window.append(text)
    closing_last = True
    close()
    return [d for d in drafts if d.code is not None or d.text(CONTENT)]
