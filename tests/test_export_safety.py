"""Hostile text through every export: every Excel, Word and PDF download still works and stays inert.

A control character in one survey comment (or a unit name, a plan title …) used to make the export fail for everyone
(openpyxl and python-docx refuse characters XML cannot hold); ``=HYPERLINK(…)`` typed into a field came out as a live
formula. Each export below is fed the strings of ``HOSTILE`` and must answer 200 with a file that opens, in which no
cell is a formula, every text that starts like one is a quote-prefixed string cell, and no character XML cannot hold
is left; the expected texts show the hostile data did reach the file.

38 downloads: surveys 8 (results, comments, service points, paper-form template, reports 01 and 02 in Word, a QR
poster and the batch of posters in PDF), units, their import template and people 3, the register of documents 1,
plans 7 (list, tasks, matrix, cascade, my tasks, plan and reminder in Word), reports 4 (my reports, a period, the
synthesis annex and the synthesis in Word), PAR index 8 (rounds, a round's units, ranking, round input, assessment,
frameworks, a framework, the announcement in Word), one-stop 6 (procedures, dossiers, late dossiers, Biểu 06, the
apology letter in Word, the portal figures awaiting approval), the API sharing log 1.
"""

from __future__ import annotations

import functools
import inspect
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a\x0bb", "\x01", "\ufffe"]
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

# The unit names the exports print most: a formula in one, a control character in another.
UNIT_NAMES = {"ward": HYPERLINK, "sibling": "a\x0bb", "pc06": "-2+3", "pv01": "@SUM(A1)"}

# The views the tests below download from (every check_* asserts its download is one of them);
# test_every_download_view_is_tested compares them with the views that answer with a file.
EXPORT_VIEWS = {
    "cchc.surveys.views.results",
    "cchc.surveys.views.comment_list",
    "cchc.surveys.views.point_list",
    "cchc.surveys.views.paper_entry",
    "cchc.surveys.views.report_word",
    "cchc.surveys.views.point_poster",
    "cchc.surveys.views.point_batch",
    "cchc.surveys.views.coverage",
    "cchc.orgs.views.unit_list",
    "cchc.orgs.views.unit_import_template",
    "cchc.orgs.views_people.people_list",
    "cchc.documents.views.register",
    "cchc.plans.views.plan_list",
    "cchc.plans.views.plan_excel",
    "cchc.plans.views.plan_matrix",
    "cchc.plans.views.plan_cascade_status",
    "cchc.plans.views.plan_word",
    "cchc.plans.views.reminder_letter_word",
    "cchc.plans.views.plan_source",
    "cchc.plans.views.my_tasks",
    "cchc.reports.views.period_detail",
    "cchc.reports.views.synthesis_detail",
    "cchc.reports.views.index",
    "cchc.reports.views.cycle_detail",
    "cchc.reports.views.submission_document",
    "cchc.parindex.views.rounds.index",
    "cchc.parindex.views.rounds.round_detail",
    "cchc.parindex.views.ranking.ranking",
    "cchc.parindex.views.rounds.round_input",
    "cchc.parindex.views.assessments.assessment_detail",
    "cchc.parindex.views.frameworks.framework_list",
    "cchc.parindex.views.frameworks.framework_detail",
    "cchc.parindex.views.ranking.announcement",
    "cchc.parindex.views.council.minutes",
    "cchc.onestop.views.procedures.procedure_list",
    "cchc.onestop.views.dossiers.dossier_list",
    "cchc.onestop.views.late.late_list",
    "cchc.onestop.views.indicators.report06",
    "cchc.onestop.views.late.apology_download",
    "cchc.onestop.views.figures.portal_figure_queue",
    "cchc.pakn.views.index",
    "cchc.pakn.views.answer_letter",
    "cchc.inspections.views.index",
    "cchc.inspections.views.findings",
    "cchc.inspections.views.coverage",
    "cchc.inspections.views.plan_document",
    "cchc.inspections.views.visit_document",
    "cchc.onestop.views.workflow.dossier_form_docx",
    "cchc.onestop.views.workflow.dossier_book",
    "cchc.onestop.views.indicators.processing_times",
    "cchc.onestop.views.unit_procedures.unit_procedures",
    "cchc.initiatives.views.index",
    "cchc.initiatives.views.request_word",
    "cchc.initiatives.views.minutes_word",
    "cchc.initiatives.views.decision_word",
    "cchc.targets.views.target_list",
    "cchc.targets.views.target_import_template",
    "cchc.api.views.call_log",
}


