"""Independent reads of one page run side by side, each on a database connection of its own.

A page that puts several heavy, independent reads together (the leaders' view: the 766 board of a province, the
monthly trends, the falls in a ranking) waits for each query in turn while the database server has a core free.
:func:`side_by_side` runs the first call in the calling thread and each other call in a short-lived thread with its
own connection, so the server works on them at once; the results come back in order and the first error is raised
as if the calls had run one after another.

They run one after another in the calling thread instead when:

- ``settings.PARALLEL_READS`` is off;
- a connection of this thread is inside a transaction (``atomic``): another connection would not see what the
  transaction wrote, nor be rolled back with it — the tests run in a transaction, and a job that writes and then
  reads must see its writes.

Each call is a read: it must not write (its own connection commits on its own). The threads see what the calling
thread set up for the page: the active language and time zone, and the reads shared with ``cchc.core.memo.shared``
(the memo is a context variable, carried by a copy of the calling context). A thread's connection is closed when the
thread ends.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone, translation


def may_run_side_by_side() -> bool:
    if not settings.PARALLEL_READS:
        return False
    return not any(c.in_atomic_block for c in connections.all(initialized_only=True))


def side_by_side(*calls: Callable[[], Any]) -> list[Any]:
    """The results of ``calls``, in order; the first in this thread, the others in threads of their own when
    :func:`may_run_side_by_side`, else all here one after another."""
    if len(calls) < 2 or not may_run_side_by_side():
        return [call() for call in calls]
    language = translation.get_language()
    zone = timezone.get_current_timezone()
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException | None] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            with translation.override(language), timezone.override(zone):
                results[i] = calls[i]()
        except BaseException as exc:  # handed to the calling thread
            errors[i] = exc
        finally:
            connections.close_all()  # this thread's connections only

    threads = [
        threading.Thread(
            target=contextvars.copy_context().run, args=(run, i), name=f"side-read-{i}", daemon=True
        )
        for i in range(1, len(calls))
    ]
    started: list[threading.Thread] = []
    for t in threads:
        try:
            t.start()
        except RuntimeError:  # no more threads to be had: the calls left run here, after the first
            break
        started.append(t)
    for i in [0, *range(len(started) + 1, len(calls))]:
        try:
            results[i] = calls[i]()
        except BaseException as exc:
            errors[i] = exc
    for t in started:
        t.join()
    first = next((e for e in errors if e is not None), None)
    if first is not None:
        raise first
    return results
