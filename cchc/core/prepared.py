"""One row of a statement run as a server-side prepared statement, on Django's connection.

For the few statements every public submission runs (hundreds a second): PostgreSQL plans them once per
connection instead of parsing the whole text each time, and psycopg sends the values as they are instead of quoting
them into the text. Errors surface as Django's (``IntegrityError`` …). The statement is logged like any other when
queries are being recorded (``CaptureQueriesContext``, ``DEBUG``), so tests can pin the number of round trips.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from django.db import connection


def fetch_one_prepared(sql: str, params: Sequence[Any] | Mapping[str, Any]) -> tuple[Any, ...] | None:
    connection.ensure_connection()
    started = time.monotonic()
    # A cursor binding on the server: Django's own cursors bind on the client (the values quoted into the text),
    # with which psycopg cannot prepare. It shares the connection's adapters (Django's loaders and dumpers).
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        row: tuple[Any, ...] | None = cursor.fetchone()
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return row
