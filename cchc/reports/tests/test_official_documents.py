"""Issue 14: a unit's report as a numbered official document; the synthesis Word file and its Excel annex."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from cchc.core.errors import DomainError
from cchc.documents.models import IssuedDocument, IssuerProfile
from cchc.reports import services
from cchc.reports.export import synthesis_docx

from .support import FakePlanTasks, approve, make_period

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def period(org, personas):
    IssuerProfile.objects.create(unit=org.city, symbol="CAHP", place="Hải Phòng")
    return make_period(org, due=date(2026, 9, 10))


def _approved(org, personas, period):
    sub = period.submissions.get(unit=org.ward)
    services.submission_save(
        submission=sub,
        actor=personas.ward_officer,
        numbers={"staff_trained": "4"},
        narratives={"tthc.noi_dung": "Niêm yết đủ thủ tục hành chính."},
    )
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    approve(sub, personas)
    return sub


def _texts(content: bytes) -> tuple[str, str]:
    doc = Document(io.BytesIO(content))
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return "\n".join(p.text for p in doc.paragraphs), cells


def test_unit_report_numbered_from_the_register_signed_and_exported(org, personas, period, login):
    sub = _approved(org, personas, period)
    client = login(personas.ward_officer)
    url = f"/bao-cao/nop/{sub.pk}/van-ban/"
    text, cells = _texts(client.get(url + "?export=docx").content)  # before a number: blank for the văn thư
    assert "BÁO CÁO" in text and "Niêm yết đủ thủ tục hành chính." in text
    assert "/BC-CAHP-A" in cells and "Hải Phòng, ngày" in cells
    assert "Công an thành phố Hải Phòng (để báo cáo);" in cells and "Lưu: VT, A." in cells
    assert "PHÓ TRƯỞNG CÔNG AN" in cells  # the usual signer of a commune police unit
    client.post(url, {"action": "number", "on_date": "11/09/2026"})
    doc = sub.document
    doc.refresh_from_db()
    assert doc.issued.number == 1 and doc.issued.symbol == "BC-CAHP-A" and doc.issued.issuer == org.ward
    assert doc.doc_date == date(2026, 9, 11)
    assert (
        IssuedDocument.objects.filter(issuer=org.ward, year=2026).count() == 1
    )  # in the register (/van-ban/)
    _text, cells = _texts(client.get(url + "?export=docx").content)
    assert "Số: 01/BC-CAHP-A" in cells and "ngày 11 tháng 9 năm 2026" in cells
    with pytest.raises(DomainError) as exc:  # one number per document
        services.report_document_number(
            submission=sub, actor=personas.ward_officer, on_date=date(2026, 9, 12)
        )
    assert exc.value.code == "already_numbered"
    client.post(
        url, {"action": "scan", "scan": SimpleUploadedFile("ban-ky.pdf", PDF, content_type="application/pdf")}
    )
    doc.refresh_from_db()
    assert doc.has_file and doc.scan_uploaded_by == personas.ward_officer
    response = login(personas.coordinator).get(f"/bao-cao/nop/{sub.pk}/ban-da-ky/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert login(personas.sibling_officer).get(f"/bao-cao/nop/{sub.pk}/ban-da-ky/").status_code == 404


def test_no_number_before_the_head_approved(org, personas, period):
    sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    with pytest.raises(DomainError) as exc:
        services.report_document_number(submission=sub, actor=personas.ward_officer, on_date=date(2026, 9, 9))
    assert exc.value.code == "not_approved"
    with pytest.raises(DomainError) as exc:
        services.report_document_attach_scan(
            submission=sub, actor=personas.ward_officer, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert exc.value.code == "not_numbered"


def test_an_officer_cannot_number_another_units_report(org, personas, period, login):
    sub = _approved(org, personas, period)
    for intruder in (personas.sibling_officer, personas.department_head):
        with pytest.raises(PermissionDenied):
            services.report_document_number(submission=sub, actor=intruder, on_date=date(2026, 9, 11))
        client = login(intruder)
        response = client.post(
            f"/bao-cao/nop/{sub.pk}/van-ban/", {"action": "number", "on_date": "11/09/2026"}
        )
        assert response.status_code in (403, 404)
        response = client.post(f"/bao-cao/nop/{sub.pk}/van-ban/", {"action": "save", "place": "X"})
        assert response.status_code in (403, 404)
    # the leader sees the report but enters no data: no number either
    assert (
        login(personas.leader)
        .post(f"/bao-cao/nop/{sub.pk}/van-ban/", {"action": "number", "on_date": "11/09/2026"})
        .status_code
        == 403
    )
    assert not IssuedDocument.objects.exists()


def test_synthesis_word_has_the_agency_code_place_signer_and_no_placeholder(org, personas, period, login):
    _approved(org, personas, period)
    client = login(personas.coordinator)
    response = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=docx")
    text, cells = _texts(response.content)
    assert "/BC-CAHP" in cells and "/BC-HP" not in cells
    assert "Hải Phòng, ngày" in cells
    assert "KT. GIÁM ĐỐC" in cells and "PHÓ GIÁM ĐỐC" in cells
    assert "Bộ Công an (để báo cáo);" in cells and "Lưu: VT." in cells
    whole = (text + cells).lower()
    assert "chưa có dữ liệu" not in whole and "không có nội dung" not in whole
    assert "tổng hợp từ báo cáo của 1/2 đơn vị" in text
    assert "còn 1 đơn vị chưa gửi báo cáo" in text and org.sibling.name in text


def test_synthesis_annex_lists_every_unit_of_the_cycle(org, personas, period):
    with FakePlanTasks({org.ward.pk: {"due": 2}}):
        _approved(org, personas, period)
    sibling = period.submissions.get(unit=org.sibling)
    services.submission_submit(submission=sibling, actor=personas.sibling_officer)  # waits for approval
    synthesis = services.synthesis_get_or_create(period=period, actor=personas.coordinator)
    from cchc.reports.export import synthesis_xlsx

    ws = load_workbook(io.BytesIO(synthesis_xlsx(synthesis))).active
    rows = {r[2]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]}
    assert set(rows) == {org.ward.name, org.sibling.name}
    assert rows[org.sibling.name][3] == "Chưa gửi (chờ thủ trưởng duyệt)"
    assert rows[org.ward.name][3] != rows[org.sibling.name][3]
    total = next(r for r in ws.iter_rows(values_only=True) if r[2] == "Tổng cộng")
    assert total[3] == "1/2 đơn vị"
    assert synthesis_docx(synthesis)  # renders


def test_synthesis_number_from_the_register_once_and_only_by_its_office(org, personas, period, login):
    synthesis = services.synthesis_get_or_create(period=period, actor=personas.coordinator)
    assert synthesis.symbol == "BC-CAHP" and synthesis.place == "Hải Phòng"
    url = f"/bao-cao/ky/{period.pk}/tong-hop/"
    assert (
        login(personas.other_coordinator).post(url, {"action": "number", "on_date": "12/09/2026"}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services.synthesis_number(synthesis=synthesis, actor=personas.ward_head, on_date=date(2026, 9, 12))
    client = login(personas.coordinator)
    client.post(url, {"action": "number", "on_date": "12/09/2026"})
    synthesis.refresh_from_db()
    assert (synthesis.number, synthesis.symbol, synthesis.doc_date) == ("01", "BC-CAHP", date(2026, 9, 12))
    issued = IssuedDocument.objects.get()
    assert (issued.issuer, issued.number, issued.year) == (org.city, 1, 2026)
    with pytest.raises(DomainError):
        services.synthesis_number(synthesis=synthesis, actor=personas.coordinator, on_date=date(2026, 9, 13))
    _text, cells = _texts(client.get(url + "?export=docx").content)
    assert "Số: 01/BC-CAHP" in cells and "Hải Phòng, ngày 12 tháng 9 năm 2026" in cells


def test_another_units_officer_cannot_upload_the_signed_scan(org, personas, period, login):
    sub = _approved(org, personas, period)
    services.report_document_number(submission=sub, actor=personas.ward_officer, on_date=date(2026, 9, 11))
    with pytest.raises(PermissionDenied):
        services.report_document_attach_scan(
            submission=sub, actor=personas.sibling_officer, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    response = login(personas.sibling_officer).post(
        f"/bao-cao/nop/{sub.pk}/van-ban/", {"action": "scan", "scan": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    sub.document.refresh_from_db()
    assert not sub.document.has_file


def test_a_signer_for_the_head_keeps_a_title_line():
    from types import SimpleNamespace

    from cchc.documents.format import signer_lines
    from cchc.reports.export import _signer

    unit = SimpleNamespace(kind="provincial_police")
    kt = _signer(unit, SimpleNamespace(signer_authority="KT. GIÁM ĐỐC", signer_title="", signer_name="A"))
    assert signer_lines(kt.authority, kt.title, kt.name) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "A"]
    acting = _signer(unit, SimpleNamespace(signer_authority="Q. GIÁM ĐỐC", signer_title="", signer_name="B"))
    assert signer_lines(acting.authority, acting.title, acting.name) == ["Q. GIÁM ĐỐC", "B"]
    blank = _signer(unit, SimpleNamespace(signer_authority="", signer_title="", signer_name=""))
    assert (blank.authority, blank.title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_scan_that_is_not_what_it_says_is_refused(org, personas, period, login):
    sub = _approved(org, personas, period)
    services.report_document_number(submission=sub, actor=personas.ward_officer, on_date=date(2026, 9, 11))
    client = login(personas.ward_officer)
    response = client.post(
        f"/bao-cao/nop/{sub.pk}/van-ban/",
        {"action": "scan", "scan": SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400 and "không đúng định dạng" in response.content.decode()
    sub.document.refresh_from_db()
    assert not sub.document.has_file
