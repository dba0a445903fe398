"""``--user USERNAME`` of the one-stop import commands: whose scope the import is held to and whom it is recorded
under (without it the command acts as the installation's operator, with the database's own trust)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from cchc.core.cli import BadInput


def add_user_argument(parser) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="nhập với quyền của người dùng này (phạm vi nhập liệu, nhật ký) / act as this user",
    )


def actor_from(options) -> object | None:
    username = options.get("user")
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise BadInput(f"không có người dùng {username!r}", f"unknown user {username!r}")
    return user
