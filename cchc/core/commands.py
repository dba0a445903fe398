"""Bases of the contract commands (`../shared/contracts/README.md`): bad arguments and ``BadInput`` exit with status 2
and one line on standard error."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.cli import BadInput, fail


class ContractCommand(BaseCommand):
    """A command of the contracts that may use the database."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str) -> None:
            if parser.called_from_command_line:
                fail(f"Tham số không hợp lệ: {message}", f"bad arguments: {message}")
            raise CommandError(f"Error: {message}")

        parser.error = one_line_error  # type: ignore[method-assign]
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except BadInput as exc:
            fail(exc.vi, exc.en)


class PureCommand(ContractCommand):
    """A command that never touches the database (no system checks: they could import models or connect)."""

    requires_system_checks: list[str] = []
    requires_migrations_checks = False
