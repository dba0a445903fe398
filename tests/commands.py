"""``manage.py`` commands run the way a user sees them — output, errors, exit status — but in the test's process.

A subprocess costs a Python start and a Django set-up (about 1.5 s of a 2-core machine each); dozens of contract
tests used one per call. Here the command runs through Django's own ``ManagementUtility``, as ``manage.py`` does,
with standard output and error captured and ``SystemExit`` turned into the exit status. ``pure=True`` (the default)
closes the database to it: a pure command that tried to connect would fail the test. tests/test_platform.py still
runs every pure command once in a real process with no database server.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, redirect_stderr, redirect_stdout
from typing import Any
from unittest import mock

from django.core.management import ManagementUtility


class DatabaseTouched(AssertionError):
    pass


@contextmanager
def _no_database() -> Iterator[None]:
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise DatabaseTouched("a pure command opened a database connection")

    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", refuse):
        yield


def manage(*args: str, pure: bool = True) -> subprocess.CompletedProcess[str]:
    """``manage.py ARGS``: its standard output, standard error and exit status."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with _no_database() if pure else nullcontext(), redirect_stdout(out), redirect_stderr(err):
        try:
            ManagementUtility(["manage.py", *args]).execute()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess(["manage.py", *args], code, out.getvalue(), err.getvalue())
