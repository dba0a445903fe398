"""The desk's workflow (issue 16): receive (Mẫu 01), request a supplement once (Mẫu 02; the pause recorded), refuse
(Mẫu 03), record the result and its return — each step writing the times the indicators use; the apology's new
date a future working day with the unit's suffix; the book (Mẫu 06); another unit's dossier refused."""

import io
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.core.errors import DomainError
from cchc.onestop import workflow
from cchc.onestop.importing import dossier_create_at_desk
from cchc.onestop.models import Dossier, Procedure
from cchc.onestop.ontime import DossierTimes, is_on_time
from cchc.orgs.models import OrgUnit

from .helpers import TZ, load_procedures

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(org, personas):
    load_procedures()
    proc = Procedure.objects.get(code="1.001")
    at = timezone.now() - timedelta(days=3)
    return dossier_create_at_desk(
        unit=org.ward,
        procedure=proc,
        received_at=at,
        applicant_name="Phạm Thị Dung",
        actor=personas.ward_officer,
    )


def _times(d):
    return DossierTimes(
        d.received_at,
        d.due_at,
        d.finished_at,
        d.supplement_requests,
        d.supplement_requested_at,
        d.supplement_completed_at,
    )


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_the_whole_workflow_records_the_times_the_indicators_use(received, personas):
    d = received
    assert d.desk_steps.get().kind == "received"
    now = timezone.now()
    workflow.desk_request_supplement(
        dossier=d, actor=personas.ward_officer, reason="Thiếu bản sao CCCD", at=now - timedelta(days=2)
    )
    d.refresh_from_db()
    assert (d.status, d.supplement_requests) == ("supplement", 1)
    with pytest.raises(DomainError) as once:
        workflow.desk_request_supplement(dossier=d, actor=personas.ward_officer, reason="Lần hai")
    assert once.value.code == "supplement_once"
    workflow.desk_supplement_received(dossier=d, actor=personas.ward_officer, at=now - timedelta(days=1))
    d.refresh_from_db()
    assert d.status == "processing" and d.supplement_completed_at == now - timedelta(days=1)
    workflow.desk_record_result(dossier=d, actor=personas.ward_officer, at=now - timedelta(hours=2))
    workflow.desk_return(dossier=d, actor=personas.ward_officer, at=now - timedelta(hours=1))
    d.refresh_from_db()
    assert (d.status, d.finished_at, d.returned_at) == (
        "returned",
        now - timedelta(hours=2),
        now - timedelta(hours=1),
    )
    assert is_on_time(_times(d), now) and d.finished_on_time
    assert list(d.desk_steps.values_list("kind", flat=True)) == [
        "received",
        "supplement_requested",
        "supplement_received",
        "result",
        "returned",
    ]
    assert d.desk_steps.get(kind="supplement_requested").number == 1


def test_steps_out_of_order_or_in_the_future_are_refused(received, personas):
    d = received
    with pytest.raises(DomainError) as exc:
        workflow.desk_return(dossier=d, actor=personas.ward_officer)
    assert exc.value.code == "no_result_yet"
    with pytest.raises(DomainError) as exc:
        workflow.desk_record_result(
            dossier=d, actor=personas.ward_officer, at=timezone.now() + timedelta(days=1)
        )
    assert exc.value.code == "date_in_future"
    with pytest.raises(DomainError) as exc:
        workflow.desk_record_result(
            dossier=d, actor=personas.ward_officer, at=d.received_at - timedelta(hours=1)
        )
    assert exc.value.code == "before_previous_step"
    workflow.desk_refuse(dossier=d, actor=personas.ward_officer, reason="Không thuộc thẩm quyền")
    d.refresh_from_db()
    assert d.status == "rejected" and d.finished_at is not None
    with pytest.raises(DomainError):
        workflow.desk_record_result(dossier=d, actor=personas.ward_officer)


def test_another_units_dossier_is_refused_in_services_and_views(received, personas, login):
    with pytest.raises(PermissionDenied):
        workflow.desk_request_supplement(dossier=received, actor=personas.sibling_officer, reason="x")
    with pytest.raises(PermissionDenied):
        workflow.desk_record_result(dossier=received, actor=personas.other_coordinator)
    c = login(personas.sibling_officer)
    url = f"/mot-cua/ho-so/{received.code}/buoc/result/"
    assert c.post(url, {"at": "01/01/2026 10:00"}).status_code in (403, 404)
    assert c.get(f"/mot-cua/ho-so/{received.code}/mau-01.docx").status_code in (403, 404)
    received.refresh_from_db()
    assert received.status == "processing" and received.desk_steps.count() == 1


