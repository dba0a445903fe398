"""Regressions found in the QA pass: a bad cell loses no typed work, messages read as the UI writes points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.parindex.models import Round
from cchc.parindex.parsing import parse_input
from cchc.parindex.scoring import evaluate

from .conftest import assessment_of
from .factories import flat_doc, unit


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


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
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    r = client.post(url("criterion", a.pk, "1.1"), {"record_kind": "plan", "record_id": "7"})
    assert r.status_code == 302
    page = client.get(url("criterion", a.pk, "1.1")).content.decode()
    assert "Kế hoạch số 7" in page and "plan: 7" not in page


def test_penalty_error_in_english_names_the_kind_in_english():
    from cchc.core.errors import DomainError

    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}}, penalties=[{"points": 0}])])
    with pytest.raises(DomainError) as exc:
        data = parse_input(doc)
        evaluate(data.framework, data.units, data.stage)
    assert "phạt" in exc.value.vi and "penalty points" in exc.value.en and "phạt" not in exc.value.en


@pytest.mark.django_db
def test_round_form_rejects_deadlines_out_of_order_and_a_reversed_window(
    org, personas, login, small_framework
):
    client = login(personas.coordinator)
    data = {
        "name": "Đợt sai hạn", "framework": small_framework.pk, "owner_unit": org.city.pk, "units": [org.pc06.pk],
        "evidence_from": "15/09/2025", "evidence_to": "14/09/2025",
        "self_due": "10/12/2026", "round1_due": "01/12/2026", "explanation_due": "25/12/2026",
        "round2_due": "20/12/2026", "publish_due": "08/01/2027",
    }  # fmt: skip
    r = client.post(url("round_create"), data)
    assert r.status_code == 200
    page = r.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu thu thập tài liệu kiểm chứng." in page
    assert "Hạn này phải từ ngày 10/12/2026 (Hạn tự đánh giá) trở đi." in page  # round 1 before self
    assert "Hạn này phải từ ngày 25/12/2026 (Hạn giải trình) trở đi." in page  # round 2 before explanation
    assert not Round.objects.filter(name="Đợt sai hạn").exists()
    data.update(evidence_to="14/09/2026", round1_due="20/12/2026", round2_due="30/12/2026")
    assert client.post(url("round_create"), data).status_code == 302
    assert Round.objects.filter(name="Đợt sai hạn").exists()
