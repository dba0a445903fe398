"""The officer workflow through the pages, scope of every write, the public pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.pakn import services
from cchc.pakn.models import AnswerStatus, PenaltyProposal, Record, Transfer

NAME = "Trần Thị Bích Ngọc"
PHONE = "0912345678"


def make(unit: Any, **kw: Any) -> Record:
    data: dict[str, Any] = {
        "unit": unit,
        "actor": None,
        "channel": "post",
        "sender_type": "citizen",
        "kind": "phan_anh",
        "title": "Thủ tục cấp căn cước chậm",
        "content": "Hồ sơ nộp đã quá hẹn.",
        "sender_name": NAME,
        "sender_address": "Số 5 Lê Lợi, phường Hồng Bàng, Hải Phòng",
        "sender_phone": PHONE,
    }
    data.update(kw)
    return services.record_create(**data)


def post(client: Client, record: Record, name: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse("pakn:action", kwargs={"pk": record.pk, "name": name}), data or {})


def test_register_numbers_per_unit_and_year(org: Any) -> None:
    a1, a2, b1 = make(org.ward), make(org.ward), make(org.sibling)
    assert (a1.register_number, a2.register_number, b1.register_number) == (1, 2, 1)
    assert a1.register_year == timezone.localdate().year and a1.code != b1.code


def test_entry_page_enters_the_register_and_scope(org: Any, personas: Any, login: Any) -> None:
    client = login(personas.ward_officer)
    page = client.get(reverse("pakn:entry"))
    assert page.status_code == 200
    data = {
        "unit": org.ward.pk,
        "channel": "phone",
        "intake_note": "Đường dây nóng",
        "received_at": "2026-03-02T09:30",
        "sender_type": "citizen",
        "sender_name": NAME,
        "sender_address": "Số 5 Lê Lợi, Hải Phòng",
        "sender_phone": PHONE,
        "kind": "kien_nghi",
        "category": "regulation",
        "title": "Đề nghị rút ngắn thời gian",
        "content": "Nội dung cuộc gọi.",
    }
    response = client.post(reverse("pakn:entry"), data)
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.channel == "phone" and record.register_number == 1
    # the sibling unit is not offered and cannot be forced
    response = client.post(reverse("pakn:entry"), data | {"unit": org.sibling.pk})
    assert response.status_code == 200 and Record.objects.count() == 1
    # Điều 7: no phone nor e-mail → refused with a message, nothing lost
    response = client.post(reverse("pakn:entry"), data | {"sender_phone": ""})
    assert response.status_code == 200 and "Đề nghị rút ngắn thời gian" in response.content.decode()


def test_other_units_cannot_see_or_act(org: Any, personas: Any, login: Any) -> None:
    record = make(org.ward)
    sibling = login(personas.sibling_officer)
    assert sibling.get(reverse("pakn:detail", kwargs={"pk": record.pk})).status_code == 404
    for name in ("accept", "refuse", "forward", "answer", "publish", "approve"):
        assert post(sibling, record, name, {"reason": "x", "text": "x"}).status_code in (403, 404)
    assert sibling.get(reverse("pakn:answer_letter", kwargs={"pk": record.pk})).status_code == 404
    # the leader sees it, masked, and may not act
    leader = login(personas.leader)
    page = leader.get(reverse("pakn:detail", kwargs={"pk": record.pk}))
    assert page.status_code == 200 and NAME not in page.content.decode() and "Trần" in page.content.decode()
    assert post(leader, record, "accept").status_code == 403
    record.refresh_from_db()
    assert record.accepted_at is None
    listing = login(personas.sibling_officer).get(reverse("pakn:index"))
    assert record.code not in listing.content.decode()


def test_full_flow_answer_approved_numbered_published_followed(
    org: Any, personas: Any, login: Any, client: Client
) -> None:
    record = make(org.ward)
    officer = login(personas.ward_officer)
    post(officer, record, "accept")
    post(officer, record, "assign", {"assignee": personas.ward_officer.pk})
    post(officer, record, "supplement", {"text": "Xin gửi ảnh giấy hẹn."})
    record.refresh_from_db()
    assert record.supplement_requested_at is not None and record.assigned_to == personas.ward_officer
    post(officer, record, "supplemented", {"text": "Đã gửi ảnh."})
    post(
        officer,
        record,
        "answer",
        {"text": "Đơn vị đã trả kết quả ngày 05/3.", "signer": "Nguyễn Văn B", "submit": "1"},
    )
    record.refresh_from_db()
    assert record.answer_status == AnswerStatus.SUBMITTED
    # the author may not approve; the head does, and the letter takes a number from the register
    post(officer, record, "approve")
    record.refresh_from_db()
    assert record.answer_status == AnswerStatus.SUBMITTED
    client.force_login(personas.ward_head)
    post(client, record, "approve")
    record.refresh_from_db()
    assert record.answer_status == AnswerStatus.APPROVED and record.handled_at is not None
    assert record.answer_document is not None and record.answer_document.number == 1
    letter = client.get(reverse("pakn:answer_letter", kwargs={"pk": record.pk}))
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    post(officer, record, "publish")
    record.refresh_from_db()
    assert record.published_at is not None
    # public: no personal data, found without accents
    anon = Client()
    page = anon.get(reverse("pakn:published"), {"q": "thu tuc can cuoc"})
    assert record.title in page.content.decode() and NAME not in page.content.decode()
    detail = anon.get(reverse("pakn:published_detail", kwargs={"code": record.code}))
    assert "Đơn vị đã trả kết quả" in detail.content.decode() and PHONE not in detail.content.decode()
    # follow by code and phone; the sender dislikes and complains: a linked follow-up record
    wrong = anon.post(reverse("pakn:follow"), {"ma": record.code, "dien_thoai": "0999999999"})
    assert "Đơn vị đã trả kết quả" not in wrong.content.decode()
    seen = anon.post(reverse("pakn:follow"), {"ma": record.code, "dien_thoai": "0912 345 678"})
    assert "Đơn vị đã trả kết quả" in seen.content.decode()
    anon.post(reverse("pakn:follow"), {"ma": record.code, "dien_thoai": PHONE, "action": "dislike"})
    anon.post(reverse("pakn:follow"), {"ma": record.code, "dien_thoai": PHONE, "action": "dislike"})
    anon.post(
        reverse("pakn:follow"),
        {"ma": record.code, "dien_thoai": PHONE, "action": "complain", "noi_dung": "Chưa thỏa đáng."},
    )
    record.refresh_from_db()
    assert record.dislikes == 1
    follow_up = Record.objects.get(follow_up_of=record.code)
    assert follow_up.unit == org.ward and follow_up.register_number == 2
    # public votes: once per device
    anon.post(reverse("pakn:vote", kwargs={"code": record.code}), {"helpful": "1"})
    anon.post(reverse("pakn:vote", kwargs={"code": record.code}), {"helpful": "1"})
    anon.post(reverse("pakn:vote", kwargs={"code": record.code}), {"helpful": "1"})
    record.refresh_from_db()
    assert record.likes == 1


def test_forward_chain_each_hop_its_own_record_and_clock(org: Any, personas: Any, login: Any) -> None:
    record = make(org.ward)
    officer = login(personas.ward_officer)
    post(officer, record, "forward", {"to_unit": org.pc06.code, "reason": "Thuộc thẩm quyền PC06"})
    record.refresh_from_db()
    assert record.refusal_kind == "forwarded" and record.refused_at is not None
    hop = Record.objects.get(previous=record)
    assert hop.unit == org.pc06 and hop.transferred_at == record.refused_at
    assert hop.received_at == record.received_at and hop.register_number == 1
    assert Transfer.objects.get().to_record == hop
    # the ward can no longer act on it; PC06 sees its own record, the ward does not see PC06's
    assert post(officer, record, "accept").status_code == 302
    assert officer.get(reverse("pakn:detail", kwargs={"pk": hop.pk})).status_code == 404
    head = login(personas.department_head)
    page = head.get(reverse("pakn:detail", kwargs={"pk": hop.pk}))
    assert page.status_code == 200
    # outside the platform
    other = make(org.ward)
    officer = login(personas.ward_officer)  # one test client: sign the officer in again
    post(officer, other, "forward", {"to_body": "Thanh tra thành phố", "reason": "Ngoài thẩm quyền"})
    other.refresh_from_db()
    assert other.refusal_kind == "forwarded" and not Record.objects.filter(previous=other).exists()


def test_complaint_closed_out_of_scope(org: Any, personas: Any, login: Any) -> None:
    record = make(org.ward)
    post(
        login(personas.ward_officer),
        record,
        "refuse",
        {"reason": "Là đơn khiếu nại: hướng dẫn gửi Thanh tra", "out_of_scope": "on"},
    )
    record.refresh_from_db()
    assert record.refusal_kind == "refused" and record.out_of_scope


def test_founded_conduct_proposes_the_penalty(org: Any, personas: Any, login: Any) -> None:
    record = make(org.ward, category="conduct")
    post(login(personas.ward_head), record, "founded", {"founded": "1"})
    proposal = PenaltyProposal.objects.get(record=record)
    assert proposal.points == -2 and proposal.status == "proposed"
    # the unit's own head may not decide on its penalty, nor an appraiser; the coordinating office records it
    for who in (personas.ward_head, personas.appraiser):
        response = login(who).post(
            reverse("pakn:penalty_decide", kwargs={"pk": proposal.pk}), {"decision": "reject"}
        )
        assert response.status_code == 403
    coordinator = login(personas.coordinator)
    assert coordinator.get(reverse("pakn:penalties")).status_code == 200
    coordinator.post(reverse("pakn:penalty_decide", kwargs={"pk": proposal.pk}), {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == personas.coordinator
    # decided once: a second decision (a double click, another coordinator) is refused and changes nothing
    r = coordinator.post(
        reverse("pakn:penalty_decide", kwargs={"pk": proposal.pk}), {"decision": "reject"}, follow=True
    )
    assert "đã có quyết định" in r.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "accepted"


def test_register_list_export_and_indicators(org: Any, personas: Any, login: Any) -> None:
    make(org.ward)
    make(org.ward, category="conduct", title="Cán bộ gây phiền hà")
    client = login(personas.ward_officer)
    page = client.get(reverse("pakn:index"), {"q": "phien ha"})
    assert (
        "Cán bộ gây phiền hà" in page.content.decode() and "Thủ tục cấp căn cước" not in page.content.decode()
    )
    xlsx = client.get(reverse("pakn:index"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    today = timezone.localdate().isoformat()
    ind = login(personas.coordinator).get(
        reverse("pakn:indicators"), {"unit": "HP", "from": today, "to": today}
    )
    assert ind.status_code == 200 and "PETITION" not in ind.content.decode()
    drill = login(personas.coordinator).get(
        reverse("pakn:index"), {"unit": "HP", "subtree": "1", "which": "conduct", "from": today, "to": today}
    )
    assert "Cán bộ gây phiền hà" in drill.content.decode() and "Thủ tục cấp" not in drill.content.decode()


def test_clock_rules_are_data_per_body(org: Any, personas: Any, login: Any) -> None:
    coordinator = login(personas.coordinator)
    response = coordinator.post(
        reverse("pakn:clock_rules"), {"unit": "HP", "refuse": 3, "supplement": 5, "handle": 10, "publish": 2}
    )
    assert response.status_code == 302
    assert services.limits_for(org.ward).handle == 10
    assert services.limits_for(org.other_dept).handle == 15
    response = login(personas.ward_officer).post(
        reverse("pakn:clock_rules"),
        {"unit": "HP.CAP.A", "refuse": 1, "supplement": 1, "handle": 1, "publish": 1},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("missing", ["sender_name", "sender_address", "contact"])
def test_public_form_requires_identity_and_keeps_input(org: Any, missing: str) -> None:
    client = Client()
    form = client.get(reverse("pakn:public_form"))
    assert form.status_code == 200
    data = {
        "unit": org.ward.code,
        "kind": "phan_anh",
        "title": "Đèn đường hỏng",
        "content": "Nội dung rất dài của người dân",
        "sender_type": "citizen",
        "sender_name": NAME,
        "sender_address": "Hải Phòng",
        "sender_phone": PHONE,
    }
    if missing == "contact":
        data["sender_phone"] = ""
    else:
        data[missing] = ""
    response = client.post(reverse("pakn:public_form"), data)
    assert response.status_code == 400
    assert "Nội dung rất dài của người dân" in response.content.decode()
    assert not Record.objects.exists()


def test_public_form_submits_flags_and_limits(org: Any, settings: Any) -> None:
    settings.PAKN_DEVICE_BLOCK_PER_HOUR = 2
    client = Client()
    client.get(reverse("pakn:public_form"))
    data = {
        "unit": org.ward.code,
        "kind": "kien_nghi",
        "title": "Đề nghị",
        "content": "Nội dung",
        "sender_type": "citizen",
        "sender_name": NAME,
        "sender_address": "Hải Phòng",
        "sender_phone": PHONE,
        "website": "spam",
    }
    response = client.post(reverse("pakn:public_form"), data)
    assert response.status_code == 303
    sent = client.get(response["Location"])
    record = Record.objects.get()
    assert record.code in sent.content.decode() and record.channel == "website"
    assert "honeypot" in record.flags and "no_stamp" in record.flags
    client.post(reverse("pakn:public_form"), data)
    assert client.post(reverse("pakn:public_form"), data).status_code == 429
    assert Record.objects.count() == 2
