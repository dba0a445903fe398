"""Column roles from table headings ("Đơn vị chủ trì", "Thời hạn", "Co quan phoi hop" ...).

Headings are matched on folded text (no case, no diacritics), so OCR headings without accents
and typos in accents ("PHÓI HỢP") are recognised too.
"""

from __future__ import annotations

import re

from cchc.plans.importing.model import Row
from cchc.plans.importing.textnorm import collapse, fold

CODE = "code"
CONTENT = "content"
LEAD = "lead"
COORDINATE = "coordinate"
DEADLINE = "deadline"
PRODUCT = "product"
LEADER = "leader"
TARGET = "target"
NOTES = "notes"

UNIT_ROLES = (LEAD, COORDINATE)

# Checked in order: the first rule whose pattern occurs in the folded heading wins.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (CODE, re.compile(r"^(s\.?\s*tt|tt|so\s*(thu\s*tu|tt)|so|ma(\s*so)?|#|no\.?)$")),
    (NOTES, re.compile(r"ghi\s*chu")),
    (LEADER, re.compile(r"lanh\s*dao|nguoi\s*phu\s*trach|phu\s*trach")),
    (PRODUCT, re.compile(r"san\s*pham|ket\s*qua|dau\s*ra|hinh\s*thuc\s*van\s*ban")),
    (COORDINATE, re.compile(r"phoi\s*hop")),
    (DEADLINE, re.compile(r"thoi\s*gian|thoi\s*han|tien\s*do|han\s*hoan\s*thanh|hoan\s*thanh|^han$|moc")),
    (CONTENT, re.compile(r"noi\s*dung|ten\s*nhiem\s*vu")),
    (LEAD, re.compile(r"chu\s*tri|thuc\s*hien|don\s*vi|co\s*quan|trach\s*nhiem|dau\s*moi")),
    (TARGET, re.compile(r"chi\s*tieu|muc\s*tieu")),
    (CONTENT, re.compile(r"noi\s*dung|nhiem\s*vu|cong\s*viec|hoat\s*dong|giai\s*phap|ten\b|de\s*muc")),
]


def heading_role(text: str) -> str | None:
    """The role named by one header cell, or None."""
    folded = collapse(fold(re.sub(r"[^\w\s/]", " ", text)))
    if not folded or len(folded) > 80:
        return None
    for role, pattern in _RULES:
        if pattern.search(folded):
            return role
    return None


def roles_of(texts: list[str]) -> list[str | None]:
    """Roles of a header row; a role already taken keeps its first column."""
    roles: list[str | None] = []
    seen: set[str] = set()
    for text in texts:
        role = heading_role(text)
        if role in seen:
            role = None
        if role:
            seen.add(role)
        roles.append(role)
    return roles


def header_score(roles: list[str | None]) -> int:
    """How much a row looks like the header of a task table (0 = not a header)."""
    found = {r for r in roles if r}
    if CONTENT not in found:
        return 0
    if not found & {LEAD, COORDINATE, DEADLINE}:
        return 0
    if len(found) < 3:
        return 0
    return len(found)


def row_texts(row: Row) -> list[str]:
    return [c.text for c in row.cells]


def detect_header(rows: list[Row], limit: int = 15) -> tuple[int, int, list[str | None]] | None:
    """Find the header in the first `limit` rows: (first row, number of rows, roles per column).

    Two-line headers ("Đơn vị" over "Chủ trì" | "Phối hợp") are read by joining each column's text.
    """
    best: tuple[int, int, int, list[str | None]] | None = None
    for i in range(min(limit, len(rows))):
        single = row_texts(rows[i])
        candidates = [(1, single)]
        if i + 1 < len(rows):
            below = row_texts(rows[i + 1])
            width = max(len(single), len(below))
            joined = []
            for k in range(width):
                top = single[k] if k < len(single) else ""
                bottom = below[k] if k < len(below) else ""
                if not top and k > 0 and k - 1 < len(single) and bottom:
                    # A merged top cell spans this column: repeat its text ("Đơn vị" + "phối hợp").
                    top = single[k - 1] if heading_role(single[k - 1]) is None else ""
                joined.append(f"{top} {bottom}".strip())
            candidates.append((2, joined))
        for span, texts in candidates:
            roles = roles_of(texts)
            score = header_score(roles)
            if score and (best is None or score > best[0]):
                best = (score, i, span, roles)
        if best is not None and best[1] < i:
            break
    if best is None:
        return None
    _score, first, span, roles = best
    return first, span, roles


def is_repeated_header(row: Row) -> bool:
    return header_score(roles_of(row_texts(row))) >= 3


def is_numbering_row(row: Row) -> bool:
    """The "1 2 3 4 5 6" or "(1) (2) ..." row under a header."""
    texts = [t for t in row_texts(row) if t]
    if len(texts) < 3:
        return False
    return all(re.fullmatch(r"\(?\d{1,2}\)?|[A-Z]", t) for t in texts)
