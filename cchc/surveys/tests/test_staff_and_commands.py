"""Results through SQL agree with the pure formulas; commands; staff pages and their scope; posters; Word; demo."""

from __future__ import annotations

import io
import json
import random
from contextlib import redirect_stdout
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cchc.orgs.models import OrgUnit
from cchc.surveys import answering, results, selectors, services
from cchc.surveys.catalog import get_questionnaire
from cchc.surveys.models import DailyTally, Kind, Origin, Response, Status, Survey

pytestmark = pytest.mark.django_db
Q = get_questionnaire("sipas_citizen", 1)


def record(survey, unit, answers, *, point=None, flags=(), comment="", when=None):
    reading = answering.read_answers(Q, {**answers, "comment": comment})
    return services.response_record(
        survey=survey,
        unit_id=unit.pk,
        origin=Origin.QR,
        reading=reading,
        service_point_id=point.pk if point else None,
        flags=flags,
        submitted_at=when,
    )


def run(*args) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command(*args)
    return json.loads(out.getvalue())


def test_sql_results_equal_pure_formulas_with_rollup(org, survey, point):
    rng = random.Random(7)
    records = []
    units = [org.pc06, org.ward, org.sibling, org.city]
    for i in range(120):
        unit = units[i % 4]
        answers = {
            q.key: rng.choice(["0", "1", "2", "3", "4", "5", "5"]) for q in Q.questions if q.type == "likert"
        }
        flagged = i % 9 == 0
        r = record(survey, unit, answers, flags=["duplicate"] if flagged else ())
        if flagged and i % 18 == 0:
            services.response_review(response=r, accept=True, user=None)
            r.refresh_from_db()
        records.append(
            results.ResponseRecord(unit.code, r.answers, r.status != Status.OK, r.status == Status.ACCEPTED)
        )
    today = timezone.localdate()
    got = selectors.unit_results(date_from=today, date_to=today, root=org.city)
    pure = results.aggregate_responses(records, Q.dimension_of())
    children = {org.city.code: [org.pv01.code, org.pc06.code, org.ward.code, org.sibling.code]}
    expected = results.compute_results(results.roll_up(pure, children), order=[d.code for d in Q.dimensions])
    by_code = {row.unit.code: row.result for row in got.rows}
    for code, exp in expected.items():
        if exp.responses or exp.flagged:
            assert by_code[code].index == exp.index
            assert by_code[code].responses == exp.responses and by_code[code].flagged == exp.flagged
            assert by_code[code].dimensions == exp.dimensions
    # the incremental tallies equal a rebuild from the responses
    before = sorted(DailyTally.objects.filter(responses__gt=0).values_list("unit_id", "counted", "responses"))
    services.rebuild_tallies()
    after = sorted(DailyTally.objects.filter(responses__gt=0).values_list("unit_id", "counted", "responses"))
    assert before == after


def test_flagged_left_out_until_accepted(org, survey, point):
    record(survey, org.pc06, {"q1": "5"})
    bad = record(survey, org.pc06, {"q1": "1"}, flags=["honeypot"])
    today = timezone.localdate()
    assert selectors.unit_survey_index(org.pc06, today, today) == Decimal("100.00")
    services.response_review(response=bad, accept=True, user=None)
    assert selectors.unit_survey_index(org.pc06, today, today) == Decimal("50.00")
    assert selectors.unit_survey_index(org.city, today, today) == Decimal("50.00")  # sub-units included
    assert selectors.unit_survey_index(org.ward, today, today) is None
    with pytest.raises(ValidationError):
        services.response_review(response=Response.objects.get(status=Status.OK), accept=True, user=None)


def test_survey_results_command_contract(org, survey, point):
    record(survey, org.pc06, {"q1": "5", "q2": "4", "q5": "2", "q16": "5"}, point=point)
    record(survey, org.ward, {"q1": "3"}, flags=["too_fast"])
    today = timezone.localdate().isoformat()
    data = run("survey_results", "--from", today, "--to", today, "--json")
    assert data["from"] == today and data["to"] == today
    units = {u["code"]: u for u in data["units"]}
    assert units["HP"]["responses"] == 1 and units["HP"]["flagged"] == 1
    pc06 = units["HP.PC06"]
    assert pc06["index"] == 50
    dims = {d["code"]: d for d in pc06["dimensions"]}
    assert dims["tiep_can"] == {
        "code": "tiep_can",
        "title": "Tiếp cận dịch vụ",
        "answers": 2,
        "satisfied": 2,
        "percent": 100,
        "mean": 4.5,
    }
    assert dims["thu_tuc"]["percent"] == 0
    only = run("survey_results", "--from", today, "--to", today, "--unit", "HP.CAP.A", "--json")
    assert [u["code"] for u in only["units"]] == ["HP.CAP.A"]


