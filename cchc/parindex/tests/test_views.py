"""Scope through the views: units see their own assessment, the council sees its rounds, coordinators manage."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.parindex import services
from cchc.parindex.models import Assessment, Round

from .conftest import assessment_of, publish

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


def test_round_visibility_by_persona(par_round, personas, login, org):
    expect = {
        "coordinator": 200,
        "appraiser": 200,  # on the council
        "department_head": 200,  # PC06 is assessed
        "ward_officer": 200,
        "leader": 200,
        "sibling_officer": 404,
        "outsider": 404,
        "other_coordinator": 404,
        "admin": 200,
    }
    for name, status in expect.items():
        client = login(getattr(personas, name))
        assert client.get(url("round_detail", par_round.pk)).status_code == status, name
        client.logout()


def test_units_see_only_their_own_assessment(par_round, personas, login, org):
    pc06 = assessment_of(par_round, org.pc06)
    ward = assessment_of(par_round, org.ward)
    client = login(personas.ward_officer)
    assert client.get(url("assessment", ward.pk)).status_code == 200
    assert client.get(url("assessment", pc06.pk)).status_code == 404
    assert client.get(url("scorecard", pc06.pk)).status_code == 404
    page = client.get(url("round_detail", par_round.pk)).content.decode()
    assert "HP.CAP.A" in page and "HP.PC06" not in page
    assert client.get(url("ranking", par_round.pk)).status_code == 404  # nothing published yet
    assert client.get(url("round_input", par_round.pk)).status_code == 403
    client = login(personas.sibling_officer)
    assert client.get(url("assessment", ward.pk)).status_code == 404


def test_only_coordinators_manage(par_round, personas, login):
    for name in ("appraiser", "department_head", "leader"):
        client = login(getattr(personas, name))
        assert client.post(url("round_advance", par_round.pk)).status_code == 403, name
        assert client.get(url("round_edit", par_round.pk)).status_code == 403, name
    client = login(personas.other_coordinator)
    assert client.post(url("round_advance", par_round.pk)).status_code == 404
    client = login(personas.coordinator)
    assert 'data-testid="behind"' in client.get(url("round_detail", par_round.pk)).content.decode()
    page = client.post(url("round_advance", par_round.pk))  # both units unsubmitted: a confirmation first
    assert page.status_code == 200 and 'data-testid="advance-warning"' in page.content.decode()
    assert "HP.PC06" in page.content.decode()
    par_round.refresh_from_db()
    assert par_round.phase == Round.Phase.SELF
    assert client.post(url("round_advance", par_round.pk), {"confirm": "1"}).status_code == 302
    par_round.refresh_from_db()
    assert par_round.phase == Round.Phase.ROUND1


def test_non_council_appraiser_does_not_see_the_round(par_round, personas, login):
    par_round.council.clear()
    client = login(personas.appraiser)
    assert client.get(url("round_detail", par_round.pk)).status_code == 404
    assert client.get(url("index")).status_code == 200
    assert par_round.name not in client.get(url("index")).content.decode()
    a = par_round.assessments.first()
    assert client.get(url("assessment", a.pk)).status_code == 404
    assert client.get(url("scorecard", a.pk)).status_code == 404


def test_self_assessment_through_the_page(par_round, personas, login, org):
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    page = client.get(url("assessment", a.pk)).content.decode()
    assert 'name="self-1.1"' in page and 'name="self-2.2"' not in page  # survey criteria are not self-scored
    data = {"action": "save_self", "self-1.1": "3,5", "self-1.2": "2", "self-2.1": "1.5", "note-1.1": "Đã ban hành",
            "noev-1.2": "Số liệu từ phân hệ kế hoạch"}  # fmt: skip
    assert client.post(url("assessment", a.pk), data).status_code == 302
    a.refresh_from_db()
    assert str(a.scores.get(criterion__code="1.1").self_score) == "3.50"
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 kh", content_type="application/pdf")
    r = client.post(url("criterion", a.pk, "1.1"), {"title": "Kế hoạch", "file": upload})
    assert r.status_code == 302
    ev = a.evidence.get()
    assert client.get(url("evidence_download", ev.pk)).status_code == 200
    assert login(personas.sibling_officer).get(url("evidence_download", ev.pk)).status_code == 404
    client = login(personas.department_head)
    r = client.post(url("assessment", a.pk), {**data, "action": "submit"})
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED
    # The appraiser cannot self-score, the unit cannot appraise.
    client = login(personas.appraiser)
    assert client.post(url("assessment", a.pk), {"action": "save_self", "self-1.1": "1"}).status_code == 403


def test_appraiser_scores_round_one_and_adjusts(par_round, personas, login, org):
    a = assessment_of(par_round, org.pc06)
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    client = login(personas.appraiser)
    r = client.post(
        url("assessment", a.pk), {"action": "appraise", "r1-1.1": "3", "c1-1.1": "Thiếu tài liệu"}
    )
    assert r.status_code == 302
    s = a.scores.get(criterion__code="1.1")
    assert str(s.round1) == "3.00" and s.round1_by == personas.appraiser
    r = client.post(url("adjustment_add", a.pk), {"kind": "bonus", "points": "1", "reason": "Sáng kiến"})
    assert a.adjustments.count() == 1
    assert (
        login(personas.department_head)
        .post(url("adjustment_add", a.pk), {"kind": "bonus", "points": "1", "reason": "x"})
        .status_code
        == 403
    )
    history = login(personas.department_head).get(url("assessment", a.pk)).content.decode()
    assert "Lịch sử thay đổi" in history and "Thiếu tài liệu" in history


def _appraise_round2(par_round, personas):
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    for a in par_round.assessments.all():
        services.appraisal_save(
            assessment=a, actor=personas.appraiser, round_no=2,
            entries={c: {"score": v} for c, v in {"1.1": "3", "1.2": "2", "2.1": "2", "2.2": "1"}.items()},
        )  # fmt: skip


def _publish(par_round, personas):
    _appraise_round2(par_round, personas)
    return publish(par_round, personas)


def test_ranking_exports_and_announcement(par_round, personas, login, org):
    _publish(par_round, personas)
    client = login(personas.coordinator)
    page = client.get(url("ranking", par_round.pk)).content.decode()
    assert "<svg" in page and 'data-testid="ranking"' in page and "Tạm tính" not in page
    r = client.get(url("ranking", par_round.pk) + "?export=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:3] == ["Xếp hạng", "Mã đơn vị", "Tên đơn vị"]
    assert ws.max_row == 3 and ws.cell(2, 1).value == 1 and ws.cell(3, 1).value == 1  # tie: shared rank
    doc = client.get(url("announcement", par_round.pk))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    word = Document(io.BytesIO(doc.content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Công bố Chỉ số cải cách hành chính năm 2026" in text
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Phòng Cảnh sát quản lý hành chính về trật tự xã hội" in cells and "Tốt" in cells
    assert "Hải Phòng, ngày" in "\n".join(cells)
    for name, args in (
        ("round_detail", [par_round.pk]),
        ("assessment", [assessment_of(par_round, org.pc06).pk]),
    ):
        r = client.get(url(name, *args) + "?export=xlsx")
        assert r["Content-Type"].startswith("application/vnd.openxmlformats"), name
        assert load_workbook(io.BytesIO(r.content)).active.max_row > 2
    data = json.loads(client.get(url("round_input", par_round.pk)).content)
    assert data["stage"] == "appraised" and len(data["units"]) == 2
    # The unit sees the published ranking, with only its own scorecard linked.
    client = login(personas.ward_officer)
    page = client.get(url("ranking", par_round.pk)).content.decode()
    ward = assessment_of(par_round, org.ward)
    pc06 = assessment_of(par_round, org.pc06)
    assert url("scorecard", ward.pk) in page and url("scorecard", pc06.pk) not in page
    card = client.get(url("scorecard", ward.pk)).content.decode()
    assert "what-if" in card and "Xuất sắc" in card


def test_framework_pages_import_and_export(personas, login, small_framework):
    from datetime import date
    from decimal import Decimal

    from cchc.parindex.models import Framework

    Framework.objects.filter(pk=small_framework.pk).update(
        penalty_points=Decimal("1.5"), evidence_from=date(2025, 12, 15), evidence_to=date(2026, 12, 14)
    )
    client = login(personas.coordinator)
    r = client.get(url("framework_detail", small_framework.pk) + "?format=xlsx")
    assert r.status_code == 200
    upload = SimpleUploadedFile("bo.xlsx", r.content)
    r = client.post(url("framework_import"), {"file": upload, "unit_kind": "commune_police"})
    assert r.status_code == 302
    again = Framework.objects.exclude(pk=small_framework.pk).get(name=small_framework.name)
    assert (again.penalty_points, again.evidence_from, again.evidence_to) == (
        Decimal("1.5"),
        date(2025, 12, 15),
        date(2026, 12, 14),
    )
    r = client.post(
        url("framework_import"), {"file": SimpleUploadedFile("bo.json", b'{"framework": {"name": 1}}')}
    )
    assert r.status_code == 200 and "tiêu chí" in r.content.decode()
    assert login(personas.ward_officer).get(url("framework_import")).status_code == 403
    r = login(personas.coordinator).post(url("framework_sample"), {"year": "2024"})
    page = login(personas.coordinator).get(r["Location"]).content.decode()
    assert 'data-testid="sample-banner"' in page


def test_create_round_through_the_form(org, personas, login, small_framework):
    client = login(personas.coordinator)
    assert client.get(url("round_create")).status_code == 200
    data = {
        "name": "Đợt mới", "framework": small_framework.pk, "owner_unit": org.city.pk,
        "units": [org.pc06.pk, org.pv01.pk], "evidence_from": "15/09/2025", "evidence_to": "14/09/2026",
        "council": [personas.appraiser.pk],
    }  # fmt: skip
    r = client.post(url("round_create"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    rnd = Round.objects.get(name="Đợt mới")
    assert rnd.assessments.count() == 2 and rnd.assessments.first().scores.count() == 4
    by_kind = {**data, "name": "Theo loại", "units": [org.pc06.pk], "unit_kinds": ["commune_police"]}
    assert client.post(url("round_create"), by_kind).status_code == 302
    codes = set(Round.objects.get(name="Theo loại").assessments.values_list("unit__code", flat=True))
    assert codes == {"HP.PC06", "HP.CAP.A", "HP.CAP.B"}
    r = client.post(url("round_create"), {**data, "name": "Trống", "units": []})
    assert r.status_code == 200 and "Chọn đơn vị được đánh giá" in r.content.decode()
    outside = {**data, "name": "Ngoài", "owner_unit": org.other_city.pk}
    assert client.post(url("round_create"), outside).status_code == 200  # not a unit the coordinator manages
    assert login(personas.ward_officer).get(url("round_create")).status_code == 403
    edit = {k: v for k, v in data.items() if k not in ("framework", "owner_unit", "units")}
    r = login(personas.coordinator).post(
        url("round_edit", rnd.pk), {**edit, "units": [org.ward.pk], "name": "Đổi tên"}
    )
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert rnd.name == "Đổi tên" and rnd.assessments.count() == 3


def test_home_attention_and_navigation(par_round, personas, login):
    page = login(personas.department_head).get("/").content.decode()
    assert "Tự đánh giá Chỉ số CCHC" in page and "/chi-so-cchc/" in page
    assert "2 đơn vị chưa gửi tự đánh giá" in login(personas.coordinator).get("/").content.decode()
    assert "chưa gửi tự đánh giá" not in login(personas.other_coordinator).get("/").content.decode()
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    assert "Thẩm định Chỉ số CCHC" in login(personas.appraiser).get("/").content.decode()


def test_publishing_units_that_never_submitted_needs_a_confirmation(personas, login, par_round):
    _appraise_round2(par_round, personas)
    client = login(personas.coordinator)
    page = client.get(url("round_detail", par_round.pk)).content.decode()
    assert 'data-testid="never-submitted"' in page and 'name="confirm_unsubmitted"' in page
    r = client.post(url("round_submit", par_round.pk), follow=True)
    assert "chưa gửi tự đánh giá" in r.content.decode()
    par_round.refresh_from_db()
    assert par_round.phase == Round.Phase.ROUND2
    r = client.post(url("round_submit", par_round.pk), {"confirm_unsubmitted": "1"})
    par_round.refresh_from_db()
    assert r.status_code == 302 and par_round.phase == Round.Phase.APPROVAL
    assert not par_round.versions.exists()  # waiting for the leader
    # The coordinator cannot approve; the leader can.
    assert client.post(url("round_publish", par_round.pk)).status_code == 403
    r = login(personas.leader).post(url("round_publish", par_round.pk), {"action": "approve"})
    assert r.status_code == 302 and par_round.versions.count() == 1


def test_publication_is_all_or_nothing(personas, par_round, monkeypatch):
    """A failure after the version is written (here: saving the round's phase) leaves no version behind."""
    _appraise_round2(par_round, personas)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    services.round_request_publication(rnd=par_round, actor=personas.coordinator, confirm_unsubmitted=True)
    monkeypatch.setattr(Round, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.round_publish(rnd=par_round, actor=personas.leader)
    assert not par_round.versions.exists()


@pytest.mark.django_db
def test_a_bad_self_score_keeps_what_was_typed_and_lists_every_error(par_round, personas, login, org):
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    data = {"action": "save_self", "self-1.1": "9", "self-1.2": "abc", "self-2.1": "1,5",
            "note-1.1": "Đã ban hành kế hoạch số 12", "na-2.1": "1", "nareason-2.1": ""}  # fmt: skip
    r = client.post(url("assessment", a.pk), data)
    assert r.status_code == 400
    page = r.content.decode()
    assert "điểm tự chấm phải trong khoảng 0–4." in page  # "4", not "4.00"
    assert "Tiêu chí 1.2: điểm tự chấm &#x27;abc&#x27; không phải là số." in page
    assert "Tiêu chí 2.1: nêu lý do đề nghị hạ chuẩn." in page
    assert 'name="self-1.1" value="9"' in page and 'name="self-1.2" value="abc"' in page
    assert 'name="self-2.1" value="1,5"' in page and "Đã ban hành kế hoạch số 12" in page
    assert 'name="na-2.1" value="1" checked' in page
    # nothing was saved
    assert a.scores.get(criterion__code="2.1").self_score is None


@pytest.mark.django_db
def test_a_bad_appraisal_score_keeps_the_other_scores_typed(par_round, personas, login, org):
    a = assessment_of(par_round, org.pc06)
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    client = login(personas.appraiser)
    r = client.post(
        url("assessment", a.pk),
        {"action": "appraise", "r1-1.1": "3", "c1-1.1": "Thiếu tài liệu", "r1-2.1": "2,5"},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "Tiêu chí 2.1: điểm thẩm định lần 1 phải trong khoảng 0–2." in page
    assert 'name="r1-1.1" value="3"' in page and "Thiếu tài liệu" in page and 'value="2,5"' in page
    assert 'data-testid="r1-1.1">—</b>' in page  # the saved score stays as it is; only the input shows "3"
    assert "Ý kiến thẩm định lần 1" not in page  # nor is the typed comment shown as a saved one
    assert a.scores.get(criterion__code="1.1").round1 is None  # all or nothing
    # Corrected, it saves and redirects.
    r = client.post(url("assessment", a.pk), {"action": "appraise", "r1-1.1": "3", "r1-2.1": "2"})
    assert r.status_code == 302 and str(a.scores.get(criterion__code="1.1").round1) == "3.00"


@pytest.mark.django_db
def test_record_evidence_shows_its_kind_in_vietnamese(par_round, personas, login, org):
    from cchc.plans.models import Plan

    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    plan = Plan.objects.create(issuer=org.pc06, title="Kế hoạch CCHC năm 2026 của PC06", year=2026)
    r = client.post(url("criterion", a.pk, "1.1"), {"record_kind": "plan", "record_id": str(plan.pk)})
    assert r.status_code == 302
    page = client.get(url("criterion", a.pk, "1.1")).content.decode()
    assert f"Kế hoạch số {plan.pk}" in page and f"plan: {plan.pk}" not in page
