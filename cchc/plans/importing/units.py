"""Unit lists: split a cell into one entry per unit as printed, tell unit cells from other cells,
and repair units a converter scrambled, using the other units of the same table.

Splitting ("PV01, PX03 và Công an các đơn vị, địa phương" -> 3 entries): the cell is cut at ";",
"," and " và ", and a piece is glued back to the previous one unless it starts a new unit (a unit
code such as PV01, or a head word such as "Công an", "Sở", "Phòng", "các phòng"), so descriptive
groups like "Công an xã, phường, đặc khu" and names like "Sở Văn hóa, Thể thao và Du lịch" stay whole.
"""

from __future__ import annotations

import re
from collections import Counter

from cchc.plans.importing.textnorm import collapse, fold

# Unit codes: PV01, PC11A, PX03, V03, CP07 (typo kept as printed), A05.
UNIT_CODE = re.compile(r"^[A-ZĐ]{1,3}\d{1,3}[A-Z]?$")

# Words that start a unit name (folded). "to chuc" / "hoi nghi" are verbs or events, not units.
_HEAD = re.compile(
    r"^(cong\s*an|phong|so\b|ban\b|ubnd|hdnd|uy\s*ban|van\s*phong|trung\s*tam|doi\b|cuc\b|bo\s+[a-z]*\s*(cong\s*an|noi\s*vu|tu\s*phap)|"
    r"cac\s+(phong|so|ban|don\s*vi|co\s*quan|dia\s*phuong|xa|phuong|doan|to|cap|nganh|hoi|truong|doanh)|"
    r"don\s*vi|co\s*quan|thanh\s*tra|chi\s*cuc|hoi\s*dong|lanh\s*dao|chu\s*tich|pho\s*chu\s*tich|giam\s*doc|"
    r"pho\s*giam\s*doc|dang\s*uy|mat\s*tran|doan\s*(thanh\s*nien|kiem\s*tra)|hoi\s+(lien|nong|cuu|phu|luat)|"
    r"lien\s*doan|toa\s*an|vien\s*kiem\s*sat|kho\s*bac|bao\s*hiem|truong\b|benh\s*vien|to\s+(cong\s*tac|giup)|"
    r"bo\s*phan|bch|ban\s*chi\s*huy|quan\s*doi|bo\s*chi\s*huy|cac\s+(phong|don\s*vi))"
)
_NOT_UNIT = re.compile(r"^(to\s*chuc|hoi\s*(nghi|thao|thi)|ban\s*hanh|so\s*hoa|so\s*luong|truong\s*hop)")
_DANGLING = {"cac", "cua", "va", "voi", "nhung", "cap", "thuoc", "co", "tai", "o", "dia", "don"}
_COMPOUNDS = [("hdnd", "ubnd")]  # "Văn phòng HĐND và UBND phường" is one office

_SPLIT = re.compile(r"\s*[;\n]\s*|\s*,\s*|\s+(?:và|va)\s+", re.IGNORECASE)


# Folded head words that are other words when accented ("Đổi mới" is not "Đội", "số" is not "Sở").
_ACCENTED_HEADS = {
    "doi": "đội",
    "so": "sở",
    "ban": "ban",
    "phong": "phòng",
    "cuc": "cục",
    "to": "tổ",
    "truong": "trường",
    "bo": "bộ",
    "hoi": "hội",
    "doan": "đoàn",
}


def _head_word_ok(text: str) -> bool:
    first = text.split(" ", 1)[0].strip(".,;:").lower()
    folded_first = fold(first)
    expected = _ACCENTED_HEADS.get(folded_first)
    if expected is None or fold(text) == text.lower():
        return True  # not ambiguous, or OCR text without accents
    return first == expected


def _starts_unit(piece: str) -> bool:
    first = piece.split(" ", 1)[0].strip(".,;:")
    if UNIT_CODE.match(first):
        return True
    f = fold(piece)
    return bool(_HEAD.match(f)) and not _NOT_UNIT.match(f) and _head_word_ok(piece)


def _clean_unit(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"^[-–+•]\s*", "", text)
    return text.strip(" ;.,:")


