"""OCR of a task table whose rows' cells are interleaved across lines (seed 004's appendix).

A scanned table with vertically centred cells comes out of OCR as lines that each carry a slice of
every column: "Ban hanh ke hoach trien khai Pho Chu tich" / "Chien luoc ... | Phong Van hoa | Cac
phong, ban, don" / "2 ... | Kehoach | phuong phu ... Thanh pho (du kien" ... The columns keep their
left-to-right order on each line, and each column speaks its own vocabulary. So:

1. Each line is cut into fragments at the words of the column vocabularies (`line_tokens`): the
   leader ("Phó Chủ tịch", "UBND", "phường phụ", "trách theo", "lĩnh vực"), the lead unit
   ("Phòng Văn hóa", "Văn phòng"), the coordinating units ("Các phòng, ban, đơn" ... "vị liên
   quan"), the product ("Kế hoạch", "Báo cáo", "Hội nghị", "Công văn" ... when it stands between
   columns) and "|" rules. Text before the first such word is content; text after the last one is
   the deadline column.
2. Rows are anchored on the cells every row has exactly once — the lead and the coordinating unit
   cells, and the task number — which sit at the row's vertical middle (`row_anchors`). A row
   begins at the line of its leader cell ("Phó Chủ tịch ..."), which tops the row's short cells;
   roman-numbered group headings end a row.
3. The task number is the small integer at the start of one of the row's lines when it fits the
   sequence; where OCR lost it, it is reconstructed from the sequence (and said in the warnings).

All pure functions on lines of text; `extract.py` keeps this reader's result only when it reads more
complete tasks than the line-by-line OCR reader (`ocr.py`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from cchc.plans.importing.columns import CONTENT, COORDINATE, DEADLINE, LEAD, LEADER, PRODUCT
from cchc.plans.importing.drafts import Draft
from cchc.plans.importing.model import Paragraph
from cchc.plans.importing.ocr import _END, _table_start
from cchc.plans.importing.textnorm import collapse

# -- OCR folding (one output character per input character, case kept) ---------------------------
_CHAR_MAP = str.maketrans({"&": "o", "¢": "e", "€": "e", "°": "o", "đ": "d", "Đ": "D", "ﬁ": "f"})
_DIGIT_IN_WORD = [
    (re.compile(r"(?<=[A-Za-z])1(?![0-9])"), "i"),  # "ho1" -> "hoi", "v1" -> "vi"
    (re.compile(r"(?<=[A-Za-z])[06](?![0-9])"), "o"),  # "Ph6" -> "Pho", "T6" -> "To"
    (re.compile(r"(?<=[A-Za-z])4(?=[a-z])"), "a"),  # "B4o" -> "Bao"
]


@lru_cache(maxsize=1024)
def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0] if ch not in "đĐ" else ch


@lru_cache(maxsize=8192)
def ocr_fold(text: str) -> str:
    """Diacritics removed and common OCR letter swaps undone, case kept, same length as `text`
    (so that a match on the folded text cuts the original at the same place)."""
    folded = "".join([_base(ch) for ch in text]).translate(_CHAR_MAP)
    for pattern, repl in _DIGIT_IN_WORD:
        folded = pattern.sub(repl, folded)
    return folded if len(folded) == len(text) else text


# -- column vocabularies (on ocr_fold output, case-insensitive unless said) --------------------
LEADER_START = re.compile(r"(?i)(?:\bph\w{0,2}\s*)?\bch\w{0,2}\s*t\w{0,2}h\b")
_DEPUTY = re.compile(r"(?i)^ph\w{0,2}\s*ch")
_LEADER_BODY = re.compile(
    r"\b[Uu]\W{0,2}[Bb]\s*[Nn]\s*[Dd]\b|\b[Pp]hu\w{0,3}ng\s*ph[uyi]\w?\b|\btr\w{1,3}ch\s+theo\b|"
    r"\b[lfiI]\w{0,2}nh\s+v\w{1,2}\b|\bv\w[cey]\s*$"  # "... lĩnh vực" / "vực" ending a line
)
# A unit's head word followed by a capitalised name: "Phong Van hoa", "Van phong HDND", "So Noi vu".
LEAD_START = re.compile(
    r"\bV\w{1,3}n\s*pho?n\w{0,2}\b|"
    r"\b(?:[PL]h?\w{0,2}ng|S[oe]|Trung\s*t\w{1,2}m|C\w{1,2}ng\s*an)\s+(?![Cc]\S{0,2}c\s)(?=[A-ZĐ])\S+"
)
COORD_START = re.compile(r"(?i)\bc\S{0,3}\s*(?:ph|s)\S{0,9}[\s,.;]+b\S{1,5}[\s,.;]+d\S{0,2}")
_COORD_TAIL = re.compile(r"(?i)\bv[i1]\S{0,3}\s*(?:l\S{0,4}n\s*)?qu\S{0,2}n\b")
_PRODUCT = re.compile(
    r"(?i)\b(?:k\S{0,2}\s*ho\S{0,2}ch|b\S{1,2}o\s*c\S{1,3}o|ho\S\s*ngh\S{0,2}|c\S{1,2}ng\s*v\S{1,2}n|"
    r"v\S{1,2}n\s*b\S{1,2}n|quy\S{0,2}t\s*d\S{0,2}nh|danh\s*m\S{0,2}c|l\S{1,2}p\s*t\S{1,2}p)\b"
)
# The product vocabulary spelled out: OCR gives "Kéhoach", "K¢ hoach", "Béo cdo", "Baocido", "Ho1 nghi".
_PRODUCT_WORDS = [
    (re.compile(r"(?i)^k"), "Kế hoạch"),
    (re.compile(r"(?i)^b"), "Báo cáo"),
    (re.compile(r"(?i)^h"), "Hội nghị"),
    (re.compile(r"(?i)^c"), "Công văn"),
    (re.compile(r"(?i)^v"), "Văn bản"),
    (re.compile(r"(?i)^q"), "Quyết định"),
    (re.compile(r"(?i)^d"), "Danh mục"),
    (re.compile(r"(?i)^l"), "Lớp tập huấn"),
]


def product_word(text: str) -> str:
    """The product word a `_PRODUCT` match stands for, spelled out."""
    folded = ocr_fold(text.strip())
    return next((word for pattern, word in _PRODUCT_WORDS if pattern.match(folded)), collapse(text))


_NOT_PRODUCT_BEFORE = re.compile(r"(?i)\b(theo|cua)\s*$")
_DEADLINE_START = re.compile(
    r"(?i)^\W{0,3}(theo|th\w{0,2}ng\s*\d|cham\s*nhat|dinh\s*ky|qu\w\s*[ivx1-4]|ngay\s*sau|tu\s*thang|"
    r"th\w{0,2}ong\s*xuy|\(?\s*d\w\s*ki\w{1,2}n|ca\s*n\w{1,2}m)"
)
_NUMBER = re.compile(r"^\W{0,2}(\d{1,2})(?!\d)(?![/.,]\d)\s*[|.)]?\s*(?=\S)")
_ROMAN_LINE = re.compile(r"^\W{0,2}([IVX]{1,4}|I[Ll1])\s*(?:[.|]\s*(.*))?$")
_WORD = re.compile(r"[A-Za-z]{3,}")

_UBND = re.compile(r"\s*[Uu]\W{0,2}[Bb]\s*[Nn]\s*[Dd]\s*")

PIPE, LEADER_TOKEN, LEAD_TOKEN, COORD_TOKEN, PRODUCT_TOKEN = "pipe", "leader", "lead", "coord", "product"


@dataclass(frozen=True)
class Token:
    kind: str
    start: int
    end: int
    deputy: bool = False
    head: bool = False  # starts a cell (leader / lead / coordinate start)


def _non_overlapping(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in sorted(tokens, key=lambda t: (t.start, -(t.end - t.start))):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


def line_tokens(line: str) -> list[Token]:
    """The column words of one line, left to right, not overlapping."""
    f = ocr_fold(line)
    found: list[Token] = [Token(PIPE, m.start(), m.end()) for m in re.finditer(r"\|", f)]
    for m in COORD_START.finditer(f):
        found.append(Token(COORD_TOKEN, m.start(), m.end(), head=True))
    for m in _COORD_TAIL.finditer(f):
        found.append(Token(COORD_TOKEN, m.start(), m.end()))
    for m in LEAD_START.finditer(f):
        found.append(Token(LEAD_TOKEN, m.start(), m.end(), head=True))
    for m in LEADER_START.finditer(f):
        found.append(Token(LEADER_TOKEN, m.start(), m.end(), bool(_DEPUTY.match(m.group(0))), head=True))
    for m in _LEADER_BODY.finditer(f):
        found.append(Token(LEADER_TOKEN, m.start(), m.end()))
    found = _non_overlapping(found)
    products = []
    for m in _PRODUCT.finditer(f):
        if any(t.start < m.end() and m.start() < t.end for t in found):
            continue
        before, after = f[: m.start()], f[m.end() :]
        if _NOT_PRODUCT_BEFORE.search(before):
            continue
        after_token = next((t for t in found if t.start >= m.end()), None)
        gap = f[m.end() : after_token.start] if after_token else after
        piped = before.rstrip(" -.,;:'").endswith("|") or bool(re.search(r"(?:^|\s)-\s*$", before))
        closed = after_token is not None and not _WORD.search(gap) and len(gap.strip()) <= 6
        alone = not _WORD.search(before) and not _WORD.search(after)
        if piped or closed or alone:
            products.append(Token(PRODUCT_TOKEN, m.start(), m.end()))
    return _non_overlapping(found + products)


def _clean_fragment(text: str) -> str:
    """Drop OCR debris: a fragment is empty unless it has a word of three letters and at least
    half of its pieces are words."""
    text = collapse(text.strip(" |\\~_-.,;:'\"‘’“”`^*"))
    folded = ocr_fold(text)
    pieces = folded.split()
    words = [w for w in pieces if re.fullmatch(r"\W*[A-Za-z]{2,}\W*", w)]
    return text if _WORD.search(folded) and 2 * len(words) >= len(pieces) else ""


_LEAD_WORDS = re.compile(r"^(?:[A-Z]\S*|va|-)(?:\s+(?:[A-Z]\S*|va|-|[a-z]{2,}(?=\s+[A-Z])))*")
_NAME_WORDS = re.compile(r"^(?:(?:[A-Za-z]\S*|-)(?:\s+|$))*")
_DASH_DEADLINE = re.compile(r"(?i)(?:^|\s)-\s+(?=theo\b|th\w{0,3}ng\s*\d|b\w{1,2}o\s*c)")


def clean_deadline(text: str) -> str:
    """OCR spellings of "tháng" before a number ("Théang 12/2026", "Théng 6/2026") read as "thang"."""
    return re.sub(r"(?i)\bth\w{1,3}ng(?=\s*\d)", "thang", text)


@dataclass
class LineCut:
    """One line cut into column fragments."""

    content: str = ""
    deadline: str = ""
    products: list[str] = field(default_factory=list)
    leader: list[str] = field(default_factory=list)
    lead: str = ""
    lead_tail: str = ""  # "- Xa hoi", "HDND va": a lead cell's next line
    coordinate: str = ""
    deputy: bool = False
    has_leader_start: bool = False
    has_lead_start: bool = False
    has_coord_start: bool = False


def cut_line(line: str) -> LineCut:
    """Cut one line into content, product, leader, lead, coordinate and deadline fragments."""
    number = _NUMBER.match(line)
    if number:
        line = line[number.end() :]  # "14 | Ban hanh ...": the rule after the number is no column
    tokens = line_tokens(line)
    cut = LineCut()
    if not tokens:
        if _DEADLINE_START.match(ocr_fold(line)):
            cut.deadline = collapse(line)
            return cut
        dash = _DASH_DEADLINE.search(ocr_fold(line))
        if dash:
            cut.deadline = collapse(line[dash.end() :])
            line = line[: dash.start()]
        cut.content = _clean_fragment(line)
        return cut
    cut.content = _clean_fragment(line[: tokens[0].start])
    for k, t in enumerate(tokens):
        text = line[t.start : t.end]
        nxt = tokens[k + 1].start if k + 1 < len(tokens) else len(line)
        gap = line[t.end : nxt]
        if t.kind == PRODUCT_TOKEN:
            cut.products.append(product_word(text))
        elif t.kind == LEADER_TOKEN:
            previous = tokens[k - 1] if k else None
            if (
                _UBND.fullmatch(ocr_fold(text))
                and previous is not None
                and previous.kind == LEADER_TOKEN
                and not _UBND.fullmatch(ocr_fold(line[previous.start : previous.end]))
                and not line[previous.end : t.start].strip(" |")
                and not cut.lead_tail
            ):
                # The leader cell reads "UBND / phuong phu / trach theo": a "UBND" after its
                # "phuong phu" on the same line is the next column (a lead "... HDND va / UBND").
                cut.lead_tail = collapse(text)
                continue
            cut.leader.append(collapse(text))
            if t.head:
                cut.has_leader_start = True
                cut.deputy = cut.deputy or t.deputy
            if k + 1 == len(tokens) or tokens[k + 1].kind != LEADER_TOKEN:
                gap_text = collapse(gap.strip(" |"))
                m = _LEAD_WORDS.match(gap_text)
                if k + 1 < len(tokens) and tokens[k + 1].kind == COORD_TOKEN and len(gap_text.split()) <= 4:
                    m = re.match(
                        r".*", gap_text if _clean_fragment(gap_text) else ""
                    )  # all before "vi lien quan"
                if (
                    m
                    and m.group(0).strip(" -")
                    and not cut.lead_tail
                    and not _DEADLINE_START.match(ocr_fold(gap_text.lstrip(" -")))
                ):
                    cut.lead_tail = m.group(0).strip()
        elif t.kind == LEAD_TOKEN:
            cut.has_lead_start = True
            stop = tokens[k + 1].start if k + 1 < len(tokens) else len(line)
            name = line[t.start : t.end]
            rest = _NAME_WORDS.match(ocr_fold(collapse(line[t.end : stop].strip(" |"))))
            if rest and rest.group(0).strip() and not _DEADLINE_START.match(rest.group(0)):
                name = f"{name} {collapse(line[t.end : stop].strip(' |'))[: len(rest.group(0).rstrip())]}"
            cut.lead = collapse(name.strip(" |,"))
        elif t.kind == COORD_TOKEN:
            cut.coordinate = f"{cut.coordinate} {collapse(text)}".strip()
            if t.head:
                cut.has_coord_start = True
            if not t.head:
                before = line[tokens[k - 1].end if k else 0 : t.start]
                m = re.search(r"-\s*[A-Z]\S*(?:\s+\S+)?\s*$", ocr_fold(before))
                if m and not cut.lead_tail:
                    cut.lead_tail = collapse(before[m.start() :])
    tail = collapse(line[tokens[-1].end :].strip(" |"))
    if cut.lead_tail and tail.startswith(cut.lead_tail):
        tail = tail[len(cut.lead_tail) :].strip()
    if re.search(r"[A-Za-z]{3,}|\d", ocr_fold(tail)):
        cut.deadline = tail
    return cut


# -- rows ------------------------------------------------------------------------------------
@dataclass
class RowSpan:
    first: int  # index of the row's first line
    last: int  # index of its last line
    anchor: int  # line of its lead / coordinate cell (the row's middle)
    section: str | None = None


def row_anchors(cuts: list[LineCut], numbers: list[int | None]) -> list[int]:
    """Lines where a row's unit cells start: one per row. A lead start and a coordinate start
    within two lines of each other belong to the same row; a task number line within three lines
    of an anchor is the same row, a number line alone is an anchor of its own."""
    anchors: list[tuple[int, set[str]]] = []
    for k, cut in enumerate(cuts):
        kinds = {name for name, on in (("lead", cut.has_lead_start), ("coord", cut.has_coord_start)) if on}
        if not kinds:
            continue
        if anchors and k - anchors[-1][0] <= 2:
            if "coord" in kinds and "coord" not in anchors[-1][1]:
                anchors[-1] = (k, anchors[-1][1] | kinds)  # the coordinate cell marks the middle
            else:
                anchors[-1][1].update(kinds)
            continue
        anchors.append((k, set(kinds)))
    lines = [k for k, _kinds in anchors]
    for k, n in enumerate(numbers):
        if n is None:
            continue
        if not any(abs(k - a) <= 3 for a in lines):
            lines.append(k)
    return sorted(lines)


def row_spans(cuts: list[LineCut], anchors: list[int], sections: dict[int, str], end: int) -> list[RowSpan]:
    """Line ranges of the rows: a row begins at its leader cell's first line (the first leader
    start after the previous row's anchor), else one line above its anchor, or right after a group
    heading; a heading also ends the row above it."""
    spans: list[RowSpan] = []
    section: str | None = None
    prev_anchor = -1
    heads = sorted(sections)
    for a in anchors:
        lower, after_heading = prev_anchor + 1, False
        for h in heads:
            if prev_anchor < h < a:
                lower, after_heading = max(lower, h + 1), True
                section = sections[h]
        starts = [k for k in range(lower, min(a + 1, end) + 1) if cuts[k].has_leader_start]
        if after_heading:
            first = lower
        elif starts:
            first = min(starts[0], a)
        else:
            first = max(lower, a - 1)
        if spans:
            spans[-1].last = first - 1
        spans.append(RowSpan(first, end, a, section))
        prev_anchor = a
    for span in spans:
        for h in heads:
            if span.anchor < h <= span.last:
                span.last = h - 1
    return spans


def number_rows(
    spans: list[RowSpan], cuts: list[LineCut], numbers: list[int | None]
) -> list[tuple[RowSpan, str, bool]]:
    """Task numbers of the rows, merging a row into the one above when it is only a second slice
    of that row's unit cells (no leader cell of its own, no new number: a merged cell over two
    sub-rows). A number printed at a line start of the row is used when it follows the sequence
    (up to three rows lost); otherwise the number is the previous one + 1, flagged reconstructed."""
    out: list[tuple[RowSpan, str, bool]] = []
    previous = 0
    for span in spans:
        seen = [n for k in range(span.first, span.last + 1) if (n := numbers[k]) is not None]
        fitting = [n for n in seen if previous < n <= previous + 3]
        leader = any(cuts[k].has_leader_start for k in range(span.first, span.last + 1))
        if out and not leader and not fitting and out[-1][0].section == span.section:
            out[-1][0].last = span.last
            continue
        if previous + 1 in seen:
            number, reconstructed = previous + 1, False
        elif fitting:
            number, reconstructed = min(fitting), False
        else:
            number, reconstructed = previous + 1, True
        out.append((span, str(number), reconstructed))
        previous = number
    return out


def _centre(span: RowSpan, cuts: list[LineCut], numbers: list[int | None], code: str, floor: int) -> None:
    """Cells are centred on the row: when the printed number sits lower in the row than the
    row's first line allows, the content began higher, on lines that carry content only."""
    at = [k for k in range(span.first, span.last + 1) if numbers[k] is not None and str(numbers[k]) == code]
    if not at or at[0] == span.first:
        return  # no number, or a row whose cells all start at the top
    below = sum(1 for k in range(at[0] + 1, span.last + 1) if cuts[k].content)
    above = sum(1 for k in range(span.first, at[0]) if cuts[k].content)
    k = span.first - 1
    while below - above > 0 and k >= floor:
        cut = cuts[k]
        if not cut.content or cut.leader or cut.lead or cut.coordinate or cut.products:
            break
        span.first, above, k = k, above + 1, k - 1


