"""Apology letters (phiếu xin lỗi) are numbered per unit and year from a locked counter row: two letters issued at
once never share a number, the numbering goes on after the letters issued before the counter existed, and each
unit and year counts on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cchc.onestop.importing import dossier_create_at_desk
from cchc.onestop.models import ApologyLetter, FormCounter, Procedure
from cchc.onestop.services import apology_issue
from tests.concurrency import while_held

from .helpers import load_procedures, working_day_after


def _late(unit, code):
    proc = Procedure.objects.get(code="1.001")
    return dossier_create_at_desk(
        unit=unit, procedure=proc, received_at=timezone.now() - timedelta(days=30), code=code
    )


def _issue(dossier):
    return apology_issue(
        dossier=dossier, reason="Cần xác minh thêm", new_due_at=working_day_after(timezone.now(), 5)
    )


@pytest.mark.django_db(transaction=True)
def test_two_letters_issued_at_once_get_different_numbers(org):
    load_procedures()
    first_d, second_d = _late(org.ward, "A-1"), _late(org.ward, "A-2")
    numbers = while_held(lambda: _issue(first_d).number, lambda: _issue(second_d).number)
    assert numbers == [1, 2], numbers
    assert FormCounter.objects.get(unit=org.ward, year=timezone.localdate().year, form="apology").last == 2


@pytest.mark.django_db
def test_the_numbering_goes_on_after_the_letters_issued_before_the_counter(org):
    load_procedures()
    old = _late(org.ward, "A-OLD")
    year = timezone.localdate().year
    ApologyLetter.objects.create(  # issued before the counter existed
        dossier=old, year=year, number=7, reason="x", original_due_at=old.due_at,
        new_due_at=old.due_at + timedelta(days=3), issued_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    assert _issue(_late(org.ward, "A-NEXT")).number == 8
    assert _issue(_late(org.ward, "A-THEN")).number == 9
    assert _issue(_late(org.sibling, "B-1")).number == 1  # another unit counts on its own


@pytest.mark.django_db
def test_a_letter_refused_takes_no_number(org):
    load_procedures()
    d = _late(org.ward, "A-1")
    assert _issue(d).number == 1
    with pytest.raises(ValidationError):  # only once per dossier
        _issue(d)
    assert _issue(_late(org.ward, "A-2")).number == 2


@pytest.mark.django_db(transaction=True)
def test_two_supplement_requests_made_at_once_get_different_form_numbers(org, personas):
    """Mẫu 02 (…/HDHS) is numbered per unit and year: two officers of the desk asking at once for two dossiers."""
    from cchc.onestop import workflow

    load_procedures()
    first_d, second_d = _late(org.ward, "A-1"), _late(org.ward, "A-2")

    def ask(dossier):
        return workflow.desk_request_supplement(
            dossier=dossier, actor=personas.ward_officer, reason="Thiếu bản sao CCCD"
        ).number

    numbers = while_held(lambda: ask(first_d), lambda: ask(second_d))
    assert numbers == [1, 2], numbers
    # a refusal (Mẫu 03, …/TC) counts on its own
    refused = workflow.desk_refuse(
        dossier=_late(org.ward, "A-3"), actor=personas.ward_officer, reason="Không thuộc thẩm quyền"
    )
    assert refused.number == 1