def split_units(text: str | None) -> list[str]:
    """One entry per unit as printed."""
    if not text:
        return []
    text = collapse(text)
    if not text:
        return []
    tokens = _tokenise(text)
    units: list[str] = []
    prev_is_code = False
    for sep, piece in tokens:
        piece = piece.strip()
        if not piece:
            continue
        is_code = bool(UNIT_CODE.match(piece.strip(".")))
        head = _starts_unit(piece) and (piece[:1].isupper() or "," not in sep)
        new_unit = not units or is_code or prev_is_code or head
        if new_unit and units and sep.strip().lower() in {"và", "va"}:
            last = fold(units[-1]).split()
            if last and any(last[-1] == a and fold(piece).startswith(b) for a, b in _COMPOUNDS):
                new_unit = False
        if new_unit:
            units.append(piece)
        else:
            units[-1] = f"{units[-1]}{sep}{piece}"
        prev_is_code = is_code
    return [u for u in (_clean_unit(u) for u in units) if u]


def _tokenise(text: str) -> list[tuple[str, str]]:
    """[(separator before the piece, piece)] keeping separators so glued pieces read as printed."""
    out: list[tuple[str, str]] = []
    pos = 0
    sep = ""
    for m in _SPLIT.finditer(text):
        out.append((sep, text[pos : m.start()]))
        raw = m.group(0)
        sep = ", " if "," in raw else ("; " if ";" in raw else (" " + raw.strip() + " "))
        pos = m.end()
    out.append((sep, text[pos:]))
    return out


def looks_like_units(text: str | None) -> bool:
    """True when a cell reads as a list of units."""
    if not text:
        return False
    text = collapse(text)
    if not text or len(text) > 160:
        return False
    first = text.split(" ", 1)[0].strip(".,;:")
    if UNIT_CODE.match(first):
        return True
    return _starts_unit(re.sub(r"^[-–+•]\s*", "", text))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", fold(text)) if w]


class UnitVocabulary:
    """Unit spellings seen in a table, to repair scrambled or truncated ones."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, units: list[str]) -> None:
        self.counts.update(units)

    def repair(self, unit: str) -> str:
        """Return the table's usual spelling of a damaged unit, or the unit unchanged.

        Damage recognised: words shuffled (a cell split in two and glued back), words dropped
        here and there ("Công an đơn vị, phường" for "Công an các đơn vị, địa phương"), or a unit
        cut after a dangling word ("Công an các").
        """
        words = _words(unit)
        if len(words) < 2 or UNIT_CODE.match(unit):
            return unit
        own = self.counts.get(unit, 0)
        best: tuple[int, str] | None = None
        for cand, count in self.counts.items():
            if cand == unit:
                continue
            cw = _words(cand)
            if len(cw) < len(set(words)) or (len(set(words)) == len(set(cw)) and words == cw):
                continue
            if not set(words) <= set(cw):
                continue
            if not (_shuffled(words, cw) or _scattered_drop(words, cw) or _truncated(words, cw)):
                continue
            if count <= own:
                continue
            if best is None or count > best[0]:
                best = (count, cand)
        return best[1] if best else unit


def _shuffled(words: list[str], cand: list[str]) -> bool:
    """Same words as the candidate (duplicates aside) but in another order."""
    return set(words) == set(cand) and words != cand


def _is_subsequence(words: list[str], cand: list[str]) -> list[int] | None:
    idx: list[int] = []
    j = 0
    for w in words:
        while j < len(cand) and cand[j] != w:
            j += 1
        if j == len(cand):
            return None
        idx.append(j)
        j += 1
    return idx


def _scattered_drop(words: list[str], cand: list[str]) -> bool:
    """The words are the candidate's with two or more words dropped at different places."""
    idx = _is_subsequence(words, cand)
    if idx is None or len(cand) - len(words) < 2:
        return False
    missing = [k for k in range(len(cand)) if k not in set(idx)]
    runs = sum(1 for n, k in enumerate(missing) if n == 0 or missing[n - 1] != k - 1)
    return runs >= 2 and runs == len(missing)


def _truncated(words: list[str], cand: list[str]) -> bool:
    """The unit stops after a dangling word, and the candidate starts the same way."""
    return words[-1] in _DANGLING and cand[: len(words)] == words and len(cand) > len(words)
