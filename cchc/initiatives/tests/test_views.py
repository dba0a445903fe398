"""Initiatives through the pages, as each persona would: what they see, what they may do, what is refused."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from docx import Document

from cchc.initiatives.models import Adoption, Initiative, Review, Score

from .support import council, proposal, recognised

pytestmark = pytest.mark.django_db


def test_a_unit_proposes_through_the_form_and_sends_it(org, personas, login):
    c = login(personas.ward_officer)
    assert c.get("/sang-kien/").status_code == 200
    form = {
        "unit": org.ward.pk,
        "title": "Hẹn trả kết quả qua Zalo",
        "field": "tthc",
        "solution_kind": "management",
        "situation_before": "Gọi điện từng người",
        "solution": "Tin nhắn tự động",
        "novelty": "Lần đầu",
        "first_applied_on": "2026-03-01",
        "effect_after": "Giảm 80% cuộc gọi",
        "requested_scope": "unit",
        "author_name_0": "Vũ Thị Lan",
        "author_share_0": "75",
        "author_name_1": "Đỗ Minh",
        "author_share_1": "25",
    }
    response = c.post("/sang-kien/moi/", form)
    assert response.status_code == 200 and "dưới mức tối thiểu 30%" in response.content.decode(), re.findall(
        r"<div class=\"errors\"[^>]*>(.*?)</div>", response.content.decode(), re.S
    )
    assert not Initiative.objects.exists()  # the form keeps what was typed, nothing saved
    form["author_share_0"], form["author_share_1"] = "70", "30"
    response = c.post("/sang-kien/moi/", form)
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sang-kien/{initiative.pk}/"
    assert c.post(f"/sang-kien/{initiative.pk}/thao-tac/", {"action": "submit"}).status_code == 302
    assert Initiative.objects.get().state == "submitted"
    page = c.get(f"/sang-kien/{initiative.pk}/").content.decode()
    assert "Hẹn trả kết quả qua Zalo" in page and "70%" in page


def test_another_unit_neither_sees_a_draft_nor_changes_it(org, personas, login):
    initiative = proposal(org, personas)
    c = login(personas.sibling_officer)
    assert c.get(f"/sang-kien/{initiative.pk}/").status_code == 404
    assert c.get(f"/sang-kien/{initiative.pk}/sua/").status_code == 404
    assert c.post(f"/sang-kien/{initiative.pk}/thao-tac/", {"action": "withdraw"}).status_code == 404
    assert Initiative.objects.get().state == "draft"
    other = login(personas.other_coordinator)
    assert other.get(f"/sang-kien/{initiative.pk}/").status_code == 404
    assert "Tiếp nhận bằng mã QR" not in other.get("/sang-kien/").content.decode()


def test_a_council_member_scores_and_the_office_decides_with_numbered_documents(org, personas, login):
    initiative = proposal(org, personas)
    from cchc.initiatives import services

    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    board = council(org, personas)
    coordinator = login(personas.coordinator)
    response = coordinator.post(
        f"/sang-kien/{initiative.pk}/thao-tac/", {"action": "review", "council": board.pk}
    )
    assert response.status_code == 302
    review = Review.objects.get()
    member = login(personas.leader)
    member.post(
        f"/sang-kien/xet/{review.pk}/",
        {"action": "score", "points_1": "25", "points_2": "26", "points_3": "35"},
    )
    assert Score.objects.filter(review=review, member=personas.leader).count() == 3
    outsider = login(personas.sibling_officer)  # cannot even see the review of a ward not theirs
    assert (
        outsider.post(f"/sang-kien/xet/{review.pk}/", {"action": "score", "points_1": "1"}).status_code == 404
    )
    head = login(personas.ward_head)  # sees it (own unit) but is no member: the form is refused
    assert head.post(f"/sang-kien/xet/{review.pk}/", {"action": "score", "points_1": "1"}).status_code == 403
    assert member.post(f"/sang-kien/xet/{review.pk}/", {"action": "recognise"}).status_code == 403
    assert Review.objects.get().outcome == "pending"  # a member who does not run the council decides nothing
    coordinator = login(personas.coordinator)
    coordinator.post(f"/sang-kien/xet/{review.pk}/", {"action": "recognise", "note": "Đạt"})
    review.refresh_from_db()
    assert review.outcome == "recognised" and review.decision is not None
    decision = coordinator.get(f"/sang-kien/xet/{review.pk}/quyet-dinh.docx")
    doc = Document(io.BytesIO(decision.content))
    text = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    assert f"{review.decision.number:02d}/{review.decision.symbol}" in text and "Công nhận sáng kiến" in text
    minutes = coordinator.get(f"/sang-kien/xet/{review.pk}/bien-ban.docx")
    doc = Document(io.BytesIO(minutes.content))
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert "BIÊN BẢN" in "\n".join(p.text for p in doc.paragraphs) and "86" in cells


def test_adoption_through_the_page(org, personas, login):
    initiative = recognised(org, personas)
    c = login(personas.sibling_officer)
    assert "Khai báo áp dụng" in c.get(f"/sang-kien/{initiative.pk}/").content.decode()
    c.post(
        f"/sang-kien/{initiative.pk}/nhan-rong/",
        {"unit": org.sibling.pk, "since": "2026-10-01", "effect": "x"},
    )
    assert Adoption.objects.get().unit == org.sibling
    c.post(f"/sang-kien/{initiative.pk}/nhan-rong/", {"unit": org.pc06.pk, "since": "2026-10-01"})
    assert Adoption.objects.count() == 1  # not a unit of theirs


def test_the_command_gives_the_contract(org, personas, capsys):
    initiative = recognised(org, personas)
    proposal(org, personas, title="Nháp")  # drafts are not listed
    call_command("initiatives", "--year", "2026", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2026 and len(data["initiatives"]) == 1
    record = data["initiatives"][0]
    review = initiative.reviews.get()
    assert record == {
        "id": initiative.pk,
        "title": "Tiếp nhận bằng mã QR",
        "unit": "HP.CAP.A",
        "authors": [{"name": "Vũ Thị Lan", "share": 70}, {"name": "Đỗ Minh", "share": 30}],
        "field": "tthc",
        "state": "recognised",
        "scope": "unit",
        "decision": f"{review.decision.number:02d}/{review.decision.symbol}",
        "decided_on": review.decided_on.isoformat(),
        "council_score": 80.0,
        "adoptions": [],
        "par_bonus": None,
    }
    call_command("initiatives", "--year", "2026", "--under", "HP.CAP.B", "--json")
    assert json.loads(capsys.readouterr().out)["initiatives"] == []


def test_the_command_refuses_an_unknown_unit(org, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("initiatives", "--year", "2026", "--under", "KHONGCO", "--json")
    assert exc.value.code == 2