def hostile_units(org) -> None:
    """Rename the units after the data was built (names are matched while importing, not while exporting)."""
    for attr, name in UNIT_NAMES.items():
        OrgUnit.objects.filter(pk=getattr(org, attr).pk).update(name=name)
    OrgUnit.objects.filter(pk=org.ward.pk).update(short_name="+1", note="\rx")


def _view(func) -> str:
    func = inspect.unwrap(func)
    return f"{func.__module__}.{func.__qualname__}"


def _known(response, name: str) -> None:
    """The download is one of EXPORT_VIEWS, so the list the coverage test compares with is the list tested."""
    assert response.status_code == 200, name
    assert _view(response.resolver_match.func) in EXPORT_VIEWS, (name, _view(response.resolver_match.func))


def check_xlsx(response, module: str, name: str, expect=()) -> None:
    """200, the workbook opens, no formula, formula-like texts quote-prefixed, no XML-illegal character."""
    name = f"{module} / {name}"
    _known(response, name)
    wb = load_workbook(io.BytesIO(response.content))  # not read-only: data types and styles are checked
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                where = f"{name}: {ws.title}!{cell.coordinate} = {value!r}"
                assert cell.data_type != "f", where
                if isinstance(value, str):
                    assert not NOT_XML.search(value), where
                    if value.startswith(FORMULA_LEADS):
                        assert cell.data_type == "s" and cell.quotePrefix, where
                    texts.append(value)
    _expect(name, "\n".join(texts), expect)


