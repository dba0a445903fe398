"""Base for pure commands (no database): one-line argument errors with exit status 2, no system checks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.cli import BadInput, fail


class PureCommand(BaseCommand):
    """A command that never touches the database; ``BadInput`` and argument errors exit 2 with one stderr line."""

    requires_system_checks: list[str] = []  # checks could import models or reach the database
    requires_migrations_checks = False

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
