"""Browser (issue 14): the coordinator issues a plan after its confirmation step; the ward's staff member finds the
notice (and its e-mail is sent), reports; the ward head returns the report with a reason; the staff member sees the
return, sends a corrected report; the head confirms and the coordinator accepts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

from .helpers import make_groups, sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_notice_report_head_return_resubmit_accept(page, live_server, org, personas, mailoutbox):
    from cchc.orgs.models import UnitGroup
    from cchc.plans.models import Assignment, ProgressUpdate
    from cchc.plans.services import plan_create_from_extracted, send_notice_emails

    make_groups(org)
    depts = UnitGroup.objects.get(code="HP.CADVDP")
    plan = plan_create_from_extracted(
        data=sample(),
        issuer=org.city,
        user=personas.coordinator,
        mappings={"Các đơn vị nghiệp vụ được giao chủ trì": f"group:{depts.pk}"},
    )
    base = live_server.url

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/ke-hoach/{plan.pk}/")
    page.get_by_role("link", name="Ban hành kế hoạch").click()
    expect(page.get_by_test_id("issue-confirm")).to_contain_text("Đơn vị được giao và nhận thông báo")
    page.get_by_role("button", name="Xác nhận ban hành").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Đã ban hành")
    sign_out(page)
    assert send_notice_emails() >= 1  # the job e-mails the notices
    assert any(m.to == [personas.ward_officer.email] and "447/KH-CAHP-PV01" in m.subject for m in mailoutbox)
    a = Assignment.objects.get(task__plan=plan, task__code="1.2", unit=org.ward)

    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/ke-hoach/thong-bao/")
    expect(page.get_by_test_id("notices")).to_contain_text("447/KH-CAHP-PV01 đã ban hành")
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Nội dung báo cáo").fill("Đã rà soát 4/10 văn bản")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Chờ thủ trưởng xác nhận")
    sign_out(page)

    sign_in(page, base, "truong.a")
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_label("Lý do (khi trả lại)").fill("Ghi rõ tên các văn bản đã rà soát")
    page.get_by_role("button", name="Trả lại người lập").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Bị trả lại")
    expect(page.get_by_test_id("review-note").first).to_contain_text("Ghi rõ tên các văn bản đã rà soát")
    sign_out(page)

    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/ke-hoach/thong-bao/")
    expect(page.get_by_test_id("notices")).to_contain_text("Ghi rõ tên các văn bản đã rà soát")
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Nội dung báo cáo").fill("Đã rà soát 4/10 văn bản: Quyết định 12, 15, 17 và 21")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Chờ thủ trưởng xác nhận")
    sign_out(page)

    sign_in(page, base, "truong.a")
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_role("button", name="Xác nhận báo cáo").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Chờ đầu mối tiếp nhận")
    sign_out(page)

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_label("Ý kiến").fill("Đạt yêu cầu")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Đã tiếp nhận")
    states = list(
        ProgressUpdate.objects.filter(assignment=a).order_by("pk").values_list("state", "returned_step")
    )
    assert states == [("returned", "head"), ("accepted", "")]
    a.refresh_from_db()
    assert (a.status, a.percent) == ("in_progress", 40)