def _number(line: str) -> int | None:
    m = _NUMBER.match(line)
    if not m or re.fullmatch(r"[\d\s|]+", line.strip()):
        return None
    return int(m.group(1))


def _section(line: str) -> str | None:
    m = _ROMAN_LINE.match(line.strip())
    if not m or len(line) > 90:
        return None
    title = (m.group(2) or "").strip()
    return title


def interleaved_drafts(
    paragraphs: list[Paragraph], warnings: list[str] | None = None, table: int = 1
) -> list[Draft]:
    """Drafts of an OCR task table whose cells interleave across lines; [] when none is found."""
    lines = [p for p in paragraphs if p.text.strip()]
    start = _table_start([p.text for p in lines])
    if start is None:
        return []
    body = []
    for p in lines[start + 1 :]:
        if _END.match(ocr_fold(p.text).lower()):
            break
        body.append(p)
    texts = [p.text.strip() for p in body]
    sections: dict[int, str] = {}
    for k, text in enumerate(texts):
        title = _section(text)
        if title is not None:
            if not title and k + 1 < len(texts) and _section(texts[k + 1]) is None:
                title = texts[k + 1]
                sections[k + 1] = ""  # the title line of a bare "IV" line
            sections[k] = collapse(title.strip("| "))
    cuts = [LineCut() if k in sections else cut_line(t) for k, t in enumerate(texts)]
    numbers = [None if k in sections else _number(t) for k, t in enumerate(texts)]
    anchors = row_anchors(cuts, numbers)
    if len(anchors) < 3:
        return []
    rows = number_rows(row_spans(cuts, anchors, sections, len(texts) - 1), cuts, numbers)
    for i in range(len(rows) - 1, 0, -1):
        above = rows[i - 1][0]
        floor = (
            max(above.anchor, max((k for k in range(above.first, above.last + 1) if numbers[k]), default=0))
            + 1
        )
        before = rows[i][0].first
        _centre(rows[i][0], cuts, numbers, rows[i][1], floor)
        if rows[i][0].first < before:
            above.last = rows[i][0].first - 1
    drafts: list[Draft] = []
    emitted: set[int] = set()
    for span, code, reconstructed in rows:
        for h in sorted(sections):
            if h < span.first and h not in emitted and sections[h]:
                emitted.add(h)
                drafts.append(Draft(table, None, body[h].line, bold=True, texts={CONTENT: sections[h]}))
        draft = _row_draft(cuts, texts, span, table, body[span.first].line, code)
        if reconstructed and warnings is not None:
            warnings.append(f"dòng {code}: không đọc được số thứ tự trong bản quét, đã suy ra theo thứ tự")
        drafts.append(draft)
    _unify(drafts, LEAD, warnings)
    _unify(drafts, COORDINATE, warnings)
    return drafts


