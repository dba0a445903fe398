"""Template version 2 (issues 13, 21): the inspections count, the PAKN handled and the initiatives figures come from
their modules — the report form shows what ``report_figures --json`` prints; an override keeps its note beside the
computed value; stored version-1 templates, cycles and unsent reports move to version 2 without losing what was
typed."""

from __future__ import annotations

import copy
import io
import json
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command

from cchc.reports import services
from cchc.reports.models import ReportPeriod, ReportTemplate, Status, Submission
from cchc.reports.outline import bundled_outlines

from .support import make_cycle, make_period

pytestmark = pytest.mark.django_db

NEW_SOURCES = ("inspections", "pakn", "initiatives")
MIGRATION = import_module("cchc.reports.migrations.0006_template_v2_module_figures")


def _figures_json(unit, period) -> dict[str, object]:
    out = io.StringIO()
    call_command(
        "report_figures", "--unit", unit.code, "--from", str(period.data_from), "--to", str(period.data_to),
        "--json", stdout=out,
    )  # fmt: skip
    return {f["code"]: f["value"] for f in json.loads(out.getvalue())["figures"]}


def _shown(client, sub) -> dict[str, object]:
    page = client.get(f"/bao-cao/nop/{sub.pk}/")
    assert page.status_code == 200
    return {r.key: r for s in page.context["sections"] for r in s["numbers"]}


