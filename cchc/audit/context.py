"""Who is acting: stored in PostgreSQL settings of the connection, read by the audit trigger."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


def set_actor(actor_id: int | None, source: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('cchc.actor_id', %s, false), set_config('cchc.source', %s, false)",
            [str(actor_id) if actor_id else "", source[:100]],
        )


def clear_actor() -> None:
    set_actor(None, "")


@contextmanager
def audit_context(actor=None, source: str = "command"):
    """Attribute the writes made inside the block (used by commands, jobs and tests)."""
    set_actor(getattr(actor, "pk", actor), source)
    try:
        yield
    finally:
        if connection.connection is not None:
            clear_actor()
