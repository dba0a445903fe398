"""Two people editing the same unit report (or the coordinator's synthesis): a save on a stale copy is refused,
keeps what was typed and names what changed; saving again on the version the refusal carries goes through."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.reports.models import Status
from tests.editing import browser, loaded_version, refused

from .support import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(org, personas):
    return make_period(org, due=date(2026, 9, 10))


def test_submission_save_refuses_a_stale_copy_and_keeps_the_text(org, personas, period):
    sub = period.submissions.get(unit=org.ward)
    url = reverse("reports:submission_detail", args=[sub.pk])
    a, b = browser(personas.ward_officer), browser(personas.ward_head)
    version = loaded_version(a.get(url))
    assert loaded_version(b.get(url)) == version
    b_saves = {"action": "save", "edit_version": version, "n:chi_dao.ke_hoach": "Kế hoạch do B viết",
               "v:staff_trained": "3"}  # fmt: skip
    assert b.post(url, b_saves).status_code == 302

    a_saves = {"action": "save", "edit_version": version, "n:chi_dao.ke_hoach": "Bản A soạn cả buổi sáng",
               "n:tthc.noi_dung": "TTHC của A", "v:staff_trained": "5"}  # fmt: skip
    response = a.post(url, a_saves)
    html = refused(response)
    assert "Bản A soạn cả buổi sáng" in html and "TTHC của A" in html  # A's draft is still on the page
    assert "Kế hoạch do B viết" in html  # B's value, named by its label
    assert personas.ward_head.display_name in html
    sub.refresh_from_db()
    assert sub.narratives == {"chi_dao.ke_hoach": "Kế hoạch do B viết"} and sub.numbers == {
        "staff_trained": "3"
    }

    response = a.post(url, {**a_saves, "edit_version": loaded_version(response)})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (
        sub.narratives["chi_dao.ke_hoach"] == "Bản A soạn cả buổi sáng"
        and sub.numbers["staff_trained"] == "5"
    )


def test_submit_on_a_stale_copy_is_refused_too(org, personas, period):
    sub = period.submissions.get(unit=org.ward)
    url = reverse("reports:submission_detail", args=[sub.pk])
    a, b = browser(personas.ward_officer), browser(personas.ward_head)
    version = loaded_version(a.get(url))
    assert b.post(url, {"action": "save", "edit_version": version, "v:staff_trained": "3"}).status_code == 302
    refused(a.post(url, {"action": "submit", "edit_version": version, "v:staff_trained": "4"}))
    sub.refresh_from_db()
    assert sub.status == Status.DRAFT and sub.numbers == {"staff_trained": "3"}


def test_autosave_moves_the_page_version_on_and_refuses_a_stale_copy(org, personas, period):
    sub = period.submissions.get(unit=org.ward)
    page = reverse("reports:submission_detail", args=[sub.pk])
    autosave = reverse("reports:submission_autosave", args=[sub.pk])
    a, b = browser(personas.ward_officer), browser(personas.ward_head)
    version = loaded_version(a.get(page))
    response = a.post(
        autosave, {"edit_version": version, "n:chi_dao.ke_hoach": "A đang gõ"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Đã lưu" in response.content.decode()
    moved = loaded_version(response)  # swapped into the page out of band
    assert 'hx-swap-oob="true"' in response.content.decode() and int(moved) == int(version) + 1
    # B, who loaded the page before A's autosave, is refused in place; A's text stays
    response = b.post(
        autosave, {"edit_version": version, "n:chi_dao.ke_hoach": "B gõ đè"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "trong khi bạn đang sửa" in response.content.decode()
    sub.refresh_from_db()
    assert sub.narratives["chi_dao.ke_hoach"] == "A đang gõ"
    # A goes on typing on the moved version: not refused by their own autosave
    response = a.post(
        autosave, {"edit_version": moved, "n:chi_dao.ke_hoach": "A gõ tiếp"}, HTTP_HX_REQUEST="true"
    )
    assert "Đã lưu" in response.content.decode()


def test_synthesis_save_refuses_a_stale_copy_and_keeps_the_text(org, personas, period):
    url = reverse("reports:synthesis", args=[period.pk])
    a, b = browser(personas.coordinator), browser(personas.admin)
    version = loaded_version(a.get(url))
    base = {"action": "save", "edit_version": version, "number": "", "symbol": "BC-HP", "place": "Hải Phòng",
            "doc_date": "", "recipients": "Lưu: VT", "signer_authority": "", "signer_title": "GIÁM ĐỐC",
            "signer_name": ""}  # fmt: skip
    assert b.post(url, {**base, "signer_name": "Nguyễn Văn B"}).status_code == 302
    response = a.post(url, {**base, "n:chi_dao.ke_hoach": "Tổng hợp do A viết"})
    html = refused(response)
    assert "Tổng hợp do A viết" in html and "Nguyễn Văn B" in html
    response = a.post(url, {**base, "signer_name": "Nguyễn Văn B", "n:chi_dao.ke_hoach": "Tổng hợp do A viết",
                            "edit_version": loaded_version(response)})  # fmt: skip
    assert response.status_code == 302
    period.synthesis.refresh_from_db()
    assert period.synthesis.narratives["chi_dao.ke_hoach"] == "Tổng hợp do A viết"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_autosave_moves_the_page_version_and_another_persons_save_is_refused(
    page, live_server, org, personas
):
    from playwright.sync_api import expect

    from tests.browser import sign_in

    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    url = f"{live_server.url}{reverse('reports:submission_detail', args=[sub.pk])}"
    other = browser(personas.ward_head)
    their_version = loaded_version(other.get(url.replace(live_server.url, "")))
    sign_in(page, live_server.url, "canbo.a")
    page.goto(url)
    page.get_by_label("Kết quả cải cách thủ tục hành chính").fill("A viết nháp")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#edit-version")).to_have_value(str(int(their_version) + 1))  # swapped out of band
    # the head, who loaded the page before A's autosave, is refused; A's autosaved draft stays
    refused(other.post(url.replace(live_server.url, ""), {"action": "save", "edit_version": their_version,
                                                          "n:tthc.noi_dung": "B ghi đè"}))  # fmt: skip
    sub.refresh_from_db()
    assert sub.narratives["tthc.noi_dung"] == "A viết nháp"
