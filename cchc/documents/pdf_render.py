"""PDF rendering of an :class:`OfficialDocument`: HTML + print CSS (same layout as the Word file) → WeasyPrint.

WeasyPrint is imported lazily, so the rest of the module (and the Word renderer) works without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cchc.core.safe_text import safe_xml_text

from . import layout as L
from .blocks import Block, Heading, OfficialDocument, PageBreak, Para, Run, Table

_FONTS = ", ".join(f'"{f}"' if " " in f else f for f in (L.FONT, *L.FONT_FALLBACKS))

CSS = f"""
@page {{
  size: A4 portrait;
  margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm;
  @top-center {{ content: counter(page); font-family: {_FONTS}; font-size: 13pt;
                 vertical-align: top; padding-top: {L.HEADER_DISTANCE_MM}mm; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
@page landscape {{ size: A4 landscape; }}
html {{ font-family: {_FONTS}; font-size: {L.BODY_PT}pt; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
.c {{ text-align: center; }}
.b {{ font-weight: bold; }}
.i {{ font-style: italic; }}
.s11 {{ font-size: 11pt; }} .s12 {{ font-size: 12pt; }} .s13 {{ font-size: 13pt; }} .s14 {{ font-size: 14pt; }}
.rule {{ border-top: 0.75pt solid #000; height: 0; margin: 1pt auto 0 auto; }}
table.head, table.closing {{ border-collapse: collapse; table-layout: fixed; width: {L.TEXT_W_CM}cm; }}
table.head td, table.closing td {{ vertical-align: top; padding: 0 0.05cm; }}
table.head td p {{ line-height: 1.1; }}
.nw {{ white-space: nowrap; }}
table.closing {{ page-break-inside: avoid; margin-top: 6pt; }}
.title {{ margin-top: 18pt; }}
.kg {{ margin: 12pt 0 6pt 0; }}
.kg-list {{ margin-left: 5cm; }}
.body p, .body h1, .body h2, .body h3 {{
  text-align: justify; text-indent: {L.FIRST_LINE_INDENT_CM}cm; margin: 0 0 {L.PARA_SPACING_PT}pt 0;
  line-height: {L.LINE_SPACING + 0.1};
}}
.body h1, .body h2, .body h3 {{ font-size: {L.BODY_PT}pt; page-break-after: avoid; }}
.body h1 {{ font-weight: bold; margin-top: {L.PARA_SPACING_PT}pt; }}
.body h2 {{ font-weight: bold; }}
.body h3 {{ font-weight: normal; font-style: italic; }}
.body p.noindent {{ text-indent: 0; }}
.body p.al-left {{ text-align: left; }} .body p.al-center {{ text-align: center; }}
.body p.al-right {{ text-align: right; }}
.body p.tbl-title {{ text-align: center; text-indent: 0; font-weight: bold; margin: 6pt 0; page-break-after: avoid; }}
table.grid {{ border-collapse: collapse; table-layout: fixed; margin: 0 auto 6pt auto; }}
table.grid th, table.grid td {{ border: 0.5pt solid #000; padding: 2pt 0.1cm; vertical-align: top;
  line-height: 1.15; }}
table.grid th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
table.grid thead {{ display: table-header-group; }}
table.grid tr {{ page-break-inside: avoid; }}
td.al-center {{ text-align: center; }} td.al-right {{ text-align: right; }}
td.al-justify {{ text-align: justify; }}
.recipients p {{ line-height: 1.1; }}
.sign p {{ text-align: center; font-weight: bold; }}
.gap {{ height: {L.SIGNATURE_GAP_LINES * 1.4}em; }}
.pb {{ page-break-after: always; }}
.appendix {{ page-break-before: always; }}
.appendix.landscape {{ page: landscape; }}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{_e(text)}</p>' if cls else f"<p>{_e(text)}</p>"


def _rule(width_cm: float, gap_pt: float = 1) -> str:
    return f'<div class="rule" style="width:{width_cm:.2f}cm;margin-top:{gap_pt}pt"></div>'


def _header(doc: OfficialDocument) -> str:
    h = L.header_text(doc)
    left = []
    if h.parent_lines:
        left.append(f'<p class="c s13 nw">{"<br>".join(_e(x) for x in h.parent_lines)}</p>')
    left.append(f'<p class="c s13 b nw">{"<br>".join(_e(x) for x in h.issuer_lines)}</p>')
    box_l = L.HEADER_LEFT_CM - 0.1
    widest = max(L.text_width_cm(x, 13, bold=True) for x in h.issuer_lines)
    left.append(_rule(max(1.5, min(widest, box_l) * 0.4), gap_pt=3))
    right = [
        _p(L.QUOC_HIEU, "c s13 b"),
        _p(L.TIEU_NGU, "c s14 b"),
        _rule(L.text_width_cm(L.TIEU_NGU, 14, bold=True), gap_pt=2),
    ]
    num = [_p(h.number_line, "c s13")]
    if h.is_cong_van and h.summary:
        num.extend(_p(line, "c s13") for line in h.summary.split("\n"))
    out = [
        '<table class="head"><colgroup>'
        f'<col style="width:{L.HEADER_LEFT_CM}cm"><col style="width:{L.HEADER_RIGHT_CM}cm"></colgroup>',
        f"<tr><td>{''.join(left)}</td><td>{''.join(right)}</td></tr>",
        f'<tr><td style="padding-top:3pt">{"".join(num)}</td>'
        f'<td style="padding-top:3pt">{_p(h.date_line, "c s14 i")}</td></tr>',
        "</table>",
    ]
    if not h.is_cong_van:
        out.append(_p(h.doc_type, "c s14 b title"))
        if h.summary:
            lines = h.summary.split("\n")
            out.extend(_p(line, "c s14 b") for line in lines)
            w = min(max(L.text_width_cm(x, 14, bold=True) for x in lines), L.TEXT_W_CM) * 0.4
            out.append(_rule(max(2.5, w), gap_pt=4))
    addressees = L.addressee_lines(doc)
    if len(addressees) == 1:
        out.append(_p(addressees[0], "c kg"))
    elif addressees:
        out.append(f'<div class="kg"><p style="margin-left:3.5cm">{_e(addressees[0])}</p>')
        out.extend(f'<p class="kg-list">{_e(a)}</p>' for a in addressees[1:])
        out.append("</div>")
    out.append('<div style="height:6pt"></div>')
    return "\n".join(out)


def _runs(runs: Sequence[Run]) -> str:
    parts = []
    for r in runs:
        t = _e(r.text)
        if r.bold:
            t = f"<b>{t}</b>"
        if r.italic:
            t = f"<i>{t}</i>"
        if r.underline:
            t = f"<u>{t}</u>"
        parts.append(t)
    return "".join(parts)


def _table(t: Table, text_w_cm: float) -> str:
    ncols = len(t.headers)
    widths = list(t.widths_cm or [text_w_cm / ncols] * ncols)
    aligns = list(t.align or ["left"] * ncols)
    out = []
    if t.title:
        out.append(_p(t.title, "tbl-title"))
    cols = "".join(f'<col style="width:{w}cm">' for w in widths)
    style = f"width:{sum(widths):.2f}cm;font-size:{t.font_pt}pt"
    out.append(f'<table class="grid" style="{style}"><colgroup>{cols}</colgroup><thead><tr>')
    out.extend(f"<th>{_e(str(h))}</th>" for h in t.headers)
    out.append("</tr></thead><tbody>")
    for row in t.rows:
        out.append("<tr>")
        for i in range(ncols):
            v = row[i] if i < len(row) and row[i] is not None else ""
            cell = "<br>".join(_e(line) for line in str(v).split("\n"))
            al = aligns[i] if i < len(aligns) else "left"
            out.append(f'<td class="al-{al}">{cell}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _blocks(blocks: Sequence[Block], text_w_cm: float) -> str:
    out = ['<div class="body">']
    for b in blocks:
        if isinstance(b, Heading):
            tag = f"h{min(max(b.level, 1), 3)}"
            out.append(f"<{tag}>{_e(b.text)}</{tag}>")
        elif isinstance(b, Para):
            cls = [] if b.indent else ["noindent"]
            if b.align != "justify":
                cls.append(f"al-{b.align}")
            content = _runs(b.runs or (Run(b.text, b.bold, b.italic),))
            out.append(f'<p class="{" ".join(cls)}">{content}</p>')
        elif isinstance(b, Table):
            out.append(_table(b, text_w_cm))
        elif isinstance(b, PageBreak):
            out.append('<div class="pb"></div>')
    out.append("</div>")
    return "\n".join(out)


def _closing(doc: OfficialDocument) -> str:
    recipients = L.recipient_lines(doc)
    signer = L.closing_signer(doc)
    if not recipients and not signer:
        return ""
    left = ""
    if recipients:
        left = _p("Nơi nhận:", "s12 b i") + "".join(_p(r, "s11") for r in recipients)
    right = ""
    if signer:
        *upper, name = signer
        right = "".join(_p(x, "s14") for x in upper) + '<div class="gap"></div>' + _p(name, "s14")
    return (
        '<table class="closing"><colgroup>'
        f'<col style="width:{L.CLOSING_LEFT_CM}cm"><col style="width:{L.CLOSING_RIGHT_CM}cm"></colgroup>'
        f'<tr><td class="recipients" style="padding-top:12pt">{left}</td>'
        f'<td class="sign" style="padding-top:12pt">{right}</td></tr></table>'
    )


def _appendix(doc: OfficialDocument) -> str:
    label, title, note = L.appendix_heading(doc)
    landscape = doc.landscape_appendix
    w = L.TEXT_W_LANDSCAPE_CM if landscape else L.TEXT_W_CM
    head = [_p(label, "c s14 b")]
    if title:
        head.append(_p(title, "c s14 b"))
    if note:
        head.append(_p(note, "c s14 i"))
    head.append(_rule(3.0, gap_pt=4))
    head.append('<div style="height:6pt"></div>')
    cls = "appendix landscape" if landscape else "appendix"
    return f'<section class="{cls}">{"".join(head)}{_blocks(doc.appendix, w)}</section>'


def render_html(doc: OfficialDocument) -> str:
    """The document as a self-contained HTML page with A4 print CSS (what :func:`render_pdf` prints); characters
    XML cannot hold (control characters a user typed) are left out."""
    title = " ".join(x for x in (doc.doc_type, doc.summary) if x) or doc.symbol
    parts = [
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
        _header(doc),
        _blocks(doc.body, L.TEXT_W_CM),
        _closing(doc),
        _appendix(doc) if doc.has_appendix else "",
        "</body></html>",
    ]
    return safe_xml_text("\n".join(parts))


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes, printed by WeasyPrint from :func:`render_html`."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango/cairo system libraries missing
        raise NotImplementedError(
            "render_pdf cần WeasyPrint (pip install weasyprint) và thư viện Pango của hệ điều hành; "
            f"không dùng được: {exc}"
        ) from exc
    return HTML(string=render_html(doc)).write_pdf()
