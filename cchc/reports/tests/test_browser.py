"""Browser: two wards submit, one after the due date — ward A with the inspections count the platform computes, ward B
overriding it with a note (the computed figure stays beside it); ward A's head returns its report with a reason, the officer
resubmits and the head approves; the coordinator approves for headless ward B; the coordinator sees 50% on time and downloads the
synthesis, whose Word file holds the summed figures."""

import io
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

from .support import TZ, FixedClock, concluded_visits, make_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_and_submit(page, base, computed, text, override=None):
    page.goto(f"{base}/bao-cao/")
    page.get_by_role("link", name="Báo cáo đột xuất về CCHC").click()
    # htmx wires the autosave when the page has loaded: text filled before that fires no save (seen in CI on a
    # busy machine: the status stayed empty)
    page.wait_for_load_state("load")
    page.get_by_label("Kết quả cải cách thủ tục hành chính").fill(text)
    # the inspections count is the platform's (never typed); it opens the records behind it
    expect(page.locator('[data-field="inspections"]')).to_have_text(computed)
    if override:
        value, note = override
        page.locator('input[name="o:inspections"]').fill(value)
        page.locator('input[name="on:inspections"]').fill(note)
    # the draft is saved as one types (htmx, 1.5 s after the last key), before any button is pressed; the wait
    # allows for a CI machine busy with the other test worker
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc", timeout=30_000)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ thủ trưởng duyệt")


def test_two_units_submit_one_late_and_the_synthesis_sums_them(page, live_server, org, personas, monkeypatch):
    today = timezone.localdate()
    period = make_period(org, due=today)
    base = live_server.url
    concluded_visits(org, personas.coordinator, org.ward, period.data_from + timedelta(days=3), n=2)
    concluded_visits(org, personas.coordinator, org.sibling, period.data_from + timedelta(days=4))

    sign_in(page, base, "canbo.a")
    write_and_submit(page, base, "2", "Phường Hồng Bàng giải quyết đúng hạn mọi hồ sơ.")
    sign_out(page)
    ward_url = f"{base}/bao-cao/nop/{period.submissions.get(unit=org.ward).pk}/"

    # the head returns it with a reason; the officer sees the reason, resubmits; the head approves
    sign_in(page, base, "truong.a")
    page.goto(ward_url)
    page.get_by_label("Ý kiến").fill("Bổ sung kết quả số hóa hồ sơ.")
    page.get_by_role("button", name="Trả lại cán bộ soạn").click()
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")
    sign_out(page)
    sign_in(page, base, "canbo.a")
    page.goto(ward_url)
    expect(page.locator(".comment")).to_contain_text("Bổ sung kết quả số hóa hồ sơ.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ thủ trưởng duyệt")
    sign_out(page)
    sign_in(page, base, "truong.a")
    page.goto(ward_url)
    page.get_by_role("button", name="Thủ trưởng duyệt").click()
    expect(page.get_by_test_id("status")).to_have_text("Thủ trưởng đã duyệt, chờ tiếp nhận")
    sign_out(page)

    # ward B sends the day after the due date
    FixedClock(monkeypatch).set(datetime.combine(today + timedelta(days=1), time(9, 0), tzinfo=TZ))
    sign_in(page, base, "canbo.b")
    note = "Cộng 1.199 lượt tự kiểm tra của các tổ chưa nhập hệ thống"
    write_and_submit(page, base, "1", "Phường Lê Chân số hóa hồ sơ.", override=("1.200", note))
    # once sent, the override shows its note and the platform's figure beside it
    expect(page.locator(".override-note")).to_contain_text(note)
    expect(page.locator(".override-note")).to_contain_text("nền tảng tính: 1")
    sign_out(page)

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/bao-cao/ky/{period.pk}/")
    expect(page.get_by_test_id("submitted")).to_have_text("1")  # ward B waits for an approval
    # ward B has no head account: the coordinator approves in the head's place
    page.goto(f"{base}/bao-cao/nop/{period.submissions.get(unit=org.sibling).pk}/")
    page.get_by_role("button", name="Duyệt thay thủ trưởng").click()
    expect(page.get_by_test_id("status")).to_have_text("Thủ trưởng đã duyệt, chờ tiếp nhận")
    page.goto(f"{base}/bao-cao/ky/{period.pk}/")
    expect(page.get_by_test_id("expected")).to_have_text("2")
    expect(page.get_by_test_id("submitted")).to_have_text("2")
    expect(page.get_by_test_id("on-time-rate")).to_have_text("50%")
    expect(page.get_by_test_id("late")).to_have_text("1")
    page.get_by_role("link", name="Lập báo cáo tổng hợp").click()
    expect(page.locator('[data-total="inspections"]')).to_have_text("1.202")
    page.get_by_label("Ưu điểm").fill("Hai phường hoàn thành nhiệm vụ.")
    page.get_by_label("Chức vụ người ký").fill("Phó Giám đốc")
    page.get_by_label("Họ tên người ký").fill("Ngô Quang Vinh")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".msg.success")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải văn bản Word").click()
    data = Path(info.value.path()).read_bytes()
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Hai phường hoàn thành nhiệm vụ." in text
    assert "Phường Lê Chân số hóa hồ sơ." in text  # the units' narratives, gathered
    assert "1.202" in cells  # 2 computed for ward A + 1.200 overridden by ward B
    assert "Ngô Quang Vinh" in "\n".join(cells)
