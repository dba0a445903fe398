"""Browser at a phone's viewport: open a QR URL, answer, then the coordinator sees the new result."""

import pytest
from playwright.sync_api import expect

from cchc.surveys import abuse
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_answers_then_coordinator_sees_result(page, live_server, org, personas, point, settings):
    settings.SURVEY_MIN_FILL_SECONDS = 0
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/s/{point.token}/")
    expect(page.get_by_text("Bộ phận một cửa PC06")).to_be_visible()
    for i in range(1, 17):
        page.locator(f"input[name=q{i}][value='5']").check()
    page.locator("input[name=q2][value='0']").check()  # "Không có ý kiến"
    page.get_by_label("Ông/Bà có góp ý gì").fill("Cán bộ rất tận tình")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("heading", name="Cảm ơn Ông/Bà đã đánh giá!")).to_be_visible()
    assert page.context.cookies()[0]["name"] == abuse.DEVICE_COOKIE

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/khao-sat/?unit=HP")
    expect(page.get_by_test_id("responses")).to_have_text("1")
    expect(page.get_by_test_id("index")).to_contain_text("100,00")
    page.goto(f"{base}/khao-sat/y-kien/?unit=HP")
    expect(page.get_by_text("Cán bộ rất tận tình")).to_be_visible()


def test_kiosk_clears_a_half_filled_form_for_the_next_citizen(page, live_server, org, point, settings):
    settings.SURVEY_KIOSK_IDLE_SECONDS = 3
    page.goto(f"{live_server.url}/s/{point.token}/?kiosk={abuse.kiosk_key(point.token)}")
    expect(page.get_by_text("Phần 1/7")).to_be_visible()
    page.locator("input[name=q1][value='4']").check()
    page.locator("textarea[name=comment]").fill("Đang viết dở")
    expect(page.locator("#kiosk-note")).to_be_visible(timeout=5000)  # the warning before clearing
    page.wait_for_timeout(2500)
    expect(page.locator("input[name=q1][value='4']")).not_to_be_checked()
    expect(page.locator("textarea[name=comment]")).to_have_value("")
