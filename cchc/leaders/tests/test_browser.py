"""A leader, on a phone, opens the leaders' view, follows an overdue figure to the records behind it, and finds the
digest among their notices once the job has sent it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import sign_in

from .conftest import overdue_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_follows_an_overdue_figure_and_receives_the_digest(
    page: Any, live_server: Any, org: Any, personas: Any
) -> None:
    overdue_world(org)
    leader = personas.leader
    leader.email = "lanhdao@example.vn"
    leader.save(update_fields=["email"])
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, base, leader.username)
    page.goto(f"{base}/lanh-dao/")
    expect(page.get_by_role("heading", name="Cần chỉ đạo ngay")).to_be_visible()
    tasks = page.locator('li[data-key="tasks"] a')
    expect(tasks).to_contain_text("2 Nhiệm vụ kế hoạch CCHC quá hạn chưa hoàn thành")
    expect(page.locator("svg.trend title").first).to_have_text("Tỷ lệ hồ sơ giải quyết đúng hạn (%)")
    tasks.click()
    expect(page.get_by_role("heading", name="Nhiệm vụ quá hạn chưa hoàn thành")).to_be_visible()
    expect(page.locator("table.drill tbody tr")).to_have_count(2)
    expect(page.locator("table.drill")).to_contain_text(org.ward.name)
    page.go_back()
    page.locator('li[data-key="dossiers"] a').click()
    expect(page.locator("table.list tbody tr")).to_have_count(3)

    call_command("send_leader_digest", "--user", leader.username)  # as an operator would, now
    assert len(mail.outbox) == 1
    page.goto(f"{base}/ke-hoach/thong-bao/")
    expect(page.get_by_text("Bản tin lãnh đạo Công an thành phố Hải Phòng")).to_be_visible()
