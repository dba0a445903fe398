"""The public PAKN form ``POST /pakn/`` under gunicorn, measured beside the survey form's ``POST /s/<token>/`` in the
same run (goal for both: >= 300 responses/s with p99 < 100 ms), on loopback only, bounded.

First the survey form's benchmark (``bench_survey_submit``, its own throw-away database and server), then the same
load through the same harness (``bench/gunicorn_load.py``) on the PAKN form: a throw-away database (suffix
``bench_pakn_submit``) with one receiving unit among ``BENCH_PAKN_UNITS`` (default 3,000: a province's worth);
complete forms (the identity NĐ 20/2008 Điều 7 requires, no attachment), each with its own device cookie and a stamp
issued a minute earlier — the whole path: stamp, honeypot, the two rate-limit counts, the unit, the register number
(a locked counter row per unit and year: every request of the run queues on the same row) and the insert.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import gunicorn_load  # noqa: E402

UNITS = int(os.environ.get("BENCH_PAKN_UNITS", "3000"))


def _survey_bench():  # the module, loaded by path as bench/run.py does
    spec = importlib.util.spec_from_file_location(
        "bench_survey_submit", ROOT / "bench" / "bench_survey_submit.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    print("   -- the survey form, for comparison:", flush=True)
    survey = _survey_bench().main()
    os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_pakn_submit"
    from bench.django_env import bench_database

    with bench_database() as connection:
        from cchc.orgs.models import OrgUnit
        from cchc.pakn.models import Record
        from cchc.surveys import abuse

        gunicorn_load.server_secret()
        province = OrgUnit.objects.create(code="BENCH", name="Tỉnh thử tải", kind="province")
        OrgUnit.objects.bulk_create(
            [
                OrgUnit(code=f"BENCH.{i}", name=f"Đơn vị thử tải {i}", kind="commune_police", parent=province)
                for i in range(1, UNITS)
            ]
        )
        unit = OrgUnit.objects.get(code="BENCH.1")
        fields = {
            "unit": unit.code,
            "kind": "phan_anh",
            "title": "Thử tải",
            "content": "Nội dung phản ánh thử tải.",
            "sender_type": "citizen",
            "sender_name": "Nguyễn Văn A",
            "sender_address": "Số 1 Lạch Tray, Hải Phòng",
            "sender_phone": "0912345678",
        }

        def body_for() -> tuple[str, str]:
            device = secrets.token_urlsafe(12)
            stamp = abuse.make_stamp("pakn-public", device, int(time.time()) - 60)
            return urllib.parse.urlencode({"_s": stamp, **fields}), f"{abuse.DEVICE_COOKIE}={device}"

        result = gunicorn_load.measure(connection, "POST /pakn/", "/pakn/", body_for)
        print("   -- the PAKN form:", flush=True)
        print(result.lines(f"{Record.objects.count()} records stored (incl. warm-up)"), flush=True)
        print(
            f"   -- same run: survey {survey.rps:,.0f} responses/s p99 {survey.p99_ms:.1f} ms; "
            f"PAKN {result.rps:,.0f} responses/s p99 {result.p99_ms:.1f} ms (goal: >= 300, p99 < 100 ms)",
            flush=True,
        )


if __name__ == "__main__":
    main()
