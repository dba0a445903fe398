"""The register at /van-ban/: scope, search, Excel export, taking a number."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cchc.documents.models import IssuedDocument
from cchc.documents.services import document_number_reserve

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(org, personas):
    city = document_number_reserve(
        issuer=org.city,
        doc_type_code="KH",
        symbol="CAHP-PV01",
        summary="Thực hiện công tác cải cách hành chính",
        on_date=date(2026, 1, 19),
        user=personas.coordinator,
    )
    ward = document_number_reserve(
        issuer=org.ward,
        doc_type_code="BC",
        symbol="CAP",
        summary="Báo cáo kết quả quý I",
        on_date=date(2026, 3, 20),
        user=personas.ward_officer,
    )
    sibling = document_number_reserve(
        issuer=org.sibling,
        doc_type_code="CV",
        symbol="CAP-LC",
        summary="Đề nghị hỗ trợ",
        on_date=date(2026, 3, 21),
        user=personas.sibling_officer,
    )
    return city, ward, sibling


def test_register_shows_only_the_scope(login, personas, issued):
    city, ward, sibling = issued
    page = login(personas.ward_officer).get("/van-ban/").content.decode()
    assert ward.number_text in page and sibling.number_text not in page and city.number_text not in page
    page = login(personas.coordinator).get("/van-ban/").content.decode()
    assert all(d.number_text in page for d in issued)


def test_outsider_sees_nothing(login, personas, issued):
    response = login(personas.outsider).get("/van-ban/")
    assert response.status_code == 200
    assert "Chưa có văn bản nào" in response.content.decode()
    assert login(personas.outsider).get("/van-ban/lay-so/").status_code == 403


def test_unit_filter_outside_scope_is_404(login, personas, org, issued):
    assert login(personas.ward_officer).get(f"/van-ban/?unit={org.sibling.code}").status_code == 404


def test_search_accent_insensitive_and_by_number(login, personas, issued):
    client = login(personas.coordinator)
    page = client.get("/van-ban/", {"q": "cai cach hanh chinh"}).content.decode()
    assert "01/KH-CAHP-PV01" in page and "01/BC-CAP" not in page
    page = client.get("/van-ban/", {"q": "01/BC-CAP"}).content.decode()
    assert "01/BC-CAP" in page and "01/KH-CAHP-PV01" not in page
    page = client.get("/van-ban/", {"type": "CV"}).content.decode()
    assert "01/CAP-LC" in page and "01/BC-CAP" not in page


def test_excel_export(login, personas, issued):
    response = login(personas.coordinator).get("/van-ban/", {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][1] == "Số, ký hiệu"
    assert {r[1] for r in rows[1:]} == {"01/KH-CAHP-PV01", "01/BC-CAP", "01/CAP-LC"}


def test_take_a_number(login, personas, org):
    client = login(personas.ward_officer)
    assert client.get("/van-ban/lay-so/").status_code == 200
    response = client.post(
        "/van-ban/lay-so/",
        {
            "issuer": org.ward.pk,
            "doc_type": "TB",
            "symbol": "CAP",
            "summary": "Lịch tiếp dân",
            "on_date": "05/02/2026",
        },
    )
    assert response.status_code == 302
    doc = IssuedDocument.objects.get(issuer=org.ward)
    assert doc.number_text == "01/TB-CAP" and doc.created_by == personas.ward_officer
    assert doc.issued_on == date(2026, 2, 5)


def test_cannot_take_a_number_for_another_unit(login, personas, org):
    response = login(personas.ward_officer).post(
        "/van-ban/lay-so/",
        {
            "issuer": org.sibling.pk,
            "doc_type": "TB",
            "symbol": "CAP",
            "summary": "x",
            "on_date": "05/02/2026",
        },
    )
    assert response.status_code == 200  # the sibling ward is not a choice: form error
    assert not IssuedDocument.objects.exists()


def test_navigation_lists_the_module(login, personas):
    page = login(personas.ward_officer).get("/").content.decode()
    assert 'href="/van-ban/"' in page
