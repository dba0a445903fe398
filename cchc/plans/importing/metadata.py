"""Document metadata: number ("447/KH-CAHP-PV01"), issue date, issuer, title and plan year."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.plans.importing.model import Document, Paragraph
from cchc.plans.importing.textnorm import collapse, fold

_NUMBER = re.compile(r"^\W{0,3}s\w?\s*[:.]\s*(\d{1,5})\s*/\s*([a-z0-9][a-z0-9\-]*(?:\s*-\s*[a-z0-9]+)*)")
_ANNEX_NUMBER = re.compile(r"kem\s*theo.*?\bs\w?\s*:?\s*[^\w\s]?(\d{1,5})\s*/\s*([a-z0-9][a-z0-9\-]*)")
_PLACE_DATE = re.compile(r"^\D{2,60},?\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*n\w{1,2}m\s*(\d{4})")
_ANNEX_DATE = re.compile(
    r"kem\s*theo.*?ngay\s*(\d{1,2})\s*(?:/|thang)\s*(\d{1,2})\s*(?:/|n\w{1,2}m)\s*(\d{4})"
)
_MOTTO = re.compile(r"cong\s*hoa|\w?oc\s*[l1]ap|tu\s*do|hanh\s*phu|chu\s*nghia|viet\s*nam")
_LEVEL_WORDS = ("tỉnh", "thành phố", "phường", "xã", "quận", "huyện", "thị xã", "đặc khu")
_ISSUER_IN_TEXT = re.compile(
    r"((?:Công an|Ủy ban nhân dân|UBND|Hội đồng nhân dân|Sở [A-ZĐ][^\s,]*(?: [A-ZĐ][^\s,]*)*)\s+"
    r"(?:tỉnh|thành phố|phường|xã|quận|huyện|thị xã|đặc khu)"
    r"(?:\s+[A-ZĐÂĂÊÔƠƯ][^\s,.;:()]*)+)"
)
_TITLE_STOP = re.compile(
    r"^(can cu|thuc hien (quyet dinh|ke hoach|chi thi|nghi quyet|cong van)|\(kem theo|i\.)"
)


@dataclass
class Metadata:
    doc_number: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    title: str | None = None
    year: int | None = None


def _original(text: str, folded_match: re.Match[str], group: int) -> str:
    return text[folded_match.start(group) : folded_match.end(group)]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _doc_number(paragraphs: list[Paragraph]) -> str | None:
    for p in paragraphs[:40]:
        folded = fold(p.text)
        m = _NUMBER.match(folded)
        if m:
            return f"{m.group(1)}/{_squeeze(_original(p.text, m, 2))}"
    votes: Counter[str] = Counter()
    for p in paragraphs:
        folded = fold(p.text)
        m = _ANNEX_NUMBER.search(folded)
        if m:
            votes[f"{m.group(1)}/{_squeeze(_original(p.text, m, 2))}"] += 1
    return votes.most_common(1)[0][0] if votes else None


def _make_date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _issue_date(paragraphs: list[Paragraph]) -> date | None:
    for p in paragraphs[:40]:
        m = _PLACE_DATE.search(fold(p.text))
        if m:
            found = _make_date(*m.groups())
            if found:
                return found
    votes: Counter[date] = Counter()
    for p in paragraphs:
        m = _ANNEX_DATE.search(fold(p.text))
        if m:
            found = _make_date(*m.groups())
            if found:
                votes[found] += 1
    return votes.most_common(1)[0][0] if votes else None


def _sentence_case(upper: str) -> str:
    """ "CÔNG AN TỈNH SÓC TRĂNG" -> "Công an tỉnh Sóc Trăng" (words after the level are a name)."""
    words = upper.split()
    out: list[str] = []
    name = False
    for k, w in enumerate(words):
        lw = w.lower()
        if name:
            out.append(w.capitalize())
        elif len(w) > 1 and w.isupper() and re.fullmatch(r"UBND|HĐND|CAND|CATP|CAT|TP\.?", w):
            out.append(w)
        elif k == 0:
            out.append(w.capitalize())
        else:
            out.append(lw)
        joined = " ".join(out[-2:]).lower()
        if lw in _LEVEL_WORDS or joined in _LEVEL_WORDS:
            name = True
    return " ".join(out)


def _issuer(paragraphs: list[Paragraph], title: str | None) -> str | None:
    header: list[str] = []
    for p in paragraphs[:8]:
        folded = fold(p.text)
        if re.match(r"^\W{0,3}s\w?\s*[:.]", folded) or "ke hoach" in folded or "quyet dinh" in folded:
            break
        cut = _MOTTO.search(folded)
        text = p.text[: cut.start()] if cut else p.text
        text = collapse(text)
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(text) < 80:
            header.append(text)
    joined = " ".join(header)
    if header and re.search(r"cong\s*an|uy\s*ban|ubnd|\bso\b|\bbo\b|phong|hoi\s*dong|ban\b", fold(joined)):
        return _sentence_case(joined)
    for text in [title or ""] + [p.text for p in paragraphs[:30]]:
        m = _ISSUER_IN_TEXT.search(text)
        if m:
            return re.sub(r"\s+(Năm|năm)$", "", m.group(1)).strip()
    return None


def _title(paragraphs: list[Paragraph]) -> str | None:
    for k, p in enumerate(paragraphs[:60]):
        folded = fold(p.text).strip(" */:#“”\"'")
        m = re.match(r"^\W{0,3}ke\s*hoach\b\s*(.*)$", folded)
        if not m or len(folded) > 200:
            continue
        parts: list[str] = []
        rest = p.text[len(p.text) - len(m.group(1)) :].strip() if m.group(1) else ""
        if rest:
            parts.append(rest)
        last_line = p.line
        for q in paragraphs[k + 1 : k + 6]:
            qf = fold(q.text)
            contiguous = q.line == last_line + 1
            if _TITLE_STOP.match(qf) or (parts and not contiguous):
                break
            parts.append(q.text)
            last_line = q.line
        title = collapse(" ".join(parts)).strip(' *“”"')
        if title:
            return title
    return None


def read_metadata(doc: Document) -> Metadata:
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    meta = Metadata()
    meta.doc_number = _doc_number(paragraphs)
    meta.issue_date = _issue_date(paragraphs)
    meta.title = _title(paragraphs)
    meta.issuer = _issuer(paragraphs, meta.title)
    years = re.findall(r"(?:năm|nam|nim|ndm)\s*(20\d{2})\b", meta.title or "", flags=re.I)
    if years:
        meta.year = int(years[-1])
    elif meta.issue_date:
        meta.year = meta.issue_date.year
    return meta


_BODY_START = re.compile(r"^(can cu|thuc hien|nham|de trien khai|trien khai|i\s*[.:-]\s)")
_BODY_END = re.compile(r"^(noi nhan|\W*noi nhan)")
_ROMAN_HEADING = re.compile(r"^[IVX]{1,4}\s*[.:-]\s*\S")


def read_body(doc: Document, title: str | None = None) -> list[dict[str, Any]]:
    """The plan's own text outside its task tables — the basis, sections I–III (objectives, tasks, the duties of
    each unit) — as printed, paragraph by paragraph: [{"text", "heading"}]. It starts at the first paragraph after
    the title that reads like a body ("Căn cứ …", "Thực hiện …", "I. …") and stops at "Nơi nhận"."""
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    start = None
    in_title = fold(" ".join((title or "").split()).lower())
    for k, p in enumerate(paragraphs):
        folded = fold(p.text.strip().strip("*#_ ").lower())
        if in_title and " ".join(folded.split()) in in_title:
            continue  # a line of the title
        if _BODY_START.match(folded) or _ROMAN_HEADING.match(p.text.strip().strip("*#_ ")):
            start = k
            break
    if start is None:
        return []
    out: list[dict[str, Any]] = []
    for p in paragraphs[start:]:
        text = " ".join(p.text.replace("**", "").strip().strip("#").split())
        if not text:
            continue
        if _BODY_END.match(fold(text.lower())):
            break
        out.append({"text": text, "heading": bool(p.heading or _ROMAN_HEADING.match(text))})
    return out
