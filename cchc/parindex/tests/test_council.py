"""The council: each member's own scores, the consensus by the chair or the secretary, conflicts, the minutes
(numbered in the documents register), bonus and penalty within the framework, the leader's approval."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from cchc.core.errors import DomainError
from cchc.documents.models import IssuedDocument
from cchc.orgs.scope import forget_scope
from cchc.parindex import council, services
from cchc.parindex.models import Adjustment, CouncilMinutes, MemberScore, Round
from tests.factories import member, person

from .conftest import assessment_of, publish

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


@pytest.fixture
def panel(par_round, org, personas):
    """A two-member council (the appraiser chairs it, a second appraiser sits on it), in round 1."""
    second = member(person("thamdinh2", full_name="Trần Thẩm Định"), org.city, "appraiser")
    par_round.council.add(second)
    par_round.chair = personas.appraiser
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    return par_round, second


def test_each_member_keeps_their_own_score_and_only_the_chair_agrees(panel, org, personas):
    rnd, second = panel
    a = assessment_of(rnd, org.pc06)
    council.member_score_save(
        assessment=a, actor=personas.appraiser, round_no=1, entries={"1.1": {"score": "3"}}
    )
    council.member_score_save(assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "2,5"}})
    council.member_score_save(assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "2"}})
    rows = {m.member_id: m.points for m in MemberScore.objects.filter(score__assessment=a)}
    assert rows == {personas.appraiser.pk: Decimal(3), second.pk: Decimal(2)}
    assert a.scores.get(criterion__code="1.1").round1 is None
    with pytest.raises(PermissionDenied, match="Chủ tịch"):
        services.appraisal_save(assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "2"}})
    services.appraisal_save(
        assessment=a, actor=personas.appraiser, round_no=1, entries={"1.1": {"score": "2.5"}}
    )
    assert a.scores.get(criterion__code="1.1").round1 == Decimal("2.5")
    # every bad cell is named, nothing saved
    with pytest.raises(ValidationError) as bad:
        council.member_score_save(
            assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "9"}, "2.1": {"score": "x"}}
        )
    assert len(bad.value.messages) == 2
    columns = council.member_columns(a, 1)
    assert [c.member for c in columns] == [personas.appraiser, second]  # the chair first
    assert council.unscored_by(a, 1) == [personas.appraiser.display_name, second.display_name]


def test_outsiders_and_unit_members_never_score(panel, org, personas):
    rnd, second = panel
    ward = assessment_of(rnd, org.ward)
    for outsider in (personas.coordinator, personas.admin, personas.leader):  # not on the council
        with pytest.raises(PermissionDenied):
            council.member_score_save(
                assessment=ward, actor=outsider, round_no=1, entries={"1.1": {"score": "1"}}
            )
        with pytest.raises(PermissionDenied):
            services.appraisal_save(
                assessment=ward, actor=outsider, round_no=1, entries={"1.1": {"score": "1"}}
            )
        with pytest.raises(PermissionDenied):
            services.adjustment_add(assessment=ward, actor=outsider, kind="bonus", points="1", reason="x")
    member(second, org.ward, "staff")
    forget_scope(second)
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        council.member_score_save(assessment=ward, actor=second, round_no=1, entries={"1.1": {"score": "1"}})
    assert not MemberScore.objects.exists()
    # the secretary, a member of the ward, cannot agree its scores either
    rnd.secretary = second
    rnd.save()
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        services.appraisal_save(assessment=ward, actor=second, round_no=1, entries={"1.1": {"score": "1"}})


def test_the_consensus_page_shows_every_member_and_is_the_officers_only(panel, org, personas, login):
    rnd, second = panel
    a = assessment_of(rnd, org.pc06)
    council.member_score_save(
        assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "2", "comment": "Thiếu văn bản"}}
    )
    page = login(second).get(url("assessment", a.pk)).content.decode()
    assert "Điểm của tôi lần 1" in page and 'data-testid="consensus-link"' not in page
    assert login(second).get(url("consensus", a.pk)).status_code == 403
    assert login(personas.department_head).get(url("consensus", a.pk)).status_code == 403  # the unit itself
    assert login(personas.sibling_officer).get(url("consensus", a.pk)).status_code == 404
    client = login(personas.appraiser)
    assert 'data-testid="consensus-link"' in client.get(url("assessment", a.pk)).content.decode()
    html = client.get(url("consensus", a.pk)).content.decode()
    assert second.display_name in html and 'title="Thiếu văn bản"' in html
    r = client.post(url("consensus", a.pk), {"action": "agree", "r1-1.1": "2,25", "c1-1.1": "Thống nhất"})
    assert r.status_code == 302
    assert a.scores.get(criterion__code="1.1").round1 == Decimal("2.25")
    # a forged consensus POST by a plain member changes nothing
    assert login(second).post(url("consensus", a.pk), {"r1-1.1": "4"}).status_code == 403
    assert a.scores.get(criterion__code="1.1").round1 == Decimal("2.25")


def test_take_the_self_score(panel, org, personas, login):
    rnd, _second = panel
    a = assessment_of(rnd, org.pc06)
    a.scores.filter(criterion__code__in=("1.1", "2.1")).update(self_score=Decimal("1.5"))
    a.scores.filter(criterion__code="1.1").update(round1=Decimal(1))
    client = login(personas.appraiser)
    client.post(url("consensus", a.pk), {"action": "take_self_all"})
    scores = {s.criterion.code: s.round1 for s in a.scores.select_related("criterion")}
    assert scores["1.1"] == 1 and scores["2.1"] == Decimal("1.5")  # only the unscored ones
    client.post(url("consensus", a.pk), {"action": "take_self:1.1"})
    assert a.scores.get(criterion__code="1.1").round1 == Decimal("1.5")  # named: replaced


def test_minutes_numbered_once_from_the_register(panel, org, personas, login):
    rnd, second = panel
    rnd.secretary = personas.coordinator
    rnd.save()
    a = assessment_of(rnd, org.pc06)
    council.member_score_save(assessment=a, actor=second, round_no=1, entries={"1.1": {"score": "2"}})
    assert login(second).post(url("minutes", rnd.pk, 1)).status_code == 403  # a member, not an officer
    assert login(personas.department_head).get(url("minutes", rnd.pk, 1)).status_code == 403
    assert login(personas.other_coordinator).get(url("minutes", rnd.pk, 1)).status_code == 404
    client = login(personas.appraiser)
    assert client.get(url("minutes", rnd.pk, 1)).status_code == 404  # not drawn up yet
    assert client.post(url("minutes", rnd.pk, 2)).status_code == 302  # round 2 has not come: refused
    assert not CouncilMinutes.objects.filter(round_no=2).exists()
    r = client.post(url("minutes", rnd.pk, 1), {"meeting_place": "Hội trường A", "conclusion": "Thống nhất"})
    assert r.status_code == 302
    client.post(url("minutes", rnd.pk, 1), {"meeting_place": "Hội trường B"})
    minutes = CouncilMinutes.objects.get(round=rnd, round_no=1)
    assert (
        IssuedDocument.objects.filter(doc_type="BB").count() == 1 and minutes.meeting_place == "Hội trường B"
    )
    doc = client.get(url("minutes", rnd.pk, 1))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    word = Document(io.BytesIO(doc.content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "BIÊN BẢN" in text and minutes.document.symbol in cells and "Hội trường B" in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in cells and personas.appraiser.display_name in text
    assert second.display_name in cells and "Phòng Cảnh sát" in cells


def test_bonus_and_penalty_within_the_framework(par_round, org, personas, login):
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    a = assessment_of(par_round, org.pc06)
    appraiser = personas.appraiser
    services.adjustment_add(assessment=a, actor=appraiser, kind="bonus", points="1,5", reason="Sáng kiến")
    with pytest.raises(DomainError) as over:
        services.adjustment_add(assessment=a, actor=appraiser, kind="bonus", points="1", reason="Thêm")
    assert over.value.code == "bonus_over_cap" and "0,5" in over.value.message
    with pytest.raises(DomainError) as odd:  # 7 is not a whole number of 2-point faults
        services.adjustment_add(assessment=a, actor=appraiser, kind="penalty", points="7", reason="Đơn thư")
    assert odd.value.code == "penalty_not_per_fault"
    p = services.adjustment_add(assessment=a, actor=appraiser, kind="penalty", faults=2, reason="Hai lỗi")
    assert p.points == Decimal(4)
    client = login(appraiser)
    client.post(url("adjustment_add", a.pk), {"kind": "penalty", "faults": "1", "reason": "Một lỗi"})
    assert list(Adjustment.objects.filter(kind="penalty").values_list("points", flat=True)) == [4, 2]
    page = client.get(url("assessment", a.pk)).content.decode()
    assert 'data-testid="penalty-form"' in page and "Mỗi lỗi trừ 2 điểm" in page and 'name="faults"' in page


def test_leader_approves_before_publication(par_round, org, personas, login):
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    for a in par_round.assessments.all():
        services.appraisal_save(
            assessment=a, actor=personas.appraiser, round_no=2,
            entries={c: {"score": "1"} for c in ("1.1", "1.2", "2.1", "2.2")},
        )  # fmt: skip
    with pytest.raises(DomainError):  # nothing submitted yet
        services.round_publish(rnd=par_round, actor=personas.leader)
    with pytest.raises(PermissionDenied):
        services.round_request_publication(
            rnd=par_round, actor=personas.other_coordinator, confirm_unsubmitted=True
        )
    services.round_request_publication(rnd=par_round, actor=personas.coordinator, confirm_unsubmitted=True)
    for refused in (
        personas.coordinator,
        personas.appraiser,
        personas.department_head,
        personas.other_coordinator,
    ):
        with pytest.raises(PermissionDenied):
            services.round_publish(rnd=par_round, actor=refused)
    page = login(personas.leader).get(url("round_detail", par_round.pk)).content.decode()
    assert 'data-testid="approval"' in page and "Phê duyệt và công bố" in page
    assert login(personas.coordinator).post(url("round_publish", par_round.pk)).status_code == 403
    with pytest.raises(DomainError):
        services.round_return(rnd=par_round, actor=personas.leader, note=" ")
    services.round_return(rnd=par_round, actor=personas.leader, note="Xem lại tiêu chí 1.1")
    assert par_round.phase == Round.Phase.ROUND2 and not par_round.versions.exists()
    version = publish(par_round, personas)
    assert version.published_by == personas.leader and version.requested_by == personas.coordinator


def test_leader_who_requested_does_not_approve_it(par_round, org, personas):
    member(personas.leader, org.city, "coordinator")
    forget_scope(personas.leader)
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    for a in par_round.assessments.all():
        services.appraisal_save(
            assessment=a, actor=personas.appraiser, round_no=2,
            entries={c: {"score": "1"} for c in ("1.1", "1.2", "2.1", "2.2")},
        )  # fmt: skip
    services.round_request_publication(rnd=par_round, actor=personas.leader, confirm_unsubmitted=True)
    with pytest.raises(PermissionDenied, match="tự phê duyệt"):
        services.round_publish(rnd=par_round, actor=personas.leader)


def _appraise_all(rnd, personas, value="1"):
    for a in rnd.assessments.all():
        services.appraisal_save(
            assessment=a, actor=personas.appraiser, round_no=2,
            entries={c: {"score": value} for c in ("1.1", "1.2", "2.1", "2.2")},
        )  # fmt: skip


def test_the_decision_is_complete_and_versions_can_be_compared(par_round, org, personas, login):
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    _appraise_all(par_round, personas)
    publish(par_round, personas)
    client = login(personas.coordinator)
    word = Document(io.BytesIO(client.get(url("announcement", par_round.pk)).content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert f"GIÁM ĐỐC {org.city.name.upper()}" in text
    assert "Căn cứ Thông tư số 07/2022/TT-BCA ngày 09/6/2022" in text
    assert "Theo đề nghị của Thủ trưởng" in text and "Điều 4." in text
    assert client.get(url("version_diff", par_round.pk)).status_code == 404  # one version only
    # A correction with the round's own legal basis; the diff names what changed.
    services.round_reopen(rnd=par_round, actor=personas.coordinator, reason="Sai điểm 1.1 của PC06")
    par_round.legal_basis = "Kế hoạch số 40/KH-CAT ngày 07/02/2024 của Công an tỉnh"
    par_round.save()
    pc06 = assessment_of(par_round, org.pc06)
    services.appraisal_save(
        assessment=pc06, actor=personas.appraiser, round_no=2, entries={"1.1": {"score": "4"}}
    )
    publish(par_round, personas, reason="Sai điểm 1.1 của PC06")
    text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(url("announcement", par_round.pk)).content)).paragraphs
    )
    assert "Căn cứ Kế hoạch số 40/KH-CAT ngày 07/02/2024 của Công an tỉnh;" in text
    page = client.get(url("version_diff", par_round.pk)).content.decode()
    assert 'data-testid="diff"' in page and org.pc06.code in page  # (the ward appears: its rank moved)
    assert "1.1</code>: 1 → 4" in page and "Sai điểm 1.1 của PC06" in page
    assert login(personas.department_head).get(url("version_diff", par_round.pk)).status_code == 403
    assert login(personas.other_coordinator).get(url("version_diff", par_round.pk)).status_code == 404


def test_diff_documents_is_pure():
    from cchc.parindex.version_diff import diff_documents

    old = {"units": [{"code": "A", "name": "A", "index": 80, "band": "Tốt", "rank": 1, "leaves": {"1": 2}},
                     {"code": "B", "name": "B", "index": 70, "band": "Khá", "rank": 2, "leaves": {"1": 1}}]}  # fmt: skip
    new = {"units": [{"code": "A", "name": "A", "index": 80, "band": "Tốt", "rank": 1, "leaves": {"1": 2}},
                     {"code": "C", "name": "C", "index": 50, "band": "HT", "rank": 2, "leaves": {"1": 1}}]}  # fmt: skip
    changes = diff_documents(old, new)
    assert [(c.code, c.before is None, c.after is None) for c in changes] == [
        ("B", False, True),
        ("C", True, False),
    ]
    assert changes[0].delta is None


def test_a_negative_index_gets_the_lowest_band():
    from .factories import flat_doc, run, unit

    doc = flat_doc(
        {"a": 10}, [unit("X", {"a": {"self": 1, "round1": 1}}, penalties=[{"points": 4, "reason": "x"}])]
    )
    result = run(doc).units[0]
    assert result.index < 0 and result.band == "Chưa hoàn thành nhiệm vụ"


def test_what_if_recomputes_hypothetical_scores(par_round, org, personas, login):
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    _appraise_all(par_round, personas)  # 4 of 10 → 40
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    page = client.get(url("scorecard", a.pk), {"gd-1.1": "4", "gd-1.2": "2"}).content.decode()
    assert (
        'data-testid="trial"' in page and "<strong>80</strong> (Tốt), hiện tại 40" in page
    )  # (4 + 2 + 1 + 1) / 10
    assert a.scores.get(criterion__code="1.1").round2 == 1  # nothing saved
    page = client.get(url("scorecard", a.pk), {"gd-1.1": "9"}).content.decode()
    assert 'data-testid="trial-error"' in page
    assert login(personas.sibling_officer).get(url("scorecard", a.pk), {"gd-1.1": "4"}).status_code == 404


def test_the_evaluate_export_gives_the_stage_reached(par_round, org, personas, login):
    import json

    client = login(personas.coordinator)
    assert json.loads(client.get(url("round_input", par_round.pk)).content)["stage"] == "self"
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    assert json.loads(client.get(url("round_input", par_round.pk)).content)["stage"] == "appraised"
    assert (
        json.loads(client.get(url("round_input", par_round.pk), {"stage": "self"}).content)["stage"] == "self"
    )


def test_the_unit_self_assessment_report_in_word(par_round, org, personas, login):
    a = assessment_of(par_round, org.pc06)
    head = personas.department_head
    services.self_assessment_save(
        assessment=a, actor=head, summary="Thiếu biên chế làm công tác CCHC; đề nghị tập huấn.",
        entries={"1.1": {"self": "3", "note": "Ban hành KH số 12"}, "1.2": {"self": "2", "no_evidence_note": "Số liệu phân hệ"},
                 "2.1": {"self": "1", "na": True, "na_reason": "Không có bộ phận một cửa"}},
    )  # fmt: skip
    r = login(head).get(url("assessment", a.pk), {"export": "docx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    word = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM" in text and "II. GIẢI TRÌNH" in text
    assert "III. KHÓ KHĂN, KIẾN NGHỊ" in text and "Thiếu biên chế làm công tác CCHC" in text
    assert "Ban hành KH số 12" in text and "Đề nghị hạ chuẩn: Không có bộ phận một cửa" in text
    assert "Chỉ đạo, điều hành" in cells and "Tổng cộng" in cells and "Đo bằng khảo sát" in cells
    assert login(personas.sibling_officer).get(url("assessment", a.pk), {"export": "docx"}).status_code == 404


def test_home_pages_name_the_leader_approval_and_the_consensus(panel, org, personas, login):
    rnd, second = panel
    assert "Thống nhất điểm thẩm định" in login(personas.appraiser).get("/").content.decode()  # the chair
    assert "Thống nhất điểm thẩm định" not in login(second).get("/").content.decode()
    rnd.council.remove(second)
    rnd.chair = None
    rnd.phase = Round.Phase.ROUND2
    rnd.save()
    _appraise_all(rnd, personas)
    services.round_request_publication(rnd=rnd, actor=personas.coordinator, confirm_unsubmitted=True)
    assert "Phê duyệt công bố Chỉ số CCHC" in login(personas.leader).get("/").content.decode()
    assert "Phê duyệt công bố Chỉ số CCHC" not in login(personas.coordinator).get("/").content.decode()


def test_chair_and_secretary_through_the_round_form(small_framework, org, personas, login):
    client = login(personas.coordinator)
    data = {
        "name": "Đợt có hội đồng", "framework": small_framework.pk, "owner_unit": org.city.pk,
        "units": [org.pc06.pk], "evidence_from": "15/09/2025", "evidence_to": "14/09/2026",
        "council": [personas.appraiser.pk], "chair": personas.coordinator.pk,
    }  # fmt: skip
    r = client.post(url("round_create"), data)
    assert r.status_code == 200 and "Chủ tịch phải là thành viên hội đồng" in r.content.decode()
    data.update(
        chair=personas.appraiser.pk, secretary=personas.coordinator.pk, legal_basis="Kế hoạch số 40/KH-CAT"
    )
    assert client.post(url("round_create"), data).status_code == 302
    rnd = Round.objects.get(name="Đợt có hội đồng")
    assert (rnd.chair, rnd.secretary, rnd.legal_basis) == (
        personas.appraiser,
        personas.coordinator,
        "Kế hoạch số 40/KH-CAT",
    )
    page = client.get(url("round_edit", rnd.pk)).content.decode()
    assert f'<option value="{personas.appraiser.pk}" selected' in page
    assert "(Chủ tịch)" in client.get(url("round_detail", rnd.pk)).content.decode()
