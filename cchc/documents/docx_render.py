"""Word (.docx) rendering of an :class:`OfficialDocument` with python-docx, in the NĐ 30/2020 layout.

Every text goes into a run through :func:`cchc.core.safe_text.safe_xml_text`: a control character typed by a user
(a comment, a plan title) must not make the document impossible to write."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from cchc.core.safe_text import safe_xml_text

from . import layout as L
from .blocks import Align, Block, Heading, OfficialDocument, PageBreak, Para, Run, Table

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


# CT_PPrBase children that come after w:pBdr (ECMA-376 order)
_PPR_AFTER_PBDR = tuple(
    f"w:{n}"
    for n in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)

# ---------------------------------------------------------------- low-level helpers


def _set_run_font(run, size: float | None = None, bold: bool = False, italic: bool = False) -> None:
    run.font.name = L.FONT
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), L.FONT)
    if size is not None:
        run.font.size = Pt(size)
        szcs = rpr.find(qn("w:szCs"))
        if szcs is None:
            szcs = OxmlElement("w:szCs")
            rpr.find(qn("w:sz")).addnext(szcs)  # schema order: sz, szCs
        szcs.set(qn("w:val"), str(int(size * 2)))
    run.font.bold = bold or None
    run.font.italic = italic or None


def _fmt(
    p: Paragraph,
    align: Align = "center",
    before: float = 0,
    after: float = 0,
    indent_cm: float | None = None,
    line: float | None = 1.0,
    keep_next: bool = False,
) -> Paragraph:
    pf = p.paragraph_format
    p.alignment = _ALIGN[align]
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.first_line_indent = Cm(indent_cm) if indent_cm else Cm(0)
    if line is not None:
        pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    return p


def _text(p: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False) -> Paragraph:
    _set_run_font(p.add_run(safe_xml_text(text)), size, bold, italic)
    return p


def _lines(p: Paragraph, lines: Sequence[str], size: float, bold: bool = False) -> Paragraph:
    """One paragraph, lines separated by line breaks (keeps the block together and centred)."""
    for i, line in enumerate(lines):
        run = p.add_run(safe_xml_text(line))
        _set_run_font(run, size, bold)
        if i < len(lines) - 1:
            run.add_break()
    return p


def _rule(p: Paragraph, width_cm: float, box_cm: float) -> Paragraph:
    """Make ``p`` an empty thin paragraph whose top border is a centred solid line ``width_cm`` long."""
    side = max(0.0, (box_cm - width_cm) / 2)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.line_spacing = Pt(2)
    _set_run_font(p.add_run(""), 2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    bdr.append(top)
    # pBdr must precede spacing/ind/jc in CT_PPr; python-docx inserts its own children in order
    ppr.insert_element_before(bdr, *_PPR_AFTER_PBDR)
    return p


def _cell_par(cell: _Cell, first: bool) -> Paragraph:
    return cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()


def _table_props(table: DocxTable, widths_cm: Sequence[float], borders: bool) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(sum(widths_cm) / 2.54 * 1440)))
    bdrs = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        bdrs.append(el)
    tbl_pr.insert_element_before(bdrs, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    mar = OxmlElement("w:tblCellMar")
    for edge, w in (("left", 57 if borders else 28), ("right", 57 if borders else 28)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for i, col in enumerate(table.columns):
        col.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _page_number_header(section, size: float = 13) -> None:
    """Centred PAGE field in the header; the first page of the document shows none."""
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _fmt(p, "center")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        _set_run_font(run, size)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""


def _page_setup(section, landscape: bool = False) -> None:
    w, h = Mm(L.PAGE_W_MM), Mm(L.PAGE_H_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if landscape else (w, h)
    section.top_margin = Mm(L.MARGIN_TOP_MM)
    section.bottom_margin = Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(L.MARGIN_LEFT_MM)
    section.right_margin = Mm(L.MARGIN_RIGHT_MM)
    section.footer_distance = Mm(L.HEADER_DISTANCE_MM)


def _defaults(document) -> None:
    """Times New Roman for every script (Latin, East Asian, complex) and Vietnamese language by default."""
    style = document.styles["Normal"]
    style.font.name = L.FONT
    style.font.size = Pt(L.BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), L.FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # the last child python-docx knows of in a style's rPr
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    # document-wide defaults too, so tables and headers inherit the font
    rpr_default = document.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        for el in rpr_default.iter(qn("w:rFonts")):
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                el.set(qn(attr), L.FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                if el.get(qn(attr)) is not None:
                    del el.attrib[qn(attr)]


# ---------------------------------------------------------------- document parts


def _header(document, doc: OfficialDocument) -> None:
    h = L.header_text(doc)
    table = document.add_table(rows=2, cols=2)
    _table_props(table, [L.HEADER_LEFT_CM, L.HEADER_RIGHT_CM], borders=False)
    left, right = table.cell(0, 0), table.cell(0, 1)
    box_l, box_r = L.HEADER_LEFT_CM - 0.1, L.HEADER_RIGHT_CM - 0.1
    first = True
    if h.parent_lines:
        _lines(_fmt(_cell_par(left, first)), h.parent_lines, 13)
        first = False
    _lines(_fmt(_cell_par(left, first)), h.issuer_lines, 13, bold=True)
    issuer_w = min(max(L.text_width_cm(x, 13, bold=True) for x in h.issuer_lines), box_l)
    _rule(_fmt(left.add_paragraph()), max(1.5, issuer_w * 0.4), box_l)

    _text(_fmt(_cell_par(right, True)), L.QUOC_HIEU, 13, bold=True)
    _text(_fmt(right.add_paragraph()), L.TIEU_NGU, 14, bold=True)
    _rule(_fmt(right.add_paragraph()), L.text_width_cm(L.TIEU_NGU, 14, bold=True), box_r)

    num_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
    _text(_fmt(_cell_par(num_cell, True), before=2), h.number_line, 13)
    if h.is_cong_van and h.summary:
        for k, line in enumerate(h.summary.split("\n")):
            _text(_fmt(num_cell.add_paragraph(), before=2 if k == 0 else 0), line, 13)
    _text(_fmt(_cell_par(date_cell, True), before=2), h.date_line, 14, italic=True)
    for cell in (num_cell, date_cell):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    if not h.is_cong_van:
        _text(_fmt(document.add_paragraph(), before=18, keep_next=True), h.doc_type, 14, bold=True)
        if h.summary:
            lines = h.summary.split("\n")
            for line in lines:
                _text(_fmt(document.add_paragraph(), keep_next=True), line, 14, bold=True)
            w = min(max(L.text_width_cm(x, 14, bold=True) for x in lines), L.TEXT_W_CM) * 0.4
            _rule(_fmt(document.add_paragraph(), before=2, after=6), max(2.5, w), L.TEXT_W_CM)
    addressees = L.addressee_lines(doc)
    if addressees:
        if len(addressees) == 1:
            _text(_fmt(document.add_paragraph(), "center", before=12, after=6), addressees[0], 14)
        else:
            _text(_fmt(document.add_paragraph(), "left", before=12), addressees[0], 14)
            p0 = document.paragraphs[-1]
            p0.paragraph_format.left_indent = Cm(3.5)
            for a in addressees[1:]:
                p = _text(_fmt(document.add_paragraph(), "left"), a, 14)
                p.paragraph_format.left_indent = Cm(5.0)
            document.paragraphs[-1].paragraph_format.space_after = Pt(6)
    elif h.is_cong_van:
        document.add_paragraph().paragraph_format.space_after = Pt(6)


def _para(document, block: Para) -> None:
    p = _fmt(
        document.add_paragraph(),
        block.align,
        after=L.PARA_SPACING_PT,
        indent_cm=L.FIRST_LINE_INDENT_CM if block.indent else None,
        line=L.LINE_SPACING,
    )
    runs: Sequence[Run] = block.runs or (Run(block.text, block.bold, block.italic),)
    for r in runs:
        run = p.add_run(safe_xml_text(r.text))
        _set_run_font(run, L.BODY_PT, r.bold, r.italic)
        if r.underline:
            run.font.underline = True


def _heading(document, block: Heading) -> None:
    p = _fmt(
        document.add_paragraph(),
        "justify",
        before=L.PARA_SPACING_PT if block.level == 1 else 0,
        after=L.PARA_SPACING_PT,
        indent_cm=L.FIRST_LINE_INDENT_CM,
        line=L.LINE_SPACING,
        keep_next=True,
    )
    _text(p, block.text, L.BODY_PT, bold=block.level <= 2, italic=block.level >= 3)


def _table(document, block: Table, text_w_cm: float) -> None:
    ncols = len(block.headers)
    widths = list(block.widths_cm or [text_w_cm / ncols] * ncols)
    if len(widths) != ncols:
        raise ValueError(f"table has {ncols} headers but {len(widths)} widths")
    if block.title:
        _text(
            _fmt(document.add_paragraph(), before=6, after=6, keep_next=True),
            block.title,
            L.BODY_PT,
            bold=True,
        )
    table = document.add_table(rows=1 + len(block.rows), cols=ncols)
    _table_props(table, widths, borders=True)
    aligns: list[Align] = list(block.align or ["left"] * ncols)
    head = table.rows[0]
    _repeat_header(head)
    _cant_split(head)
    for i, text in enumerate(block.headers):
        cell = head.cells[i]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _text(_fmt(cell.paragraphs[0], "center", before=2, after=2), str(text), block.font_pt, bold=True)
    for r, values in enumerate(block.rows, start=1):
        row = table.rows[r]
        _cant_split(row)
        for i in range(ncols):
            value = str(values[i]) if i < len(values) and values[i] is not None else ""
            lines = value.split("\n")
            cell = row.cells[i]
            for k, line in enumerate(lines):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                _text(
                    _fmt(p, aligns[i] if i < len(aligns) else "left", before=2, after=2), line, block.font_pt
                )
    # a little air after the table
    _fmt(document.add_paragraph(), after=0).paragraph_format.line_spacing = Pt(6)


def _blocks(document, blocks: Sequence[Block], text_w_cm: float) -> None:
    for b in blocks:
        if isinstance(b, Heading):
            _heading(document, b)
        elif isinstance(b, Para):
            _para(document, b)
        elif isinstance(b, Table):
            _table(document, b, text_w_cm)
        elif isinstance(b, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:  # pragma: no cover — typing guards this
            raise TypeError(f"unknown block {b!r}")


def _closing(document, doc: OfficialDocument) -> None:
    recipients = L.recipient_lines(doc)
    signer = L.closing_signer(doc)
    if not recipients and not signer:
        return
    table = document.add_table(rows=1, cols=2)
    _table_props(table, [L.CLOSING_LEFT_CM, L.CLOSING_RIGHT_CM], borders=False)
    _cant_split(table.rows[0])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if recipients:
        _text(_fmt(left.paragraphs[0], "left", before=12), "Nơi nhận:", 12, bold=True, italic=True)
        for r in recipients:
            _text(_fmt(left.add_paragraph(), "left"), r, 11)
    if signer:
        *upper, name = signer
        first = True
        for line in upper:
            _text(_fmt(_cell_par(right, first), before=12 if first else 0), line, 14, bold=True)
            first = False
        for _ in range(L.SIGNATURE_GAP_LINES):
            _fmt(right.add_paragraph()).add_run().font.size = Pt(14)
        _text(_fmt(right.add_paragraph()), name, 14, bold=True)


def _appendix(document, doc: OfficialDocument) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=doc.landscape_appendix)
    section.different_first_page_header_footer = False
    _page_number_header(section)
    label, title, note = L.appendix_heading(doc)
    first = document.add_paragraph()
    _text(_fmt(first, keep_next=True), label, 14, bold=True)
    if title:
        _text(_fmt(document.add_paragraph(), keep_next=True), title, 14, bold=True)
    if note:
        _text(_fmt(document.add_paragraph(), keep_next=True), note, 14, italic=True)
    _rule(_fmt(document.add_paragraph(), before=2, after=6), 3.0, _text_w(doc.landscape_appendix))
    _blocks(document, doc.appendix, _text_w(doc.landscape_appendix))


def _text_w(landscape: bool) -> float:
    return L.TEXT_W_LANDSCAPE_CM if landscape else L.TEXT_W_CM


def build_docx(doc: OfficialDocument):
    """The python-docx ``Document`` (for callers that want to add to it before saving)."""
    document = Document()
    _defaults(document)
    section = document.sections[0]
    _page_setup(section)
    section.different_first_page_header_footer = True
    _page_number_header(section)
    # drop the empty paragraph python-docx starts with, so the header table is first
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _header(document, doc)
    _blocks(document, doc.body, L.TEXT_W_CM)
    _closing(document, doc)
    if doc.has_appendix:
        _appendix(document, doc)
    # Word expects the body to end with a paragraph, not a table; keep it 1 pt high so it never adds a page
    tail = _fmt(document.add_paragraph())
    tail.paragraph_format.line_spacing = Pt(1)
    _set_run_font(tail.add_run(""), 1)
    document.core_properties.title = safe_xml_text(" ".join(x for x in (doc.doc_type, doc.summary) if x))[
        :250
    ]
    document.core_properties.author = safe_xml_text(doc.issuer)[:250]
    return document


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    buf = io.BytesIO()
    build_docx(doc).save(buf)
    return buf.getvalue()
