"""Two saves of the same target at once (a double click, two coordinators): the second is refused as a duplicate
with the form's message, not an IntegrityError. Outside a test transaction: each save on a connection of its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from cchc.core.errors import DomainError
from cchc.targets import services
from cchc.targets.models import Target
from cchc.targets.services import TargetData

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_the_same_target_created_twice_at_once_is_refused_as_a_duplicate(org, personas):
    data = TargetData(
        unit=org.ward,
        year=date.today().year,
        code="onestop.DOSSIER_ON_TIME",
        comparison=">=",
        value=Decimal(95),
    )

    def create():
        return services.target_create(data=data, actor=personas.coordinator).pk

    created, refused = _side_by_side(create, create)
    assert isinstance(created, int), created
    assert isinstance(refused, DomainError) and refused.code == "duplicate_target", refused
    assert refused.field == "code"
    assert Target.objects.filter(unit=org.ward).count() == 1
