"""Evidence carries its document number and date, checked against the round's window (15/9–14/9); links to plans or
reports that do not exist — or that the person linking cannot see — are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.parindex import services
from cchc.parindex.models import Evidence
from cchc.plans.models import Plan

from .conftest import assessment_of

pytestmark = pytest.mark.django_db


def _leaf(a, code="1.1"):
    return a.scores.get(criterion__code=code).criterion


def test_document_date_inside_the_window(par_round, org, personas):
    a = assessment_of(par_round, org.pc06)
    head = personas.department_head
    with pytest.raises(DomainError) as early:  # the window is 15/09/2025 – 14/09/2026
        services.evidence_add(
            assessment=a, criterion=_leaf(a), actor=head, url="https://x.vn/kh", doc_number="12/KH-PC06",
            doc_date=date(2025, 9, 14),
        )  # fmt: skip
    assert early.value.code == "evidence_outside_window" and "15/09/2025 – 14/09/2026" in early.value.message
    e = services.evidence_add(
        assessment=a, criterion=_leaf(a), actor=head, url="https://x.vn/kh", doc_number=" 12/KH-PC06 ",
        doc_date=date(2025, 9, 15),
    )  # fmt: skip
    assert (e.doc_number, e.doc_date) == ("12/KH-PC06", date(2025, 9, 15))


def test_links_to_missing_or_unseen_plans_are_refused(par_round, org, personas):
    a = assessment_of(par_round, org.pc06)
    head = personas.department_head
    with pytest.raises(DomainError, match="Không tìm thấy kế hoạch số 999999"):
        services.evidence_add(
            assessment=a, criterion=_leaf(a), actor=head, record_kind="plan", record_id="999999"
        )
    other = Plan.objects.create(issuer=org.other_city, title="Kế hoạch của UBND", year=2026)
    with pytest.raises(DomainError):  # exists, but not visible to the PC06 head
        services.evidence_add(
            assessment=a, criterion=_leaf(a), actor=head, record_kind="plan", record_id=str(other.pk)
        )
    with pytest.raises(DomainError):
        services.evidence_add(
            assessment=a, criterion=_leaf(a), actor=head, record_kind="report", record_id="abc"
        )
    own = Plan.objects.create(issuer=org.pc06, title="Kế hoạch CCHC PC06", year=2026)
    services.evidence_add(
        assessment=a, criterion=_leaf(a), actor=head, record_kind="plan", record_id=str(own.pk)
    )
    assert Evidence.objects.count() == 1


def test_the_form_shows_the_window_error_on_the_date(par_round, org, personas, login):
    a = assessment_of(par_round, org.pc06)
    page = reverse("parindex:criterion", args=[a.pk, "1.1"])
    client = login(personas.department_head)
    r = client.post(page, {"url": "https://x.vn/kh", "doc_number": "5/BC", "doc_date": "20/09/2026"})
    assert r.status_code == 200 and "nằm ngoài thời gian thu thập" in r.content.decode()
    r = client.post(page, {"url": "https://x.vn/kh", "doc_number": "5/BC", "doc_date": "20/09/2025"})
    assert r.status_code == 302
    assert "Số 5/BC, ngày 20/09/2025" in client.get(page).content.decode()
    # another unit's officer cannot add evidence here
    assert login(personas.sibling_officer).post(page, {"url": "https://x.vn"}).status_code == 404
    assert Evidence.objects.count() == 1
