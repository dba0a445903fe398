"""Bases of the contract commands (`../shared/contracts/README.md`): bad arguments and every ``DomainError``
(``cchc.core.errors``) exit with status 2 and one line on standard error: the Vietnamese message, then " / " and the
English one.

Every command that writes wraps its writes in ``self.audit()``: the audit trail then records who ran it — the user
named by ``--actor USERNAME`` (or the ``CCHC_ACTOR`` environment variable), else no user and the operating-system
account in the source, e.g. ``command:import_units (os user root)``.
"""

from __future__ import annotations

import getpass
import os
from contextlib import AbstractContextManager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.cli import BadInput, fail_error
from cchc.core.errors import DomainError, gettext_noop


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


class ContractCommand(BaseCommand):
    """A command of the contracts that may use the database."""

    command_name = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        self.command_name = subcommand

        def one_line_error(message: str) -> None:
            if parser.called_from_command_line:
                fail_error(BadInput(gettext_noop("Tham số không hợp lệ: %(problem)s"), problem=message))
            raise CommandError(f"Error: {message}")

        parser.error = one_line_error  # type: ignore[method-assign]
        if not isinstance(self, PureCommand):
            parser.add_argument(
                "--actor",
                metavar="USERNAME",
                default=os.environ.get("CCHC_ACTOR") or None,  # read when the command runs (CLI only)
                help="tài khoản ghi vào nhật ký thay đổi / the account the audit trail records (env CCHC_ACTOR)",
            )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        self.actor_username = options.get("actor")
        try:
            return super().execute(*args, **options)
        except DomainError as exc:
            fail_error(exc)

    def actor(self) -> Any:
        """The account named by ``--actor`` (or ``CCHC_ACTOR``), or None; an unknown name is a DomainError (exit 2).
        Commands that hold their writes to a person's scope (the one-stop imports) pass it on."""
        username = getattr(self, "actor_username", None)
        if not username:
            return None
        from django.contrib.auth import get_user_model

        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise DomainError(
                "unknown_user", gettext_noop("--actor: không có tài khoản '%(username)s'"), username=username
            )
        return actor

    def audit(self) -> AbstractContextManager[None]:
        """The audit context of this command's writes: its actor and ``command:<name> (os user <login>)``."""
        from cchc.audit.context import audit_context

        source = f"command:{self.command_name or self.__module__.rsplit('.', 1)[-1]} (os user {os_user()})"
        return audit_context(self.actor(), source[:100])


class PureCommand(ContractCommand):
    """A command that never touches the database (no system checks: they could import models or connect)."""

    requires_system_checks: list[str] = []
    requires_migrations_checks = False
