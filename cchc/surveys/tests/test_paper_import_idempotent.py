"""Paper imports are idempotent and read any CSV Excel writes; forms dated outside the survey window are refused."""

from __future__ import annotations

import io
import json
import unicodedata
from contextlib import redirect_stdout
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cchc.surveys import selectors, services
from cchc.surveys.models import DailyTally, Response

pytestmark = pytest.mark.django_db


def cp1258(text: str) -> bytes:
    """How Windows saves Vietnamese in its ANSI code page: a letter with its vowel mark, then a combining tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], list(decomposed[1:])
        for mark in marks:  # compose the vowel mark (â, ê, ô, ơ, ư, ă) that cp1258 has as a letter
            letter = unicodedata.normalize("NFC", base + mark)
            if len(letter) == 1 and letter.encode("cp1258", errors="ignore"):
                base, marks = letter, [m for m in marks if m != mark]
                break
        out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def run(*args) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def _results(org):
    today = timezone.localdate()
    result = selectors.unit_results(date_from=today - timedelta(days=60), date_to=today, root=org.city)
    return result.as_contract()


def _body(point, day) -> str:
    return (
        "token,submitted_at,q1,q2,comment\n"
        f"{point.token},{day:%d/%m/%Y},5,4,Tốt\n"
        f"{point.token},{day:%d/%m/%Y},5,4,Tốt\n"  # another citizen, same answers, same day
        f"{point.token},{day:%d/%m/%Y},2,,\n"
    )


def test_the_same_file_twice_through_the_command_changes_nothing(org, survey, point, tmp_path):
    day = timezone.localdate() - timedelta(days=3)
    path = tmp_path / "phieu.csv"
    path.write_text(_body(point, day), encoding="utf-8")
    first = run("import_survey_responses", str(path), "--json")
    assert first["imported"] == 3 and first["skipped"] == 0
    before = _results(org)
    tallies = list(DailyTally.objects.order_by("pk").values())
    second = run("import_survey_responses", str(path), "--json")
    assert second == {"imported": 0, "skipped": 3, "skipped_rows": [2, 3, 4], "rows": 3}
    assert Response.objects.count() == 3
    assert _results(org) == before
    assert list(DailyTally.objects.order_by("pk").values()) == tallies
    # A later file holding the old forms plus a new one: only the new one counts.
    path.write_text(_body(point, day) + f"{point.token},{day:%d/%m/%Y},3,3,\n", encoding="utf-8")
    third = run("import_survey_responses", str(path), "--json")
    assert (third["imported"], third["skipped"]) == (1, 3)
    out = io.StringIO()
    call_command("import_survey_responses", str(path), stdout=out)
    assert "Bỏ qua 4 phiếu đã nhập trước đây" in out.getvalue()


def test_form_numbers_identify_forms(org, survey, point, tmp_path):
    path = tmp_path / "so.csv"
    path.write_text(f"token,so_phieu,q1\n{point.token},A-1,5\n{point.token},A-2,5\n", encoding="utf-8")
    assert run("import_survey_responses", str(path), "--json")["imported"] == 2
    path.write_text(f"token,so_phieu,q1\n{point.token},a-1,4\n{point.token},A-3,5\n", encoding="utf-8")
    again = run("import_survey_responses", str(path), "--json")  # A-1 again (retyped differently): skipped
    assert (again["imported"], again["skipped_rows"]) == (1, [2])


def test_the_same_file_twice_through_the_page_says_what_was_skipped(org, personas, login, survey, point):
    client = login(personas.coordinator)
    day = timezone.localdate() - timedelta(days=1)
    body = _body(point, day).encode("utf-8")

    def upload():
        return client.post("/khao-sat/phieu-giay/", {"file": SimpleUploadedFile("p.csv", body)})

    def confirm(preview):
        data = preview.context["preview"]
        return client.post(
            "/khao-sat/phieu-giay/",
            {"confirm": "1", "token": data["token"], "name": data["name"]},
            follow=True,
        )

    preview = upload()
    assert "3 phiếu mới sẽ được nhập" in preview.content.decode() and Response.objects.count() == 0
    assert "Đã nhập 3 phiếu giấy" in confirm(preview).content.decode()
    before = _results(org)
    html = upload().content.decode()  # the preview of the same file says nothing new will be counted
    assert "0 phiếu mới sẽ được nhập" in html and "Không có phiếu mới nào để nhập" in html
    assert "Bỏ qua 3 phiếu đã nhập trước đây" in html and "2, 3, 4" in html
    # a preview confirmed twice (double click, back button) imports once
    stale = upload_again = client.post(
        "/khao-sat/phieu-giay/",
        {"file": SimpleUploadedFile("p.csv", body + f"{point.token},{day:%d/%m/%Y},3,3,\n".encode())},
    )
    assert "1 phiếu mới sẽ được nhập" in upload_again.content.decode()
    assert "Đã nhập 1 phiếu giấy" in confirm(stale).content.decode()
    again = confirm(stale).content.decode()
    assert "Bỏ qua" in again or "không còn" in again or "hết hạn" in again
    assert Response.objects.count() == 4
    assert _results(org) != before


@pytest.mark.parametrize(
    ("encoding", "delimiter", "prefix"),
    [
        ("utf-8", ";", b""),
        ("utf-8-sig", ";", b""),
        ("utf-8", ",", b""),
        ("utf-16", "\t", b""),
        ("cp1258", ";", b""),
        ("utf-8", ";", b"sep=;\r\n"),
    ],
)
def test_any_csv_excel_writes(org, survey, point, tmp_path, encoding, delimiter, prefix):
    rows = [
        ["token", "submitted_at", "q1", "q2", "comment"],
        [point.token, "", "5", "3", "Cán bộ hướng dẫn tận tình"],
    ]
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(prefix + (cp1258(text) if encoding == "cp1258" else text.encode(encoding)))
    assert run("import_survey_responses", str(path), "--json")["imported"] == 1
    r = Response.objects.get()
    assert r.answers["q1"] == 5 and r.answers["q2"] == 3
    assert r.comment == "Cán bộ hướng dẫn tận tình"


def test_forms_dated_outside_the_window_are_refused_per_row(org, point, tmp_path, capsys):
    now = timezone.now()
    own = services.survey_create(
        title="Đợt riêng",
        questionnaire="sipas_citizen:1",
        unit=org.pc06,
        opens_at=now - timedelta(days=5),
        closes_at=now - timedelta(days=1),
    )
    services.service_point_update(point=point, actor=None, survey=own)
    early = timezone.localdate(now - timedelta(days=9))
    path = tmp_path / "som.csv"
    path.write_text(
        f"token,submitted_at,q1\n{point.token},{timezone.localdate(now - timedelta(days=2)):%d/%m/%Y},5\n"
        f"{point.token},{early:%d/%m/%Y},5\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        call_command("import_survey_responses", str(path))
    err = capsys.readouterr().err
    assert "dòng 3" in err and "nằm ngoài thời gian của đợt khảo sát" in err
    assert Response.objects.count() == 0


def test_paper_entry_page_refuses_a_date_before_the_survey_opened(org, personas, login, survey, point):
    client = login(personas.coordinator)
    before = timezone.localdate(survey.opens_at) - timedelta(days=3)
    page = client.post("/khao-sat/phieu-giay/", {"point": point.pk, "day": f"{before:%d/%m/%Y}", "q1": "5"})
    assert page.status_code == 200
    assert "nằm ngoài thời gian của đợt khảo sát" in page.content.decode()
    assert Response.objects.count() == 0
