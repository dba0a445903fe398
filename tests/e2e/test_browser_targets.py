"""Browser: the coordinator sets a target for a ward in the register, sees it in the list with its status in words
and the link to the records; the ward's officer sees it and cannot edit it."""

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_sets_a_target_and_the_ward_sees_it(page, live_server, org, personas):
    base = live_server.url
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/chi-tieu/")
    page.get_by_role("link", name="Thêm chỉ tiêu").first.click()
    page.get_by_label("Mã đơn vị").fill("HP.CAP.A")
    page.get_by_label("Mã chỉ số").fill("onestop.DOSSIER_ON_TIME")
    page.get_by_label("Giá trị chỉ tiêu").fill("100")
    page.get_by_label("Căn cứ").fill("Kế hoạch CCHC năm 2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm chỉ tiêu.")).to_be_visible()
    page.goto(f"{base}/chi-tieu/")
    row = page.locator("table.list tbody tr").first
    expect(row).to_contain_text("Công an phường Hồng Bàng")
    expect(row).to_contain_text("Chưa có số liệu")
    sign_out(page)

    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/chi-tieu/")
    page.get_by_role("link", name="Tỷ lệ hồ sơ giải quyết đúng hạn").click()
    expect(page.get_by_role("button", name="Lưu")).to_have_count(0)
