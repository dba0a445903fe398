"""The plans views with personas: scope through the views (403/404), the import preview, exports, the matrix."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from cchc.plans import services
from cchc.plans.models import Assignment, Plan, PlanImportDraft, ProgressUpdate

from .helpers import issued_plan, make_groups

SEED_000 = Path(__file__).resolve().parents[2] / "data" / "seeds" / "seed000.txt"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def plan(org, personas):
    return issued_plan(org, personas)


def test_plan_list_and_detail_scope(plan, login, personas):
    c = login(personas.coordinator)
    assert c.get("/ke-hoach/").status_code == 200
    assert plan.doc_number in c.get("/ke-hoach/").content.decode()
    assert c.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    # a ward officer sees the plan (it assigns them tasks) but only their own rows in the matrix
    c = login(personas.ward_officer)
    assert c.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    # the other organisation's coordinator and an outsider do not see it at all
    assert login(personas.other_coordinator).get(f"/ke-hoach/{plan.pk}/").status_code == 404
    assert login(personas.outsider).get(f"/ke-hoach/{plan.pk}/").status_code == 404


def test_draft_plan_is_not_shown_to_units(org, personas, login):
    make_groups(org)
    pk = services.save_extracted_plan(
        __import__("cchc.plans.tests.django.helpers", fromlist=["sample"]).sample(), "HP"
    )
    assert login(personas.ward_officer).get(f"/ke-hoach/{pk}/").status_code == 404
    assert login(personas.coordinator).get(f"/ke-hoach/{pk}/").status_code == 200


def test_unit_cannot_touch_another_units_assignment(plan, org, personas, login):
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    c = login(personas.sibling_officer)
    assert c.get(f"/ke-hoach/phan-cong/{a.pk}/").status_code == 404
    r = c.post(f"/ke-hoach/phan-cong/{a.pk}/", {"status": "in_progress", "percent": 10, "text": "x"})
    assert r.status_code == 404
    assert not ProgressUpdate.objects.exists()
    # a leader of the city sees it but cannot report
    c = login(personas.leader)
    assert c.get(f"/ke-hoach/phan-cong/{a.pk}/").status_code == 200
    assert (
        c.post(
            f"/ke-hoach/phan-cong/{a.pk}/", {"status": "in_progress", "percent": 10, "text": "x"}
        ).status_code
        == 403
    )


def test_report_confirm_accept_through_views(plan, org, personas, login):
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    c = login(personas.ward_officer)
    r = c.post(
        f"/ke-hoach/phan-cong/{a.pk}/",
        {
            "status": "in_progress",
            "percent": 50,
            "text": "Đã thực hiện một nửa",
            "files": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert r.status_code == 302
    update = ProgressUpdate.objects.get()
    ev = update.evidence.get()
    assert c.get(f"/ke-hoach/minh-chung/{ev.pk}/").status_code == 200
    assert login(personas.sibling_officer).get(f"/ke-hoach/minh-chung/{ev.pk}/").status_code == 404
    # the officer cannot confirm; the coordinator cannot accept before the head confirms
    assert login(personas.ward_officer).post(f"/ke-hoach/bao-cao/{update.pk}/xac-nhan/").status_code == 403
    login(personas.coordinator).post(f"/ke-hoach/bao-cao/{update.pk}/tiep-nhan/")
    update.refresh_from_db()
    assert update.state == "submitted"
    assert login(personas.ward_head).post(f"/ke-hoach/bao-cao/{update.pk}/xac-nhan/").status_code == 302
    assert (
        login(personas.other_coordinator).post(f"/ke-hoach/bao-cao/{update.pk}/tiep-nhan/").status_code == 404
    )
    assert (
        login(personas.coordinator)
        .post(f"/ke-hoach/bao-cao/{update.pk}/tiep-nhan/", {"comment": "Tốt"})
        .status_code
        == 302
    )
    a.refresh_from_db()
    assert (a.status, a.percent) == ("in_progress", 50)


def test_bad_evidence_is_refused_with_a_reason(plan, org, personas, login):
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    r = login(personas.ward_officer).post(
        f"/ke-hoach/phan-cong/{a.pk}/",
        {
            "status": "in_progress",
            "percent": 50,
            "text": "x",
            "files": SimpleUploadedFile("a.exe", b"MZ"),
        },
    )
    assert r.status_code == 400
    assert "chỉ nhận" in r.content.decode()


def test_coordinator_cannot_act_beyond_subtree(plan, personas, login):
    c = login(personas.other_coordinator)
    assert c.post(f"/ke-hoach/{plan.pk}/ket-thuc/").status_code == 404
    assert c.get(f"/ke-hoach/{plan.pk}/ma-tran/").status_code == 404
    assert c.get(f"/ke-hoach/{plan.pk}/word/").status_code == 404
    unit_code = "HP.CAP.A"
    assert c.get(f"/ke-hoach/{plan.pk}/don-doc/{unit_code}/").status_code == 404
    # a ward head may not issue the city's reminder letter
    assert login(personas.ward_head).get(f"/ke-hoach/{plan.pk}/don-doc/{unit_code}/").status_code == 403


def _upload(c, path: Path, issuer="HP"):
    return c.post(
        "/ke-hoach/nhap/",
        {"issuer": issuer, "year": 2026, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )


def test_import_preview_map_save_issue(org, personas, login):
    make_groups(org)
    c = login(personas.coordinator)
    r = _upload(c, SEED_000)
    assert r.status_code == 302, r.content.decode()[:2000]
    draft = PlanImportDraft.objects.get()
    assert not Plan.objects.exists()  # nothing stored before confirming
    page = c.get(r["Location"]).content.decode()
    assert "447/KH-CAHP-PV01" in page
    assert 'class="unresolved"' in page
    # a failed save (title emptied) keeps the edits server-side and stores nothing
    data = _preview_post(draft)
    data["title"] = ""
    data["t0-content"] = "Nội dung đã sửa tại bản xem trước"
    r = c.post(f"/ke-hoach/nhap/{draft.pk}/", {**data, "action": "save"})
    assert r.status_code == 400
    assert not Plan.objects.exists()
    draft.refresh_from_db()
    assert draft.data["tasks"][0]["content"] == "Nội dung đã sửa tại bản xem trước"
    # map every unresolved name to the city's departments group, then save
    from cchc.orgs.models import UnitGroup

    group = UnitGroup.objects.get(code="HP.CADVDP")
    data = _preview_post(draft)
    assert data["title"] == ""  # the failed submit kept what the user typed
    data["title"] = "Thực hiện công tác cải cách hành chính năm 2026"
    texts = [v for k, v in data.items() if k.startswith("maptext-")]
    assert texts
    for k in list(data):
        if k.startswith("maptext-"):
            data["map-" + k.split("-", 1)[1]] = f"group:{group.pk}"
    r = c.post(f"/ke-hoach/nhap/{draft.pk}/", {**data, "action": "save"})
    assert r.status_code == 302
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.tasks.count() >= 70
    assert plan.tasks.order_by("order").first().content == "Nội dung đã sửa tại bản xem trước"
    group.refresh_from_db()
    from cchc.core.text import fold

    assert {fold(t) for t in texts} <= {fold(a) for a in group.aliases}  # remembered for next time
    assert c.post(f"/ke-hoach/{plan.pk}/ban-hanh/", {"confirm": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "issued"
    assert Assignment.objects.filter(task__plan=plan, unit=org.ward).exists()


def _preview_post(draft) -> dict:
    """What the preview form posts back unchanged."""
    from cchc.plans.resolve import Resolver

    d = draft.data
    out = {k: d.get(k) or "" for k in ("doc_number", "issuer", "title", "basis")}
    out["year"] = d.get("year") or ""
    out["issue_date"] = d.get("issue_date") or ""
    for i, t in enumerate(d["tasks"]):
        for k in ("code", "content", "product", "target", "leader", "section", "deadline_raw"):
            out[f"t{i}-{k}"] = t.get(k) or ""
        out[f"t{i}-lead"] = "; ".join(t.get("lead") or [])
        out[f"t{i}-coordinate"] = "; ".join(t.get("coordinate") or [])
    resolver = Resolver(draft.issuer, draft.mappings)
    unresolved = sorted(
        {
            x
            for t in d["tasks"]
            for x in (t.get("lead") or []) + (t.get("coordinate") or [])
            if not resolver.resolve(x).resolved
        }
    )
    for j, text in enumerate(unresolved):
        out[f"maptext-u{j}"] = resolver.resolve(text).text
        out[f"map-u{j}"] = ""
    return out


def test_unreadable_upload_says_why(org, personas, login):
    c = login(personas.coordinator)
    r = c.post("/ke-hoach/nhap/", {"issuer": "HP", "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4")})
    assert r.status_code == 200
    assert "không được hỗ trợ" in r.content.decode()
    r = c.post("/ke-hoach/nhap/", {"issuer": "HP", "file": SimpleUploadedFile("plan.docx", b"not a zip")})
    assert "plan.docx" in r.content.decode()
    assert not PlanImportDraft.objects.exists()


def test_import_refused_for_units_outside_scope(org, personas, login):
    assert login(personas.ward_officer).get("/ke-hoach/nhap/").status_code == 403
    c = login(personas.other_coordinator)
    r = _upload(c, SEED_000, issuer="HP")
    assert r.status_code == 200 and not PlanImportDraft.objects.exists()  # HP not among their choices


def test_draft_preview_is_private(org, personas, login):
    draft = PlanImportDraft.objects.create(
        user=personas.coordinator, issuer=org.city, filename="x.txt", data={"tasks": []}
    )
    assert login(personas.admin).get(f"/ke-hoach/nhap/{draft.pk}/").status_code == 404


def test_matrix_queries_do_not_grow(org, personas, login):
    plan = issued_plan(org, personas)
    c = login(personas.coordinator)
    with CaptureQueriesContext(connection) as small:
        r = c.get(f"/ke-hoach/{plan.pk}/ma-tran/")
    assert r.status_code == 200 and 'data-testid="matrix"' in r.content.decode()
    from cchc.plans.services import task_save

    draft = issued_plan(org, personas)
    draft.status = "draft"
    draft.save()
    for i in range(10):
        task_save(
            plan=draft,
            user=personas.coordinator,
            content=f"Nhiệm vụ {i}",
            lead=["Công an các đơn vị, địa phương"],
            deadline_text="Quý II/2026",
        )
    from tests.factories import UnitFactory

    for i in range(5):
        UnitFactory(code=f"HP.CAP.X{i}", name=f"Công an phường X{i}", kind="commune_police", parent=org.city)
    Assignment.objects.filter(task__plan=draft).delete()
    services.plan_issue(plan=draft, user=personas.coordinator, on=date(2026, 2, 1))
    with CaptureQueriesContext(connection) as big:
        r = c.get(f"/ke-hoach/{draft.pk}/ma-tran/")
    assert r.status_code == 200
    assert len(big) == len(small)
    x = c.get(f"/ke-hoach/{draft.pk}/ma-tran/?export=xlsx")
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws.max_row == 1 + draft.tasks.count()


def test_matrix_shows_a_unit_only_its_column(plan, org, personas, login):
    r = login(personas.ward_officer).get(f"/ke-hoach/{plan.pk}/ma-tran/")
    body = r.content.decode()
    assert "Công an phường Hồng Bàng" in body and "Công an phường Lê Chân" not in body


def test_word_and_excel_exports(plan, personas, login):
    c = login(personas.coordinator)
    r = c.get(f"/ke-hoach/{plan.pk}/word/")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "KẾ HOẠCH" in text
    appendix = doc.tables[-1]
    assert "Nhiệm vụ" in appendix.rows[0].cells[1].text
    assert any("Rà soát văn bản" in row.cells[1].text for row in appendix.rows)
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # landscape appendix
    r = c.get(f"/ke-hoach/{plan.pk}/excel/")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(row=2, column=1).value == "1.1"
    # units see the plan but not its full export
    assert login(personas.ward_officer).get(f"/ke-hoach/{plan.pk}/word/").status_code == 403


def test_reminder_letter_lists_overdue_tasks(plan, org, personas, login):
    from cchc.documents.models import IssuedDocument
    from cchc.plans.models import Notification, ReminderLetter

    c = login(personas.coordinator)
    r = c.get(f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.A/")
    assert r.status_code == 200 and "Rà soát văn bản" in r.content.decode()
    assert c.post(f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.A/", {"signer_name": ""}).status_code == 400
    r = c.post(
        f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.A/",
        {
            "signer_name": "Nguyễn Văn Hùng",
            "signer_title": "Phó Giám đốc",
            "recipients": "Đ/c Giám đốc (để b/c);",
        },
    )
    letter = ReminderLetter.objects.get()
    assert r["Location"] == f"/ke-hoach/don-doc/{letter.pk}/"
    assert IssuedDocument.objects.filter(pk=letter.document_id, issuer=org.city, doc_type="CV").exists()
    assert letter.document.number_text == "01/CAHP-PV01"  # the register's number, shown on /van-ban/
    assert letter.rows and all(row["days"] > 0 for row in letter.rows)
    # the ward sees it only once sent
    assert login(personas.ward_officer).get(f"/ke-hoach/don-doc/{letter.pk}/").status_code == 404
    c = login(personas.coordinator)
    c.post(f"/ke-hoach/don-doc/{letter.pk}/")
    letter.refresh_from_db()
    assert letter.sent_at is not None and letter.sent_by == personas.coordinator
    assert Notification.objects.filter(user=personas.ward_officer, key__startswith="letter:").exists()
    assert login(personas.ward_officer).get(f"/ke-hoach/don-doc/{letter.pk}/").status_code == 200
    assert login(personas.ward_officer).post(f"/ke-hoach/don-doc/{letter.pk}/").status_code == 403
    assert login(personas.sibling_officer).get(f"/ke-hoach/don-doc/{letter.pk}/").status_code == 404
    r = login(personas.coordinator).get(f"/ke-hoach/don-doc/{letter.pk}/word/")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "đôn đốc" in text
    assert "Rà soát văn bản quy phạm pháp luật" in text  # quarter I deadline, overdue
    assert "Nguyễn Văn Hùng" in text and "PHÓ GIÁM ĐỐC" in text
    assert "Số: 01/CAHP-PV01" in text
    assert "Lưu: VT, PV01." in text
    assert "Quá hạn (ngày làm việc)" in text
    assert "Đ/c Giám đốc (để b/c);" in text


def test_reminder_letter_for_a_missing_implementing_plan(plan, org, personas, login):
    from cchc.plans.models import ReminderLetter

    c = login(personas.coordinator)
    r = c.get(f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.B/?ke-hoach-thuc-hien=1")
    assert 'data-testid="missing-subplan"' in r.content.decode()
    c.post(
        f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.B/", {"signer_name": "Nguyễn Văn Hùng", "missing_subplan": "on"}
    )
    letter = ReminderLetter.objects.get()
    doc = Document(io.BytesIO(c.get(f"/ke-hoach/don-doc/{letter.pk}/word/").content))
    assert "chưa ban hành kế hoạch thực hiện" in "\n".join(p.text for p in doc.paragraphs)
    # another organisation's coordinator can neither see nor write one
    other = login(personas.other_coordinator)
    assert other.get(f"/ke-hoach/don-doc/{letter.pk}/").status_code == 404
    assert other.post(f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.B/", {"signer_name": "X"}).status_code == 404


def test_reminder_letter_only_to_units_the_plan_assigns(plan, org, personas, login):
    c = login(personas.coordinator)
    # the city's own department is not given tasks by this plan; another organisation's unit never is
    assert not Assignment.objects.filter(task__plan=plan, unit__code="UBHP.SNV").exists()
    assert c.get(f"/ke-hoach/{plan.pk}/don-doc/UBHP.SNV/").status_code == 404
    assert c.get(f"/ke-hoach/{plan.pk}/don-doc/NOPE/").status_code == 404


def test_my_tasks_filters_and_bulk_excel(plan, org, personas, login):
    c = login(personas.ward_officer)
    r = c.get("/ke-hoach/nhiem-vu-cua-toi/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Rà soát văn bản" in body
    assert "Rà soát văn bản" in c.get("/ke-hoach/nhiem-vu-cua-toi/?q=ra+soat").content.decode()
    assert "Rà soát văn bản" not in c.get("/ke-hoach/nhiem-vu-cua-toi/?q=tuyen+truyen").content.decode()
    assert "Rà soát văn bản" in c.get("/ke-hoach/nhiem-vu-cua-toi/?han=overdue").content.decode()
    x = c.get("/ke-hoach/nhiem-vu-cua-toi/?export=xlsx")
    wb = load_workbook(io.BytesIO(x.content))
    ws = wb.active
    headers = [cell.value for cell in ws[1]]
    # task 1.1 names a product ("Báo cáo"): finishing it needs evidence, which a sheet cannot carry
    row = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "1.1")
    row[headers.index("Trạng thái mới")].value = "Hoàn thành"
    row[headers.index("Nội dung báo cáo")].value = "Đã hoàn thành, báo cáo hàng loạt"
    buf = io.BytesIO()
    wb.save(buf)
    r = c.post(
        "/ke-hoach/nhiem-vu-cua-toi/excel/",
        {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())},
        follow=True,
    )
    body = r.content.decode()
    assert "cần đính kèm minh chứng" in body, body[body.find("msg") :][:600]
    assert not ProgressUpdate.objects.exists()
    row[headers.index("Trạng thái mới")].value = None
    row[headers.index("Nội dung báo cáo")].value = None
    row = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "1.2")
    row[headers.index("Trạng thái mới")].value = "Hoàn thành"
    row[headers.index("Nội dung báo cáo")].value = "Đã hoàn thành, báo cáo hàng loạt"
    buf = io.BytesIO()
    wb.save(buf)
    r = c.post("/ke-hoach/nhiem-vu-cua-toi/excel/", {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    assert r.status_code == 302
    u = ProgressUpdate.objects.get()
    assert (u.status, u.percent, u.assignment.unit) == ("done", 100, org.ward)
    # the same sheet uploaded again does not send the same report twice
    c.post("/ke-hoach/nhiem-vu-cua-toi/excel/", {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    assert ProgressUpdate.objects.count() == 1
    # the sibling cannot upload the ward's sheet
    r = login(personas.sibling_officer).post(
        "/ke-hoach/nhiem-vu-cua-toi/excel/", {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())}
    )
    assert ProgressUpdate.objects.count() == 1


def test_task_page_history_and_cascade_views(plan, org, personas, login):
    task = plan.tasks.get(code="1.1")
    c = login(personas.coordinator)
    r = c.get(f"/ke-hoach/nhiem-vu/{task.pk}/")
    assert r.status_code == 200 and "Lịch sử thay đổi" in r.content.decode()
    assert c.get(f"/ke-hoach/{plan.pk}/trien-khai/").status_code == 200
    h = login(personas.ward_head)
    r = h.post(f"/ke-hoach/{plan.pk}/lap-ke-hoach/HP.CAP.A/")
    child = Plan.objects.get(parent_plan=plan)
    assert r["Location"] == f"/ke-hoach/{child.pk}/"
    assert h.post(f"/ke-hoach/{plan.pk}/lap-ke-hoach/HP.CAP.B/").status_code == 404
    c = login(personas.coordinator)  # the test client was the ward head's since the line above
    body = c.get(f"/ke-hoach/{plan.pk}/trien-khai/").content.decode()
    assert "Công an phường Hồng Bàng" in body
    assert "Quá hạn, chưa ban hành: 4" in body  # the summary counts units per state (the plan's date is past)
    # Search (accents ignored), state filter and Excel export of the filtered list.
    body = c.get(f"/ke-hoach/{plan.pk}/trien-khai/", {"q": "hong bang"}).content.decode()
    assert "Công an phường Hồng Bàng" in body and "Công an phường Lê Chân" not in body
    body = c.get(f"/ke-hoach/{plan.pk}/trien-khai/", {"state": "overdue"}).content.decode()
    assert "Công an phường Hồng Bàng" in body and "Công an phường Lê Chân" in body
    body = c.get(f"/ke-hoach/{plan.pk}/trien-khai/", {"state": "issued"}).content.decode()
    assert "Không có đơn vị nào khớp điều kiện." in body
    r = c.get(f"/ke-hoach/{plan.pk}/trien-khai/", {"q": "HỒNG bàng", "export": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[5]) for row in rows] == [("HP.CAP.A", "Quá hạn, chưa ban hành")]


def test_home_page_lists_plan_attention(plan, personas, login):
    services.send_reminders(today=date(2026, 3, 27), days=5)
    r = login(personas.ward_officer).get("/")
    body = r.content.decode()
    assert "thông báo mới" in body
    assert "quá hạn" in body


def test_my_tasks_reads_timing_lightly_and_loads_only_the_page(plan, personas, django_assert_num_queries):
    """A coordinator's 'my unit's tasks' covers every unit below them (thousands of rows in the demo): timing and
    filters come from one light query and whole assignments are loaded only for the rows shown."""
    from cchc.plans import selectors

    rows = selectors.my_assignments(personas.coordinator, selectors.MyFilters())
    every = Assignment.objects.filter(task__plan=plan)
    assert len(rows) == every.count() > 3
    expected = {
        a.pk: t.state for a, t in selectors.assignment_timings(every.select_related("task", "task__plan"))
    }
    assert {pk: t.state for pk, t in zip(rows.ids, rows.timings, strict=True)} == expected
    with django_assert_num_queries(1):
        page = rows[1:3]
        assert [a.pk for a, _t in page] == rows.ids[1:3]
        assert all(a.task.plan.pk == plan.pk and a.unit.name for a, _t in page)
    assert [a.pk for a, _t in rows] == rows.ids
    overdue = selectors.my_assignments(personas.coordinator, selectors.MyFilters(window="overdue"))
    assert set(overdue.ids) == {pk for pk, state in expected.items() if state == "overdue"}


def test_wide_tables_scroll_inside_their_box_on_a_phone(plan, personas, login):
    c = login(personas.coordinator)
    for url in ("/ke-hoach/", f"/ke-hoach/{plan.pk}/", f"/ke-hoach/{plan.pk}/trien-khai/"):
        assert 'class="table-wrap"' in c.get(url).content.decode(), url
    assert (
        'class="table-wrap"'
        in login(personas.ward_officer).get("/ke-hoach/nhiem-vu-cua-toi/").content.decode()
    )