def _activity(unit, period, actor) -> None:
    """A concluded inspection of ``unit`` and an initiative it sent, both inside the period's data window."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from cchc.initiatives.models import Initiative
    from cchc.inspections import services as inspections
    from cchc.inspections.models import Visit

    day = period.data_from + timedelta(days=10)
    plan = inspections.inspection_plan_create(
        issuer=period.cycle.office, actor=actor, year=day.year, title="Kế hoạch kiểm tra (kiểm thử báo cáo)"
    )
    visit = inspections.visit_add(
        plan=plan,
        actor=actor,
        data=inspections.VisitInput(
            unit=unit, office=period.cycle.office, kind="periodic", mode="on_site", announced=True,
            planned_from=day, planned_to=day, checklist=inspections.default_checklist(),
        ),
    )  # fmt: skip
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.CONCLUDED, visit_date=day, conclusion_date=day)
    Initiative.objects.create(
        unit=unit,
        title="Sổ theo dõi hồ sơ điện tử",
        year=day.year,
        state="submitted",
        submitted_at=timezone.make_aware(datetime.combine(day, time(9))),
    )


def test_the_form_shows_the_computed_inspections_pakn_and_initiatives_equal_to_report_figures(demo, client):
    from cchc.accounts.models import User

    admin = User.objects.get(username="quantri")
    client.force_login(admin)
    period = ReportPeriod.objects.get(cycle__name__isnull=False, kind="q3")
    writing = Submission.objects.filter(period=period, status__in=["not_started", "draft"]).first()
    assert writing is not None
    _activity(writing.unit, period, admin)
    outline = period.cycle.template.outline
    assert outline.version == 2
    sourced = [f for f in outline.number_fields if f.source in NEW_SOURCES]
    assert {f.source for f in sourced} == set(NEW_SOURCES)
    with_data = set()
    for sub in Submission.objects.filter(period=period).select_related("unit", "template"):
        if sub.template.version != 2:
            continue
        printed = _figures_json(sub.unit, period)
        rows = _shown(client, sub)
        for f in sourced:
            want = printed[f"{f.source}.{f.source_field}"]
            row = rows[f.key]
            assert row.from_platform, f.key
            # live while the unit writes, the snapshot once sent (the demo's data do not move after it)
            assert (None if row.auto is None else float(row.auto)) == want, (sub.unit.code, f.key)
            if want:
                with_data.add(f.source)
    # the demo makes the figures meaningful: some reporting unit has inspections, PAKN and initiatives
    assert with_data == set(NEW_SOURCES), with_data


def test_an_override_of_a_computed_figure_keeps_its_note_and_shows_the_computed_value_beside(
    org, personas, login
):
    period = make_period(org, due=__import__("datetime").date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    url = f"/bao-cao/nop/{sub.pk}/"
    computed = _shown(client, sub)["feedback_handled"].auto  # the PAKN module's figure (0 without records)
    # a figure without its reason is refused, nothing lost
    client.post(url, {"action": "submit", "o:feedback_handled": "7"})
    sub.refresh_from_db()
    assert sub.status == Status.DRAFT and sub.overrides["feedback_handled"]["value"] == "7"
    client.post(
        url, {"action": "submit", "o:feedback_handled": "7", "on:feedback_handled": "Cộng 7 đơn thư giấy"}
    )
    sub.refresh_from_db()
    assert sub.status == Status.SUBMITTED
    assert sub.overrides["feedback_handled"] == {"value": "7", "note": "Cộng 7 đơn thư giấy"}
    page = client.get(url).content.decode()
    assert "Cộng 7 đơn thư giấy" in page
    row = _shown(client, sub)["feedback_handled"]
    assert row.value == 7 and row.auto == computed and row.note == "Cộng 7 đơn thư giấy"
    assert "nền tảng tính" in page  # the computed figure stays beside the override


def _v1(definition: dict) -> dict:
    """The version-1 shape of a bundled definition: the three figures typed, no initiatives."""
    out = copy.deepcopy(definition)
    for s in out["sections"]:
        s["numbers"] = [n for n in s["numbers"] if not n["key"].startswith("initiatives_")]
        for n in s["numbers"]:
            if n["key"] in ("inspections", "feedback_handled"):
                n.pop("source"), n.pop("source_field")
    return out


def test_stored_version_1_templates_cycles_and_unsent_reports_move_to_version_2(org, personas):
    for code, outline in bundled_outlines().items():
        assert MIGRATION.patched(_v1(outline.as_dict())) == outline.as_dict(), code
    current = bundled_outlines()["cchc-dinh-ky"]
    old = ReportTemplate.objects.create(
        code="cchc-dinh-ky", version=1, name=current.name, definition=_v1(current.as_dict())
    )
    cycle = make_cycle(org)
    cycle.template = old
    cycle.save()
    period = make_period(org, due=__import__("datetime").date(2026, 9, 10), cycle=cycle)
    ward, sibling = period.submissions.get(unit=org.ward), period.submissions.get(unit=org.sibling)
    period.submissions.update(template=old)
    Submission.objects.filter(pk=ward.pk).update(
        status="draft", numbers={"inspections": "4", "feedback_handled": "", "staff_trained": "9"}
    )
    Submission.objects.filter(pk=sibling.pk).update(status="accepted", numbers={"inspections": "2"})
    MIGRATION.forward(apps, None)
    new = ReportTemplate.objects.get(code="cchc-dinh-ky", version=2)
    assert new.definition == current.as_dict()
    assert services.template_current("cchc-dinh-ky") == new  # new cycles take the migrated row
    cycle.refresh_from_db()
    ward.refresh_from_db()
    sibling.refresh_from_db()
    assert cycle.template == new
    assert ward.template == new and ward.numbers == {"staff_trained": "9"}
    assert ward.overrides == {"inspections": {"value": "4", "note": MIGRATION.NOTE}}  # typed, kept, explained
    assert sibling.template == old and sibling.numbers == {"inspections": "2"}  # sent: kept as sent
    MIGRATION.forward(apps, None)  # twice changes nothing
    assert ReportTemplate.objects.filter(code="cchc-dinh-ky").count() == 2
    MIGRATION.backward(apps, None)
    ward.refresh_from_db()
    assert ward.template == old and ward.numbers == {"staff_trained": "9", "inspections": "4"}


def test_the_inspections_count_opens_the_visits_behind_it_within_scope(org, personas, login):
    from datetime import date

    from cchc.reports import figures

    from .support import concluded_visits

    period = make_period(org, due=date(2026, 9, 10))
    concluded_visits(org, personas.coordinator, org.ward, period.data_from, n=2)
    concluded_visits(org, personas.coordinator, org.sibling, period.data_from)
    sub = period.submissions.get(unit=org.ward)
    row = _shown(login(personas.ward_officer), sub)["inspections"]
    assert row.auto == 2 and row.url  # the form's figure links to its records
    assert login(personas.ward_officer).get(row.url).context["listing"].count == 2
    city = figures.records_url("inspections", org.city, period.data_from, period.data_to, "visits")
    values = figures.collect(
        period.cycle.template.outline.number_fields, [org.city], period.data_from, period.data_to
    )
    assert (
        login(personas.coordinator).get(city).context["listing"].count
        == values[org.city.pk]["inspections"]
        == 3
    )
    assert login(personas.sibling_officer).get(row.url).status_code == 404  # another ward's visits: not seen
