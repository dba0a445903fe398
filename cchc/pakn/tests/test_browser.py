"""On a phone's viewport: send a PAKN through the public form (with a photo), follow it by code and phone, and see
the published answer once the unit has answered — then find it on the public page without accents."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cchc.pakn import services
from cchc.pakn.models import Record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_phone_sends_follows_and_sees_the_published_answer(
    page: Any, live_server: Any, org: Any, personas: Any, settings: Any
) -> None:
    settings.PAKN_MIN_FILL_SECONDS = 0
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/pakn/")
    # a ward is below the two levels listed at first: the search step (no JavaScript) narrows the list to it
    expect(page.locator(f'option[value="{org.ward.code}"]')).to_have_count(0)
    page.get_by_label("Tìm cơ quan nhận").fill("hong bang")
    page.get_by_role("button", name="Tìm cơ quan").click()
    page.get_by_label("Cơ quan nhận phản ánh, kiến nghị").select_option(label=org.ward.name)
    page.get_by_label("Tiêu đề").fill("Đèn tín hiệu trước trụ sở hỏng")
    page.get_by_label("Nội dung").fill("Đề nghị sửa đèn tín hiệu trước trụ sở công an phường.")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Phạm Thị Lan")
    page.get_by_label("Địa chỉ").fill("Số 3 Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng")
    # the phone is missing: the page says so and keeps what was typed
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    expect(page.get_by_text("Xin ghi số điện thoại hoặc thư điện tử")).to_be_visible()
    expect(page.get_by_label("Tiêu đề")).to_have_value("Đèn tín hiệu trước trụ sở hỏng")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.set_input_files("#files", files=[{"name": "anh.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    code = page.get_by_test_id("code").inner_text().strip()
    record = Record.objects.get(code=code)
    assert record.unit == org.ward and record.attachments.count() == 1

    page.get_by_role("link", name="Theo dõi phản ánh, kiến nghị này").click()
    page.get_by_label("Số điện thoại đã gửi").fill("0987654321")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("state")).to_have_text("Đang xử lý")

    # the ward answers: the officer drafts, the head approves (numbered), the officer publishes
    services.record_accept(record=record, actor=personas.ward_officer)
    services.answer_save(
        record=record, actor=personas.ward_officer, text="Đơn vị đã sửa đèn ngày 10/3.", submit=True
    )
    services.answer_approve(record=record, actor=personas.ward_head)
    services.record_publish(record=record, actor=personas.ward_officer)

    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã công khai")
    expect(page.get_by_test_id("answer")).to_contain_text("Đơn vị đã sửa đèn")
    page.get_by_role("button", name="Hài lòng", exact=True).click()
    expect(page.get_by_text("Cảm ơn Ông/Bà đã đánh giá.")).to_be_visible()

    page.goto(f"{base}/pakn/cong-khai/")
    page.get_by_label("Tìm (không cần dấu)").fill("den tin hieu")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đèn tín hiệu trước trụ sở hỏng").click()
    expect(page.get_by_test_id("answer")).to_contain_text("Đơn vị đã sửa đèn")
    expect(page.get_by_text("Phạm Thị Lan")).to_have_count(0)
