"""Two writes of the same surveys record at once (a double click, two officers): a receipt printed twice gives one
token, two new versions of a questionnaire are numbered in turn, a code taken twice is refused with the form's
message — none ends in an IntegrityError. Outside a test transaction: each write on a connection of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.core.errors import DomainError
from cchc.surveys import services
from cchc.surveys.models import DossierToken, QuestionnaireStatus, QuestionnaireVersion
from tests.concurrency import while_held

pytestmark = pytest.mark.django_db(transaction=True)

SHIPPED = Path(services.__file__).resolve().parent / "data" / "questionnaires" / "sipas_citizen_v1.json"


def _source() -> QuestionnaireVersion:
    """The shipped questionnaire's row (a flush between transactional tests removes the migration's)."""
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    row, _created = QuestionnaireVersion.objects.get_or_create(
        qid=document["id"],
        version=document["version"],
        defaults={"document": document, "status": QuestionnaireStatus.PUBLISHED},
    )
    return row


def test_a_receipt_printed_twice_at_once_gives_one_token(org):
    def issue():
        return services.dossier_token_issue(unit=org.ward, dossier_code="HS-2026-0042").token

    first, second = while_held(issue, issue)
    assert isinstance(first, str), first
    assert second == first
    assert DossierToken.objects.filter(unit=org.ward).count() == 1


def test_two_new_versions_at_once_are_numbered_one_after_the_other(org, personas):
    own = services.questionnaire_copy(
        source=_source(), qid="sipas_race", title="Riêng", owner=org.city, actor=personas.coordinator
    )
    services.questionnaire_publish(draft=own, actor=personas.coordinator)

    def new_version():
        fresh = QuestionnaireVersion.objects.get(pk=own.pk)
        return services.questionnaire_new_version(source=fresh, actor=personas.coordinator).version

    assert sorted(while_held(new_version, new_version)) == [2, 3]


def test_one_code_taken_twice_at_once_is_refused_with_the_forms_message(org, personas):
    source = _source()

    def copy():
        return services.questionnaire_copy(
            source=source, qid="sipas_race", title="Riêng", owner=org.city, actor=personas.coordinator
        ).version

    created, refused = while_held(copy, copy)
    assert created == 1
    assert isinstance(refused, DomainError) and refused.code == "questionnaire_exists", refused
    assert QuestionnaireVersion.objects.filter(qid="sipas_race").count() == 1
