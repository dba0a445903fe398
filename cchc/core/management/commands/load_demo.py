import os

from cchc.core.commands import ContractCommand
from cchc.core.demo import load_all


class Command(ContractCommand):
    help = "Nạp dữ liệu minh họa (chạy lại không thay đổi gì) / load the demo data (idempotent)."

    def handle(self, *args, **options):
        with self.audit():
            accounts = load_all()
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nTài khoản minh họa / demo accounts (http://127.0.0.1:{port}):")
        for a in accounts:
            self.stdout.write(f"  {a['username']:<20} {a['password']:<16} {a['role']:<12} {a['unit']}")
        self.stdout.write("")
