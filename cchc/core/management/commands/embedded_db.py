from django.core.management.base import BaseCommand

from cchc.core import embedded_pg


class Command(BaseCommand):
    help = "Start, stop or show the embedded PostgreSQL server under var/ (used when DATABASE_URL is unset)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args, action, **options):
        if action == "start":
            params = embedded_pg.ensure_running()
            self.stdout.write(f"PostgreSQL (nhúng) đang chạy / running: socket {params['host']}")
        elif action == "stop":
            stopped = embedded_pg.stop()
            self.stdout.write("Đã dừng / stopped" if stopped else "Không chạy / not running")
        else:
            running = embedded_pg.is_running()
            self.stdout.write(
                f"{'Đang chạy / running' if running else 'Không chạy / not running'}: {embedded_pg.DATA_DIR}"
            )
