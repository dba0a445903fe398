"""``manage.py send_leader_digest [--user USERNAME] [--date DD/MM/YYYY] [--dry-run]``

Without ``--user``: what the morning job does — every leader and coordinator whose schedule asks for a digest today
gets it. With ``--user``: that person's digest for the current period of their schedule, whatever the day. Never
twice for the same period. ``--dry-run`` prints the e-mail and sends nothing, records nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cchc.core.cli import BadInput
from cchc.core.commands import ContractCommand
from cchc.core.dates import parse_day
from cchc.core.errors import gettext_noop


class Command(ContractCommand):
    help = "Gửi bản tin lãnh đạo (các việc quá hạn) theo lịch của từng người / send the leaders' digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="", help="tên đăng nhập / username")
        parser.add_argument("--date", default="", help="ngày gửi (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in, không gửi / print only")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from cchc.leaders.services import digest_recipients, send_digest

        today = timezone.localdate()
        if options["date"]:
            try:
                today = parse_day(options["date"])
            except ValueError:
                raise BadInput(gettext_noop("--date: ngày không hợp lệ (dd/mm/yyyy)")) from None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise BadInput(
                    gettext_noop("--user: không có tài khoản '%(username)s'"),
                    username=options["user"],
                )
            users, any_day = [user], True
        else:
            users, any_day = digest_recipients(), False
        with self.audit():
            for user in users:
                result = send_digest(user=user, today=today, any_day=any_day, dry_run=options["dry_run"])
                self.stdout.write(f"{result.user}\t{result.status}\t{result.period_key}")
                if options["dry_run"] and result.text:
                    self.stdout.write(f"Subject: {result.subject}\n\n{result.text}")
