"""QA pass of issue 4: accent-free search, the period page's search and filtered Excel, what users read about
presets, the cycle form's default office, and the nearest reports first on the home page."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cchc.reports.attention import reports_to_write
from cchc.reports.periods import get_preset, preset_names

from .support import make_cycle, make_period

pytestmark = pytest.mark.django_db


def test_index_search_ignores_accents(org, personas, login):
    make_period(org, due=date(2026, 9, 10), title="Báo cáo đột xuất về Đề án 06")
    client = login(personas.ward_officer)
    for text in ("dot xuat", "de an 06", "hong bang", "Đề án"):
        page = client.get("/bao-cao/", {"q": text}).content.decode()
        assert "Báo cáo đột xuất về Đề án 06" in page, text
    page = client.get("/bao-cao/", {"q": "khong co"}).content.decode()
    assert "Báo cáo đột xuất về Đề án 06" not in page


def test_period_page_searches_units_and_exports_what_it_shows(org, personas, login):
    period = make_period(org, due=date(2026, 9, 10))
    client = login(personas.coordinator)
    page = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "le chan"}).content.decode()
    rows = page.split('class="list units-status"')[1]
    assert "Công an phường Lê Chân" in rows and "Công an phường Hồng Bàng" not in rows
    response = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "le chan", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Công an phường Lê Chân"]
    page = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "zzz"}).content.decode()
    assert "Không có đơn vị nào khớp bộ lọc." in page


def test_presets_speak_to_users_not_to_developers(personas, login):
    for code in preset_names():
        preset = get_preset(code)
        for text in (preset.name, preset.source):
            assert "seed" not in text and ".md" not in text, (code, text)
    page = login(personas.coordinator).get("/bao-cao/quy-tac-ky-bao-cao/", {"preset": "haiphong"})
    text = page.content.decode()
    assert "Thành phố Hải Phòng" in text and "contracts/" not in text and "seed 00" not in text


def test_cycle_page_names_its_rule_set(org, personas, login):
    cycle = make_cycle(org, preset="hanoi-phuong")
    page = login(personas.coordinator).get(f"/bao-cao/chu-ky/{cycle.pk}/").content.decode()
    assert "Hà Nội — cấp phường" in page


def test_cycle_form_starts_at_the_coordinators_office(org, personas, login):
    page = login(personas.coordinator).get("/bao-cao/chu-ky/moi/").content.decode()
    assert f'<option value="{org.city.pk}" selected>' in page


def test_home_lists_the_nearest_reports_before_old_misses(org, personas):
    today = timezone.localdate()
    cycle = make_cycle(org)
    for n in range(12):  # twelve old reports never sent
        make_period(org, cycle=cycle, due=today - timedelta(days=300 - n), title=f"Báo cáo cũ {n}")
    make_period(org, cycle=cycle, due=today + timedelta(days=3), title="Báo cáo sắp đến hạn")
    titles = [item.title for item in reports_to_write(personas.ward_officer)]
    assert len(titles) == 10
    assert "Báo cáo sắp đến hạn" in titles[0]


def test_period_page_shows_the_reminders_sent(org, personas, login):
    from cchc.reports.tasks import send_reminders

    due = timezone.localdate() + timedelta(days=3)
    period = make_period(org, due=due)
    send_reminders(due - timedelta(days=7))
    send_reminders(due - timedelta(days=3))
    page = login(personas.coordinator).get(f"/bao-cao/ky/{period.pk}/").content.decode()
    assert "Đã nhắc" in page
    assert f"2 lần, gần nhất {(due - timedelta(days=3)):%d/%m/%Y}" in page
    assert "7, 3 và 1 ngày trước hạn" in page
