"""Two people editing the same PAR assessment grid or round: a save on a stale copy is refused, keeps what was
typed and names the cells that changed; saving again on the version the refusal carries goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.parindex.models import MemberScore, Round
from tests.editing import browser, loaded_version, refused
from tests.factories import member, person

from .conftest import assessment_of

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


def test_self_assessment_grid_refuses_a_stale_save_and_keeps_the_text(par_round, personas, org):
    a = assessment_of(par_round, org.pc06)
    page = url("assessment", a.pk)
    user_a, user_b = browser(personas.department_head), browser(personas.coordinator)
    version = loaded_version(user_a.get(page))
    b_saves = {"action": "save_self", "edit_version": version, "self-1.1": "2", "note-1.1": "Diễn giải của B"}
    assert user_b.post(page, b_saves).status_code == 302

    a_saves = {"action": "save_self", "edit_version": version, "self-1.1": "3,5", "note-1.1": "Diễn giải dài của A",
               "summary": "Kiến nghị của A"}  # fmt: skip
    response = user_a.post(page, a_saves)
    html = refused(response)
    assert "Diễn giải dài của A" in html and "Kiến nghị của A" in html  # A's text is still in the grid
    assert "1.1 — diễn giải kết quả" in html and "Diễn giải của B" in html  # the cell B changed, B's value
    score = a.scores.get(criterion__code="1.1")
    assert (str(score.self_score), score.self_note) == ("2.00", "Diễn giải của B")
    a.refresh_from_db()
    assert a.summary == ""

    response = user_a.post(page, {**a_saves, "edit_version": loaded_version(response)})
    assert response.status_code == 302
    score.refresh_from_db()
    a.refresh_from_db()
    assert (str(score.self_score), score.self_note, a.summary) == (
        "3.50",
        "Diễn giải dài của A",
        "Kiến nghị của A",
    )


def test_two_council_members_keep_their_own_scores_and_a_stale_consensus_is_refused(par_round, personas, org):
    second = member(person("thamdinh2"), org.city, "appraiser")
    par_round.council.add(second)
    par_round.chair, par_round.secretary = personas.appraiser, second
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    a = assessment_of(par_round, org.pc06)
    page = url("assessment", a.pk)
    user_a, user_b = browser(personas.appraiser), browser(second)
    # Each member's save is their own: the second never overwrites the first.
    assert (
        user_b.post(page, {"action": "appraise", "r1-1.1": "2", "c1-1.1": "Ý kiến của B"}).status_code == 302
    )
    assert (
        user_a.post(page, {"action": "appraise", "r1-1.1": "4", "c1-1.1": "Ý kiến của A"}).status_code == 302
    )
    mine = {m.member_id: (str(m.points), m.comment) for m in MemberScore.objects.filter(score__assessment=a)}
    assert mine == {second.pk: ("2.00", "Ý kiến của B"), personas.appraiser.pk: ("4.00", "Ý kiến của A")}
    score = a.scores.get(criterion__code="1.1")
    assert score.round1 is None  # nothing agreed yet
    # The consensus page shows both; the chair and the secretary agree on one copy at a time.
    consensus = url("consensus", a.pk)
    html = user_a.get(consensus).content.decode()
    assert "Ý kiến của B" in html and personas.appraiser.display_name in html and second.display_name in html
    version = loaded_version(user_a.get(consensus))
    assert (
        user_b.post(consensus, {"edit_version": version, "r1-1.1": "3", "c1-1.1": "Thống nhất 3"}).status_code
        == 302
    )
    r = user_a.post(consensus, {"edit_version": version, "r1-1.1": "4", "c1-1.1": "A"}, follow=True)
    assert "trong khi bạn đang sửa" in r.content.decode()
    score.refresh_from_db()
    assert (str(score.round1), score.round1_comment, score.round1_by) == ("3.00", "Thống nhất 3", second)


def test_round_edit_refuses_a_stale_save(par_round, personas):
    page = url("round_edit", par_round.pk)
    user_a, user_b = browser(personas.coordinator), browser(personas.admin)
    version = loaded_version(user_a.get(page))
    base = {"name": par_round.name, "evidence_from": "15/09/2025", "evidence_to": "14/09/2026",
            "council": [personas.appraiser.pk], "edit_version": version}  # fmt: skip
    assert user_b.post(page, {**base, "name": "Đợt do B đổi tên"}).status_code == 302
    response = user_a.post(page, {**base, "self_due": "30/09/2026"})
    html = refused(response)
    assert "Đợt do B đổi tên" in html and "30/09/2026" in html
    par_round.refresh_from_db()
    assert par_round.name == "Đợt do B đổi tên" and par_round.self_due is None
    response = user_a.post(page, {**base, "name": "Đợt do B đổi tên", "self_due": "30/09/2026",
                                  "edit_version": loaded_version(response)})  # fmt: skip
    assert response.status_code == 302
    par_round.refresh_from_db()
    assert par_round.self_due is not None
