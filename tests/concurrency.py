"""Two requests at once, for the concurrency tests (``pytest.mark.django_db(transaction=True)``: each thread works on
a connection of its own, which sees only committed data)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction


def while_held(first: Callable[[], Any], second: Callable[[], Any], *, hold: float = 1.0) -> list[Any]:
    """``first`` runs inside a transaction held open ``hold`` seconds after it acted; ``second`` runs meanwhile, as
    a second request would. Their results — or the exceptions they raised — first's then second's. Each thread
    closes its connection when it ends."""
    first_done = threading.Event()
    got: list[Any] = [None, None]

    def one() -> None:
        try:
            with transaction.atomic():
                got[0] = first()
                first_done.set()
                time.sleep(hold)
        except BaseException as exc:
            got[0] = exc
            first_done.set()
        finally:
            connection.close()

    def two() -> None:
        first_done.wait(10)
        try:
            got[1] = second()
        except BaseException as exc:
            got[1] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return got
