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


def current_actor() -> tuple[str, str]:
    """The connection's (actor id, source) as the trigger reads them ("" when unset)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting('cchc.actor_id', true), ''), "
            "coalesce(current_setting('cchc.source', true), '')"
        )
        return cursor.fetchone()


@contextmanager
def audit_context(actor=None, source: str = "command"):
    """Attribute the writes made inside the block (used by commands, jobs and tests).

    On leaving, the attribution in force before is restored, so a block nested in a request (whose middleware has
    set the signed-in user) or in a command's own context does not leave the writes after it unattributed.
    """
    previous = current_actor()
    set_actor(getattr(actor, "pk", actor), source)
    try:
        yield
    finally:
        # In a broken transaction nothing can run; its rollback undoes the set_config made inside it anyway.
        if connection.connection is not None and not connection.needs_rollback:
            actor_id, previous_source = previous
            set_actor(int(actor_id) if actor_id else None, previous_source)
