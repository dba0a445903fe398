"""Browser: a ward officer uploads dossiers, sees the unit's on-time ratio and a late dossier, issues its apology
letter (and downloads the Word file)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import sign_in

from .helpers import TZ, dossiers_csv, load_procedures, working_day_after

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _iso(dt):
    return dt.astimezone(TZ).isoformat(timespec="minutes")


def test_upload_see_ratio_and_issue_apology(page, live_server, org, personas, tmp_path):
    load_procedures()
    now = timezone.now()
    base = {
        "unit_code": "HP.CAP.A",
        "procedure_code": "1.001",
        "channel": "online",
        "applicant_name": "Phạm Thị Dung",
    }
    rows = [
        {
            **base,
            "code": "UP-LATE",
            "received_at": _iso(now - timedelta(days=5)),
            "due_at": _iso(now - timedelta(days=2)),
            "status": "processing",
        },
        {
            **base,
            "code": "UP-OK",
            "received_at": _iso(now - timedelta(hours=3)),
            "due_at": _iso(now + timedelta(days=3)),
            "finished_at": _iso(now - timedelta(hours=1)),
            "status": "returned",
        },
        {
            **base,
            "code": "UP-DONE-LATE",
            "received_at": _iso(now - timedelta(days=4)),
            "due_at": _iso(now - timedelta(days=3)),
            "finished_at": _iso(now - timedelta(hours=1)),
            "status": "done",
        },
    ]
    path = tmp_path / "mot-cua.csv"
    path.write_bytes(dossiers_csv(rows))

    base_url = live_server.url
    sign_in(page, base_url, "canbo.a")

    page.goto(f"{base_url}/mot-cua/")
    page.get_by_role("link", name="Nhập hồ sơ từ tệp").click()
    page.get_by_label("Tệp .csv, .xlsx hoặc .xls").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã nhập 3 hồ sơ: 3 mới, 0 cập nhật.")).to_be_visible()
    # The unit's page: 1 of 3 on time.
    expect(page.get_by_role("heading", name="Công an phường Hồng Bàng")).to_be_visible()
    expect(page.get_by_test_id("in-process")).to_have_text("3")
    expect(page.get_by_test_id("on-time-ratio")).to_have_text("33,33%")
    # Drill down to the overdue dossiers.
    page.get_by_test_id("overdue-link").click()
    expect(page.get_by_test_id("drill")).to_contain_text("Hồ sơ quá hạn")
    expect(page.locator("table.dossiers tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Hồ sơ trễ hạn", exact=True).first.click()
    row = page.locator("table.late-dossiers tbody tr", has_text="UP-LATE")
    expect(row).to_contain_text("quá hạn")
    expect(page.locator("table.late-dossiers")).not_to_contain_text("UP-OK")
    row.get_by_role("link", name="Lập phiếu").click()
    page.get_by_label("Lý do").fill("Cần xác minh thông tin cư trú tại địa phương khác.")
    due_again = working_day_after(now, 4)  # a re-appointment is a working day
    new_due = due_again.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Thời gian hẹn trả kết quả lại").fill(new_due)
    page.get_by_role("button", name="Lập phiếu").click()
    expect(page.get_by_text("Đã lập phiếu xin lỗi và hẹn lại ngày trả kết quả.")).to_be_visible()
    letter = page.get_by_test_id("letter")
    expect(letter).to_contain_text("01/PXL")
    expect(letter).to_contain_text(due_again.astimezone(TZ).strftime("%d/%m/%Y"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải phiếu xin lỗi (Word)").click()
    assert info.value.suggested_filename == "phieu-xin-loi-UP-LATE.docx"
    # Allowed once: the late list now shows the letter instead of the button.
    page.goto(f"{base_url}/mot-cua/tre-han/")
    expect(page.locator("table.late-dossiers tbody tr", has_text="UP-LATE")).to_contain_text("Đã lập")
