"""Base of the module's database commands: argument errors and ``BadInput`` exit 2 with one line on stderr."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.cli import BadInput, fail


class ContractCommand(BaseCommand):
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