def test_survey_results_bad_input(org, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("survey_results", "--from", "2026-13-01", "--to", "2026-01-01", "--json")
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        call_command("survey_results", "--from", "2026-01-01", "--to", "2026-01-31", "--unit", "KHONGCO")
    assert "KHONGCO" in capsys.readouterr().err


def test_survey_links_command(org, survey, point):
    data = run("survey_links", "--json")
    (item,) = data["service_points"]
    assert (
        item["unit"] == "HP.PC06"
        and item["token"] == point.token
        and item["url"].endswith(f"/s/{point.token}/")
    )
    assert item["survey"] == survey.title
    assert {"key": "q1", "dimension": "tiep_can", "type": "likert"}.items() <= item["questions"][0].items()


def test_import_survey_responses(org, survey, point, tmp_path):
    token = services.dossier_token_issue(unit=org.ward, dossier_code="HS-1")
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    good = tmp_path / "phieu.csv"
    good.write_text(
        f"token,submitted_at,q1,q2,comment\n{point.token},{when},5,,Tốt\n{token.token},,4,3,\n",
        encoding="utf-8",
    )
    assert run("import_survey_responses", str(good), "--json") == {
        "imported": 2,
        "skipped": 0,
        "skipped_rows": [],
        "rows": 2,
    }
    assert Response.objects.filter(origin=Origin.PAPER).count() == 2
    bad = tmp_path / "sai.csv"
    bad.write_text(f"token,q1\n{point.token},5\n{point.token},7\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("import_survey_responses", str(bad))
    assert exc.value.code == 2
    assert Response.objects.count() == 2  # nothing half-written
    again = tmp_path / "lap.csv"
    again.write_text(f"token,q1\n{token.token},5\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_survey_responses", str(again))
    with pytest.raises(SystemExit):
        call_command("import_survey_responses", str(tmp_path / "khong-co.csv"))


def test_import_dates_typed_dd_mm_yyyy(org, survey, point, tmp_path, capsys):
    """Paper forms are typed with Vietnamese dates; a bad one rejects the file naming the row and column."""
    day = timezone.localdate() - timedelta(days=2)
    good = tmp_path / "giay.csv"
    good.write_text(
        f"token,submitted_at,q1\n{point.token},{day:%d/%m/%Y} 09:15,5\n{point.token},{day:%d/%m/%Y},4\n",
        encoding="utf-8",
    )
    assert run("import_survey_responses", str(good), "--json")["imported"] == 2
    times = sorted(timezone.localtime(r.submitted_at) for r in Response.objects.all())
    assert [(t.date(), t.hour, t.minute) for t in times] == [(day, 9, 15), (day, 12, 0)]
    bad = tmp_path / "sai-ngay.csv"
    bad.write_text(f"token,submitted_at,q1\n{point.token},{day:%d/%m/%Y},5\n{point.token},31/02/2026,5\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import_survey_responses", str(bad))
    assert exc.value.code == 2
    assert "dòng 3, cột submitted_at" in capsys.readouterr().err
    assert Response.objects.count() == 2


def test_import_xlsx(org, survey, point, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["token", "submitted_at", "q1", "q16", "comment"])
    wb.active.append([point.token, None, 5, 4, "Ổn"])
    path = tmp_path / "phieu.xlsx"
    wb.save(path)
    assert run("import_survey_responses", str(path), "--json")["imported"] == 1


def test_results_page_scope(org, personas, login, survey, point):
    record(survey, org.pc06, {"q1": "5"}, point=point, comment="Rất tốt")
    client = login(personas.coordinator)
    page = client.get("/khao-sat/")
    html = page.content.decode()
    assert page.status_code == 200 and "100,00" in html and "Bộ phận một cửa PC06" in html
    assert client.get("/khao-sat/?export=xlsx")["Content-Type"].startswith("application/vnd.openxml")
    word = client.get("/khao-sat/bao-cao/1/?unit=HP")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert client.get("/khao-sat/bao-cao/2/?unit=HP").status_code == 200
    assert "Rất tốt" in client.get("/khao-sat/y-kien/").content.decode()
    ward = login(personas.ward_officer)
    for who, code in ((ward, "HP.PC06"), (login(personas.other_coordinator), "HP"), (client, "KHONG-CO")):
        page = who.get(f"/khao-sat/?unit={code}")  # not visible or unknown: a message, not a 404 page
        html = page.content.decode()
        assert page.status_code == 200 and f"Không tìm thấy đơn vị “{code}”" in html
        assert who is client or "Bộ phận một cửa PC06" not in html
    assert "Rất tốt" not in ward.get("/khao-sat/y-kien/").content.decode()


def test_points_posters_and_scope(org, personas, login, survey, point):
    client = login(personas.coordinator)
    page = client.get(f"/khao-sat/diem/{point.pk}/")
    assert (
        page.status_code == 200
        and "<svg" in page.content.decode()
        and f"/s/{point.token}/" in page.content.decode()
    )
    png = client.get(f"/khao-sat/diem/{point.pk}/poster/?size=A5&format=png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = client.get(f"/khao-sat/diem/{point.pk}/poster/?format=svg")
    assert b"<svg" in svg.content
    services.service_point_create(unit=org.ward, name="Quầy phường")
    batch = client.get("/khao-sat/diem/in-hang-loat/?unit=HP&size=A4&format=png")
    assert batch["Content-Type"] == "application/zip"
    from cchc.surveys.posters import pdf_available

    if pdf_available():
        pdf = client.get("/khao-sat/diem/in-hang-loat/?unit=HP&size=A4&format=pdf")
        assert pdf.content[:4] == b"%PDF"
    created = client.post(
        "/khao-sat/diem/them/", {"unit": org.ward.pk, "name": "Quầy 2", "location": "", "active": "on"}
    )
    assert created.status_code == 302
    assert login(personas.sibling_officer).get(f"/khao-sat/diem/{point.pk}/").status_code == 404
    officer = login(personas.ward_officer)
    assert (
        officer.post("/khao-sat/diem/them/", {"unit": org.pc06.pk, "name": "X"}).status_code == 200
    )  # not a choice
    assert officer.post(f"/khao-sat/diem/{point.pk}/ma-moi/").status_code == 404


def test_review_accept_and_reject(org, personas, login, survey, point):
    bad = record(survey, org.pc06, {"q1": "1"}, flags=["duplicate"])
    worse = record(survey, org.pc06, {"q1": "1"}, flags=["honeypot"])
    assert login(personas.ward_officer).get("/khao-sat/xem-xet/").status_code == 403
    client = login(personas.coordinator)
    assert "Cùng thiết bị" in client.get("/khao-sat/xem-xet/").content.decode()
    client.post(f"/khao-sat/xem-xet/{bad.pk}/", {"decision": "accept"})
    client.post(f"/khao-sat/xem-xet/{worse.pk}/", {"decision": "reject"})
    assert [r.status for r in Response.objects.order_by("pk")] == [Status.ACCEPTED, Status.REJECTED]


def test_survey_window_create_and_close(org, personas, login):
    client = login(personas.coordinator)
    now = timezone.localtime()
    resp = client.post(
        "/khao-sat/dot-khao-sat/",
        {
            "title": "Đợt 1",
            "questionnaire": "sipas_citizen:1",
            "unit": org.city.pk,
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": "",
            "note": "",
        },
    )
    assert resp.status_code == 302
    s = services.open_survey_for(org.ward)
    assert s is not None and s.title == "Đợt 1"
    client.post(f"/khao-sat/dot-khao-sat/{s.pk}/dong/")
    assert services.open_survey_for(org.ward) is None
    assert login(personas.ward_officer).post(f"/khao-sat/dot-khao-sat/{s.pk}/dong/").status_code in (403, 404)


def test_survey_window_dates_typed_dd_mm_yyyy(org, personas, login):
    client = login(personas.coordinator)
    page = client.get("/khao-sat/dot-khao-sat/").content.decode()
    assert 'type="datetime-local"' not in page and "dd/mm/yyyy hh:mm" in page
    resp = client.post(
        "/khao-sat/dot-khao-sat/",
        {
            "title": "Đợt 2",
            "questionnaire": "sipas_citizen:1",
            "unit": org.city.pk,
            "opens_at": "01/03/2026 07:30",
            "closes_at": "31/03/2026",
            "note": "",
        },
    )
    assert resp.status_code == 302
    s = Survey.objects.get(title="Đợt 2")
    assert timezone.localtime(s.opens_at).strftime("%d/%m/%Y %H:%M") == "01/03/2026 07:30"
    assert timezone.localtime(s.closes_at).date().isoformat() == "2026-03-31"


def test_results_and_comments_dates_dd_mm_yyyy(org, personas, login, survey, point):
    today = timezone.localdate()
    for offset in (0, 0, 40):
        record(
            survey,
            org.pc06,
            {"q1": "5", "q5": "4"},
            point=point,
            comment="tốt",
            when=timezone.now() - timedelta(days=offset),
        )
    client = login(personas.coordinator)
    page = client.get(f"/khao-sat/?unit={org.city.code}").content.decode()
    assert 'type="date"' not in page and 'placeholder="dd/mm/yyyy"' in page
    assert f'value="01/01/{today.year}"' in page
    start = today - timedelta(days=5)
    resp = client.get(f"/khao-sat/?unit={org.city.code}&from={start:%d/%m/%Y}&to={today:%d/%m/%Y}")
    assert resp.context["date_from"] == start and resp.context["top"].result.responses == 2
    # the monthly trend counts responses (not the answers of the first dimension)
    assert max(r.responses for _, r in resp.context["trend"]) == 2
    assert "<td>2</td>" in resp.content.decode()
    iso = client.get(f"/khao-sat/?unit={org.city.code}&from={start.isoformat()}&to={today.isoformat()}")
    assert iso.context["date_from"] == start
    bad = client.get(f"/khao-sat/?unit={org.city.code}&from=31/02/2026")
    assert "dd/mm/yyyy" in bad.content.decode() and bad.context["date_from"] == today.replace(month=1, day=1)
    swapped = client.get(f"/khao-sat/?unit={org.city.code}&from={today:%d/%m/%Y}&to={start:%d/%m/%Y}")
    assert "Từ ngày phải trước" in swapped.content.decode()
    comments = client.get(f"/khao-sat/y-kien/?unit={org.city.code}&from={start:%d/%m/%Y}&to={today:%d/%m/%Y}")
    assert 'type="date"' not in comments.content.decode()
    assert comments.context["page"].paginator.count == 2


def test_paper_entry_and_dossier_slip(org, personas, login, survey, point):
    client = login(personas.coordinator)
    assert client.get(f"/khao-sat/phieu-giay/?point={point.pk}").status_code == 200
    resp = client.post("/khao-sat/phieu-giay/", {"point": point.pk, "q1": "4", "q2": "0", "comment": "giấy"})
    assert resp.status_code == 302
    r = Response.objects.get()
    assert r.origin == Origin.PAPER and r.entered_by == personas.coordinator and r.answers["q1"] == 4
    resp = client.post("/khao-sat/ho-so/", {"unit": org.ward.pk, "dossier_code": "HS-9"})
    assert resp.status_code == 302
    slip = client.get(resp["Location"])
    assert "HS-9" in slip.content.decode() and "<svg" in slip.content.decode()


def test_paper_entry_date_and_errors(org, personas, login, survey, point):
    """A paper form carries the date written on it; an error keeps what was typed and reads in Vietnamese."""
    client = login(personas.coordinator)
    day = timezone.localdate() - timedelta(days=10)
    resp = client.post("/khao-sat/phieu-giay/", {"point": point.pk, "day": f"{day:%d/%m/%Y}", "q1": "4"})
    assert resp.status_code == 302 and f"day={day:%d/%m/%Y}" in resp["Location"]
    assert timezone.localtime(Response.objects.get().submitted_at).date() == day
    page = client.get(resp["Location"]).content.decode()
    assert f'value="{day:%d/%m/%Y}"' in page  # the next form of the same batch keeps the date
    empty = client.post("/khao-sat/phieu-giay/", {"point": point.pk, "q1": "0"}).content.decode()
    assert "Phiếu chưa có câu trả lời nào." in empty and "__all__" not in empty
    bad = client.post(
        "/khao-sat/phieu-giay/",
        {"point": point.pk, "day": "32/01/2026", "q1": "5", "q2": "3", "comment": "ghi"},
    ).content.decode()
    assert "dd/mm/yyyy" in bad and Response.objects.count() == 1
    assert (
        '<option value="5" selected>' in bad
        and '<option value="3" selected>' in bad
        and ">ghi</textarea>" in bad
    )
    future = timezone.localdate() + timedelta(days=3)
    late = client.post("/khao-sat/phieu-giay/", {"point": point.pk, "day": f"{future:%d/%m/%Y}", "q1": "5"})
    assert "không được sau hôm nay" in late.content.decode() and Response.objects.count() == 1


def test_paper_template_and_single_unit_preselected(org, personas, login, survey, point, tmp_path):
    from openpyxl import load_workbook

    client = login(personas.coordinator)
    page = client.get(f"/khao-sat/phieu-giay/?point={point.pk}").content.decode()
    assert point.token in page and "survey_links" not in page
    resp = client.get(f"/khao-sat/phieu-giay/?point={point.pk}&template=xlsx")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "mau.xlsx"
    path.write_bytes(resp.content)
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert (
        header[:4] == ["token", "so_phieu", "submitted_at", "q1"]
        and header[-1] == "comment"
        and "q16" in header
    )
    ws.append([point.token, "", "20/11/2026 08:30", 5] + [None] * (len(header) - 4) + ["giấy"])
    ws.parent.save(path)
    assert run("import_survey_responses", str(path), "--json")["imported"] == 1
    officer = login(personas.ward_officer).get("/khao-sat/ho-so/").content.decode()
    assert f'<option value="{org.ward.pk}" selected>' in officer


def test_demo_loader_idempotent(org):
    from cchc.orgs.demo import load_demo as load_orgs
    from cchc.surveys.demo import load_demo

    load_orgs()
    load_demo()
    n = Response.objects.count()
    assert n == 600 + 30 and Response.objects.filter(status=Status.FLAGGED).exists()
    assert Response.objects.filter(status=Status.ACCEPTED).count() == 1
    load_demo()
    assert Response.objects.count() == n


def _demo_snapshot():
    rows = Response.objects.order_by("submitted_at", "pk")
    return [(r.unit.code, r.origin, r.status, r.flags, r.answers, r.comment, r.fill_seconds) for r in rows]


def test_demo_is_realistic_and_deterministic(org):
    """One-stop desks measure 85–95 % satisfaction; the answers do not depend on the load (only dates shift)."""
    from cchc.orgs.demo import load_demo as load_orgs
    from cchc.surveys import demo
    from cchc.surveys.models import DossierToken, ServicePoint, Survey

    load_orgs()
    demo.load_demo()
    today = timezone.localdate()
    result = selectors.unit_results(
        date_from=today - timedelta(days=400), date_to=today, root=OrgUnit.objects.get(code="HP")
    )
    by_code = {r.unit.code: r.result for r in result.rows}
    assert 85 <= by_code["HP"].index <= 95
    assert by_code["HP.PC06"].index > by_code["HP.CAP.LECHAN"].index >= 75
    assert Response.objects.filter(submitted_at__date__gte=today).count() == 0
    assert all(timezone.localtime(r.submitted_at).weekday() < 5 for r in Response.objects.all())
    org_result = selectors.unit_results(
        date_from=today - timedelta(days=400),
        date_to=today,
        root=OrgUnit.objects.get(code="HP"),
        kind=Kind.ORGANISATION,
    )
    assert next(r for r in org_result.rows if r.unit.code == "HP").result.responses == 30
    first = _demo_snapshot()
    Response.objects.all().delete()
    DailyTally.objects.all().delete()
    DossierToken.objects.all().delete()
    ServicePoint.objects.all().delete()
    Survey.objects.all().delete()
    services.clear_cache()
    demo.load_demo()
    assert _demo_snapshot() == first


def test_parindex_source_registered(org, survey):
    try:
        from cchc.parindex.rules import SOURCES
    except ImportError:
        pytest.skip("PAR index rule registry not present")
    record(survey, org.pc06, {"q1": "5", "q5": "4"})
    today = timezone.localdate()
    measure = SOURCES["survey_index"](org.pc06, today, today)
    assert measure.percent == Decimal("100.00") and "1 phiếu" in measure.detail
    assert "100,00%" in measure.detail and f"{today:%d/%m/%Y}" in measure.detail
    assert SOURCES["survey_index"](org.ward, today, today) is None


def test_parindex_source_for_the_organisations_opinions(org, survey):
    """``organisation_survey_index`` measures Phiếu 01/02 answers only — not the citizens' — for criterion 8.2."""
    try:
        from cchc.parindex.rules import SOURCES
    except ImportError:
        pytest.skip("PAR index rule registry not present")
    record(survey, org.pc06, {"q1": "5", "q5": "4"})  # a citizen: not counted here
    today = timezone.localdate()
    assert SOURCES["organisation_survey_index"](org.pc06, today, today) is None
    q01 = get_questionnaire("org_survey_phieu01", 1)
    bodies = services.survey_create(
        title="Lấy ý kiến cơ quan, tổ chức 2026",
        questionnaire="org_survey_phieu01:1",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=1),
    )
    likert = [q.key for q in q01.questions if q.type == "likert"]
    reading = answering.read_answers(q01, {likert[0]: "2", likert[1]: "5"})
    services.response_record(survey=bodies, unit_id=org.pc06.pk, origin=Origin.PAPER, reading=reading)
    measure = SOURCES["organisation_survey_index"](org.pc06, today, today)
    assert measure is not None and "Ý kiến cơ quan, tổ chức" in measure.detail and "1 phiếu" in measure.detail
    assert measure.percent != SOURCES["survey_index"](org.pc06, today, today).percent
