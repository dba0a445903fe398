"""Saving the self-assessment grid is one act: when a cell is refused, neither the other cells nor the summary typed
with them are saved (the summary is written inside the service's transaction, after the version check)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.parindex import services

from .conftest import assessment_of

pytestmark = pytest.mark.django_db


def test_a_refused_grid_leaves_no_summary_through_the_page(par_round, personas, login, org):
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    posted = {"action": "save_self", "summary": "Kiến nghị của đơn vị", "self-2.1": "1,5", "self-1.1": "9"}
    response = client.post(reverse("parindex:assessment", args=[a.pk]), posted)
    assert response.status_code == 400  # 1.1 is worth 4 points at most
    assert "Kiến nghị của đơn vị" in response.content.decode()  # shown again, not lost
    a.refresh_from_db()
    assert a.summary == ""
    assert a.scores.get(criterion__code="2.1").self_score is None  # the good cell is not saved either


def test_a_refused_grid_leaves_the_summary_unchanged_in_the_service(par_round, personas, org):
    a = assessment_of(par_round, org.pc06)
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            assessment=a, actor=personas.department_head, entries={"1.1": {"self": "abc"}}, summary="Tóm tắt"
        )
    a.refresh_from_db()
    assert a.summary == ""
    services.self_assessment_save(
        assessment=a, actor=personas.department_head, entries={"1.1": {"self": "3"}}, summary="Tóm tắt"
    )
    a.refresh_from_db()
    assert a.summary == "Tóm tắt" and str(a.scores.get(criterion__code="1.1").self_score) == "3.00"