def check_docx(response, module: str, name: str, expect=()) -> None:
    """200, the document opens with python-docx, no XML-illegal character in its text."""
    name = f"{module} / {name}"
    _known(response, name)
    doc = Document(io.BytesIO(response.content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join(parts)
    assert not NOT_XML.search(text), name
    _expect(name, text, expect)


def check_pdf(response, module: str, name: str) -> None:
    name = f"{module} / {name}"
    _known(response, name)
    assert response.content.startswith(b"%PDF"), name


def _expect(name: str, text: str, expect) -> None:
    """The hostile data did reach the file (cleaned): the test is not passing on an empty export."""
    folded = text.casefold()
    for needle in expect:
        cleaned = NOT_XML.sub(
            lambda m: "\n" if m.group() in "\x0b\x0c" else "", needle
        )  # VT, FF: line breaks
        assert cleaned.casefold() in folded, f"{name}: {needle!r} not exported"


# --------------------------------------------------------------------------------------------------- surveys


@pytest.fixture
def survey_data(org, personas):
    from cchc.surveys import answering, services
    from cchc.surveys.catalog import get_questionnaire
    from cchc.surveys.models import Origin, Response, ServicePoint

    services.clear_cache()
    survey = services.survey_create(
        title="Khảo sát 2026",
        questionnaire="sipas_citizen:1",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=30),
    )
    points = [
        services.service_point_create(unit=unit, name="Bộ phận một cửa")
        for unit in (org.pc06, org.ward, org.sibling)
    ]
    q = get_questionnaire("sipas_citizen", 1)
    for i, text in enumerate(HOSTILE):
        point = points[i % len(points)]
        r = services.response_record(
            survey=survey,
            unit_id=point.unit_id,
            origin=Origin.QR,
            reading=answering.read_answers(q, {"q1": "5", "q16": "4", "comment": "tạm"}),
            service_point_id=point.pk,
        )
        Response.objects.filter(pk=r.pk).update(comment=text)  # exactly as typed, not stripped
    for i, point in enumerate(points):
        ServicePoint.objects.filter(pk=point.pk).update(name=HOSTILE[i], location=HOSTILE[i + 3])
    hostile_units(org)
    yield points
    services.clear_cache()


def test_survey_exports(org, personas, login, survey_data):
    c = login(personas.coordinator)
    year = f"from=01/01/{timezone.localdate().year}"
    check_xlsx(c.get(f"/khao-sat/?unit=HP&{year}&export=xlsx"), "surveys", "results", [HYPERLINK, "a\x0bb"])
    check_xlsx(c.get(f"/khao-sat/y-kien/?unit=HP&{year}&export=xlsx"), "surveys", "comments", HOSTILE)
    check_xlsx(c.get("/khao-sat/diem/?export=xlsx"), "surveys", "service points", HOSTILE[:6])
    check_xlsx(c.get("/khao-sat/do-phu/?unit=HP&export=xlsx"), "surveys", "coverage", [HYPERLINK, "a\x0bb"])
    check_xlsx(
        c.get(f"/khao-sat/phieu-giay/?point={survey_data[0].pk}&template=xlsx"), "surveys", "paper form"
    )
    check_docx(c.get("/khao-sat/bao-cao/1/?unit=HP"), "surveys", "report 01", [HYPERLINK, "a\x0bb"])
    check_docx(
        c.get("/khao-sat/bao-cao/2/?unit=HP"), "surveys", "report 02"
    )  # organisations: no answers here
    from cchc.surveys import posters

    if posters.pdf_available():
        check_pdf(c.get(f"/khao-sat/diem/{survey_data[1].pk}/poster/?format=pdf"), "surveys", "poster")
        check_pdf(c.get("/khao-sat/diem/in-hang-loat/?unit=HP&format=pdf"), "surveys", "posters")


# --------------------------------------------------------------------------------------------- orgs, people


def test_units_and_people_exports(org, personas, login):
    from cchc.accounts.models import User
    from cchc.orgs.models import OrgUnitAlias

    OrgUnitAlias.objects.create(unit=org.pc06, name="@SUM(A1) alias")
    User.objects.filter(pk=personas.ward_officer.pk).update(full_name=HYPERLINK, position="\x01")
    User.objects.filter(pk=personas.sibling_officer.pk).update(full_name="\ufffe", position="-2+3")
    hostile_units(org)
    c = login(personas.admin)
    check_xlsx(c.get("/don-vi/?export=xlsx"), "orgs", "units", [HYPERLINK, "a\x0bb", "-2+3", "+1", "\rx"])
    check_xlsx(c.get("/don-vi/nhap-excel/mau.xlsx"), "orgs", "units template")
    check_xlsx(c.get("/nguoi-dung/?export=xlsx"), "orgs", "people", [HYPERLINK, "-2+3", "a\x0bb"])


# ------------------------------------------------------------------------------------------------ documents


def test_register_export(org, personas, login):
    from cchc.documents.services import document_number_reserve

    for i, text in enumerate(HOSTILE):
        document_number_reserve(
            issuer=org.ward,
            doc_type_code="KH",
            symbol="CAP",
            summary=text,
            on_date=date(2026, 1, 19) + timedelta(days=i),
            user=personas.ward_officer,
        )
    from cchc.documents.models import IssuedDocument

    for doc, text in zip(IssuedDocument.objects.order_by("number"), HOSTILE, strict=True):
        IssuedDocument.objects.filter(pk=doc.pk).update(summary=text)
    hostile_units(org)
    check_xlsx(login(personas.coordinator).get("/van-ban/?export=xlsx"), "documents", "register", HOSTILE)


# ---------------------------------------------------------------------------------------------------- plans


def test_plan_exports(org, personas, login):
    from cchc.plans.models import Plan, Task
    from cchc.plans.tests.django.helpers import issued_plan

    plan = issued_plan(org, personas)
    fields = ("content", "product", "target", "leader", "notes", "deadline_text")
    for i, task in enumerate(plan.tasks.order_by("order")):
        Task.objects.filter(pk=task.pk).update(
            **{f: HOSTILE[(i * len(fields) + j) % len(HOSTILE)] for j, f in enumerate(fields)}
        )
    Plan.objects.filter(pk=plan.pk).update(title=HYPERLINK)
    hostile_units(org)
    c = login(personas.coordinator)
    check_xlsx(c.get("/ke-hoach/?export=xlsx"), "plans", "plans", [HYPERLINK])
    check_xlsx(c.get(f"/ke-hoach/{plan.pk}/excel/"), "plans", "plan tasks", HOSTILE)
    check_xlsx(c.get(f"/ke-hoach/{plan.pk}/ma-tran/?export=xlsx"), "plans", "matrix", [HYPERLINK, "@SUM(A1)"])
    check_xlsx(
        c.get(f"/ke-hoach/{plan.pk}/trien-khai/?export=xlsx"), "plans", "cascade", [HYPERLINK, "a\x0bb"]
    )
    check_docx(c.get(f"/ke-hoach/{plan.pk}/word/"), "plans", "plan word", HOSTILE[:4])
    c.post(f"/ke-hoach/{plan.pk}/don-doc/HP.CAP.A/", {"signer_name": "a\x0bb", "recipients": HYPERLINK})
    letter = plan.reminder_letters.get()
    check_docx(c.get(f"/ke-hoach/don-doc/{letter.pk}/word/"), "plans", "reminder word", [HYPERLINK])
    check_xlsx(c.get("/ke-hoach/nhiem-vu-cua-toi/?export=list"), "plans", "tracking list", [HYPERLINK])
    from django.core.files.base import ContentFile

    plan.source_file.save(f"{plan.pk}-x.txt", ContentFile(b"x"), save=True)
    Plan.objects.filter(pk=plan.pk).update(source_filename='ke "hoach"\r\n.docx')
    r = c.get(f"/ke-hoach/{plan.pk}/tep-goc/")
    _known(r, "plans / original file")
    assert "\r" not in r["Content-Disposition"] and "\n" not in r["Content-Disposition"]
    ward = login(personas.ward_officer)
    check_xlsx(ward.get("/ke-hoach/nhiem-vu-cua-toi/?export=xlsx"), "plans", "my tasks", [HYPERLINK])


# -------------------------------------------------------------------------------------------------- reports


def test_report_exports(org, personas, login):
    from cchc.reports import services
    from cchc.reports.models import ReportPeriod
    from cchc.reports.tests.support import approve, make_period

    period = make_period(org, due=date(2026, 9, 10), title="Báo cáo đột xuất")
    ReportPeriod.objects.filter(pk=period.pk).update(title=HYPERLINK)
    for i, sub in enumerate(period.submissions.order_by("unit__code")):
        services.submission_save(
            submission=sub, actor=None, narratives={"tthc.noi_dung": "\n".join(HOSTILE[i::2])}
        )
        services.submission_submit(submission=sub, actor=personas.admin)
        approve(sub, personas)  # a report counts once its head approved it (issue 14)
    hostile_units(org)
    c = login(personas.coordinator)
    check_xlsx(c.get(f"/bao-cao/ky/{period.pk}/?export=xlsx"), "reports", "period", [HYPERLINK, "a\x0bb"])
    check_xlsx(
        c.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=xlsx"), "reports", "synthesis annex", [HYPERLINK]
    )
    check_docx(
        c.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=docx"), "reports", "synthesis word", HOSTILE[:4]
    )
    check_xlsx(c.get(f"/bao-cao/chu-ky/{period.cycle_id}/?export=xlsx"), "reports", "cycle", [HYPERLINK])
    sub = period.submissions.order_by("unit__code").first()
    check_docx(
        c.get(f"/bao-cao/nop/{sub.pk}/van-ban/?export=docx"), "reports", "unit report word", HOSTILE[0::2][:2]
    )
    ward = login(personas.ward_officer)
    check_xlsx(ward.get("/bao-cao/?export=xlsx"), "reports", "my reports", [HYPERLINK])


# ------------------------------------------------------------------------------------------------- parindex


def test_par_index_exports(org, personas, login):
    from cchc.parindex import services
    from cchc.parindex.models import Criterion, Framework, Round
    from cchc.parindex.tests.conftest import SMALL

    framework = services.framework_import(document=SMALL)
    Framework.objects.filter(pk=framework.pk).update(name="-2+3", description=HYPERLINK)
    for criterion, title in zip(framework.criteria.order_by("position"), HOSTILE, strict=False):
        Criterion.objects.filter(pk=criterion.pk).update(title=title)
    rnd = services.round_create(
        actor=personas.coordinator,
        framework=framework,
        owner_unit=org.city,
        name="Đợt thử 2026",
        units=[org.pc06, org.ward],
        evidence_from=date(2025, 9, 15),
        evidence_to=date(2026, 9, 14),
        council=[personas.appraiser],
    )
    Round.objects.filter(pk=rnd.pk).update(name="a\x0bb", phase=Round.Phase.ROUND2)
    rnd.refresh_from_db()
    scores = {"1.1": "3", "1.2": "2", "2.1": "2", "2.2": "1"}
    for i, assessment in enumerate(rnd.assessments.order_by("unit__code")):
        services.appraisal_save(
            assessment=assessment,
            actor=personas.appraiser,
            round_no=2,
            entries={code: {"score": v, "comment": HOSTILE[i + 5]} for code, v in scores.items()},
        )
        services.adjustment_add(
            assessment=assessment, actor=personas.appraiser, kind="bonus", points="1", reason=HOSTILE[i + 2]
        )
    hostile_units(org)
    OrgUnit.objects.filter(pk=org.city.pk).update(name="+1")  # the organiser
    services.round_request_publication(rnd=rnd, actor=personas.coordinator, confirm_unsubmitted=True)
    services.round_publish(rnd=rnd, actor=personas.leader)
    assessment = rnd.assessments.get(unit=org.ward)
    c = login(personas.coordinator)
    base = f"/chi-so-cchc/dot/{rnd.pk}/"
    check_xlsx(c.get("/chi-so-cchc/?export=xlsx"), "parindex", "rounds", ["a\x0bb", "+1"])
    check_xlsx(c.get(f"{base}?export=xlsx"), "parindex", "round units", [HYPERLINK, "-2+3"])
    check_xlsx(c.get(f"{base}xep-hang/?export=xlsx"), "parindex", "ranking", [HYPERLINK, "-2+3"])
    check_xlsx(c.get(f"{base}du-lieu/?format=xlsx"), "parindex", "round input", HOSTILE[:5])
    check_xlsx(
        c.get(f"/chi-so-cchc/danh-gia/{assessment.pk}/?export=xlsx"), "parindex", "assessment", HOSTILE[:6]
    )
    check_xlsx(c.get("/chi-so-cchc/bo-tieu-chi/?export=xlsx"), "parindex", "frameworks", ["-2+3"])
    check_xlsx(
        c.get(f"/chi-so-cchc/bo-tieu-chi/{framework.pk}/?format=xlsx"), "parindex", "framework", HOSTILE[:6]
    )
    check_docx(c.get(f"{base}thong-bao.docx"), "parindex", "announcement", [HYPERLINK, "-2+3"])
    c.post(f"{base}bien-ban/2/", {"meeting_place": HOSTILE[0], "conclusion": HOSTILE[1]})
    check_docx(c.get(f"{base}bien-ban/2/"), "parindex", "council minutes", [HYPERLINK, "-2+3"])
    type(assessment).objects.filter(pk=assessment.pk).update(summary=HOSTILE[3])
    check_docx(
        c.get(f"/chi-so-cchc/danh-gia/{assessment.pk}/?export=docx"),
        "parindex",
        "self-assessment report",
        ["-2+3"],
    )


# -------------------------------------------------------------------------------------------------- onestop


def test_one_stop_exports(org, personas, login):
    from cchc.onestop.importing import dossier_create_at_desk
    from cchc.onestop.models import ApologyLetter, Dossier, Procedure
    from cchc.onestop.services import apology_issue
    from cchc.onestop.tests.helpers import load_procedures, working_day_after

    load_procedures()
    now = timezone.now()
    procedures = list(Procedure.objects.order_by("code"))
    for i, text in enumerate(HOSTILE):
        d = dossier_create_at_desk(
            unit=org.ward if i % 2 else org.sibling,
            procedure=procedures[i % len(procedures)],
            received_at=now - timedelta(days=30 + i),
            code=f"HS-{i}",
            applicant_name="Trần Văn Bình",
        )
        Dossier.objects.filter(pk=d.pk).update(applicant_name=text, applicant_address=HOSTILE[-1 - i])
    letter = apology_issue(
        dossier=Dossier.objects.get(code="HS-1"),
        reason="Cần xác minh thêm",
        new_due_at=working_day_after(now, 5),  # a re-appointment is a working day
    )
    ApologyLetter.objects.filter(pk=letter.pk).update(reason="a\x0bb", signer_name=HYPERLINK, place="\x01")
    for i, p in enumerate(procedures):
        Procedure.objects.filter(pk=p.pk).update(name=HOSTILE[i], field=HOSTILE[i + 2], level=HOSTILE[i + 4])
    hostile_units(org)
    c = login(personas.coordinator)
    check_xlsx(c.get("/mot-cua/thu-tuc/?export=xlsx"), "onestop", "procedures", HOSTILE[:9])
    check_xlsx(c.get("/mot-cua/ho-so/?export=xlsx"), "onestop", "dossiers", HOSTILE)
    check_xlsx(c.get("/mot-cua/tre-han/?export=xlsx"), "onestop", "late dossiers", HOSTILE[:5])
    today = timezone.localdate()
    q = f"unit={org.city.code}&from={today - timedelta(days=60):%Y-%m-%d}&to={today:%Y-%m-%d}"
    check_xlsx(c.get(f"/mot-cua/chi-so/bieu-06.xlsx?{q}"), "onestop", "Biểu 06", HOSTILE[2:5])
    check_docx(
        login(personas.ward_officer).get("/mot-cua/ho-so/HS-1/phieu-xin-loi.docx"),
        "onestop",
        "apology letter",
        [HYPERLINK, "+1"],
    )
    from cchc.onestop.workflow import desk_refuse

    desk_refuse(dossier=Dossier.objects.get(code="HS-1"), actor=None, reason=HYPERLINK)
    ward = login(personas.ward_officer)
    for form, expect in (("01", HOSTILE[1:2]), ("03", [HYPERLINK]), ("05", [HYPERLINK])):
        check_docx(ward.get(f"/mot-cua/ho-so/HS-1/mau-{form}.docx"), "onestop", f"Mẫu {form}", expect)
    book = f"/mot-cua/ho-so/so-theo-doi.xlsx?date_from={today - timedelta(days=60):%d/%m/%Y}&date_to={today:%d/%m/%Y}"
    check_xlsx(login(personas.coordinator).get(book), "onestop", "Mẫu 06 book", HOSTILE[:3])
    times = login(personas.coordinator).get(f"/mot-cua/chi-so/thoi-gian-giai-quyet/?{q}&export=xlsx")
    check_xlsx(times, "onestop", "processing times", HOSTILE[1:2])
    from cchc.onestop.models import UnitProcedure

    UnitProcedure.objects.create(unit=org.ward, procedure_code="1.001", desk=HYPERLINK, posted_since=today)
    listed = login(personas.ward_officer).get(
        f"/mot-cua/thu-tuc/cua-don-vi/?unit={org.ward.code}&export=xlsx"
    )
    check_xlsx(listed, "onestop", "unit procedures", [HYPERLINK])
    from cchc.onestop.services import portal_figure_propose

    portal_figure_propose(
        unit=org.ward,
        period_from=today - timedelta(days=60),
        period_to=today,
        code="DOSSIER_SYNC",
        ratio=100,
        note=HYPERLINK,
        actor=personas.ward_officer,
    )
    queue = login(personas.coordinator).get("/mot-cua/chi-so/so-lieu-cong/cho-duyet/?export=xlsx")
    check_xlsx(queue, "onestop", "portal figures", [HYPERLINK])


def test_pakn_exports(org, personas, login):
    from cchc.pakn import services
    from cchc.pakn.models import Record

    for i, text in enumerate(HOSTILE):
        r = services.record_create(
            unit=org.ward,
            actor=None,
            channel="post",
            sender_type="citizen",
            kind="phan_anh",
            title="Tiêu đề",
            content="Nội dung",
            sender_name="Trần Văn Bình",
            sender_address="Hải Phòng",
            sender_phone="0912345678",
        )
        Record.objects.filter(pk=r.pk).update(
            title=text, sender_name=HOSTILE[-1 - i], answer=f"Trả lời {text}"
        )
    hostile_units(org)
    c = login(personas.ward_officer)
    check_xlsx(c.get("/pakn/so-tiep-nhan/?export=xlsx"), "pakn", "register", HOSTILE)
    check_docx(c.get(f"/pakn/ho-so/{r.pk}/tra-loi.docx"), "pakn", "answer letter", [HOSTILE[-1]])


def test_initiative_exports(org, personas, login):
    from cchc.initiatives.models import Author, Initiative
    from cchc.initiatives.tests.support import recognised

    initiative = recognised(org, personas)
    Initiative.objects.filter(pk=initiative.pk).update(
        title=HYPERLINK, solution="a\x0bb", novelty="-2+3", effect_after="\x01"
    )
    Author.objects.filter(initiative=initiative).update(name="@SUM(A1)", position="\rx")
    review = initiative.reviews.get()  # decided (recognised) by the fixture: minutes and decision exist
    hostile_units(org)
    c = login(personas.coordinator)
    check_xlsx(c.get("/sang-kien/?export=xlsx"), "initiatives", "list", [HYPERLINK, "@SUM(A1)"])
    check_docx(c.get(f"/sang-kien/{initiative.pk}/don.docx"), "initiatives", "request", [HYPERLINK, "a\x0bb"])
    check_docx(c.get(f"/sang-kien/xet/{review.pk}/bien-ban.docx"), "initiatives", "minutes", [HYPERLINK])
    check_docx(c.get(f"/sang-kien/xet/{review.pk}/quyet-dinh.docx"), "initiatives", "decision", ["@SUM(A1)"])


def test_api_log_export(org, personas, login):
    from cchc.api.models import ApiCallLog

    for i, text in enumerate(HOSTILE):
        ApiCallLog.objects.create(
            token_name=text, method="GET", path=f"/api/v1/{text}", query=HOSTILE[-1 - i], status=404
        )
    c = login(personas.admin)
    check_xlsx(c.get("/nhat-ky-api/?export=xlsx"), "api", "sharing log", HOSTILE)


# ----------------------------------------------------------------------------------------- future exports


FILE_RESPONSES = ("xlsx_response(", "file_response(", "docx_response(", "pdf_response(")


def test_every_download_view_is_tested():
    """A view that answers with a workbook, a document or a PDF (through cchc.core.http's helpers) must be in
    EXPORT_VIEWS, i.e. downloaded above with hostile data: a new export fails here until it is."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def views(resolver):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from views(p)
            elif isinstance(p, URLPattern) and not hasattr(p.callback, "view_class"):
                callback = p.callback
                while isinstance(callback, functools.partial):  # django-ninja's docs views
                    callback = callback.func
                yield inspect.unwrap(callback)

    answering_with_files = {
        _view(func)
        for func in views(get_resolver())
        if any(h in inspect.getsource(func) for h in FILE_RESPONSES)
    }
    assert len(answering_with_files) >= 30
    assert answering_with_files - EXPORT_VIEWS == set()


def test_every_hand_built_workbook_is_saved_through_the_safe_text_helper():
    """A new export that builds a workbook by hand must make its texts safe too (cchc.core.safe_text)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "cchc"
    # sample input files for the importers' tests and benchmarks, not a download
    exempt = {root / "plans" / "importing" / "samples.py"}
    builders = [
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path not in exempt
        and "Workbook()" in path.read_text(encoding="utf-8")
    ]
    assert len(builders) >= 5  # core.excel, plans.excel, onestop.report06, reports.export, parindex.loaders
    for path in builders:
        source = path.read_text(encoding="utf-8")
        assert "workbook_bytes(" in source or "neutralise_workbook(" in source, path
        assert "safe_cell(" in source, path


# ----------------------------------------------------------------------------------------------- inspections


def test_inspection_exports(org, personas, login):
    from cchc.inspections import services
    from cchc.inspections.tests.helpers import plan_with_visit, record

    hostile_units(org)
    org.ward.refresh_from_db()
    coordinator = personas.coordinator
    plan, visit = plan_with_visit(org, coordinator)
    record(
        visit,
        coordinator,
        findings=[{"text": t, "request": t, "deadline": date(2026, 6, 30)} for t in HOSTILE[:4]],
    )
    services.visit_team_set(visit=visit, actor=coordinator, members=[(HOSTILE[0], HOSTILE[1], "leader")])
    visit = services.visit_conclude(visit=visit, actor=coordinator, strengths=HOSTILE[2], report_back_date=date(2026, 5, 1),
                                    on=date(2026, 3, 20))  # fmt: skip
    client = login(coordinator)
    check_xlsx(client.get("/kiem-tra/?export=xlsx"), "inspections", "plans")
    check_xlsx(
        client.get("/kiem-tra/kien-nghi/?export=xlsx"), "inspections", "findings", expect=[HYPERLINK, "-2+3"]
    )
    check_xlsx(
        client.get("/kiem-tra/bao-phu/?export=xlsx&nam=2026&don_vi=HP"),
        "inspections",
        "coverage",
        expect=[HYPERLINK],
    )
    check_docx(
        client.get(f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/"), "inspections", "plan", expect=[HYPERLINK]
    )
    for kind in ("QD", "BB", "BC", "TB"):
        check_docx(
            client.get(f"/kiem-tra/cuoc/{visit.pk}/van-ban/{kind}/"), "inspections", kind, expect=[HYPERLINK]
        )


# ----------------------------------------------------------------------------------------------- targets


def test_target_exports(org, personas, login):
    from cchc.targets.models import Target

    for i, text in enumerate(HOSTILE):
        Target.objects.create(
            unit=org.ward,
            year=date.today().year,
            code=f"manual.K{i}",
            value=100,
            title=text,
            source=HOSTILE[-1 - i],
        )
    hostile_units(org)
    c = login(personas.coordinator)
    check_xlsx(c.get("/chi-tieu/?export=xlsx"), "targets", "list", HOSTILE)
    check_xlsx(c.get("/chi-tieu/nhap/mau.xlsx"), "targets", "import template")
