"""Browser: the coordinator reviews last month's 766 results of the city police's units, approves and publishes them;
a citizen on a small phone with JavaScript off finds the month, searches a ward without accents, opens its line
across months."""

import random
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc.onestop.importing import import_dossiers
from cchc.onestop.tables import read_table
from tests.browser import sign_in

from .helpers import TZ, dossiers_csv, iso, load_procedures, random_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_publishes_and_a_phone_without_javascript_reads_it(
    page, browser, live_server, org, personas
):
    load_procedures()
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    rng = random.Random(5)
    start = datetime.combine(last_month - timedelta(days=30), datetime.min.time(), tzinfo=TZ)
    now = iso(timezone.now().astimezone(TZ))
    rows = [
        random_dossier(rng, f"B{i:03d}", rng.choice(["HP.CAP.A", "HP.CAP.B"]), start, 40) for i in range(120)
    ]
    rows = [
        r for r in rows if all(not v or v[:2] != "20" or v <= now for v in map(str, r.values()))
    ]  # past only
    import_dossiers(read_table(dossiers_csv(rows), "b.csv"))
    base = live_server.url

    sign_in(page, base, "daumoi")
    page.goto(f"{base}/mot-cua/chi-so/cong-khai-766/?unit=HP&thang={last_month:%Y-%m}")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Công an phường Hồng Bàng")
    ward_total = page.locator('[data-total="HP.CAP.A"]').inner_text()
    page.get_by_role("button", name="Duyệt và công khai").click()
    expect(page.locator(".msg.success")).to_contain_text("Đã duyệt và công khai kết quả 766")

    phone = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    citizen = phone.new_page()
    citizen.goto(f"{base}/mot-cua/cong-khai/766/")
    expect(citizen.get_by_test_id("ranking")).to_contain_text("Công an phường Lê Chân")
    citizen.get_by_label("Tìm đơn vị (không cần dấu)").fill("hong bang")
    citizen.get_by_role("button", name="Xem").click()
    ranking = citizen.get_by_test_id("ranking")
    expect(ranking).to_contain_text("Công an phường Hồng Bàng")
    expect(ranking).not_to_contain_text("Công an phường Lê Chân")
    expect(citizen.locator('[data-total="HP.CAP.A"]')).to_have_text(ward_total)
    citizen.get_by_role("link", name="Công an phường Hồng Bàng").click()
    expect(citizen.get_by_test_id("history")).to_contain_text(f"{last_month:%m/%Y}")
    phone.close()
