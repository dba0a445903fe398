"""What goes where on the page (NĐ 30/2020 Phụ lục I), shared by the Word and PDF renderers. No Django here."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from .blocks import OfficialDocument
from .format import date_line, format_number, nfc, short_date, signer_lines, upper_vn

logger = logging.getLogger(__name__)

# Page geometry (mm) and fonts, methodology §7.
PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0  # page number sits in the top margin
TEXT_W_CM = (PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10  # 16.5 cm portrait
TEXT_W_LANDSCAPE_CM = (PAGE_H_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10  # 25.2 cm
# Header table: the quốc hiệu in bold 13 pt is 9.5 cm wide, so the right column takes 10.1 cm.
HEADER_LEFT_CM = 6.4
HEADER_RIGHT_CM = TEXT_W_CM - HEADER_LEFT_CM
CLOSING_LEFT_CM = 7.5
CLOSING_RIGHT_CM = TEXT_W_CM - CLOSING_LEFT_CM

FONT = "Times New Roman"
FONT_FALLBACKS = ("Liberation Serif", "Tinos", "DejaVu Serif", "serif")
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
BODY_PT = 14
FIRST_LINE_INDENT_CM = 1.27
PARA_SPACING_PT = 6
LINE_SPACING = 1.15  # between single and 1.5
SIGNATURE_GAP_LINES = 4  # room for the signature and the seal


# Word pairs a header line should not be broken between
_KEEP_TOGETHER = {
    ("CÔNG", "AN"),
    ("THÀNH", "PHỐ"),
    ("ỦY", "BAN"),
    ("NHÂN", "DÂN"),
    ("HÀNH", "CHÍNH"),
    ("THỊ", "XÃ"),
    ("ĐẶC", "KHU"),
    ("NỘI", "VỤ"),
    ("THAM", "MƯU"),
}


def break_lines(text: str, box_cm: float, size_pt: float, bold: bool) -> list[str]:
    """Lines of a header name in a column ``box_cm`` wide.

    Explicit ``\n`` are kept. A line too wide is broken in two at the word gap that makes the wider half the
    narrowest, never inside pairs such as "THÀNH PHỐ" or "CÔNG AN" (so "CÔNG AN THÀNH PHỐ / HẢI PHÒNG").
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        words = line.split(" ")
        if text_width_cm(line, size_pt, bold) <= box_cm or len(words) < 2:
            out.append(line)
            continue
        best: tuple[float, int] | None = None
        for i in range(1, len(words)):
            if (words[i - 1], words[i]) in _KEEP_TOGETHER:
                continue
            widest = max(
                text_width_cm(" ".join(words[:i]), size_pt, bold),
                text_width_cm(" ".join(words[i:]), size_pt, bold),
            )
            if best is None or widest < best[0]:
                best = (widest, i)
        if best is None:
            out.append(line)
        else:
            out.extend([" ".join(words[: best[1]]), " ".join(words[best[1] :])])
    return out


@dataclass(frozen=True)
class HeaderText:
    parent_body: str
    issuer: str
    parent_lines: list[str]
    issuer_lines: list[str]
    number_line: str
    date_line: str
    doc_type: str
    summary: str  # typed document: bold centred; công văn: "V/v …" under the number
    is_cong_van: bool


def header_text(doc: OfficialDocument) -> HeaderText:
    number = doc.number
    if isinstance(number, str) and not number.strip():
        number = None
    # a summary may be broken into lines on purpose ("\n"); spaces inside each line are collapsed
    summary = "\n".join(
        " ".join(line.split()) for line in nfc(doc.summary).strip().split("\n") if line.strip()
    )
    if doc.is_cong_van and summary and not summary.lower().startswith("v/v"):
        summary = f"V/v {summary}"
    year = doc.year if doc.year is not None else (doc.date.year if doc.date else None)
    parent = upper_vn(doc.parent_body.strip())
    issuer = upper_vn(doc.issuer.strip())
    box = HEADER_LEFT_CM - 0.1
    return HeaderText(
        parent_body=" ".join(parent.split()),
        issuer=" ".join(issuer.split()),
        parent_lines=break_lines(parent, box, 13, bold=False),
        issuer_lines=break_lines(issuer, box, 13, bold=True),
        number_line=format_number(number, doc.symbol),
        date_line=date_line(doc.place, doc.date, year),
        doc_type=upper_vn(doc.doc_type.strip()),
        summary=summary,
        is_cong_van=doc.is_cong_van,
    )


def closing_signer(doc: OfficialDocument) -> list[str]:
    """Signature lines; the last is the name. Empty when nobody is set (a draft)."""
    s = doc.signer
    if not (s.authority.strip() or s.title.strip()):
        return [s.name] if s.name.strip() else []
    return signer_lines(s.authority, s.title, s.name)


def recipient_lines(doc: OfficialDocument) -> list[str]:
    """Nơi nhận entries with the "- " bullet (one is added when missing)."""
    out = []
    for r in doc.recipients:
        r = " ".join(nfc(r).split())
        if not r:
            continue
        out.append(r if r.startswith(("-", "–", "+")) else f"- {r}")
    return out


def addressee_lines(doc: OfficialDocument) -> list[str]:
    """ "Kính gửi:" block: one addressee on the same line, several as a "- …;" list."""
    names = [" ".join(nfc(a).split()) for a in doc.addressees if a.strip()]
    if not names:
        return []
    if len(names) == 1:
        return [f"Kính gửi: {names[0]}"]
    return ["Kính gửi:"] + [n if n.startswith("-") else f"- {n}" for n in names]


def appendix_heading(doc: OfficialDocument) -> tuple[str, str, str]:
    """(label, title upper-case, note) of the appendix: "Phụ lục", "DANH MỤC …", "(Kèm theo Kế hoạch số …)"."""
    label = nfc(doc.appendix_label).strip()
    title = upper_vn(doc.appendix_title.strip()) if doc.appendix_title else ""
    if doc.appendix_note is not None:
        return label, title, nfc(doc.appendix_note)
    kind = doc.doc_type.strip().capitalize() if doc.doc_type.strip() else "Công văn"
    num = str(doc.number).strip() if doc.number not in (None, "") else ""
    if num.isdigit():
        num = f"{int(num):02d}"
    parts = [f"(Kèm theo {kind} số {num or '      '}/{doc.symbol}"]
    if doc.date:
        parts.append(f" ngày {short_date(doc.date)}")
    return label, title, "".join(parts) + ")"


@functools.lru_cache(maxsize=8)
def _font(style: str):
    try:
        from PIL import ImageFont

        return ImageFont.truetype(f"/usr/share/fonts/truetype/liberation2/LiberationSerif-{style}.ttf", 1000)
    except Exception:  # Pillow or the Liberation fonts missing: widths are estimated (once per style: cached)
        logger.exception(
            "documents: the Liberation Serif %s font cannot be loaded; estimating text widths", style
        )
        return None


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` in Times New Roman (Liberation Serif has the same metrics)."""
    font = _font("Bold" if bold else "Regular")
    if font is not None:
        em = font.getlength(text) / 1000
    else:  # rough average advance widths of Times
        em = sum(0.25 if c == " " else 0.70 if c.isupper() else 0.48 for c in text)
        em *= 1.04 if bold else 1.0
    return em * size_pt / 72 * 2.54
