"""Browser: under the Content-Security-Policy htmx still swaps results, confirmations still ask, and the browser
reports no blocked script or style; a locked-out account sees the Vietnamese page and is unlocked by its coordinator."""

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy(page, live_server, org, personas, settings):
    settings.AXES_FAILURE_LIMIT = 2
    base = live_server.url
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    for _ in range(2):
        page.goto(f"{base}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("canbo.a")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tạm khóa đăng nhập")).to_be_visible()

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/don-vi/")
    page.get_by_placeholder("Tìm theo mã, tên").fill("le chan")  # htmx swaps the rows in place
    expect(page.locator("table.units tbody tr")).to_have_count(1)

    page.goto(f"{base}/nguoi-dung/{personas.ward_officer.pk}/")
    expect(page.get_by_test_id("login-lock")).to_contain_text("Tạm khóa")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Thu hồi").click()  # refused in the dialog: nothing sent
    page.wait_for_timeout(300)
    assert posts == []
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mở khóa đăng nhập").click()
    expect(page.get_by_test_id("login-lock")).to_contain_text("Bình thường")
    assert len(posts) == 1 and "/mo-khoa-dang-nhap/" in posts[0]
    sign_out(page)
    sign_in(page, base, "canbo.a")
    assert blocked == []
