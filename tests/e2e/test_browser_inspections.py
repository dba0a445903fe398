"""Browser: the coordinator plans an inspection of the ward, forms the team, records the results and a finding,
concludes; the ward's head reports the remedy on the finding's task; the coordinator accepts it and the finding is
closed."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_visit_conclusion_remedy_closed(page, live_server, org, personas, tmp_path):
    base = live_server.url
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/kiem-tra/")
    page.get_by_role("link", name="Lập kế hoạch kiểm tra").click()
    page.get_by_label("Đơn vị ban hành kế hoạch").select_option(label="Công an thành phố Hải Phòng")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Trích yếu").fill("Kiểm tra công tác CCHC năm 2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Kiểm tra công tác CCHC năm 2026")).to_be_visible()

    page.get_by_role("link", name="Thêm cuộc kiểm tra").click()
    page.get_by_label("Đơn vị được kiểm tra").select_option(label="Công an phường Hồng Bàng")
    page.get_by_label("Cơ quan kiểm tra").select_option(label="Phòng Tham mưu")
    page.get_by_label("Dự kiến từ ngày").fill("10/03/2026")
    page.get_by_label("Dự kiến đến ngày").fill("12/03/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#visit-state")).to_have_text("Dự kiến")
    visit_url = page.url

    page.get_by_role("link", name="Kiểm tra công tác CCHC năm 2026").click()
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(page.get_by_text("Đã ban hành kế hoạch kiểm tra.")).to_be_visible()

    page.goto(visit_url)
    page.get_by_label("Thành viên đoàn").fill("Nguyễn Văn Thành | Phó Trưởng phòng PV01 | trưởng đoàn")
    page.get_by_role("button", name="Lưu đoàn kiểm tra").click()
    expect(page.locator("#visit-state")).to_have_text("Đã thành lập đoàn")
    for select in page.locator("#ket-qua select").all():
        select.select_option("pass")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.locator("#kien-nghi summary").click() if not page.get_by_label(
        "Tồn tại, hạn chế"
    ).is_visible() else None
    page.get_by_label("Tồn tại, hạn chế").fill("Chưa cập nhật sổ theo dõi hồ sơ")
    page.get_by_label("Kiến nghị, yêu cầu khắc phục").fill("Cập nhật đầy đủ sổ theo dõi")
    page.get_by_label("Hạn khắc phục (ngày)").fill("30/06/2026")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_role("link", name="Chưa cập nhật sổ theo dõi hồ sơ")).to_be_visible()
    page.get_by_label("Ngày kiểm tra").fill("11/03/2026")
    page.get_by_label("Kết quả kiểm tra (tóm tắt)").fill("Đơn vị triển khai cơ bản đầy đủ")
    page.get_by_role("button", name="Lập biên bản").click()
    expect(page.locator("#visit-state")).to_have_text("Đã lập biên bản")
    page.get_by_label("Ưu điểm").fill("Lãnh đạo quan tâm chỉ đạo")
    page.get_by_label("Hạn báo cáo kết quả khắc phục").fill(f"{date.today() + timedelta(days=30):%d/%m/%Y}")
    page.get_by_role("button", name="Kết luận và giao khắc phục").click()
    expect(page.locator("#visit-state")).to_have_text("Đã kết luận")
    page.get_by_role("link", name="Chưa cập nhật sổ theo dõi hồ sơ").click()
    finding_url = page.url
    sign_out(page)

    # the ward's head reports the remedy on the finding's task (a head's report counts as confirmed)
    sign_in(page, base, "truong.a")
    page.goto(finding_url)
    page.get_by_role("link", name="Chưa triển khai (0%)").click()
    page.get_by_label("Trạng thái").select_option("done")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Nội dung báo cáo").fill("Đã cập nhật đầy đủ sổ theo dõi")
    pdf = tmp_path / "khac-phuc.pdf"
    pdf.write_bytes(b"%PDF-1.4 khac phuc")
    page.get_by_label("Tệp minh chứng").set_input_files(str(pdf))
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.goto(finding_url)
    expect(page.get_by_text("Đơn vị báo đã khắc phục, chờ chấp nhận")).to_be_visible()
    expect(page.get_by_role("button", name="Chấp nhận, đóng kiến nghị")).to_have_count(0)
    sign_out(page)

    sign_in(page, base, "daumoi")
    page.goto(finding_url)
    page.get_by_label("Ý kiến").fill("Kết quả khắc phục đạt yêu cầu")
    page.get_by_role("button", name="Chấp nhận, đóng kiến nghị").click()
    expect(page.locator("#finding-state")).to_contain_text("Đã đóng")
    page.goto(f"{base}/kiem-tra/bao-phu/?nam=2026&don_vi=HP")
    expect(page.locator(".covmap li.cov-inspected")).to_contain_text("Công an phường Hồng Bàng")
