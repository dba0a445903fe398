"""Progress reports: the document date of a progress report's evidence (never in the future; a
completion never before the date of the product document attached) and the home-page item of a report returned to
its author. Each path is tried from another unit too."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cchc.core.attention import items_for
from cchc.core.errors import DomainError
from cchc.plans import services
from cchc.plans.attention import my_returned_reports
from cchc.plans.models import Assignment, Evidence, ProgressUpdate

from .helpers import issued_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name="quyet-dinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def plan(org, personas):
    return issued_plan(org, personas)


def _ward(plan, org, code="1.1"):
    return Assignment.objects.get(task__plan=plan, task__code=code, unit=org.ward)


def _done(a, user, **kw):
    kw.setdefault("files", [pdf()])
    return services.progress_submit(assignment=a, user=user, text="Đã ban hành", status="done", **kw)


# --- the evidence's document date -------------------------------------------------------------------------------


def test_completion_before_the_product_document_is_refused(plan, org, personas):
    a = _ward(plan, org, "1.1")  # product: "Báo cáo"
    with pytest.raises(DomainError) as exc:
        _done(
            a,
            personas.ward_officer,
            completed_on=date(2026, 3, 10),
            document_date=date(2026, 3, 20),
            today=date(2026, 4, 10),
        )
    assert exc.value.code == "completed_before_document" and exc.value.field == "completed_on"
    assert "10/03/2026" in exc.value.vi and "20/03/2026" in exc.value.vi
    assert not ProgressUpdate.objects.filter(assignment=a).exists() and not Evidence.objects.exists()
    update = _done(
        a,
        personas.ward_officer,
        completed_on=date(2026, 3, 20),  # the same day as the document: allowed
        document_date=date(2026, 3, 20),
        today=date(2026, 4, 10),
    )
    assert [e.document_date for e in update.evidence.all()] == [date(2026, 3, 20)]


def test_document_date_in_the_future_is_refused(plan, org, personas):
    a = _ward(plan, org, "1.2")
    with pytest.raises(DomainError) as exc:
        services.progress_submit(
            assignment=a,
            user=personas.ward_officer,
            text="Dự thảo",
            status="in_progress",
            percent=50,
            files=[pdf()],
            document_date=date(2026, 4, 11),
            today=date(2026, 4, 10),
        )
    assert exc.value.code == "document_date_in_future" and exc.value.field == "document_date"


def test_an_accepted_product_document_bounds_a_later_completion(plan, org, personas):
    a = _ward(plan, org, "1.1")
    first = services.progress_submit(
        assignment=a,
        user=personas.ward_head,  # a head's report counts as confirmed
        text="Đã ban hành quyết định",
        status="in_progress",
        percent=80,
        files=[pdf()],
        document_date=date(2026, 3, 25),
        today=date(2026, 3, 26),
    )
    services.progress_accept(update=first, user=personas.coordinator, today=date(2026, 3, 27))
    with pytest.raises(DomainError) as exc:  # no new file: the accepted one's date still counts
        _done(a, personas.ward_officer, files=None, completed_on=date(2026, 3, 1), today=date(2026, 4, 1))
    assert exc.value.code == "completed_before_document"
    assert "quyet-dinh.pdf" in exc.value.vi
    _done(a, personas.ward_officer, files=None, completed_on=date(2026, 3, 25), today=date(2026, 4, 1))


def test_another_units_staff_stays_refused(plan, org, personas):
    a = _ward(plan, org, "1.1")
    with pytest.raises(PermissionDenied):
        _done(
            a,
            personas.sibling_officer,
            completed_on=date(2026, 3, 20),
            document_date=date(2026, 3, 20),
            today=date(2026, 4, 10),
        )
    assert not ProgressUpdate.objects.filter(assignment=a).exists()


def test_the_form_takes_and_shows_the_document_date(plan, org, personas, login):
    a = _ward(plan, org, "1.1")
    url = f"/ke-hoach/phan-cong/{a.pk}/"
    today = timezone.localdate()
    body = {"status": "done", "percent": "100", "text": "Đã ban hành"}
    early = {**body, "completed_on": "2026-02-01", "document_date": "2026-02-10", "files": pdf()}
    r = login(personas.ward_officer).post(url, early)
    assert r.status_code == 400
    assert "sản phẩm không thể hoàn thành trước khi văn bản được ban hành" in r.content.decode()
    assert not ProgressUpdate.objects.filter(assignment=a).exists()
    future = {**body, "document_date": f"{date(today.year + 1, 1, 1):%Y-%m-%d}", "files": pdf()}
    r = login(personas.ward_officer).post(url, future)
    assert r.status_code == 400 and "ở tương lai" in r.content.decode()
    ok = {**body, "completed_on": "2026-02-10", "document_date": "2026-02-10", "files": pdf()}
    assert login(personas.ward_officer).post(url, ok).status_code == 302
    assert Evidence.objects.get().document_date == date(2026, 2, 10)
    page = login(personas.ward_officer).get(url).content.decode()
    assert "ngày văn bản 10/02/2026" in page
    other = login(personas.sibling_officer).post(url, {**ok, "files": pdf()})
    assert other.status_code in (403, 404)
    assert Evidence.objects.count() == 1


# --- home page: a report returned to its author -----------------------------------------------------------------


def test_the_author_sees_a_report_returned_by_the_head(plan, org, personas, login):
    a = _ward(plan, org, "1.2")
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã rà soát", status="in_progress", percent=40
    )
    assert my_returned_reports(personas.ward_officer) == []
    services.progress_head_return(update=update, user=personas.ward_head, reason="Thiếu số liệu")
    [item] = my_returned_reports(personas.ward_officer)
    assert item.url == f"/ke-hoach/phan-cong/{a.pk}/#bao-cao-{update.pk}"
    assert "1.2" in item.title and "Thiếu số liệu" in item.detail
    assert item.url in [i.url for i in items_for(personas.ward_officer)]
    page = login(personas.ward_officer).get("/").content.decode()
    assert f"#bao-cao-{update.pk}" in page
    assert f'id="bao-cao-{update.pk}"' in login(personas.ward_officer).get(item.url).content.decode()
    for stranger in (personas.sibling_officer, personas.ward_head):  # another unit's staff; not the author
        assert my_returned_reports(stranger) == []
        assert item.url not in [i.url for i in items_for(stranger)]
    assert f"#bao-cao-{update.pk}" not in login(personas.sibling_officer).get("/").content.decode()
    services.progress_submit(  # the author answers: the item goes
        assignment=a, user=personas.ward_officer, text="Đã bổ sung", status="in_progress", percent=45
    )
    assert my_returned_reports(personas.ward_officer) == []


def test_the_author_sees_a_report_returned_by_the_coordinator(plan, org, personas):
    a = _ward(plan, org, "1.2")
    update = services.progress_submit(
        assignment=a, user=personas.ward_head, text="Báo cáo", status="in_progress", percent=50
    )
    services.progress_return(update=update, user=personas.coordinator, comment="Chưa đạt")
    [item] = my_returned_reports(personas.ward_head)
    assert "đầu mối kế hoạch" in item.title and item.url.endswith(f"#bao-cao-{update.pk}")
    assert my_returned_reports(personas.sibling_officer) == []
    assert my_returned_reports(personas.coordinator) == []


def test_the_excel_bulk_path_names_the_line(plan, org, personas):
    """A sheet carries no evidence and reports today's completion; an accepted product document dated later (set
    here directly: the upload refuses future dates) still stops it, with the sheet's line."""
    import io

    from openpyxl import Workbook

    from cchc.plans.excel import import_bulk

    a = _ward(plan, org, "1.1")
    first = services.progress_submit(
        assignment=a,
        user=personas.ward_head,
        text="Đã ban hành",
        status="in_progress",
        percent=90,
        files=[pdf()],
        document_date=date(2026, 3, 1),
        today=date(2026, 3, 2),
    )
    services.progress_accept(update=first, user=personas.coordinator, today=date(2026, 3, 3))
    later = timezone.localdate().replace(year=timezone.localdate().year + 1)
    Evidence.objects.filter(update=first).update(document_date=later)
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã phân công", "Trạng thái mới", "Nội dung báo cáo"])
    ws.append([a.pk, "Hoàn thành", "Xong"])
    buf = io.BytesIO()
    wb.save(buf)
    allowed = Assignment.objects.filter(unit=org.ward)
    with pytest.raises(DomainError) as exc:
        import_bulk(buf.getvalue(), user=personas.ward_officer, allowed=allowed, name="t.xlsx")
    assert exc.value.code == "completed_before_document" and exc.value.vi.startswith("Dòng 2: ")
    assert ProgressUpdate.objects.filter(assignment=a).count() == 1
    with pytest.raises(DomainError) as exc:  # another unit's staff: not their assignment
        import_bulk(
            buf.getvalue(),
            user=personas.sibling_officer,
            allowed=Assignment.objects.filter(unit=org.sibling),
            name="t.xlsx",
        )
    assert exc.value.code == "unknown_assignment"
