"""Shared helpers of the module's database tests: a small catalogue, CSV writing, generated dossiers."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cchc.onestop.importing import DOSSIER_COLUMNS, PROCEDURE_COLUMNS

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PROCEDURES = [
    # code, name, field, level, amount, unit, fee, online, postal, paper, citizens
    (
        "1.001",
        "Đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        7,
        "working_days",
        20000,
        "full",
        0,
        1,
        1,
    ),
    ("1.002", "Cấp thẻ Căn cước", "Căn cước", "Cấp tỉnh", 7, "working_days", 0, "partial", 1, 1, 1),
    (
        "1.003",
        "Đăng ký xe",
        "Đăng ký, quản lý phương tiện",
        "Cấp tỉnh",
        2,
        "days",
        150000,
        "partial",
        0,
        1,
        1,
    ),
    (
        "1.004",
        "Xác nhận thông tin cư trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        8,
        "hours",
        0,
        "full",
        0,
        0,
        1,
    ),
    ("1.005", "Cấp hộ chiếu phổ thông", "Xuất nhập cảnh", "Cấp tỉnh", 1, "months", 200000, "full", 1, 1, 1),
]


def csv_bytes(header, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def procedures_csv() -> bytes:
    return csv_bytes(PROCEDURE_COLUMNS, PROCEDURES)


def load_procedures():
    from cchc.onestop.importing import import_procedures
    from cchc.onestop.tables import read_table

    return import_procedures(read_table(procedures_csv(), "tthc.csv"))


def iso(dt):
    return "" if dt is None else dt.isoformat()


def random_dossier(rng: random.Random, code: str, unit_code: str, start: datetime, span_days: int) -> dict:
    """A dossier with every shape the on-time rules care about (supplements, pauses, unfinished, overdue)."""
    received = start + timedelta(minutes=rng.randrange(span_days * 24 * 60))
    due = received + timedelta(hours=rng.choice([4, 24, 72, 120, 240]))
    finished = None
    status = rng.choice(["processing", "supplement", "done", "returned", "rejected", "withdrawn"])
    if status not in ("processing", "supplement"):
        finished = received + timedelta(hours=rng.choice([1, 20, 70, 100, 200, 400]))
    n_req = rng.choice([0, 0, 0, 1, 1, 2, 3])
    if status == "supplement" and not n_req:  # waiting for a supplement means one was requested
        n_req = 1
    req = comp = None
    if n_req:
        req = received + timedelta(hours=rng.choice([2, 10, 30, 80]))
        if rng.random() < 0.6:
            comp = req + timedelta(hours=rng.choice([1, 24, 100, 500]))
    proc = rng.choice(PROCEDURES)
    fee = proc[6] > 0
    return {
        "code": code,
        "unit_code": unit_code,
        "procedure_code": proc[0],
        "channel": rng.choice(["direct", "online", "online", "postal"]),
        "received_at": iso(received),
        "due_at": iso(due),
        "finished_at": iso(finished),
        "status": status,
        "supplement_requests": str(n_req),
        "supplement_requested_at": iso(req),
        "supplement_completed_at": iso(comp),
        "fee_required": str(int(fee)),
        "paid_online": str(int(fee and rng.random() < 0.5)),
        "digitized": str(int(rng.random() < 0.7)),
        "result_electronic": str(int(rng.random() < 0.6)),
        "reused_data": str(int(rng.random() < 0.4)),
        "citizen_data": str(int(rng.random() < 0.3)),
        "petition": str(int(rng.random() < 0.05)),
        "rating": rng.choice(["", "", "like", "dislike"]),
    }


def dossiers_csv(rows: list[dict]) -> bytes:
    return csv_bytes(DOSSIER_COLUMNS, [[r.get(c, "") for c in DOSSIER_COLUMNS] for r in rows])


def working_day_after(moment: datetime, days: int) -> datetime:
    """The closing time of the ``days``-th working day after ``moment`` (a re-appointment must be a working day)."""
    from cchc.workdays.services import calendar_for

    cal = calendar_for(None)
    return cal.closing_time(cal.add_working_days(moment.astimezone(TZ).date(), days))
