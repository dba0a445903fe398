"""A dossier token takes one answer: the second insert's unique violation is recognised by its constraint name."""

from __future__ import annotations

import pytest

from cchc.surveys import answering, services
from cchc.surveys.models import Origin, Response

ALL_FIVE = {f"q{i}": "5" for i in range(1, 17)}


@pytest.mark.django_db(transaction=True)
def test_second_answer_for_a_dossier_is_refused_by_the_unique_index(org, survey):
    token = services.dossier_token_issue(unit=org.ward, dossier_code="HS-2026-0042")
    reading = answering.read_answers(survey.questionnaire, ALL_FIVE)

    def record():
        return services.response_record(
            survey=survey, unit_id=org.ward.pk, origin=Origin.DOSSIER, reading=reading, dossier_id=token.pk
        )

    record()
    with pytest.raises(services.DossierAlreadyAnswered):
        record()
    assert Response.objects.filter(dossier_id=token.pk).count() == 1
