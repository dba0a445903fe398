"""The public form's paths: valid, duplicate, closed survey, unknown token, honeypot, too fast, and more."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.surveys import abuse, services
from cchc.surveys.models import DailyTally, Origin, Response, Status

pytestmark = pytest.mark.django_db

ALL_FIVE = {f"q{i}": "5" for i in range(1, 17)}


def stamp_for(client, url, token, age=60):
    """GET the form (sets the device cookie), then a stamp issued ``age`` seconds ago for that device."""
    page = client.get(url)
    assert page.status_code == 200
    device = client.cookies[abuse.DEVICE_COOKIE].value
    return abuse.make_stamp(token, device, int(time.time()) - age)


def post(client, point, data=None, age=60, **extra):
    url = f"/s/{point.token}/"
    payload = {"_s": stamp_for(client, url, point.token, age), **ALL_FIVE, "comment": "Cán bộ nhiệt tình"}
    payload.update(data or {})
    return client.post(url, payload, **extra)


def test_get_shows_form_small_standalone_accessible(client, point):
    page = client.get(f"/s/{point.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    # What travels on a slow connection is the compressed page (gzip, as nginx/whitenoise serve it): keep it
    # under 4 KB, and the whole page under 16 KB.
    import gzip

    assert len(gzip.compress(page.content)) < 4 * 1024, len(gzip.compress(page.content))
    assert len(page.content) < 16 * 1024, len(page.content)
    assert "Bộ phận một cửa PC06" in html and "Phòng Cảnh sát quản lý hành chính" in html
    assert "<script" not in html and "stylesheet" not in html and "http://" not in html
    assert "name=q1 value=5>" in html and "Không có ý kiến" in html
    assert "<p class=hp aria-hidden=true>" in html  # screen readers do not announce the honeypot
    assert "Đăng xuất" not in html and "csrfmiddlewaretoken" not in html
    assert abuse.DEVICE_COOKIE in page.cookies
    assert page.cookies[abuse.DEVICE_COOKIE]["samesite"] == "Lax"


def test_valid_response_is_counted(client, point):
    page = post(client, point, {"q3": "0", "q4": "2"})
    assert page.status_code == 303
    assert page["Location"] == f"/s/{point.token}/cam-on/"
    r = Response.objects.get()
    assert r.status == Status.OK and r.flags == [] and r.origin == Origin.QR
    assert r.unit_id == point.unit_id and r.service_point_id == point.pk
    assert r.answers["q3"] is None and r.answers["q4"] == 2 and r.comment == "Cán bộ nhiệt tình"
    assert r.ip_hash and "127.0.0.1" not in r.ip_hash and len(r.ip_hash) == 32
    tiep_can = DailyTally.objects.get(dimension="tiep_can")
    assert (tiep_can.c2, tiep_can.c5, tiep_can.counted, tiep_can.point_id) == (1, 2, True, point.pk)
    assert DailyTally.objects.get(dimension="").responses == 1
    thanks = client.get(page["Location"])
    assert "Cảm ơn" in thanks.content.decode()


def test_ip_never_stored_in_clear(client, point):
    post(client, point, REMOTE_ADDR="203.0.113.9")
    r = Response.objects.get()
    assert r.ip_hash == abuse.hash_ip("203.0.113.9", timezone.localdate())
    for value in Response.objects.values_list().get():
        assert "203.0.113.9" not in str(value)


def test_duplicate_same_device_same_point_is_flagged(client, point):
    post(client, point)
    second = post(client, point)
    assert second.status_code == 303
    first, again = Response.objects.order_by("pk")
    assert first.status == Status.OK
    assert again.status == Status.FLAGGED and "duplicate" in again.flags
    assert DailyTally.objects.get(dimension="", counted=False).responses == 1


def test_closed_survey_shows_clear_page(client, point, survey):
    services.survey_close(survey=survey, now=timezone.now() - timedelta(minutes=1))
    page = client.get(f"/s/{point.token}/")
    assert page.status_code == 410
    assert "Đợt khảo sát chưa mở hoặc đã kết thúc" in page.content.decode()
    assert client.post(f"/s/{point.token}/", ALL_FIVE).status_code == 410
    assert not Response.objects.exists()


def test_survey_not_yet_open(client, org):
    services.survey_create(
        title="Sau",
        questionnaire="sipas_citizen:1",
        unit=org.city,
        opens_at=timezone.now() + timedelta(days=1),
    )
    point = services.service_point_create(unit=org.ward, name="Quầy 1")
    assert client.get(f"/s/{point.token}/").status_code == 410


def test_unknown_token(client, point):
    for token in ("khong-ton-tai", "x" * 40):
        page = client.get(f"/s/{token}/")
        assert page.status_code == 404
        assert "Mã khảo sát không hợp lệ" in page.content.decode()
    assert client.post("/s/khong-ton-tai/", ALL_FIVE).status_code == 404


def test_inactive_point_is_unknown(client, point):
    services.service_point_update(point=point, actor=None, active=False)
    assert client.get(f"/s/{point.token}/").status_code == 404


def test_honeypot_is_flagged_not_dropped(client, point):
    page = post(client, point, {abuse.HONEYPOT: "http://spam.example"})
    assert page.status_code == 303
    r = Response.objects.get()
    assert r.status == Status.FLAGGED and r.flags == ["honeypot"]


def test_too_fast_is_flagged(client, point):
    post(client, point, age=1)
    r = Response.objects.get()
    assert r.status == Status.FLAGGED and "too_fast" in r.flags and r.fill_seconds <= 2


def test_no_stamp_and_no_cookie_are_flagged(client, point):
    client.post(f"/s/{point.token}/", ALL_FIVE)
    r = Response.objects.get()
    assert "no_stamp" in r.flags


def test_forged_stamp_is_flagged(client, point):
    post(client, point, {"_s": "1.abcdefghijkl.deadbeef"})
    assert "no_stamp" in Response.objects.get().flags


def test_empty_form_is_refused_with_message(client, point):
    url = f"/s/{point.token}/"
    page = client.post(url, {"_s": stamp_for(client, url, point.token)})
    assert page.status_code == 400
    assert "ít nhất một câu" in page.content.decode()
    assert not Response.objects.exists()


def test_invalid_value_rerenders_keeping_answers(client, point):
    page = post(client, point, {"q2": "9"})
    html = page.content.decode()
    assert page.status_code == 400 and "1–5" in html
    assert "name=q1 value=5 checked" in html
    assert not Response.objects.exists()


def test_rate_limit_per_ip_flags(client, point, settings):
    settings.SURVEY_IP_FLAG_PER_HOUR = 2
    settings.SURVEY_DEVICE_FLAG_PER_HOUR = 100
    settings.SURVEY_DUPLICATE_HOURS = 0
    for _ in range(3):
        client.cookies.clear()
        post(client, point)
    flags = [r.flags for r in Response.objects.order_by("pk")]
    assert flags[0] == [] and flags[1] == [] and flags[2] == ["rate_ip"]


def test_rate_limit_per_device_flags_then_refuses(client, point, settings):
    settings.SURVEY_DEVICE_FLAG_PER_HOUR = 1
    settings.SURVEY_DEVICE_BLOCK_PER_HOUR = 2
    settings.SURVEY_DUPLICATE_HOURS = 0
    post(client, point)
    post(client, point)
    third = post(client, point)
    assert third.status_code == 429
    assert "quá nhiều" in third.content.decode()
    assert [r.flags for r in Response.objects.order_by("pk")] == [[], ["rate_device"]]


def test_dossier_token_one_answer(client, org, survey):
    token = services.dossier_token_issue(unit=org.ward, dossier_code="HS-2026-0001")
    assert services.dossier_token_issue(unit=org.ward, dossier_code="HS-2026-0001") == token
    url = f"/s/{token.token}/"
    first = client.post(url, {"_s": stamp_for(client, url, token.token), **ALL_FIVE})
    assert first.status_code == 303
    r = Response.objects.get()
    assert r.origin == Origin.DOSSIER and r.dossier_id == token.pk and r.status == Status.OK
    again = client.get(url)
    assert again.status_code == 409 and "đã được đánh giá" in again.content.decode()
    assert client.post(url, {"_s": stamp_for_used(token.token), **ALL_FIVE}).status_code == 409
    assert Response.objects.count() == 1


def stamp_for_used(token):
    return abuse.make_stamp(token, "abcdefghijkl", int(time.time()) - 60)


def test_kiosk_mode_resets_and_is_signed(client, point, settings):
    key = abuse.kiosk_key(point.token)
    page = client.get(f"/s/{point.token}/?kiosk={key}")
    html = page.content.decode()
    assert 'src="/static/surveys/kiosk.js" data-idle="45"' in html  # the script is a file (no inline script)
    plain = client.get(f"/s/{point.token}/?kiosk=forged").content.decode()
    assert "<script" not in plain
    settings.SURVEY_DUPLICATE_HOURS = 24
    for _ in range(2):
        url = f"/s/{point.token}/?kiosk={key}"
        resp = client.post(url, {"_s": stamp_for(client, url, point.token), "kiosk": key, **ALL_FIVE})
        assert resp.status_code == 303 and resp["Location"].endswith(f"?kiosk={key}")
    assert [r.origin for r in Response.objects.all()] == [Origin.KIOSK, Origin.KIOSK]
    assert all(r.status == Status.OK for r in Response.objects.all())
    thanks = client.get(resp["Location"]).content.decode()
    assert 'http-equiv="refresh" content="45;' in thanks


def test_specific_survey_wins_over_parent(client, org, survey, point):
    own = services.survey_create(
        title="PC06 riêng",
        questionnaire="sipas_citizen:1",
        unit=org.pc06,
        opens_at=timezone.now() - timedelta(days=1),
    )
    post(client, point)
    assert Response.objects.get().survey == own


def _commit_mode() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_public_answer_commits_without_waiting_for_the_disk_and_is_not_copied_to_the_log(client, point):
    """The test runs in one transaction, so the setting the public submission made for its transaction shows."""
    from cchc.audit.models import AuditEvent

    assert _commit_mode() == "on"
    assert post(client, point).status_code == 303
    assert _commit_mode() == "off"
    r = Response.objects.get()
    assert not AuditEvent.objects.filter(table_name="surveys_response").exists()
    # A coordinator's review of a flagged answer is logged.
    Response.objects.filter(pk=r.pk).update(status=Status.FLAGGED, flags=["too_fast"])
    services.response_review(response=r, accept=False, user=None)
    actions = set(AuditEvent.objects.filter(table_name="surveys_response").values_list("action", flat=True))
    assert actions == {"U"}


def test_staff_entries_stay_durable(point, survey):
    from cchc.surveys import answering

    reading = answering.read_answers(survey.questionnaire, ALL_FIVE)
    services.response_record(survey=survey, unit_id=point.unit_id, origin=Origin.PAPER, reading=reading)
    assert _commit_mode() == "on"
