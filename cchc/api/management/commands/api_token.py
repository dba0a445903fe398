"""``manage.py api_token --user USERNAME --name NAME [--write] [--expires DATE]`` (contracts/api.md): creates a
token and prints it alone on the last line of standard output (valid through the ``--expires`` day)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandParser

from cchc.core.cli import BadInput
from cchc.core.commands import ContractCommand
from cchc.core.dates import parse_day

from ...tokens import api_token_create


class Command(ContractCommand):
    help = "Tạo khóa API cho một tài khoản / create an API token for an account"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, metavar="USERNAME", help="tài khoản / the account")
        parser.add_argument("--name", required=True, help="tên khóa / the token's name")
        parser.add_argument("--write", action="store_true", help="cho phép ghi / allow writes")
        parser.add_argument(
            "--expires",
            metavar="DATE",
            help="hiệu lực đến hết ngày (YYYY-MM-DD hoặc dd/mm/yyyy) / valid through",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise BadInput(
                f"Không có tài khoản '{options['user']}'.", f"there is no account '{options['user']}'."
            )
        expires = None
        if options.get("expires"):
            try:
                expires = parse_day(options["expires"])
            except ValueError:
                raise BadInput(
                    f"--expires: ngày '{options['expires']}' không hợp lệ.",
                    f"--expires: bad date '{options['expires']}'.",
                ) from None
        with self.audit():
            token, raw = api_token_create(
                user=user,
                name=options["name"],
                write=options["write"],
                expires_on=expires,
                actor=self.actor(),
            )
        self.stdout.write(
            f"Khóa API “{token.name}” của {user.username}: quyền {token.scope}, hiệu lực đến hết ngày "
            f"{token.expires_on:%d/%m/%Y}. Khóa chỉ hiện một lần / shown once:"
        )
        self.stdout.write(raw)
