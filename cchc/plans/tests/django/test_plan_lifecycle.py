"""Plans from issue to completion: returns with a reason at every step, withdrawal, notices by e-mail, one số/ký hiệu
per issuer and year, units kept for tasks added to an issued plan, real completion dates, the tracking list and the
matrix filters, fixed-date cascade deadlines and non-working-day warnings, the plan's own text and file. Each write
path is tried from another unit too."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from cchc.core.errors import DomainError
from cchc.plans import services
from cchc.plans.models import Assignment, Notification, Plan, ProgressUpdate, TaskUnit

from .helpers import issued_plan, make_groups, sample

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf():
    return SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def plan(org, personas):
    return issued_plan(org, personas)


def _ward(plan, org, code="1.1"):
    return Assignment.objects.get(task__plan=plan, task__code=code, unit=org.ward)


# --- returns and withdrawal -------------------------------------------------------------------------------------


def test_head_returns_a_staff_report_with_a_reason(plan, org, personas, mailoutbox):
    a = _ward(plan, org, "1.2")
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã rà soát", status="in_progress", percent=40
    )
    assert Notification.objects.filter(
        user=personas.ward_head, key=f"submitted:{update.pk}:{personas.ward_head.pk}"
    )
    with pytest.raises(PermissionDenied):  # another unit's head
        services.progress_head_return(update=update, user=personas.department_head, reason="x")
    with pytest.raises(DomainError) as exc:
        services.progress_head_return(update=update, user=personas.ward_head, reason="  ")
    assert exc.value.code == "reason_required"
    services.progress_head_return(update=update, user=personas.ward_head, reason="Thiếu danh sách văn bản")
    update.refresh_from_db()
    assert (update.state, update.returned_step, update.reviewed_by) == (
        "returned",
        "head",
        personas.ward_head,
    )
    notice = Notification.objects.get(user=personas.ward_officer, key__startswith="returned:")
    assert "Thiếu danh sách văn bản" in notice.text and notice.email_state == "pending"
    assert services.send_notice_emails() >= 1
    assert any(
        "Thiếu danh sách văn bản" in m.body for m in mailoutbox if m.to == [personas.ward_officer.email]
    )
    assert services.send_notice_emails() == 0  # each notice is e-mailed once
    with pytest.raises(DomainError):  # nothing left to return
        services.progress_head_return(update=update, user=personas.ward_head, reason="lần nữa")


def test_head_return_through_the_views_and_across_units(plan, org, personas, login):
    a = _ward(plan, org, "1.2")
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã rà soát", status="in_progress", percent=40
    )
    url = f"/ke-hoach/bao-cao/{update.pk}/thu-truong-tra-lai/"
    assert login(personas.sibling_officer).post(url, {"comment": "x"}).status_code == 404
    assert login(personas.department_head).post(url, {"comment": "x"}).status_code in (403, 404)
    r = login(personas.ward_head).post(url, {"comment": "Bổ sung số liệu"})
    assert r.status_code == 302
    update.refresh_from_db()
    assert update.state == "returned" and update.review_comment == "Bổ sung số liệu"


def test_staff_withdraws_a_report_not_yet_accepted(plan, org, personas, login):
    a = _ward(plan, org, "1.2")
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Bản nháp", status="in_progress", percent=10
    )
    url = f"/ke-hoach/bao-cao/{update.pk}/rut-lai/"
    assert login(personas.sibling_officer).post(url).status_code == 404
    with pytest.raises(PermissionDenied):  # only its author
        services.progress_withdraw(update=update, user=personas.ward_head)
    assert login(personas.ward_officer).post(url).status_code == 302
    update.refresh_from_db()
    assert update.state == "withdrawn" and update.withdrawn_at is not None
    accepted = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Báo cáo", status="in_progress", percent=20
    )
    services.progress_confirm(update=accepted, user=personas.ward_head)
    services.progress_accept(update=accepted, user=personas.coordinator)
    with pytest.raises(DomainError) as exc:
        services.progress_withdraw(update=accepted, user=personas.ward_officer)
    assert exc.value.code == "not_withdrawable"


def test_coordinator_return_names_its_step(plan, org, personas):
    update = services.progress_submit(
        assignment=_ward(plan, org, "1.2"),
        user=personas.ward_head,
        text="Báo cáo",
        status="in_progress",
        percent=50,
    )
    with pytest.raises(PermissionDenied):
        services.progress_return(update=update, user=personas.other_coordinator, comment="x")
    services.progress_return(update=update, user=personas.coordinator, comment="Chưa đạt")
    update.refresh_from_db()
    assert update.returned_step == "coordinator"


# --- completion: 100%, evidence, the unit's own date ------------------------------------------------------------


def test_done_needs_100_percent_and_evidence_for_a_product(plan, org, personas):
    a = _ward(plan, org, "1.1")  # product: "Báo cáo"
    with pytest.raises(ValidationError) as exc:
        services.progress_submit(
            assignment=a, user=personas.ward_officer, text="Xong", status="done", percent=40
        )
    assert "percent" in exc.value.message_dict  # never stored as 100%
    with pytest.raises(ValidationError) as exc:
        services.progress_submit(
            assignment=a, user=personas.ward_officer, text="Xong", status="done", percent=100
        )
    assert "files" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.progress_submit(
            assignment=a,
            user=personas.ward_officer,
            text="Xong",
            status="done",
            files=[pdf()],
            completed_on=date(2026, 4, 20),
            today=date(2026, 4, 10),
        )
    assert "completed_on" in exc.value.message_dict  # not after the report


def test_the_units_completion_date_drives_on_time(plan, org, personas):
    a = _ward(plan, org, "1.1")  # due 31/03/2026
    update = services.progress_submit(
        assignment=a,
        user=personas.ward_head,
        text="Hoàn thành từ 20/3",
        status="done",
        files=[pdf()],
        completed_on=date(2026, 3, 20),
        today=date(2026, 4, 10),
    )
    services.progress_accept(update=update, user=personas.coordinator, today=date(2026, 4, 14))
    a.refresh_from_db()
    assert (a.status, a.completed_on, a.percent) == ("done", date(2026, 3, 20), 100)  # not the acceptance day
    b = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.sibling)
    late = services.progress_submit(
        assignment=b, user=personas.sibling_officer, text="Xong", status="done", files=[pdf()],
        completed_on=date(2026, 4, 2), today=date(2026, 4, 3),
    )  # fmt: skip
    ProgressUpdate.objects.filter(pk=late.pk).update(state="confirmed")
    late.refresh_from_db()
    services.progress_accept(update=late, user=personas.coordinator, today=date(2026, 4, 1))
    b.refresh_from_db()
    assert b.completed_on == date(2026, 4, 1)  # never after the acceptance


# --- issuing: confirmation, notices, one number per issuer and year ---------------------------------------------


def test_issue_has_a_confirmation_step_and_notifies_units(org, personas, login, mailoutbox):
    make_groups(org)
    draft = services.plan_create_from_extracted(data=sample(), issuer=org.city, user=personas.coordinator)
    TaskUnit.objects.filter(task__plan=draft, unit__isnull=True, group__isnull=True).delete()
    assert login(personas.ward_officer).get(f"/ke-hoach/{draft.pk}/ban-hanh/").status_code in (403, 404)
    c = login(personas.coordinator)
    r = c.get(f"/ke-hoach/{draft.pk}/ban-hanh/")
    assert r.status_code == 200 and 'data-testid="issue-confirm"' in r.content.decode()
    c.post(f"/ke-hoach/{draft.pk}/ban-hanh/")  # no confirmation: nothing issued
    assert Plan.objects.get(pk=draft.pk).status == "draft"
    c.post(f"/ke-hoach/{draft.pk}/ban-hanh/", {"confirm": "1"})
    assert Plan.objects.get(pk=draft.pk).status == "issued"
    notice = Notification.objects.get(user=personas.ward_officer, key=f"issued:{draft.pk}:{org.ward.pk}")
    assert "447/KH-CAHP-PV01" in notice.text and notice.email_state == "pending"
    assert not Notification.objects.filter(user=personas.other_coordinator).exists()
    services.send_notice_emails()
    assert any(m.to == [personas.ward_officer.email] for m in mailoutbox)


def test_one_number_per_issuer_and_year(plan, org, personas, login):
    data = sample()
    draft = services.import_draft_create(
        user=personas.coordinator, issuer=org.city, filename="kh.txt", data=data
    )
    r = login(personas.coordinator).get(f"/ke-hoach/nhap/{draft.pk}/")
    assert 'data-testid="duplicate-warning"' in r.content.decode()
    with pytest.raises(DomainError) as exc:
        services.import_draft_confirm(draft=draft, user=personas.coordinator)
    assert exc.value.code == "duplicate_plan"
    twin = services.import_draft_confirm(draft=draft, user=personas.coordinator, allow_duplicate=True)
    assert twin.status == "draft" and twin.doc_number == plan.doc_number
    TaskUnit.objects.filter(task__plan=twin, unit__isnull=True, group__isnull=True).delete()
    with pytest.raises(DomainError) as exc:
        services.plan_issue(plan=twin, user=personas.coordinator)
    assert exc.value.code == "duplicate_number"
    # another issuer may use the same number
    other = sample()
    other_draft = services.import_draft_create(
        user=personas.other_coordinator, issuer=org.other_city, filename="kh.txt", data=other
    )
    assert services.import_draft_confirm(draft=other_draft, user=personas.other_coordinator).pk


# --- a task added to an issued plan keeps its units ------------------------------------------------------------


def test_task_added_to_an_issued_plan_is_assigned_after_confirmation(plan, org, personas, login):
    kwargs = dict(plan=plan, user=personas.coordinator, content="Nhiệm vụ bổ sung", code="9.1",
                  deadline_text="Trước 30/6", lead=["PV01"], coordinate=["Công an xã, phường, đặc khu"])  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.task_save(**kwargs)
    assert exc.value.code == "confirm_assign"
    assert not plan.tasks.filter(code="9.1").exists()
    task = services.task_save(**kwargs, confirm_assign=True)
    assert task.deadline_end == date(2026, 6, 30)
    assert TaskUnit.objects.filter(task=task).count() == 2
    units = set(Assignment.objects.filter(task=task).values_list("unit__code", flat=True))
    assert {"HP.PV01", "HP.CAP.A", "HP.CAP.B"} <= units | {"HP.PV01"} and org.ward.code in units
    assert not Assignment.objects.filter(task=task, unit__path__startswith=org.other_city.path).exists()
    assert Notification.objects.filter(user=personas.ward_officer, key__startswith="assigned:").exists()
    with pytest.raises(DomainError) as exc:
        services.task_save(**{**kwargs, "code": "9.2", "lead": ["Đơn vị không tồn tại"]}, confirm_assign=True)
    assert exc.value.code == "unknown_units"
    # from the page, and never by another organisation's coordinator or a unit's staff
    url = f"/ke-hoach/{plan.pk}/them-nhiem-vu/"
    post = {"content": "Nhiệm vụ khác", "lead": "PV01", "code": "9.3"}
    assert login(personas.other_coordinator).post(url, {**post, "confirm_assign": "on"}).status_code == 404
    assert login(personas.ward_officer).post(url, {**post, "confirm_assign": "on"}).status_code == 403
    c = login(personas.coordinator)
    r = c.post(url, post)
    assert "Hãy đánh dấu ô xác nhận" in r.content.decode()
    assert c.post(url, {**post, "confirm_assign": "on"}).status_code == 302
    assert Assignment.objects.filter(task__plan=plan, task__code="9.3").exists()


# --- tracking list, matrix ------------------------------------------------------------------------------------


def test_tracking_list_filters_title_and_working_days(plan, org, personas, login):
    c = login(personas.coordinator)
    r = c.get("/ke-hoach/nhiem-vu-cua-toi/?han=overdue")
    body = r.content.decode()
    assert "Nhiệm vụ quá hạn của các đơn vị" in body and "Nhiệm vụ của đơn vị tôi" not in body
    assert "quá hạn" in body and 'data-testid="late-days"' in body
    only = c.get(f"/ke-hoach/nhiem-vu-cua-toi/?unit={org.sibling.code}").content.decode()
    assert org.sibling.name in only and org.ward.name not in only
    group = c.get("/ke-hoach/nhiem-vu-cua-toi/?group=HP.CAXP").content.decode()
    assert org.ward.name in group and org.pc06.name not in group
    assert (
        "Nhiệm vụ của đơn vị tôi"
        in login(personas.ward_officer).get("/ke-hoach/nhiem-vu-cua-toi/").content.decode()
    )
    # a unit's staff filtering on a sibling's code sees nothing of it
    assert (
        org.sibling.name
        not in login(personas.ward_officer)
        .get(f"/ke-hoach/nhiem-vu-cua-toi/?unit={org.sibling.code}")
        .content.decode()
    )


def test_matrix_filters(plan, org, personas, login):
    c = login(personas.coordinator)
    body = c.get(f"/ke-hoach/{plan.pk}/ma-tran/?unit={org.ward.code}").content.decode()
    assert 'data-testid="matrix-filters"' in body
    assert f"/ke-hoach/phan-cong/{_ward(plan, org).pk}/" in body
    sibling = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.sibling)
    assert f"/ke-hoach/phan-cong/{sibling.pk}/" not in body
    body = c.get(f"/ke-hoach/{plan.pk}/ma-tran/?state=done").content.decode()
    assert "/ke-hoach/phan-cong/" not in body  # nothing done yet


# --- deadlines: fixed-date cascade, non-working days ------------------------------------------------------------


def test_fixed_date_cascade_and_non_working_day_warnings(org, personas, login):
    make_groups(org)
    data = sample()
    data["tasks"][0]["deadline_raw"] = "Trước ngày 08/3/2026"  # a Sunday
    data["tasks"][0]["deadline"] = {"kind": "date", "start": None, "end": "2026-03-08"}
    data["body"] = [
        {"text": "III. TỔ CHỨC THỰC HIỆN", "heading": True},
        {
            "text": "Công an các đơn vị xây dựng Kế hoạch thực hiện, gửi về PV01 trước ngày 24/01/2026.",
            "heading": False,
        },
    ]
    draft = services.plan_create_from_extracted(data=data, issuer=org.city, user=personas.coordinator)
    assert draft.subplan_due == date(2026, 1, 24) and draft.subplan_days == 7  # task 8.8 gives 7 days too
    from cchc.plans.selectors import nonworking_due_warnings

    warnings = " ".join(nonworking_due_warnings(draft))
    assert "1.1" in warnings and "08/03/2026" in warnings and "Chủ nhật" in warnings
    TaskUnit.objects.filter(task__plan=draft, unit__isnull=True, group__isnull=True).delete()
    services.plan_issue(plan=draft, user=personas.coordinator, on=date(2026, 1, 19))
    rows = {r["unit"].code: r for r in services.cascade_status(draft, today=date(2026, 1, 25))}
    assert rows[org.ward.code]["due"] == date(2026, 1, 24) and rows[org.ward.code]["state"] == "overdue"


# --- the plan's own text and original file ---------------------------------------------------------------------


def test_plan_text_and_original_file_are_kept_and_exported(org, personas, login, tmp_path):
    from cchc.plans.tests.support import seed_path

    make_groups(org)
    c = login(personas.coordinator)
    with open(seed_path("000"), "rb") as f:
        r = c.post("/ke-hoach/nhap/", {"issuer": "HP", "year": "", "file": f})
    assert r.status_code == 302, r.content.decode()[:500]
    r = c.post(r["Location"], {"action": "save", "title": "Thực hiện CCHC năm 2026", "year": "2026",
                               "doc_number": "447/KH-CAHP-PV01", "issue_date": "19/01/2026"})  # fmt: skip
    plan = Plan.objects.get()
    texts = [p["text"] for p in plan.document_text]
    assert any(t.startswith("Thực hiện Quyết định số 172/QĐ-BCA-V03") for t in texts)
    assert any("PX03, PX04" in t for t in texts)  # §III.2: the duties of each unit
    assert plan.source_file and plan.source_file.read() == seed_path("000").read_bytes()
    assert c.get(f"/ke-hoach/{plan.pk}/tep-goc/").status_code == 200
    assert login(personas.other_coordinator).get(f"/ke-hoach/{plan.pk}/tep-goc/").status_code == 404
    c = login(personas.coordinator)  # the client was the other coordinator's since the line above
    r = c.get(f"/ke-hoach/{plan.pk}/word/")
    assert r.status_code == 200, r.content[:300]
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Thực hiện Quyết định số 172/QĐ-BCA-V03" in text and "PX03, PX04" in text
    cells = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "Lưu: VT, PV01." in cells