def _unit_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", ocr_fold(text).lower()).split())


def _trim_unit(text: str) -> str:
    """A unit name up to the first OCR debris word (a lone letter, a word with digits)."""
    words: list[str] = []
    for word in text.split():
        if words and word != "-" and (len(word.strip(",.;")) < 2 or re.search(r"\d", word)):
            break
        words.append(word)
    return " ".join(words).rstrip(" ,.-")


def unify_units(texts: list[str]) -> dict[str, str]:
    """One spelling per unit within a document. OCR spells the same cell differently from row to
    row ("Phong Van hoa - X4 hoi", "Phong Van hoa - Xa hdi") and cuts some ("Cic phone. ban. d"):
    each text maps to the most frequent spelling that reads the same (similar letters), or, for a
    cut text, to the most frequent longer spelling that begins like it. Returns {text: spelling}."""
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    keys = {t: _unit_key(t) for t in counts}
    ranked = sorted(counts, key=lambda t: (-counts[t], -len(keys[t])))
    out: dict[str, str] = {}
    for text in sorted(counts, key=lambda t: (counts[t], len(keys[t]))):
        key, best = keys[text], text
        for cand in ranked:
            ck = keys[cand]
            if cand == text or len(ck) < len(key) - 3 or len(key.split()) < 2:
                continue
            longer = len(ck) > len(key) + 3 or (len(ck) > len(key) and ck.startswith(key))
            if not longer and counts[cand] <= counts[text]:
                continue
            if SequenceMatcher(None, key, ck[: len(key)] if longer else ck).ratio() >= (
                0.85 if longer else 0.8
            ):
                best = cand
                break
        out[text] = best
    for text in out:  # follow chains to the end
        seen = {text}
        while out[out[text]] != out[text] and out[text] not in seen:
            seen.add(out[text])
            out[text] = out[out[text]]
    return out


