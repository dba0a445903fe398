"""Browser: the coordinator imports seed 000, maps an unresolved unit, issues the plan; a ward officer reports
progress with an evidence file; the ward head confirms; the coordinator accepts; the matrix shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

from .helpers import make_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_000 = Path(__file__).resolve().parents[2] / "data" / "seeds" / "seed000.txt"


def test_import_issue_report_confirm_accept_matrix(page, live_server, org, personas, tmp_path):
    from cchc.orgs.models import UnitGroup
    from cchc.plans.models import Assignment, Plan, ProgressUpdate

    make_groups(org)
    UnitGroup.objects.create(
        code="HP.PCN",
        name="Các phòng chức năng CATP",
        root=org.city,
        kinds=["police_department"],
        aliases=["Công an các đơn vị có liên quan"],
    )
    base = live_server.url
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/ke-hoach/")
    page.get_by_role("link", name="Nhập kế hoạch").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SEED_000))
    page.get_by_role("button", name="Đọc tệp và xem trước").click()
    expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
    expect(page.get_by_test_id("preview-tasks")).to_contain_text("Đề án 06")
    # map every unresolved name: the first by hand to the departments group, the rest likewise
    selects = page.get_by_test_id("map-select")
    assert selects.count() >= 1
    group = UnitGroup.objects.get(code="HP.PCN")
    for i in range(selects.count()):
        selects.nth(i).fill(f"group:{group.pk}")  # a search box over the units and groups (one shared list)
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").first.click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Dự thảo")
    page.get_by_role("link", name="Ban hành kế hoạch").click()
    page.get_by_role("button", name="Xác nhận ban hành").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Đã ban hành")
    plan = Plan.objects.get()
    a = Assignment.objects.filter(task__plan=plan, unit=org.ward).order_by("task__order").first()
    sign_out(page)

    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/ke-hoach/nhiem-vu-cua-toi/")
    expect(page.get_by_test_id("my-tasks")).to_be_visible()
    page.goto(f"{base}/ke-hoach/phan-cong/{a.pk}/")
    page.get_by_label("Trạng thái").select_option("done")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Nội dung báo cáo").fill("Đã hoàn thành, có biên bản kèm theo")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("update-state").first).to_have_text("Chờ thủ trưởng xác nhận")
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
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
    assert ProgressUpdate.objects.get().state == "accepted"
    page.goto(f"{base}/ke-hoach/{plan.pk}/ma-tran/")
    cell = page.locator(f'table.matrix a[href="/ke-hoach/phan-cong/{a.pk}/"]')
    expect(cell).to_have_attribute("title", re.compile(r"^Hoàn thành"))
    cell.click()
    expect(page.get_by_test_id("assignment-status")).to_contain_text("Hoàn thành")