def test_the_pages_run_the_steps_and_hand_out_the_forms(received, personas, login):
    c = login(personas.ward_officer)
    page = c.get(f"/mot-cua/ho-so/{received.code}/").content.decode()
    assert "Yêu cầu bổ sung, hoàn thiện hồ sơ" in page and "Giấy tiếp nhận (Mẫu 01)" in page
    at = (timezone.now() - timedelta(days=1)).astimezone(TZ).strftime("%d/%m/%Y %H:%M")
    r = c.post(
        f"/mot-cua/ho-so/{received.code}/buoc/supplement_requested/",
        {"at": at, "reason": "Thiếu tờ khai CT01"},
    )
    assert r.status_code == 302
    receipt = _text(c.get(f"/mot-cua/ho-so/{received.code}/mau-01.docx").content)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt and received.code in receipt
    assert "Phạm Thị Dung" in receipt
    request = _text(c.get(f"/mot-cua/ho-so/{received.code}/mau-02.docx").content)
    assert "Thiếu tờ khai CT01" in request and "HDHS-" in request
    assert c.get(f"/mot-cua/ho-so/{received.code}/mau-03.docx").status_code == 404  # not refused
    r = c.post(f"/mot-cua/ho-so/{received.code}/buoc/refused/", {"at": at, "reason": ""})
    assert r.status_code == 200 and "Cần ghi lý do từ chối" in r.content.decode()
    control = _text(c.get(f"/mot-cua/ho-so/{received.code}/mau-05.docx").content)
    assert "Yêu cầu bổ sung, hoàn thiện hồ sơ" in control
    book = c.get("/mot-cua/ho-so/so-theo-doi.xlsx", {"unit": "HP.CAP.A"})
    ws = load_workbook(io.BytesIO(book.content)).active
    assert ws["B2"].value == received.code and ws["C1"].value == "Tên thủ tục hành chính"


def test_the_apology_needs_a_future_working_day_and_carries_the_unit_suffix(received, personas, login):
    from cchc.onestop import services

    c = login(personas.ward_officer)
    with pytest.raises(Exception) as past:
        services.apology_issue(
            dossier=received,
            reason="x",
            new_due_at=received.due_at - timedelta(days=1),
            actor=personas.ward_officer,
        )
    assert "sau ngày hẹn" in str(past.value)
    now = timezone.now().astimezone(TZ)
    sunday = (now + timedelta(days=(6 - now.weekday()) % 7 + 7)).replace(hour=10)
    if sunday <= received.due_at:
        sunday += timedelta(days=7)
    with pytest.raises(Exception) as off:
        services.apology_issue(dossier=received, reason="x", new_due_at=sunday, actor=personas.ward_officer)
    assert "không phải ngày làm việc" in str(off.value)
    monday = sunday + timedelta(days=1)
    services.apology_issue(
        dossier=received, reason="Chờ xác minh", new_due_at=monday, actor=personas.ward_officer
    )
    text = _text(c.get(f"/mot-cua/ho-so/{received.code}/phieu-xin-loi.docx").content)
    unit = OrgUnit.objects.get(code="HP.CAP.A")
    assert f"/PXL-{unit.short_code or unit.code}" in text


def test_a_unit_merged_away_takes_no_dossiers_dated_after(org, personas):
    from datetime import date

    load_procedures()
    OrgUnit.objects.filter(pk=org.ward.pk).update(valid_to=date(2026, 12, 1))
    org.ward.refresh_from_db()
    proc = Procedure.objects.get(code="1.001")
    with pytest.raises(DomainError) as exc:
        dossier_create_at_desk(unit=org.ward, procedure=proc, received_at=datetime(2026, 12, 5, 9, tzinfo=TZ))
    assert exc.value.code == "unit_not_valid"
    from cchc.onestop.importing import ImportRejected, import_dossiers
    from cchc.onestop.tables import read_table

    from .helpers import dossiers_csv

    rows = [
        {
            "code": "M-OK",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2026-11-30T09:00",
        },
        {
            "code": "M-AFTER",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2026-12-05T09:00",
        },
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_dossiers(read_table(dossiers_csv(rows), "m.csv"))
    assert {(e.row, e.field) for e in rejected.value.errors} == {(3, "unit_code")}
    assert not Dossier.objects.exists()


def test_a_unit_merged_away_is_not_ranked(org, personas):
    from datetime import date

    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.ontime import period
    from cchc.onestop.tables import read_table
    from cchc.onestop.unitscore import board
    from cchc.workdays.services import calendar_for

    from .helpers import dossiers_csv

    load_procedures()
    rows = [
        {
            "code": f"R-{c}",
            "unit_code": c,
            "procedure_code": "1.001",
            "received_at": "2026-11-10T09:00",
            "due_at": "2026-11-20T17:00",
            "finished_at": "2026-11-12T09:00",
            "status": "done",
        }
        for c in ("HP.CAP.A", "HP.CAP.B")
    ]
    import_dossiers(read_table(dossiers_csv(rows), "r.csv"))
    parent = org.ward.parent
    frm, to = date(2026, 10, 1), date(2026, 12, 31)
    ranked = {u.code for u, _c, _r in board(parent, period(frm, to), frm, to, calendar_for(parent)).children}
    assert {"HP.CAP.A", "HP.CAP.B"} <= ranked
    OrgUnit.objects.filter(pk=org.ward.pk).update(valid_to=date(2026, 11, 30))
    b = board(parent, period(frm, to), frm, to, calendar_for(parent))
    assert "HP.CAP.A" not in {u.code for u, _c, _r in b.children} and "HP.CAP.B" in {
        u.code for u, _c, _r in b.children
    }
    assert b.own_counts.s >= 2  # its dossiers still count for the unit above