def _unify(drafts: list[Draft], role: str, warnings: list[str] | None) -> None:
    texts = [_trim_unit(d.texts[role]) for d in drafts if d.texts.get(role)]
    spelling = unify_units([t for t in texts if t])
    changed = 0
    for d in drafts:
        if not d.texts.get(role):
            continue
        trimmed = _trim_unit(d.texts[role])
        new = spelling.get(trimmed, trimmed) if trimmed else d.texts[role]
        if new != d.texts[role]:
            changed += 1
            d.texts[role] = new
    if changed and warnings is not None:
        warnings.append(
            f"{'chủ trì' if role == 'lead' else 'phối hợp'}: {changed} tên đơn vị trong bản quét được đọc theo cách viết thường gặp trong văn bản"
        )


def _row_draft(
    cuts: list[LineCut], texts: list[str], span: RowSpan, table: int, line: int, code: str
) -> Draft:
    content: list[str] = []
    products: list[str] = []
    leader: list[str] = []
    deadline: list[str] = []
    lead = ""
    coord = ""
    deputy = False
    loose: list[str] = []  # leader words before (or without) the cell's first line
    lead_by_coord = False
    for k in range(span.first, span.last + 1):
        cut = cuts[k]
        if cut.content:
            content.append(cut.content)
        products.extend(cut.products)
        if cut.has_leader_start or leader:
            leader.extend(cut.leader)
        else:
            loose.extend(cut.leader)
        deputy = deputy or cut.deputy
        if cut.deadline:
            deadline.append(cut.deadline)
        if cut.lead and (not lead or (cut.has_coord_start and not lead_by_coord)):
            # The lead cell sits beside the coordinate cell: a unit name earlier in the row is
            # more likely a name quoted in the content ("Trung tam Phuc vu hanh chinh cong").
            lead, lead_by_coord = cut.lead, cut.has_coord_start
            for j in (k + 1, k + 2):  # a lead cell of two or three lines ("Van phong / HDND va / UBND")
                nxt = cuts[j] if j <= span.last else None
                if j > k + 1 and not re.search(r"(\bva|-|,)$", ocr_fold(lead)):
                    break
                if nxt is None or not nxt.lead_tail or nxt.has_lead_start:
                    break
                lead = f"{lead} {nxt.lead_tail}"
        if cut.has_coord_start and not coord:
            coord = cut.coordinate
            nxt = cuts[k + 1] if k + 1 <= span.last else None
            if nxt is not None and nxt.coordinate and not nxt.has_coord_start:
                coord = f"{coord} {nxt.coordinate}"
    draft = Draft(table, code, line)
    draft.texts[CONTENT] = collapse(" ".join(content))
    if products:
        draft.texts[PRODUCT] = "; ".join(dict.fromkeys(collapse(p) for p in products))
    if leader or loose:
        draft.texts[LEADER] = collapse(" ".join(leader or loose))
    if lead:
        draft.texts[LEAD] = collapse(lead.rstrip(" ,.-"))
    if coord:
        draft.texts[COORDINATE] = collapse(coord)
    if deadline:
        draft.texts[DEADLINE] = clean_deadline(collapse(" ".join(deadline)))
    return draft
