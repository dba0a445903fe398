"""Two steps on one PAKN record at once (a double click, two officers, the head approving while the author edits):
the second waits for the first and sees what it left — refused with the usual message instead of taking a second
number, making a second hop or overwriting the first. Outside a test transaction: each on a connection of its
own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cchc.core.errors import DomainError
from cchc.documents.models import IssuedDocument
from cchc.pakn import services
from cchc.pakn.models import AnswerStatus, PenaltyProposal, Record, Transfer
from tests.concurrency import while_held

from .test_workflow import make

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(first: Callable[[Record], Any], second: Callable[[Record], Any], pk: int) -> list[Any]:
    """``tests.concurrency.while_held``, each side reading the record itself before acting (as each request loads
    it)."""
    return while_held(lambda: first(Record.objects.get(pk=pk)), lambda: second(Record.objects.get(pk=pk)))


def _submitted(org: Any, personas: Any) -> Record:
    record = make(org.ward)
    services.answer_save(
        record=record, actor=personas.ward_officer, text="Đã trả kết quả ngày 05/3.", submit=True
    )
    return record


def _refused(result: Any, code: str) -> bool:
    return isinstance(result, DomainError) and result.code == code


def test_a_double_approval_takes_one_number(org: Any, personas: Any) -> None:
    record = _submitted(org, personas)

    def approve(r: Record) -> Record:
        return services.answer_approve(record=r, actor=personas.ward_head)

    got = _at_once(approve, approve, record.pk)
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "answer_not_submitted"), got[1]
    assert IssuedDocument.objects.count() == 1
    record.refresh_from_db()
    assert record.answer_document is not None and record.answer_status == AnswerStatus.APPROVED


def test_an_edit_loaded_before_the_approval_does_not_reopen_it(org: Any, personas: Any) -> None:
    record = _submitted(org, personas)
    got = _at_once(
        lambda r: services.answer_approve(record=r, actor=personas.ward_head),
        lambda r: services.answer_save(record=r, actor=personas.ward_officer, text="Sửa lại nội dung."),
        record.pk,
    )
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "answer_approved"), got[1]
    record.refresh_from_db()
    assert record.answer_status == AnswerStatus.APPROVED and record.answer == "Đã trả kết quả ngày 05/3."


def test_a_return_after_the_approval_is_refused(org: Any, personas: Any) -> None:
    record = _submitted(org, personas)
    got = _at_once(
        lambda r: services.answer_approve(record=r, actor=personas.ward_head),
        lambda r: services.answer_return(record=r, actor=personas.ward_head),
        record.pk,
    )
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "answer_not_submitted"), got[1]
    record.refresh_from_db()
    assert record.answer_status == AnswerStatus.APPROVED


def test_a_double_forward_makes_one_hop(org: Any, personas: Any) -> None:
    record = make(org.ward)

    def forward(r: Record) -> Transfer:
        return services.record_forward(
            record=r, actor=personas.ward_officer, reason="Thuộc thẩm quyền PC06", to_unit=org.pc06
        )

    got = _at_once(forward, forward, record.pk)
    assert isinstance(got[0], Transfer), got[0]
    assert _refused(got[1], "record_closed"), got[1]
    assert Record.objects.filter(previous=record).count() == 1 and Transfer.objects.count() == 1


def test_a_refusal_after_the_approval_is_refused(org: Any, personas: Any) -> None:
    record = _submitted(org, personas)
    got = _at_once(
        lambda r: services.answer_approve(record=r, actor=personas.ward_head),
        lambda r: services.record_refuse(record=r, actor=personas.ward_officer, reason="Không đủ thông tin"),
        record.pk,
    )
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "already_handled"), got[1]
    record.refresh_from_db()
    assert record.refused_at is None and record.handled_at is not None


def test_the_senders_double_supplement_keeps_the_first_text(org: Any, personas: Any) -> None:
    record = make(org.ward)
    services.supplement_request(record=record, actor=personas.ward_officer, text="Xin gửi ảnh giấy hẹn.")
    got = _at_once(
        lambda r: services.supplement_received(record=r, actor=None, text="Ảnh giấy hẹn đã gửi."),
        lambda r: services.supplement_received(record=r, actor=None, text="Gửi lại lần nữa."),
        record.pk,
    )
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "no_request"), got[1]
    record.refresh_from_db()
    assert "Ảnh giấy hẹn đã gửi." in record.content and "Gửi lại lần nữa." not in record.content


def test_a_double_supplement_request_is_made_once(org: Any, personas: Any) -> None:
    record = make(org.ward)

    def request(text: str) -> Callable[[Record], Record]:
        return lambda r: services.supplement_request(record=r, actor=personas.ward_officer, text=text)

    got = _at_once(request("Xin gửi ảnh giấy hẹn."), request("Xin gửi bản sao."), record.pk)
    assert isinstance(got[0], Record), got[0]
    assert _refused(got[1], "already_requested"), got[1]
    record.refresh_from_db()
    assert record.supplement_request == "Xin gửi ảnh giấy hẹn."


def test_a_decision_on_a_withdrawn_penalty_does_not_bring_it_back(org: Any, personas: Any) -> None:
    record = make(org.ward, category="conduct")
    proposal = services.conduct_confirm(record=record, actor=personas.ward_head, founded=True)
    assert proposal is not None
    got = _at_once(
        lambda r: services.conduct_confirm(record=r, actor=personas.ward_head, founded=False),
        # the council's page was loaded before the unit withdrew its verdict
        lambda r: services.penalty_decide(
            proposal=PenaltyProposal.objects.get(pk=proposal.pk), actor=personas.coordinator, accept=True
        ),
        record.pk,
    )
    assert got[0] is None, got[0]
    assert _refused(got[1], "proposal_withdrawn"), got[1]
    assert not PenaltyProposal.objects.filter(record=record).exists()


def _sent(code: str, unit: str) -> dict[str, Any]:
    return {
        "code": code,
        "unit_code": unit,
        "received_at": "2026-03-02T09:00",
        "channel": "portal",
        "sender_type": "citizen",
        "kind": "phan_anh",
        "category": "regulation",
        "title": "Thủ tục cấp căn cước chậm",
        "content": "Hồ sơ nộp đã quá hẹn.",
    }


def test_the_same_record_sent_twice_at_once_is_entered_once(org: Any, personas: Any) -> None:
    """Another system retries its call while the first is still running: the second updates the record."""
    from cchc.pakn.importing import submit_record

    def submit(_r: Record) -> Any:
        return submit_record(_sent("QG-77", org.ward.code), actor=None)[0].as_json()

    got = _at_once(submit, submit, make(org.ward).pk)
    assert got[0] == {"rows": 1, "created": 1, "updated": 0}, got[0]
    assert got[1] == {"rows": 1, "created": 0, "updated": 1}, got[1]
    year, number = Record.objects.values_list("register_year", "register_number").get(code="QG-77")
    assert year is not None and number is not None
    # the failed attempt's number was given back: the counter is at the record's own number
    assert services.register_next(org.ward, year) == number + 1


def test_the_same_code_sent_at_once_for_another_unit_is_rejected(org: Any, personas: Any) -> None:
    from cchc.onestop.importing import ImportRejected
    from cchc.pakn.importing import submit_record

    got = _at_once(
        lambda _r: submit_record(_sent("QG-78", org.ward.code), actor=None)[0].as_json(),
        lambda _r: submit_record(_sent("QG-78", org.sibling.code), actor=None)[0].as_json(),
        make(org.ward).pk,
    )
    assert got[0] == {"rows": 1, "created": 1, "updated": 0}, got[0]
    assert isinstance(got[1], ImportRejected) and got[1].errors[0].field == "unit_code", got[1]
    assert Record.objects.get(code="QG-78").unit == org.ward


def test_two_records_of_one_root_forwarded_at_once_get_their_own_hop_codes(org: Any, personas: Any) -> None:
    """Imported codes may share the part before "-C" (the hop code's root): each forward numbers its hop in turn."""
    first, second = make(org.ward), make(org.ward)
    Record.objects.filter(pk=first.pk).update(code="HCM-CAP-001")
    Record.objects.filter(pk=second.pk).update(code="HCM-CAP-002")

    def forward(r: Record) -> Transfer:
        return services.record_forward(
            record=r, actor=personas.ward_officer, reason="Thuộc thẩm quyền PC06", to_unit=org.pc06
        )

    got = _at_once(forward, lambda _r: forward(Record.objects.get(pk=second.pk)), first.pk)
    assert isinstance(got[0], Transfer) and isinstance(got[1], Transfer), got
    codes = {t.to_record.code for t in got if t.to_record is not None}
    assert len(codes) == 2 and Record.objects.filter(unit=org.pc06).count() == 2, codes
