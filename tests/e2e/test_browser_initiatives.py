"""Browser: a ward officer proposes an initiative and sends it; the coordinator sends it to the council; two members
score; the coordinator recognises it and the decision is numbered; another ward declares that it adopted it."""

import pytest
from playwright.sync_api import expect

from cchc.initiatives.models import Initiative, Review
from cchc.initiatives.tests.support import council
from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_proposal_to_recognition_and_adoption(page, live_server, org, personas):
    base = live_server.url
    board = council(org, personas)
    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/sang-kien/")
    page.get_by_role("link", name="Đề xuất sáng kiến").first.click()
    page.get_by_label("Tên sáng kiến").fill("Hẹn trả kết quả qua Zalo")
    page.get_by_label("Tình trạng trước khi có sáng kiến").fill("Gọi điện cho từng người")
    page.get_by_label("Nội dung giải pháp").fill("Tin nhắn tự động khi có kết quả")
    page.get_by_label("Tính mới").fill("Lần đầu áp dụng tại phường")
    page.get_by_label("Ngày áp dụng lần đầu (hoặc áp dụng thử)").fill("2026-03-01")
    page.get_by_label("Hiệu quả sau khi áp dụng (số liệu đo được)").fill("Giảm 80% cuộc gọi")
    page.locator("#id_author_name_0").fill("Vũ Thị Lan")
    page.locator("#id_author_share_0").fill("100")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("heading", name="Hẹn trả kết quả qua Zalo")).to_be_visible()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đã gửi hồ sơ sáng kiến.")).to_be_visible()
    sign_out(page)

    initiative = Initiative.objects.get()
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/sang-kien/{initiative.pk}/")
    page.get_by_label("Trình hội đồng").select_option(str(board.pk))
    page.get_by_role("button", name="Trình hội đồng").click()
    expect(page.get_by_text("Đã trình hội đồng xét.")).to_be_visible()
    sign_out(page)

    review = Review.objects.get()
    for username, points in (("lanhdao", ("25", "26", "35")), ("thamdinh", ("26", "25", "36"))):
        sign_in(page, base, username)
        page.goto(f"{base}/sang-kien/xet/{review.pk}/")
        for code, value in zip(("1", "2", "3"), points, strict=True):
            page.locator(f"#p_{code}").fill(value)
        page.get_by_role("button", name="Lưu điểm").click()
        expect(page.get_by_text("Đã lưu điểm của bạn.")).to_be_visible()
        sign_out(page)

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/sang-kien/xet/{review.pk}/")
    expect(page.locator("main")).to_contain_text("86,50")
    page.get_by_role("button", name="Công nhận và ban hành quyết định").click()
    expect(page.get_by_text("Đã ghi kết luận của hội đồng.")).to_be_visible()
    review.refresh_from_db()
    with page.expect_download() as download:
        page.get_by_role("link", name="Quyết định (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")
    sign_out(page)

    sign_in(page, base, "canbo.b")
    page.goto(f"{base}/sang-kien/{initiative.pk}/")
    expect(page.get_by_text("Đã công nhận")).to_be_visible()
    page.get_by_role("button", name="Khai báo áp dụng").click()
    expect(page.get_by_text("Đã khai báo áp dụng sáng kiến.")).to_be_visible()
    expect(page.locator("table").last).to_contain_text("Công an phường Lê Chân")
    assert review.decision is not None and Initiative.objects.get().state == "recognised"
