"""PAR-index rules connected to the modules (issue 13): each connected rule equals its module's own figure, counts
only what it should, and lists the records it counted (the list's count is the rule's denominator)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.orgs.models import OrgUnit
from cchc.parindex import rules, services
from cchc.parindex.models import Assessment, Round

pytestmark = pytest.mark.django_db


def _command(name, *args, capsys=None):
    out = io.StringIO()
    if capsys is not None:
        capsys.readouterr()
    call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue() or capsys.readouterr().out)


def test_done_when_every_connected_rule_equals_its_modules_figure(demo, capsys, client):
    rnd = Round.objects.get(name__contains="Hải Phòng", framework__year=2026)
    start, end = rnd.evidence_from, rnd.evidence_to
    window = ("--from", str(start), "--to", str(end))
    compared = 0
    for a in Assessment.objects.filter(round=rnd).select_related("unit"):
        services.refresh_computed(assessment=a)
        unit = a.unit
        indicators = _command("onestop_indicators", "--unit", unit.code, *window)["units"][0]["indicators"]
        ratio = {i["code"]: i["ratio"] for i in indicators}
        surveyed = _command("survey_results", "--unit", unit.code, *window, capsys=capsys)["units"]
        for s in a.scores.select_related("criterion").exclude(criterion__method="manual"):
            c = s.criterion
            m = rules.measure(c.method, unit, start, end, c.rule_params)
            if c.method == "index766":
                code = c.rule_params["indicator"]
                assert (None if m is None else float(m.percent)) == ratio[code], (unit.code, c.code)
            elif c.method == "survey_index":
                want = surveyed[0]["index"] if surveyed else None
                assert (None if m is None else float(m.percent)) == want, (unit.code, c.code)
            if m is None:
                assert s.computed_points is None
                continue
            compared += 1
            assert s.computed_points == rules.points_for(m.percent, c.thresholds, c.max_points)
            if c.method != "organisation_survey_index":
                assert s.computed_url == m.records_url and m.records_url
            if c.method == "survey_index":
                assert client.get(m.records_url).status_code in (302, 200)
    assert compared >= 5
    # 3.4, 3.7, 7.3 of the sample are scored from PC06's dossiers, not "chưa được kết nối"
    pc06 = Assessment.objects.get(round=rnd, unit__code="HP.PC06")
    for code in ("3.4", "3.7", "7.3"):
        s = pc06.scores.get(criterion__code=code)
        assert s.computed_points is not None, code
        assert "chưa được kết nối" not in s.computed_detail


def test_index766_records_list_has_the_rules_denominator(demo, client):
    from cchc.accounts.models import User

    unit = OrgUnit.objects.get(code="HP.PC06")
    start, end = date(2026, 1, 1), date(2026, 9, 14)
    client.force_login(User.objects.get(username="daumoi.hp"))
    for code in ("DOSSIER_ON_TIME", "SO_HOA_GIAY_TO_GIAI_QUYET", "ONLINE_FULL_DOSSIERS"):
        m = rules.measure("index766", unit, start, end, {"indicator": code})
        resp = client.get(m.records_url)
        assert resp.status_code == 200
        assert resp.context["page"].paginator.count == m.denominator, code
    m = rules.measure("apology_letters", unit, start, end)
    assert m is not None and m.denominator
    assert client.get(m.records_url).context["page"].paginator.count == m.denominator


def _plan_task(org, *, deadline, status, section="Cải cách TTHC", content="Nhiệm vụ", unit=None):
    from cchc.plans.models import Assignment, Plan, Section, Task

    plan = Plan.objects.filter(issuer=org.city, title="KH CCHC").first() or Plan.objects.create(
        issuer=org.city, title="KH CCHC", year=2026, status="issued"
    )
    sec = Section.objects.get_or_create(plan=plan, title=section)[0]
    task = Task.objects.create(plan=plan, section=sec, content=content, deadline_end=deadline)
    return Assignment.objects.create(task=task, unit=unit or org.ward, role="lead", status=status)


def test_plan_task_rule_counts_only_tasks_due_and_selects_de_an_06(org, personas, login):
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    past = today - timedelta(days=3)
    future = today + timedelta(days=3)
    if future > end:
        future = end
    _plan_task(org, deadline=past, status="done")
    _plan_task(org, deadline=past, status="in_progress")
    _plan_task(org, deadline=future, status="in_progress")  # not yet due: not a failure
    _plan_task(org, deadline=future, status="done")  # done early: counts
    _plan_task(org, deadline=past, status="done", content="Triển khai Đề án 06 tại phường")
    _plan_task(org, deadline=past, status="not_done", section="Thực hiện Đề án 06")
    _plan_task(org, deadline=future, status="in_progress", content="Đề án 06: làm sạch dữ liệu")
    m = rules.measure("plan_tasks_on_time", org.ward, start, end, {})
    if future > today:
        assert (m.numerator, m.denominator) == (3, 5)
    de_an = rules.measure("plan_tasks_on_time", org.ward, start, end, {"text": "Đề án 06"})
    assert (de_an.numerator, de_an.denominator) == (1, 2)
    by_section = rules.measure("plan_tasks_on_time", org.ward, start, end, {"section": "de an 06"})
    assert (by_section.numerator, by_section.denominator) == (0, 1)  # accent-insensitive
    resp = login(personas.ward_officer).get(de_an.records_url)
    assert resp.status_code == 200 and resp.context["listing"].count == de_an.denominator
    assert login(personas.sibling_officer).get(de_an.records_url).status_code in (403, 404)


def test_report_timeliness_rule_counts_reports_due_in_the_window(org, personas, login):
    from cchc.reports.tests.support import at, make_period

    period = make_period(org, due=date(2026, 3, 20))
    sub = period.submissions.get(unit=org.ward)
    sub.first_submitted_at = at(2026, 3, 19)
    sub.save()
    late = make_period(org, due=date(2026, 6, 20), cycle=period.cycle, title="Báo cáo 2")
    s2 = late.submissions.get(unit=org.ward)
    s2.first_submitted_at = at(2026, 6, 25)
    s2.save()
    from cchc.reports.models import Submission

    due_in_window = Submission.objects.filter(
        unit=org.ward, period__due__gte=date(2026, 1, 1), period__due__lte=date(2026, 9, 14)
    )
    total = due_in_window.count()
    on_time = due_in_window.filter(first_submitted_at__isnull=False).exclude(pk=s2.pk).count()
    assert total >= 2 and on_time >= 1
    m = rules.measure("report_timeliness", org.ward, date(2026, 1, 1), date(2026, 9, 14))
    assert (m.numerator, m.denominator) == (on_time, total)
    assert rules.points_for(m.percent, [{"min": 100, "points": 1}, {"min": 1, "points": 0.5}], 1) == 0.5
    resp = login(personas.ward_officer).get(m.records_url)
    assert resp.status_code == 200 and resp.context["listing"].count == total
    sent = rules.measure("reports_sent", org.ward, date(2026, 1, 1), date(2026, 9, 14))
    assert (sent.numerator, sent.denominator) == (
        due_in_window.filter(first_submitted_at__isnull=False).count(),
        total,
    )
    assert rules.measure("report_timeliness", org.sibling, date(2027, 1, 1), date(2027, 3, 1)) is None


def test_the_ranking_names_units_whose_computed_criteria_lack_data(org, personas, login):
    from cchc.parindex.models import Score

    fw = services.sample_framework(year=2026, actor=personas.coordinator)
    rnd = services.round_create(
        actor=personas.coordinator, framework=fw, owner_unit=org.city, name="Đợt thử",
        units=[org.ward, org.sibling], evidence_from=date(2026, 1, 1), evidence_to=date(2026, 9, 14),
        deadlines={}, council=[personas.appraiser],
    )  # fmt: skip
    for a in rnd.assessments.all():
        services.refresh_computed(assessment=a)
    assert (
        Score.objects.filter(assessment__round=rnd, computed_points__isnull=True)
        .exclude(criterion__method="manual")
        .exists()
    )
    from cchc.parindex.selectors import units_lacking_data

    assert units_lacking_data(rnd) == sorted([org.ward.name, org.sibling.name])
