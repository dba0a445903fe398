"""Browser: a two-member council scores a unit, each member for themselves; the chair agrees the scores seeing both
members', draws up the minutes; the coordinator submits the results and they publish once the leader approves."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in, sign_out
from tests.factories import member, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PC06 = "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"


def test_two_member_council_reaches_consensus_and_the_leader_publishes(page, live_server, org, personas):
    from cchc.parindex import services
    from cchc.parindex.models import Round

    from .conftest import SMALL

    base = live_server.url
    second = member(person("thamdinh2", full_name="Trần Thẩm Định"), org.city, "appraiser")
    fw = services.framework_import(document=SMALL)
    rnd = services.round_create(
        actor=personas.coordinator, framework=fw, owner_unit=org.city, name="Chỉ số CCHC 2026 (hội đồng)",
        units=[org.pc06, org.ward], evidence_from=date(2025, 9, 15), evidence_to=date(2026, 9, 14),
        council=[personas.appraiser, second], chair=personas.appraiser,
    )  # fmt: skip
    rnd.phase = Round.Phase.SELF
    rnd.save()
    for a, head in ((rnd.assessments.get(unit=org.pc06), personas.department_head),
                    (rnd.assessments.get(unit=org.ward), personas.ward_head)):  # fmt: skip
        services.self_assessment_save(
            assessment=a, actor=head,
            entries={c: {"self": "2", "no_evidence_note": "Lưu tại đơn vị"} for c in ("1.1", "1.2", "2.1")},
        )  # fmt: skip
        services.self_assessment_submit(assessment=a, actor=head)
    services.round_advance(rnd=rnd, actor=personas.coordinator)
    pc06 = rnd.assessments.get(unit=org.pc06)

    # 1. Each member scores PC06 on their own; neither overwrites the other.
    for username, scores in (("thamdinh", {"1.1": "3", "1.2": "2", "2.1": "2", "2.2": "1,5"}),
                             ("thamdinh2", {"1.1": "2", "1.2": "2", "2.1": "1,5", "2.2": "1,5"})):  # fmt: skip
        sign_in(page, base, username)
        page.goto(f"{base}/chi-so-cchc/danh-gia/{pc06.pk}/")
        for code, value in scores.items():
            page.get_by_label(f"Điểm của tôi lần 1 {code}").fill(value)
        page.get_by_label("Ý kiến của tôi 1.1").fill(f"Ý kiến của {username}")
        page.get_by_role("button", name="Lưu điểm của tôi lần 1").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu điểm của bạn")
        expect(page.get_by_label("Điểm của tôi lần 1 1.1")).to_have_value(scores["1.1"])
        if username == "thamdinh":
            sign_out(page)

    # A plain member has no consensus page.
    expect(page.get_by_test_id("consensus-link")).to_have_count(0)
    sign_out(page)

    # 2. The chair sees both members' scores and sets the agreed ones; the ward takes its self-scores.
    sign_in(page, base, "thamdinh")
    page.goto(f"{base}/chi-so-cchc/danh-gia/{pc06.pk}/")
    page.get_by_test_id("consensus-link").click()
    expect(page.get_by_test_id("member-1-1.1")).to_have_text("3")
    expect(page.get_by_test_id("member-2-1.1")).to_have_text("2")
    page.get_by_label("Điểm thống nhất 1.1").fill("2,5")
    page.get_by_label("Điểm thống nhất 1.2").fill("2")
    page.get_by_label("Điểm thống nhất 2.1").fill("2")
    page.get_by_label("Điểm thống nhất 2.2").fill("1,5")
    page.get_by_role("button", name="Lưu điểm thống nhất lần 1").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm thống nhất lần 1")
    expect(page.get_by_label("Điểm thống nhất 1.1")).to_have_value("2,5")
    ward = rnd.assessments.get(unit=org.ward)
    page.goto(f"{base}/chi-so-cchc/danh-gia/{ward.pk}/thong-nhat/")
    page.get_by_role("button", name="Lấy điểm tự chấm cho mọi tiêu chí chưa chấm").click()
    expect(page.get_by_label("Điểm thống nhất 1.1")).to_have_value("2")
    page.get_by_label("Điểm thống nhất 2.2").fill("1")
    page.get_by_role("button", name="Lưu điểm thống nhất lần 1").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm thống nhất lần 1")
    # The minutes of the meeting, numbered from the register.
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_label("Địa điểm họp").first.fill("Hội trường Công an thành phố")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lấy số và tải biên bản (Word)").first.click()
    assert download.value.suggested_filename.startswith("bien-ban-tham-dinh-lan-1")
    sign_out(page)

    # 3. The coordinator moves on to round 2 (round-1 scores stand) and submits the results to the leader.
    services.round_advance(rnd=Round.objects.get(pk=rnd.pk), actor=personas.coordinator)  # explanation
    services.round_advance(rnd=Round.objects.get(pk=rnd.pk), actor=personas.coordinator)  # round 2
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("button", name="Trình lãnh đạo phê duyệt công bố").click()
    expect(page.get_by_test_id("approval")).to_be_visible()
    expect(page.get_by_role("button", name="Phê duyệt và công bố")).to_have_count(0)  # not the coordinator's
    sign_out(page)

    # 4. The leader approves: the results are published.
    sign_in(page, base, "lanhdao")
    page.goto(f"{base}/chi-so-cchc/dot/{rnd.pk}/")
    page.get_by_role("button", name="Phê duyệt và công bố").click()
    expect(page.get_by_test_id("version")).to_contain_text("phiên bản 1")
    row = page.get_by_test_id("ranking").locator("tbody tr").filter(has_text=PC06)
    expect(row).to_contain_text("80")  # (2.5 + 2 + 2 + 1.5) / 10
    expect(row).to_contain_text("Tốt")
