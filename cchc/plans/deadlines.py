"""Vietnamese deadline expressions -> (kind, start, end).  Pure: no Django.

The table of kinds is in `shared/contracts/plans.md` ("Deadline normalisation"):

- ``date``        "Trước ngày 30/4/2024", "31/3/2025"                      -> end = that day
- ``month``       "Tháng 01/2026", "Tháng 7-9/2026"                        -> first .. last day
- ``quarter``     "Quý I/2026", "Quý III năm 2026", "Quy 1/2026"           -> quarter bounds
- ``half_year``   "6 tháng đầu năm 2026"                                   -> Y-01-01 .. Y-06-30
- ``year``        "Năm 2026", "Cả năm 2026", "Trong năm 2025"             -> Y-01-01 .. Y-12-31
- ``recurring``   "Thường xuyên", "Định kỳ hằng quý, 6 tháng, năm"        -> Y-01-01 .. Y-12-31
- ``relative``    "Trong vòng 7 ngày kể từ ...", "Ngay khi có hồ sơ ..."  -> no dates
- ``by_direction`` "Theo chỉ đạo của Bộ Công an", "Căn cứ Kế hoạch ..."   -> no dates
- ``unknown``     empty or unreadable                                      -> no dates

A concrete period (date, month, quarter, half year, year) wins over recurring / relative /
by-direction wording; among several concrete periods the most concrete kind is used. Dates that
belong to a cited document ("Kế hoạch số 489/KH-CAT ngày 05/12/2024") are not deadlines.
Matching is done on text folded to lower case without diacritics, so OCR spellings such as
"Quy I/2026", "Thang 3", "Ca nam 2026" and "Thuong xuyen" read like their accented forms.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

KINDS = ("date", "month", "quarter", "half_year", "year", "recurring", "relative", "by_direction", "unknown")
CONCRETE_KINDS = ("date", "month", "quarter", "half_year", "year")


@dataclass(frozen=True)
class Deadline:
    kind: str
    start: date | None = None
    end: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


UNKNOWN = Deadline("unknown")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, one output character per input character."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).lower()


_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")

# A cited document number, optionally followed by its date: "489/kh-cat ngay 05/12/2024",
# "27/2022/tt-bca ngay 09/6/2022", "66-nq/tw ngay 30/4/2025", "131/nq- cp, ngay 06/10/202 2".
_REF = re.compile(
    r"\b\d+[\w.\-]*(?:\s*/\s*[\w.\-]+)*\s*/\s*[a-z]\w*(?:\s*-\s*[a-z]\w*)*"
    r"(?:[\s,]*(?:ngay\s*)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d[\d ]{0,4})?"
)
# Nouns naming a document or a period that is not a deadline ("Kế hoạch năm 2025", "giai đoạn 2026-2030").
_DOC_NOUN = re.compile(
    r"(ke hoach|nghi quyet|quyet dinh|chuong trinh|de an|thong tu|chi thi|bao cao|giai doan|nghi dinh|"
    r"cong van|van ban|luat)(\s+[a-z0-9]{1,6}){0,2}\s*(so\s*)?$"
)

_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?![\d/])")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|/)\s*(\d{4})")
# "Trước ngày 30/6", and as often "Trước 30/6", "Chậm nhất 15/01", "Hạn 30/6", "Đến 30/6": the plan's year.
_DATE_NO_YEAR = re.compile(
    r"(?<![a-z])(?:ngay|truoc|cham\s*nhat|han|den|hoan\s*thanh)\s*(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])"
)
_YEAR_TAIL = r"(?:\s*/\s*(\d{4})|\s*,?\s*n[a-z]{1,2}m\s*(\d{4}))?"
_MONTH_RANGE = re.compile(r"thang\s*(\d{1,2})\s*(?:-|–|den|toi)\s*(?:thang\s*)?(\d{1,2})" + _YEAR_TAIL)
_MONTH = re.compile(r"thang\s*(\d{1,2})(?![\d])" + _YEAR_TAIL)
_QUARTER = re.compile(r"(?<![a-z])quy\s*(iv|iii|ii|i|v|[1-4])(?![a-z0-9])" + _YEAR_TAIL)
_HALF = re.compile(r"0?6\s*thang\s*(dau|cuoi)\s*n[a-z]{1,2}m(?:\s*(\d{4}))?")
_YEAR = re.compile(r"n[a-z]{1,2}m\s*(20\d{2})(?!\d)")
_YEAR_WORDS = re.compile(r"(?:^|\b)(ca|trong|het|cuoi)\s*n[a-z]{1,2}m\b(?!\s*\d)")
_BARE_YEAR = re.compile(r"^\s*(20\d{2})\s*$")

_RECURRING = re.compile(
    r"th\w{0,3}ng\s*xuy\w{0,2}n|dinh\s*ky|h[a]ng\s*(ngay|tuan|thang|quy|nam)|lien\s*tuc|moi\s*(quy|thang|nam)|"
    # "Báo cáo kết quả thực hiện (lồng ghép trong kỳ Báo cáo CCHC)": reported in each periodic report.
    r"[l1i]\w{0,2}ng\W*gh\w{0,2}p\W*trong.{0,14}?b\w{1,3}o\W*c\w{1,2}o"
)
_RELATIVE = re.compile(
    r"trong\s*vong|trong\s*thoi\s*han\s*\d|ke\s*tu|ngay\s*(khi|sau)|sau\s*khi|truoc\s*khi|khi\s*co(?!\s*(yeu\s*cau|chi\s*dao))|"
    r"sau\s*\d+\s*ngay|ngay\s*sau|dot\s*xuat"
)
_BY_DIRECTION = re.compile(r"\btheo\b|can\s*cu|tuy\s*(theo|tinh\s*hinh)|khi\s*co\s*(yeu\s*cau|chi\s*dao)")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}


def _clean(text: str) -> str:
    text = _TAG.sub(" ", text).replace("&nbsp;", " ")
    return _WS.sub(" ", text).strip()


def _mask(folded: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), folded)


def _year_of(groups: tuple[str | None, ...], default: int | None) -> int | None:
    for g in groups:
        if g:
            value = int(g)
            return value + 2000 if value < 100 else value
    return default


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None or not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cited(folded: str, start: int) -> bool:
    """True when the match at `start` follows a document noun ("Kế hoạch năm 2025")."""
    before = folded[max(0, start - 25) : start].rstrip()
    return bool(_DOC_NOUN.search(before))


def _concrete(folded: str, year: int | None) -> list[tuple[int, date | None, date]]:
    """Every concrete period in the text as (rank, start, end); rank 0 = date ... 4 = year."""
    found: list[tuple[int, date | None, date]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in _MONTH_RANGE.finditer(folded):
        y = _year_of(m.group(3, 4), year)
        a, b = int(m.group(1)), int(m.group(2))
        if y and 1 <= a <= b <= 12 and not _cited(folded, m.start()):
            found.append((1, date(y, a, 1), _month_end(y, b)))
            taken.append(m.span())
    for m in list(_DATE_WORDS.finditer(folded)) + list(_DATE.finditer(folded)):
        if not free(m):
            continue
        y = _year_of((m.group(3),), None)
        d = _safe_date(y, int(m.group(2)), int(m.group(1)))
        if d:
            found.append((0, None, d))
            taken.append(m.span())
    for m in _DATE_NO_YEAR.finditer(folded):
        if free(m):
            d = _safe_date(year, int(m.group(2)), int(m.group(1)))
            if d:
                found.append((0, None, d))
                taken.append(m.span())
    for m in _MONTH.finditer(folded):
        y = _year_of(m.group(2, 3), year)
        a = int(m.group(1))
        if y and 1 <= a <= 12 and free(m) and not _cited(folded, m.start()):
            found.append((1, date(y, a, 1), _month_end(y, a)))
            taken.append(m.span())
    for m in _QUARTER.finditer(folded):
        y = _year_of(m.group(2, 3), year)
        token = m.group(1)
        q = int(token) if token.isdigit() else _ROMAN.get(token, 0)
        if y and 1 <= q <= 4 and free(m):
            found.append((2, date(y, 3 * q - 2, 1), _month_end(y, 3 * q)))
            taken.append(m.span())
    for m in _HALF.finditer(folded):
        y = _year_of((m.group(2),), year)
        if y and free(m):
            first = m.group(1) == "dau"
            found.append((3, date(y, 1 if first else 7, 1), date(y, 6, 30) if first else date(y, 12, 31)))
            taken.append(m.span())
    for m in _YEAR.finditer(folded):
        if free(m) and not _cited(folded, m.start()):
            y = int(m.group(1))
            found.append((4, date(y, 1, 1), date(y, 12, 31)))
            taken.append(m.span())
    if year:
        for m in _YEAR_WORDS.finditer(folded):
            if free(m) and not _cited(folded, m.start()):
                found.append((4, date(year, 1, 1), date(year, 12, 31)))
                taken.append(m.span())
    bare = _BARE_YEAR.match(folded)
    if bare:
        y = int(bare.group(1))
        found.append((4, date(y, 1, 1), date(y, 12, 31)))
    return found


def parse_deadline(text: str | None, year: int | None = None) -> Deadline:
    """Normalise a deadline cell. `year` is the plan year Y used when the text gives none."""
    if not text:
        return UNKNOWN
    cleaned = _clean(text)
    if not cleaned:
        return UNKNOWN
    folded = fold(cleaned)
    masked = _mask(folded, _REF)
    periods = _concrete(masked, year)
    if periods:
        best = min(rank for rank, _s, _e in periods)
        chosen = [(s, e) for rank, s, e in periods if rank == best]
        kind = CONCRETE_KINDS[best]
        end = max(e for _s, e in chosen)
        if kind == "date":
            return Deadline(kind, None, end)
        starts = [s for s, _e in chosen if s is not None]
        return Deadline(kind, min(starts) if starts else None, end)
    if _RECURRING.search(folded):
        if year:
            return Deadline("recurring", date(year, 1, 1), date(year, 12, 31))
        return Deadline("recurring")
    if _RELATIVE.search(folded):
        return Deadline("relative")
    if _BY_DIRECTION.search(folded):
        return Deadline("by_direction")
    return UNKNOWN


_DEADLINE_START = re.compile(
    r"^(truoc|cham nhat|hoan thanh|trong|ca\s*n\w{1,2}m|n\w{1,2}m\b|quy\b|thang\b|th\w{0,2}ong\s*xuy|dinh\s*ky|"
    r"hang\s|tu\s*(thang|ngay|quy)|den\b|ngay\b|\d|thoi\s*gian|thoi\s*han|theo\b(?!\s*doi)|can\s*cu|sau\s*khi|"
    r"khi\s*co|ke\s*tu|tuy\s*theo|dot\s*xuat|lien\s*tuc|6\s*thang|0?6\s*thang)"
)


def looks_like_deadline(text: str | None, year: int | None = None) -> bool:
    """True when a (short) cell reads as a deadline rather than as a task, a unit or a product."""
    if not text:
        return False
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 220:
        return False
    kind = parse_deadline(cleaned, year or 2000).kind
    if kind == "unknown":
        return False
    if _DEADLINE_START.match(fold(cleaned)):
        return True
    # "CCHC của CATP năm 2026" is a product; a bare "30/6/2026" or "2026" is a deadline.
    return kind in CONCRETE_KINDS and len(cleaned) <= 25 and not re.search(r"[a-zđ]{4,}", fold(cleaned))


_ANY_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_ANY_MONTH = re.compile(r"thang\s*(\d{1,2})(?:\s*-\s*(\d{1,2}))?\s*/\s*(\d{4})")


def deadline_problems(text: str | None, year: int | None = None) -> list[str]:
    """What a deadline cell gives that is not a real day or month ("31/02/2026", "Tháng 13/2026"), in Vietnamese,
    so that the import warns instead of reading the cell as "Chưa xác định" silently."""
    if not text:
        return []
    cleaned = _clean(text)
    folded = _mask(fold(cleaned), _REF)  # one character per character of ``cleaned``
    out: list[str] = []
    for m in _ANY_DATE.finditer(folded):
        day, month, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _safe_date(y, month, day) is None:
            out.append(f"ngày “{cleaned[m.start() : m.end()].strip()}” không có thật trong lịch")
    for m in _ANY_MONTH.finditer(folded):
        months = [int(g) for g in m.group(1, 2) if g]
        if any(not 1 <= v <= 12 for v in months):
            out.append(f"“{cleaned[m.start() : m.end()].strip()}”: tháng không hợp lệ (từ 1 đến 12)")
    if not out and cleaned and parse_deadline(text, year).kind == "unknown":
        out.append(f"không hiểu thời hạn “{cleaned[:80]}”")
    return out
