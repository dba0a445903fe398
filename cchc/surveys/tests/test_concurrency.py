"""Two writes of the same surveys record at once (a double click, two officers): a receipt printed twice gives one
token, two new versions of a questionnaire are numbered in turn, a code taken twice is refused with the form's
message — none ends in an IntegrityError. Outside a test transaction: each write on a connection of its own."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from cchc.core.errors import DomainError
from cchc.surveys import services
from cchc.surveys.models import DossierToken, QuestionnaireStatus, QuestionnaireVersion

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


def _side_by_side(first_work: Callable[[], Any], second_work: Callable[[], Any]) -> list[Any]:
    """``first_work`` inside a transaction held open one second after it ran; ``second_work`` meanwhile."""
    first_done = threading.Event()
    out: list[Any] = []

    def first() -> None:
        try:
            with transaction.atomic():
                out.append(first_work())
                first_done.set()
                time.sleep(1.0)
        except BaseException as exc:
            out.append(exc)
            first_done.set()
        finally:
            connection.close()

    def second() -> None:
        first_done.wait(10)
        try:
            out.append(second_work())
        except BaseException as exc:
            out.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_a_receipt_printed_twice_at_once_gives_one_token(org):
    def issue():
        return services.dossier_token_issue(unit=org.ward, dossier_code="HS-2026-0042").token

    first, second = _side_by_side(issue, issue)
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

    assert sorted(_side_by_side(new_version, new_version)) == [2, 3]


def test_one_code_taken_twice_at_once_is_refused_with_the_forms_message(org, personas):
    source = _source()

    def copy():
        return services.questionnaire_copy(
            source=source, qid="sipas_race", title="Riêng", owner=org.city, actor=personas.coordinator
        ).version

    created, refused = _side_by_side(copy, copy)
    assert created == 1
    assert isinstance(refused, DomainError) and refused.code == "questionnaire_exists", refused
    assert QuestionnaireVersion.objects.filter(qid="sipas_race").count() == 1
