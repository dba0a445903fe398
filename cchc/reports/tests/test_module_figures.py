"""Report figures from the modules (issue 13): the registry's one-stop and surveys sources equal the owning modules'
own commands, ``report_figures`` prints them, overrides keep the computed value beside them, and every figure opens
the records behind it (the list's count is the figure)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cchc.onestop.models import Dossier
from cchc.orgs.models import OrgUnit
from cchc.reports import figures
from cchc.reports.models import ReportPeriod, Submission
from cchc.reports.selectors import platform_figures, submission_auto, synthesis_table

pytestmark = pytest.mark.django_db

DOSSIER_FIELDS = ("received", "in_process", "on_time", "overdue")


def _json(name, *args, capsys=None):
    out = io.StringIO()
    if capsys is not None:
        capsys.readouterr()
    call_command(name, *args, "--json", stdout=out)
    text = out.getvalue() or (capsys.readouterr().out if capsys is not None else "")
    return json.loads(text)


def test_done_when_every_computed_report_figure_equals_the_modules_commands(demo, capsys):
    period = ReportPeriod.objects.get(cycle__name__isnull=False, kind="q3")
    subs = list(Submission.objects.filter(period=period).select_related("unit", "template"))
    assert subs
    outline = period.cycle.template.outline
    sourced = [f for f in outline.number_fields if f.source in ("dossiers", "surveys")]
    assert {f.source for f in sourced} == {"dossiers", "surveys"}
    checked = 0
    for sub in subs:
        unit = sub.unit
        window = ("--from", str(period.data_from), "--to", str(period.data_to))
        auto = platform_figures(period, [unit]).get(unit.pk, {})
        one = _json("onestop_indicators", "--unit", unit.code, *window)["units"][0]
        surveys = _json("survey_results", "--unit", unit.code, *window, capsys=capsys)["units"]
        survey = surveys[0] if surveys else {"responses": 0, "index": None}
        expected = {
            ("dossiers", "received"): one["received"],
            ("dossiers", "on_time"): one["on_time"],
            ("dossiers", "late"): one["overdue"],
            ("dossiers", "overdue"): one["overdue"],
            ("dossiers", "in_process"): one["in_process"],
            ("surveys", "satisfaction"): survey["index"],
            ("surveys", "index"): survey["index"],
            ("surveys", "responses"): survey["responses"],
        }
        has_dossiers = Dossier.objects.filter(unit=sub.unit).exists()
        shown = submission_auto(sub)  # what the report shows: the snapshot once sent, live before
        for f in sourced:
            want = expected[(f.source, f.source_field)]
            if f.source == "dossiers" and not has_dossiers:
                want = None  # no dossier ever: "chưa có dữ liệu", not zero
            got = auto.get(f.key)
            assert (None if got is None else float(got)) == want, (unit.code, f.key)
            seen = shown.get(f.key)
            assert (None if seen in (None, "") else float(seen)) == want, (unit.code, f.key, "shown")
            checked += 1
        printed = _json("report_figures", "--unit", unit.code, *window)
        assert printed["unit"] == unit.code and printed["from"] == str(period.data_from)
        by_code = {f["code"]: f for f in printed["figures"]}
        for field in DOSSIER_FIELDS:
            assert by_code[f"dossiers.{field}"]["value"] == (one[field] if has_dossiers else None)
            assert by_code[f"dossiers.{field}"]["source"] == "onestop"
        assert by_code["surveys.responses"]["value"] == survey["responses"]
        assert by_code["surveys.index"]["value"] == survey["index"]
        assert by_code["surveys.index"]["source"] == "surveys"
    assert checked >= len(subs) * 3
    # the demo's data make the figures meaningful: some unit has dossiers and answers in the window
    assert any(platform_figures(period, [s.unit]).get(s.unit_id, {}).get("dossiers_received") for s in subs)


def test_report_figures_command_contract_and_errors(org):
    out = io.StringIO()
    call_command(
        "report_figures",
        "--unit",
        org.ward.code,
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--json",
        stdout=out,
    )
    doc = json.loads(out.getvalue())
    assert doc["unit"] == org.ward.code and doc["to"] == "2026-03-31"
    codes = [f["code"] for f in doc["figures"]]
    for code in (
        "dossiers.received",
        "dossiers.in_process",
        "dossiers.on_time",
        "dossiers.overdue",
        "surveys.responses",
        "surveys.index",
    ):
        assert code in codes
    assert all(set(f) == {"code", "title", "value", "source"} for f in doc["figures"])
    received = next(f for f in doc["figures"] if f["code"] == "dossiers.received")
    assert received["value"] is None and received["title"]  # no dossier on the platform: no data, not zero
    index = next(f for f in doc["figures"] if f["code"] == "surveys.index")
    assert index["value"] is None  # nobody answered: no data, not zero
    for bad in (
        ["--unit", "KHONG-CO", "--from", "2026-01-01", "--to", "2026-03-31"],
        ["--unit", org.ward.code, "--from", "2026-13-01", "--to", "2026-03-31"],
        ["--unit", org.ward.code, "--from", "2026-04-01", "--to", "2026-03-31"],
    ):
        with pytest.raises((SystemExit, CommandError)):
            call_command("report_figures", *bad, "--json", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_later_module_registers_a_source_and_report_figures_lists_it(org):
    calls = []

    def later(units, date_from, date_to):
        calls.append(date_from)
        return {u.pk: {"received": 7} for u in units}

    figures.register_figure_source(
        "later",
        later,
        module="later",
        figures=[figures.Figure("received", "Hồ sơ tiếp nhận (mô-đun sau)")],
        records=lambda unit, a, b, field: f"/later/?unit={unit.code}",
    )
    try:
        got = {
            f.code: f for f in figures.unit_figures(org.ward, date(2026, 1, 1), date(2026, 3, 31), links=True)
        }
        assert got["later.received"].value == 7 and got["later.received"].source == "later"
        assert got["later.received"].url == f"/later/?unit={org.ward.code}"
    finally:
        figures.unregister_figure_source("later")
    assert not figures.registered("later")
    assert figures.registered("pakn")  # the real modules' sources stay


def test_every_dossier_figure_opens_its_records_with_the_same_count(demo, login):
    from cchc.accounts.models import User

    period = ReportPeriod.objects.get(kind="q3")
    unit = OrgUnit.objects.get(code="HP.PC06")
    values = figures.SOURCES["dossiers"]([unit], period.data_from, period.data_to)[unit.pk]
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "root-x", password="x"
    )
    client = login(admin)
    assert values["received"] > 0
    for field in DOSSIER_FIELDS:
        url = figures.records_url("dossiers", unit, period.data_from, period.data_to, field)
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp.context["page"].paginator.count == values[field], field
    responses = figures.SOURCES["surveys"]([unit], period.data_from, period.data_to)[unit.pk]["responses"]
    assert responses > 0
    url = figures.records_url("surveys", unit, period.data_from, period.data_to, "responses")
    assert client.get(url).context["listing"].count == responses


def test_plan_task_figures_open_their_records_and_the_page_keeps_scope(org, personas, login):
    from cchc.plans.models import Assignment, Plan, Task

    today = timezone.localdate()
    start, end = today - timedelta(days=60), today + timedelta(days=30)
    plan = Plan.objects.create(issuer=org.city, title="Kế hoạch CCHC", year=today.year, status="issued")
    for status in ("done", "in_progress", "not_done"):
        task = Task.objects.create(
            plan=plan, content=f"Nhiệm vụ {status}", deadline_end=today - timedelta(days=5)
        )
        Assignment.objects.create(task=task, unit=org.ward, role="lead", status=status)
    values = figures.SOURCES["plan_tasks"]([org.ward], start, end)[org.ward.pk]
    client = login(personas.ward_officer)
    for field in ("due", "done_on_time", "overdue"):
        url = figures.records_url("plan_tasks", org.ward, start, end, field)
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp.context["listing"].count == values[field], field
    assert values["due"] == 3 and values["overdue"] == 2
    # another unit's officer cannot open the ward's records
    resp = login(personas.sibling_officer).get(figures.records_url("plan_tasks", org.ward, start, end, "due"))
    assert resp.status_code in (403, 404)


def test_an_override_keeps_its_note_and_shows_the_computed_value(demo, client):
    period = ReportPeriod.objects.get(kind="q3")
    sub = Submission.objects.filter(period=period, status__in=["submitted", "approved", "accepted"]).first()
    assert sub is not None
    auto = platform_figures(period, [sub.unit]).get(sub.unit_id, {})
    sub.figures = {**(sub.figures or {}), **{k: str(v) for k, v in auto.items()}}
    sub.overrides = {"dossiers_received": {"value": "5", "note": "Số liệu phần mềm một cửa tỉnh"}}
    sub.save()
    rows, _totals = synthesis_table(period)
    notes = next(n for u, _v, n in rows if u.pk == sub.unit_id)
    assert "Số liệu phần mềm một cửa tỉnh" in notes["dossiers_received"]
    computed = auto.get("dossiers_received")
    assert f"nền tảng tính: {computed}" in notes["dossiers_received"].replace(".", "")

    # the synthesis says, per figure, how many units' reports lack it
    from cchc.accounts.models import User

    client.force_login(User.objects.get(username="daumoi.hp"))
    page = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/")
    assert page.status_code == 200
    shown = {f.key: lacking for s in page.context["sections"] for f, _t, _o, _n, lacking, _r in s["numbers"]}
    rows, _totals = synthesis_table(period)
    for key, lacking in shown.items():
        assert lacking == sum(1 for _u, vals, _n in rows if vals.get(key) is None), key
