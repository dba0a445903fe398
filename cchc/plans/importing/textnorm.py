"""Text helpers of the importer: folding, whitespace, HTML cells, bullets, numbering codes."""

from __future__ import annotations

import html
import re

from cchc.plans.deadlines import fold

__all__ = ["collapse", "fold", "parse_html_cell_blocks", "split_code", "strip_bullet", "strip_markdown"]

_WS = re.compile(r"\s+")
_TAG_SPLIT = re.compile(r"(<[^>]+>)")
_BULLET = re.compile(r"^\s*(?:[-–+•*▪●◦]|\(?\d{1,2}\)|[a-zđ]\))\s+")
_DASH_ITEMS = re.compile(r"(?<=[.;])\s+[-–+]\s+")


def collapse(text: str) -> str:
    """Collapse whitespace runs (including non-breaking spaces) to one space and trim."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def strip_bullet(text: str) -> str:
    """Remove a leading "- " / "+ " / "•" bullet and one trailing ";" or "."."""
    text = re.sub(r"^\s*[-–+•*▪●◦]\s*", "", text).strip()
    if text.endswith((";", ".")):
        text = text[:-1].rstrip()
    return text


def strip_markdown(text: str) -> str:
    """Remove markdown emphasis and heading marks from a line."""
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)", r"\1", text)
    text = re.sub(r"<sup>.*?</sup>", "", text)
    return collapse(re.sub(r"<[^>]+>", " ", html.unescape(text)))


def _dash_blocks(text: str) -> list[tuple[str, str]]:
    """Plain-text dash bullets in one block: "- a; - b." -> two list items."""
    stripped = text.strip()
    if stripped.startswith(("- ", "– ", "+ ")) and _DASH_ITEMS.search(stripped):
        return [("li", piece) for piece in _DASH_ITEMS.split(stripped) if piece.strip()]
    if stripped.startswith(("- ", "– ", "+ ")):
        return [("li", stripped)]
    return [("p", text)]


def parse_html_cell_blocks(raw: str) -> tuple[list[tuple[str, str]], bool]:
    """Split a converted cell (text with <p>, <br>, <ul><li>, <b>, <a> ...) into text blocks.

    Returns the blocks and whether all of the cell's text is bold.
    """
    raw = raw.replace("\\n", "\n")
    bold = _all_bold(raw)
    blocks: list[tuple[str, str]] = []
    buf: list[str] = []
    kind = "p"

    def flush() -> None:
        nonlocal buf
        text = html.unescape("".join(buf))
        if text.strip():
            if kind == "li":
                blocks.append(("li", text))
            else:
                blocks.extend(_dash_blocks(text))
        buf = []

    for piece in _TAG_SPLIT.split(raw):
        if not piece:
            continue
        if piece.startswith("<") and piece.endswith(">"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            name = tag.group(1).lower() if tag else ""
            closing = piece.startswith("</")
            if name in {"p", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}:
                flush()
                kind = "p"
            elif name == "li":
                flush()
                kind = "p" if closing else "li"
            elif name in {"ul", "ol"}:
                flush()
                kind = "p"
            elif name == "sup":
                buf.append(" ")
            else:
                buf.append(" " if name in {"td", "th"} else "")
            continue
        buf.append(piece.replace("**", ""))
    flush()
    return blocks, bold


def _all_bold(raw: str) -> bool:
    if not raw.strip():
        return False
    outside = re.sub(r"<(b|strong)\b[^>]*>.*?</\1>", " ", raw, flags=re.S | re.I)
    outside = re.sub(r"\*\*.+?\*\*", " ", outside, flags=re.S)
    outside = re.sub(r"<[^>]+>", " ", outside)
    inside_any = outside != raw
    return inside_any and not collapse(html.unescape(outside))


# Numbering codes: "1", "1.1", "2.1.3", "1.", "III", "III.4", "A", "a)", "7a".
_CODE = re.compile(r"^(?:[IVXL]{1,5}(?:\.\d{1,3})*|[A-ZĐ]|[a-zđ]|\d{1,3}(?:\.\d{1,3})*[a-z]?)[.)]?$")
_LEADING_CODE = re.compile(r"^\s*((?:[IVXL]{1,5}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)[.)]?)\s+(?=\S)")


def normalise_code(text: str) -> str | None:
    """The numbering as printed, without a trailing "." or ")"; None when it is not a code."""
    text = collapse(text)
    if not _CODE.match(text):
        return None
    return text.rstrip(".)") or None


def split_code(text: str) -> tuple[str | None, str]:
    """Split "III. NHIỆM VỤ CỤ THỂ" or "1. Xây dựng ..." into (code, rest)."""
    m = _LEADING_CODE.match(text)
    if not m:
        return None, text.strip()
    code = m.group(1).rstrip(".)")
    rest = text[m.end() :].strip()
    # A single capital letter followed by a lower-case word is an ordinary word ("A nhé").
    if len(code) == 1 and code.isalpha() and code.isupper() and rest[:1].islower():
        return None, text.strip()
    return code, rest


def is_roman(code: str) -> bool:
    return bool(re.fullmatch(r"[IVXL]{1,5}", code))


def is_letter(code: str) -> bool:
    return bool(re.fullmatch(r"[A-ZĐa-zđ]", code))
