"""The synthesis in Word: gathered narratives keep the body format of NĐ 30 and their order; nothing left over."""

import io
from datetime import date

import pytest
from docx import Document
from lxml import etree

from cchc.documents.official import render_docx
from cchc.reports import services
from cchc.reports.export import synthesis_document, synthesis_docx

from .support import approve, make_cycle, make_period

pytestmark = pytest.mark.django_db


def _ppr(p):
    return etree.tostring(p._p.pPr), [etree.tostring(r._r.rPr) for r in p.runs]


def test_gathered_paragraphs_match_the_official_renderer(org, personas):
    from tests.factories import UnitFactory

    third = UnitFactory(
        code="HP.CAP.C", name="Công an phường Ngô Quyền", kind="commune_police", parent=org.city
    )
    cycle = make_cycle(org, units=[org.ward, org.sibling, third])
    period = make_period(org, due=date(2026, 9, 10), cycle=cycle)
    for sub in period.submissions.select_related("unit"):
        services.submission_save(
            submission=sub, actor=None, narratives={"tthc.noi_dung": f"Kết quả  của {sub.unit.code}"}
        )
        services.submission_submit(submission=sub, actor=personas.admin)
        approve(sub, personas)
    synthesis = services.synthesis_get_or_create(period=period)
    fast = Document(io.BytesIO(synthesis_docx(synthesis)))
    slow = Document(io.BytesIO(render_docx(synthesis_document(synthesis))))  # every paragraph rendered
    assert [p.text for p in fast.paragraphs] == [p.text for p in slow.paragraphs]
    assert [_ppr(p) for p in fast.paragraphs] == [_ppr(p) for p in slow.paragraphs]
    texts = [p.text for p in fast.paragraphs]
    assert not any("[[cchc-reports-fill" in t for t in texts)
    tthc = [t for t in texts if t.startswith("Công an phường") and "Kết quả  của" in t]
    assert [t[-8:] for t in tthc] == ["HP.CAP.A", "HP.CAP.B", "HP.CAP.C"]
