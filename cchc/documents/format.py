"""Pure text rules of Nghị định 30/2020/NĐ-CP (methodology §7 and §9 items 22–24). No Django here."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Signature authority prefixes (Điều 13 NĐ 30/2020): on behalf of a collective body, signing for the head,
# acting head, by order, by authorisation.
AUTHORITY_PREFIXES: tuple[str, ...] = ("TM.", "KT.", "Q.", "TL.", "TUQ.")

# What the văn thư leaves blank when the number or the day is filled in by hand.
BLANK_NUMBER = "      "
BLANK_DAY = "     "

_PREFIX_RE = re.compile(r"^\s*(TM|KT|Q|TL|TUQ)\s*\.?\s+(?=\S)", re.IGNORECASE)


def upper_vn(text: str) -> str:
    """Upper-case Vietnamese text (composed Unicode, TCVN 6909:2001): "đ" → "Đ", "ư" → "Ư", tones kept."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


def nfc(text: str) -> str:
    """Composed Unicode form, the one NĐ 30 requires (decomposed input from some keyboards is common)."""
    return unicodedata.normalize("NFC", text)


def format_number_only(n: int | None) -> str:
    """The number part: two digits when below 10 ("05"), blank spaces when not yet assigned."""
    if n is None:
        return BLANK_NUMBER
    if n < 1:
        raise ValueError(f"document number must be positive, got {n}")
    return f"{n:02d}"


def format_number(n: int | str | None, symbol: str) -> str:
    """``Số: 05/KH-CAHP``; ``n=None`` leaves the number blank for the văn thư (``Số:       /KH-CAHP``)."""
    if isinstance(n, str):
        n = int(n) if n.strip() else None
    symbol = nfc(symbol.strip())
    if not symbol:
        raise ValueError("symbol (ký hiệu) is required")
    return f"Số: {format_number_only(n)}/{symbol}"


def compose_symbol(doc_type_abbr: str, org_symbol: str) -> str:
    """``KH`` + ``CAHP-PV01`` → ``KH-CAHP-PV01``; công văn (no abbreviation) keeps ``CAHP-PV01``.

    An ``org_symbol`` that already begins with the abbreviation is returned unchanged.
    """
    abbr = nfc(doc_type_abbr.strip())
    org_symbol = nfc(org_symbol.strip().strip("-"))
    if not abbr:
        return org_symbol
    if org_symbol == abbr or org_symbol.startswith(abbr + "-"):
        return org_symbol
    return f"{abbr}-{org_symbol}" if org_symbol else abbr


def date_words(d: date | None, year: int | None = None) -> str:
    """``ngày 19 tháng 01 năm 2026``; day < 10 and months 1–2 zero-padded; ``None`` leaves day and month blank."""
    if d is None:
        y = year if year is not None else date.today().year  # noqa: DTZ011 — a local calendar year
        return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {y}"
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_line(place: str, d: date | None, year: int | None = None) -> str:
    """``Hải Phòng, ngày 19 tháng 01 năm 2026`` (địa danh, thời gian ban hành)."""
    place = nfc(place.strip())
    words = date_words(d, year)
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def short_date(d: date) -> str:
    """``19/01/2026`` — the dd/mm/yyyy form used in "Kèm theo … ngày …" lines and lists."""
    return d.strftime("%d/%m/%Y")


def normalize_authority(authority: str) -> str:
    """``kt giám đốc`` → ``KT. GIÁM ĐỐC``; text without a known prefix is only upper-cased."""
    text = " ".join(nfc(authority).split())
    m = _PREFIX_RE.match(text)
    if m:
        prefix = m.group(1).upper() + "."
        return f"{prefix} {upper_vn(text[m.end() :])}"
    return upper_vn(text)


def authority_prefix(authority: str) -> str | None:
    """The NĐ 30 prefix of an authority line (``KT.``), or None when the head signs in their own name."""
    m = _PREFIX_RE.match(nfc(authority))
    return m.group(1).upper() + "." if m else None


def signer_lines(authority: str, title: str, name: str) -> list[str]:
    """Lines of the signature block, top to bottom; the last one is always the signer's name.

    ``("KT. Giám đốc", "Phó Giám đốc", "Nguyễn Văn A")`` → ``["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]``.
    The authority line is optional (the head signing directly: ``("", "GIÁM ĐỐC", …)``), and is dropped when
    it repeats the title. A prefixed authority (TM., KT., Q., TL., TUQ.) needs a title below it, except
    ``Q.`` which may stand alone ("Q. GIÁM ĐỐC"). Names are written as given (no academic titles, normal case).
    """
    lines: list[str] = []
    auth = normalize_authority(authority) if authority.strip() else ""
    ttl = upper_vn(" ".join(title.split()))
    if auth:
        lines.append(auth)
    if ttl and ttl != auth:
        lines.append(ttl)
    if not lines:
        raise ValueError("signer needs an authority or a title (chức vụ)")
    prefix = authority_prefix(auth) if auth else None
    if prefix in ("TM.", "KT.", "TL.", "TUQ.") and len(lines) < 2:
        raise ValueError(f"{prefix} needs the signer's own title (chức vụ) on the next line")
    lines.append(" ".join(nfc(name).split()))
    return lines
