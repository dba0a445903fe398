"""Reads side by side (cchc.core.parallel): in threads of their own, on connections of their own, only outside a
transaction; the page's language, time zone and shared reads carried over; errors raised in the caller; the
threads' connections closed."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone, translation

from cchc.core.memo import remember, shared
from cchc.core.parallel import may_run_side_by_side, side_by_side


def _where() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    return {
        "thread": threading.get_ident(),
        "language": translation.get_language(),
        "zone": str(timezone.get_current_timezone()),
        "users": get_user_model().objects.count(),  # what this connection sees
        "shared": remember(("parallel-test",), lambda: "read again"),
    }


@pytest.mark.django_db(transaction=True)
def test_the_calls_run_in_threads_of_their_own_and_see_what_the_page_set_up():
    from tests.factories import UserFactory

    UserFactory()  # committed: every connection sees it
    with shared(), translation.override("en"), timezone.override("Asia/Bangkok"):
        remember(("parallel-test",), lambda: "read once")
        assert may_run_side_by_side()
        first, second, third = side_by_side(_where, _where, _where)
    assert first["thread"] == threading.get_ident()
    assert len({first["thread"], second["thread"], third["thread"]}) == 3
    for got in (second, third):
        assert got["language"] == "en"
        assert got["zone"] == "Asia/Bangkok"
        assert got["users"] == 1
        assert got["shared"] == "read once"  # the page's shared reads, not read again


@pytest.mark.django_db(transaction=True)
def test_the_threads_close_their_connections():
    seen: dict[int, Any] = {}

    def read() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        seen[threading.get_ident()] = connections["default"]
        return pid

    main_pid, side_pid = side_by_side(read, read)
    assert main_pid != side_pid  # two server sessions at once
    (side,) = [wrapper for thread, wrapper in seen.items() if thread != threading.get_ident()]
    assert side is not connections["default"]
    assert side.connection is None  # closed when its thread ended
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [side_pid])
        assert cur.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_side_call_is_raised_in_the_caller_after_every_call_ended():
    ended: list[str] = []

    def fails() -> None:
        raise ValueError("side")

    def slow() -> str:
        threading.Event().wait(0.05)
        ended.append("slow")
        return "ok"

    with pytest.raises(ValueError, match="side"):
        side_by_side(lambda: "main", fails, slow)
    assert ended == ["slow"]


@pytest.mark.django_db
def test_inside_a_transaction_they_run_here_one_after_another():
    """Another connection would not see what the transaction wrote (the tests run in one)."""
    from tests.factories import UserFactory

    UserFactory()
    assert connection.in_atomic_block
    assert not may_run_side_by_side()
    got = side_by_side(_where, _where)
    assert [g["thread"] for g in got] == [threading.get_ident()] * 2
    assert [g["users"] for g in got] == [1, 1]


@pytest.mark.django_db(transaction=True)
def test_a_job_that_wrote_in_a_transaction_reads_here_too(settings):
    with transaction.atomic():
        assert not may_run_side_by_side()
    assert may_run_side_by_side()
    settings.PARALLEL_READS = False
    assert not may_run_side_by_side()
    got = side_by_side(_where, _where)
    assert {g["thread"] for g in got} == {threading.get_ident()}


@pytest.mark.django_db(transaction=True)
def test_when_no_thread_can_start_the_calls_run_here(monkeypatch):
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    got = side_by_side(_where, _where, _where)
    assert {g["thread"] for g in got} == {threading.get_ident()}
    assert connection.connection is not None  # this thread's connection is not closed by the others' ending
