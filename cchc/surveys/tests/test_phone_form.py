"""The phone form: sections with headings and progress, honest about its length, no JavaScript needed; the kiosk
script clears a half-filled form."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import timezone

from cchc.surveys import abuse, posters, services, views
from cchc.surveys.catalog import get_questionnaire

pytestmark = pytest.mark.django_db


def test_form_in_sections_with_progress_and_its_true_length(client, point):
    html = client.get(f"/s/{point.token}/").content.decode()
    q = get_questionnaire("sipas_citizen", 1)
    sections = q.sections()
    assert len(sections) == 7
    for s in sections:
        assert f"<small>Phần {s.number}/7</small> {s.title}</h2>" in html
        assert f"<progress max=7 value={s.number}>" in html
    assert "17 câu, 7 phần, khoảng 2 phút" in html
    assert "<script" not in html  # works without JavaScript


def test_v2_form_with_profile_stays_small(client, org, point):
    services.survey_create(
        title="v2",
        questionnaire="sipas_citizen:2",
        unit=org.pc06,
        opens_at=timezone.now() - timedelta(days=1),
    )
    services.clear_cache()
    page = client.get(f"/s/{point.token}/")
    html = page.content.decode()
    assert "Phần 1/8</small> Thông tin chung (không bắt buộc)" in html and "Ông/Bà vừa làm thủ tục" in html
    assert len(gzip.compress(page.content)) < 5 * 1024 and len(page.content) < 20 * 1024
    assert "khoảng 2 phút" in html


def test_a_poster_promises_what_the_questionnaire_takes(org, personas, survey, point):
    request = RequestFactory().get("/")
    request.user = personas.coordinator
    item = views._item(request, point)
    assert item.minutes == get_questionnaire("sipas_citizen", 1).estimate_minutes() == 2
    lines = item.instructions()
    assert "khoảng 2 phút" in lines[1] and "1 phút" not in " ".join(lines)
    assert "khoảng 2 phút" in posters.posters_html([item])


def test_kiosk_form_is_marked_and_its_script_clears_it(client, point):
    key = abuse.kiosk_key(point.token)
    html = client.get(f"/s/{point.token}/?kiosk={key}").content.decode()
    assert "<form method=post autocomplete=off data-kiosk>" in html
    assert "id=kiosk-note hidden" in html
    script = Path(finders.find("surveys/kiosk.js")).read_text(encoding="utf-8")
    assert "form.reset()" in script and "pageshow" in script and "location.replace" in script
