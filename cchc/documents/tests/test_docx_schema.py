"""Word refuses (or "repairs") files whose property elements are out of schema order; check the ones we write."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from cchc.documents.official import render_docx
from cchc.documents.sample import sample_letter, sample_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 sequences (transitional), the elements that may appear in what we generate
ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
}


def _check(xml: bytes) -> None:
    root = etree.fromstring(xml)
    for tag, seq in ORDER.items():
        rank = {name: i for i, name in enumerate(seq.split())}
        for el in root.iter(W + tag):
            names = [etree.QName(c).localname for c in el]
            if tag == "sectPr":  # header/footer references may come in any order among themselves
                names = [n for n in names if n not in ("headerReference", "footerReference")]
            unknown = [n for n in names if n not in rank]
            assert not unknown, f"{tag}: unexpected {unknown}"
            ranks = [rank[n] for n in names]
            assert ranks == sorted(ranks), f"{tag} children out of order: {names}"
            assert len(set(names)) == len(names), f"{tag} has duplicate children: {names}"


@pytest.mark.parametrize("make", [sample_plan, sample_letter])
def test_schema_order(make):
    with zipfile.ZipFile(io.BytesIO(render_docx(make()))) as z:
        for name in z.namelist():
            if (
                name.startswith("word/")
                and name.endswith(".xml")
                and ("document" in name or "header" in name)
            ):
                _check(z.read(name))
        _check(z.read("word/styles.xml"))


def test_body_ends_with_a_paragraph():
    with zipfile.ZipFile(io.BytesIO(render_docx(sample_letter()))) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
    children = [etree.QName(c).localname for c in body]
    assert children[-1] == "sectPr" and children[-2] == "p"
