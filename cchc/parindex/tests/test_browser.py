"""Browser: a unit self-assesses with evidence, the appraiser scores round 1, the unit explains, round 2,
publication, and the ranking shows the result."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def advance(page, base, rnd, phase_label):
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_test_id("advance").click()
    expect(page.locator(".messages")).to_contain_text(phase_label)


def test_par_index_round_in_the_browser(page, live_server, org, personas, settings, tmp_path):
    from cchc.parindex import services
    from cchc.parindex.models import Round

    from .conftest import SMALL

    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    fw = services.framework_import(document=SMALL)
    rnd = services.round_create(
        actor=personas.coordinator, framework=fw, owner_unit=org.city, name="Chỉ số CCHC 2026 (thử)",
        units=[org.pc06, org.ward], evidence_from=date(2025, 9, 15), evidence_to=date(2026, 9, 14),
        council=[personas.appraiser],
    )  # fmt: skip
    rnd.phase = Round.Phase.SELF
    rnd.save()
    ward = rnd.assessments.get(unit=org.ward)

    # 1. The PC06 head self-assesses, attaches evidence and submits (the head's submission is the approval).
    sign_in(page, base, "truongphong.pc06")
    page.goto(f"{base}/chi-so-cchc/")
    page.get_by_role(
        "link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội — Chỉ số CCHC 2026 (thử)"
    ).click()
    page.get_by_label("Điểm tự chấm 1.1").fill("3,5")
    page.get_by_label("Điểm tự chấm 1.2").fill("2")
    page.get_by_label("Điểm tự chấm 2.1").fill("2")
    page.get_by_label("Diễn giải 1.1").fill("Ban hành kế hoạch ngày 15/01")
    page.locator('textarea[name="noev-1.2"]').fill("Số liệu lấy từ phân hệ kế hoạch")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm tự đánh giá")
    page.locator("#tc-1\\.1").get_by_role("link", name="Tài liệu kiểm chứng (0)").click()
    page.get_by_label("Tên tài liệu").fill("Kế hoạch CCHC năm 2026")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ke hoach"}]
    )
    page.get_by_role("button", name="Thêm tài liệu").click()
    expect(page.locator("table.evidence")).to_contain_text("Kế hoạch CCHC năm 2026")
    page.get_by_role("link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội").click()
    page.get_by_role("button", name="Lưu và trình thủ trưởng").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi tự đánh giá")
    expect(page.get_by_test_id("self-index")).to_have_text("93,75")  # 7.5 / 8, survey criterion left out
    sign_out(page)

    # The ward's self-assessment and round-1 scores are entered outside the browser.
    services.self_assessment_save(
        assessment=ward, actor=personas.ward_head,
        entries={c: {"self": "1", "no_evidence_note": "Lưu tại đơn vị"} for c in ("1.1", "1.2", "2.1")},
    )  # fmt: skip
    services.self_assessment_submit(assessment=ward, actor=personas.ward_head)

    # 2. The coordinator opens round 1; the appraiser scores it with a comment.
    sign_in(page, base, "daumoi")
    advance(page, base, rnd, "Thẩm định lần 1")
    sign_out(page)
    ward = rnd.assessments.select_related("round").get(unit=org.ward)  # the round moved on
    services.appraisal_save(
        assessment=ward, actor=personas.appraiser, round_no=1,
        entries={c: {"score": "1"} for c in ("1.1", "1.2", "2.1", "2.2")},
    )  # fmt: skip
    sign_in(page, base, "thamdinh")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội").click()
    page.get_by_label("Điểm thẩm định lần 1 1.1").fill("2")
    page.get_by_label("Ý kiến lần 1 1.1").fill("Kế hoạch ban hành muộn")
    page.get_by_label("Điểm thẩm định lần 1 1.2").fill("2")
    page.get_by_label("Điểm thẩm định lần 1 2.1").fill("2")
    page.get_by_label("Điểm thẩm định lần 1 2.2").fill("1,5")
    page.get_by_role("button", name="Lưu điểm thẩm định lần 1").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm thẩm định lần 1")
    expect(page.get_by_test_id("r1-1.1")).to_have_text("2")
    sign_out(page)

    # 3. Explanation phase: the unit answers the comment.
    sign_in(page, base, "daumoi")
    advance(page, base, rnd, "Giải trình")
    sign_out(page)
    sign_in(page, base, "truongphong.pc06")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội").click()
    expect(page.locator("#tc-1\\.1")).to_contain_text("Kế hoạch ban hành muộn")
    page.get_by_label("Giải trình 1.1").fill("Kế hoạch ban hành đúng hạn, kèm văn bản số 12/KH")
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi giải trình")
    sign_out(page)

    # 4. Round 2: the appraiser accepts part of the explanation; the coordinator publishes.
    sign_in(page, base, "daumoi")
    advance(page, base, rnd, "Thẩm định lần 2")
    sign_out(page)
    sign_in(page, base, "thamdinh")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội").click()
    page.get_by_label("Điểm thẩm định lần 2 1.1").fill("3,5")
    page.get_by_label("Ý kiến lần 2 1.1").fill("Chấp nhận giải trình")
    page.get_by_role("button", name="Lưu điểm thẩm định lần 2").click()
    expect(page.get_by_test_id("r2-1.1")).to_have_text("3,5")
    expect(page.get_by_test_id("appraised-index")).to_have_text("90")  # (3.5 + 2 + 2 + 1.5) / 10
    sign_out(page)

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("button", name="Trình lãnh đạo phê duyệt công bố").click()
    expect(page.get_by_test_id("approval")).to_be_visible()
    sign_out(page)
    sign_in(page, base, "lanhdao")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("button", name="Phê duyệt và công bố").click()
    expect(page.get_by_test_id("version")).to_contain_text("phiên bản 1")
    row = page.get_by_test_id("ranking").locator("tbody tr").first
    expect(row).to_contain_text("Phòng Cảnh sát quản lý hành chính về trật tự xã hội")
    expect(row).to_contain_text("90")
    expect(row).to_contain_text("Tốt")
    expect(page.get_by_test_id("ranking").locator("tbody tr")).to_have_count(2)
    sign_out(page)

    # 5. The unit sees its published scorecard.
    sign_in(page, base, "truongphong.pc06")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/xep-hang/")
    page.get_by_role("link", name="Phòng Cảnh sát quản lý hành chính về trật tự xã hội").click()
    expect(page.get_by_test_id("index")).to_have_text("90")
    expect(page.get_by_test_id("what-if")).to_contain_text("Xuất sắc")
