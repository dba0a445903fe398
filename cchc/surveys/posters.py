"""QR codes and printable posters for service points (and dossier receipts).

- ``qr_svg(url)`` an inline SVG (segno, pure Python); ``qr_png(url)`` a PNG.
- ``poster_png(point, url, size)`` A4 or A5 at 150 dpi with Pillow (a system TrueType font with Vietnamese glyphs:
  DejaVu or Liberation); ``posters_pdf(items, size)`` one page per poster, rendered by WeasyPrint when it is
  installed (``pdf_available()``), from a small HTML page with the inline SVG.
"""

from __future__ import annotations

import html
import io
import logging
from dataclasses import dataclass
from pathlib import Path

import segno

from cchc.core.safe_text import safe_xml_text

logger = logging.getLogger(__name__)

SIZES_MM = {"A4": (210, 297), "A5": (148, 210)}
DPI = 150
INSTRUCTIONS = (
    "Quét mã QR bằng camera điện thoại để đánh giá",
    "Phiếu không ghi tên, không thu thập thông tin cá nhân, chỉ mất khoảng {minutes} phút.",
    "Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn. Xin cảm ơn!",
)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts")


@dataclass(frozen=True)
class PosterItem:
    unit_name: str
    place: str
    url: str
    title: str = "ĐÁNH GIÁ SỰ HÀI LÒNG"
    minutes: int = 2  # the questionnaire's honest estimate (Questionnaire.estimate_minutes)

    def instructions(self) -> tuple[str, ...]:
        return tuple(line.format(minutes=self.minutes) for line in INSTRUCTIONS)


def qr_svg(url: str, scale: int = 6) -> str:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return buf.getvalue().decode()


def qr_png(url: str, scale: int = 10) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def _font(bold: bool, size: int):
    from PIL import ImageFont

    names = (
        ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
        if bold
        else ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")
    )
    for folder in FONT_DIRS:
        for name in names:
            for path in Path(folder).rglob(name):
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def poster_png(item: PosterItem, size: str = "A4") -> bytes:
    from PIL import Image, ImageDraw

    w_mm, h_mm = SIZES_MM[size]
    w, h = round(w_mm / 25.4 * DPI), round(h_mm / 25.4 * DPI)
    k = w / 1240  # fonts scale with the page
    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    margin = int(80 * k)
    y = margin

    def block(text, font, fill="#111111", gap=12):
        nonlocal y
        for line in _wrap(draw, text, font, w - 2 * margin):
            tw = draw.textlength(line, font=font)
            draw.text(((w - tw) / 2, y), line, font=font, fill=fill)
            y += int(font.size * 1.3)
        y += int(gap * k)

    block(item.unit_name.upper(), _font(True, int(42 * k)), "#0b3d6b")
    block(item.place, _font(False, int(36 * k)), gap=30)
    block(item.title, _font(True, int(64 * k)), "#a00000", gap=30)
    qr = Image.open(io.BytesIO(qr_png(item.url, scale=20))).convert("RGB")
    side = int(min(w - 2 * margin, h * 0.42))
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    img.paste(qr, ((w - side) // 2, y))
    y += side + int(30 * k)
    lines = item.instructions()
    block(lines[0], _font(True, int(40 * k)))
    for line in lines[1:]:
        block(line, _font(False, int(30 * k)))
    block(item.url, _font(False, int(24 * k)), "#444444")
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except Exception:  # not installed, or its system libraries (Pango) missing: posters are offered as HTML
        logger.exception("WeasyPrint cannot be loaded; posters are offered as HTML only")
        return False
    return True


def posters_html(items: list[PosterItem], size: str = "A4") -> str:
    big = size == "A4"
    pages = []
    for item in items:
        pages.append(
            f"""<section><p class="u">{html.escape(item.unit_name.upper())}</p><p class="p">{html.escape(item.place)}</p>
<h1>{html.escape(item.title)}</h1><div class="q">{qr_svg(item.url)}</div>
<p class="i"><b>{html.escape(item.instructions()[0])}</b></p><p>{html.escape(item.instructions()[1])}</p><p>{html.escape(item.instructions()[2])}</p>
<p class="l">{html.escape(item.url)}</p></section>"""
        )
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: {size}; margin: {"18mm" if big else "12mm"}; }}
body {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; text-align: center; color: #111; }}
section {{ page-break-after: always; }} section:last-child {{ page-break-after: auto; }}
.u {{ font-weight: bold; color: #0b3d6b; font-size: {"17pt" if big else "13pt"}; margin: 0; }}
.p {{ font-size: {"15pt" if big else "12pt"}; margin: 4pt 0 12pt; }}
h1 {{ color: #a00000; font-size: {"28pt" if big else "20pt"}; margin: 8pt 0 10pt; }}
.q svg {{ width: {"120mm" if big else "85mm"}; height: auto; }}
.i {{ font-size: {"17pt" if big else "13pt"}; }} p {{ font-size: {"13pt" if big else "10pt"}; }}
.l {{ color: #444; font-size: 9pt; }}
</style></head><body>{"".join(pages)}</body></html>"""


def posters_pdf(items: list[PosterItem], size: str = "A4") -> bytes:
    from weasyprint import HTML

    return HTML(string=safe_xml_text(posters_html(items, size))).write_pdf()
