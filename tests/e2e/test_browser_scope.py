"""Browser: a ward officer sees only the ward's data; the coordinator sees the whole city police."""

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def unit_codes(page):
    return set(page.locator("table.units tbody tr td:first-child code").all_inner_texts())


def test_ward_officer_then_coordinator(page, live_server, org, personas):
    base = live_server.url
    sign_in(page, base, "canbo.a")
    expect(page.get_by_test_id("who")).to_contain_text("Cán bộ đơn vị")
    expect(page.get_by_test_id("who")).to_contain_text("Công an phường Hồng Bàng")
    page.get_by_role("link", name="Đơn vị", exact=True).first.click()
    expect(page.locator("table.units")).to_be_visible()
    assert unit_codes(page) == {"HP.CAP.A"}
    page.goto(f"{base}/don-vi/HP.CAP.B/")
    expect(page.get_by_role("heading", name="Không tìm thấy trang hoặc dữ liệu")).to_be_visible()
    page.goto(f"{base}/")
    sign_out(page)

    sign_in(page, base, "daumoi")
    expect(page.get_by_test_id("who")).to_contain_text("Cán bộ đầu mối CCHC")
    page.goto(f"{base}/don-vi/")
    assert unit_codes(page) == {"HP", "HP.PV01", "HP.PC06", "HP.CAP.A", "HP.CAP.B"}
    # Accent-insensitive search as one types (htmx swaps the results in place).
    page.get_by_placeholder("Tìm theo mã, tên").fill("le chan")
    expect(page.locator("table.units tbody tr")).to_have_count(1)
    assert unit_codes(page) == {"HP.CAP.B"}
