"""``pakn_indicators`` as a user calls it, against a second, independent reading of contracts/pakn.md on generated
records (this file does not use cchc.pakn.clocks or the SQL: it follows the contract's sentences one by one)."""

from __future__ import annotations

import io
import json
import math
import random
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.management import call_command

from cchc.orgs.models import OrgUnit
from cchc.pakn.models import Record
from cchc.workdays.calendar import VN_TZ
from cchc.workdays.due import due_date
from cchc.workdays.notices import default_calendar

CAL = default_calendar()


def D(t: datetime, n: int) -> datetime:
    return due_date(t, n, "working_days", CAL)


def _later(rng: random.Random, t: datetime, max_days: int) -> datetime:
    return t + timedelta(minutes=rng.randint(1, max_days * 24 * 60))


def generate(units: list[OrgUnit], n: int, seed: int) -> list[Record]:
    rng = random.Random(seed)
    records: list[Record] = []
    start = datetime(2026, 1, 1, tzinfo=VN_TZ)
    for i in range(n):
        received = start + timedelta(minutes=rng.randint(0, 150 * 24 * 60))
        v: dict[str, Any] = {"received_at": received}
        t: datetime = received
        if rng.random() < 0.3:
            t = v["transferred_at"] = _later(rng, received, 12)
        if rng.random() < 0.15:
            v["refused_at"] = _later(rng, t, 5)
            v["refusal_kind"] = rng.choice(["refused", "returned", "forwarded"])
        else:
            waiting = False
            if rng.random() < 0.25:
                t = v["supplement_requested_at"] = _later(rng, t, 9)
                if rng.random() < 0.7:
                    t = v["supplemented_at"] = _later(rng, t, 20)
                else:
                    waiting = True
            if not waiting and rng.random() < 0.75:
                t = v["handled_at"] = _later(rng, t, 25)
                if rng.random() < 0.8:
                    v["published_at"] = _later(rng, t, 4)
        records.append(
            Record(
                unit=rng.choice(units),
                code=f"G{seed}-{i}",
                channel="portal",
                sender_type="citizen",
                kind=rng.choice(["phan_anh", "kien_nghi"]),
                category=rng.choice(["regulation", "conduct"]),
                title="x",
                content="x",
                likes=rng.choice([0, 0, 1, 2]),
                dislikes=rng.choice([0, 0, 0, 1, 3]),
                **v,
            )
        )
    for i in range(n // 10):  # follow-ups about earlier results
        target = rng.choice(records)
        records.append(
            Record(
                unit=target.unit,
                code=f"G{seed}-F{i}",
                channel="website",
                sender_type="citizen",
                kind="phan_anh",
                category="regulation",
                title="x",
                content="x",
                received_at=target.received_at + timedelta(days=rng.randint(1, 60)),
                follow_up_of=target.code,
            )
        )
    Record.objects.bulk_create(records)
    return records


def reading(
    records: list[Record], units: list[OrgUnit], d_from: str, d_to: str, as_of: datetime
) -> dict[str, Any]:
    """The contract read anew: P, the state of each record of P at as_of, the verdict, the counts, the scores."""
    lo = datetime.combine(datetime.fromisoformat(d_from).date(), time.min, tzinfo=VN_TZ)
    hi = datetime.combine(datetime.fromisoformat(d_to).date(), time(23, 59, 59), tzinfo=VN_TZ)

    def happened(t: datetime | None) -> datetime | None:
        return None if t is None or t > as_of else t

    followed = {r.follow_up_of for r in records if r.follow_up_of and r.received_at <= as_of}
    rows = {}
    for u in units:
        c = dict.fromkeys(
            ["received", "refused", "handled", "published", "waiting", "in_progress", "on_time", "overdue"], 0
        )
        satisfied = regulation = conduct = 0
        for r in records:
            if (
                r.unit_id != u.pk
                or not (lo <= r.received_at < hi + timedelta(seconds=1))
                or r.received_at > as_of
            ):
                continue
            c["received"] += 1
            transferred = happened(r.transferred_at)
            start = r.received_at if transferred is None else max(r.received_at, transferred)
            refused, asked, answered = happened(r.refused_at), happened(r.supplement_requested_at), None
            answered = happened(r.supplemented_at)
            handled, published = happened(r.handled_at), happened(r.published_at)
            if refused:
                c["refused"] += 1
                good = refused <= D(start, 2)
            else:
                good = True
                if asked:
                    good = asked <= D(start, 5)
                waiting = asked is not None and answered is None and handled is None
                if waiting:
                    c["waiting"] += 1
                else:
                    restart = max(start, answered) if answered else start
                    if handled:
                        c["handled"] += 1
                        good = good and handled <= D(restart, 15)
                        if published:
                            c["published"] += 1
                            good = good and published <= D(handled, 2)
                        else:
                            good = good and as_of <= D(handled, 2)
                    else:
                        c["in_progress"] += 1
                        good = good and as_of <= D(restart, 15)
            c["on_time" if good else "overdue"] += 1
            if good and not r.dislikes > r.likes and r.code not in followed:
                satisfied += 1
            regulation += r.category == "regulation"
            conduct += r.category == "conduct"

        def ind(code: str, num: int, scored: bool, den: int = c["received"]) -> dict[str, Any]:
            ratio = None if den == 0 else math.floor(num / den * 100 * 100 + 0.5) / 100
            if not scored:
                return {
                    "code": code,
                    "numerator": num,
                    "denominator": den,
                    "ratio": ratio,
                    "score": None,
                    "max": 0,
                }
            score = 6.0 if den == 0 else math.floor(6 * (num / den * 100) / 100 * 100 + 0.5) / 100
            return {
                "code": code,
                "numerator": num,
                "denominator": den,
                "ratio": ratio,
                "score": score,
                "max": 6,
            }

        rows[u.code] = {
            **c,
            "indicators": [
                ind("PETITION_PROCESSING_ON_TIME", c["on_time"], True),
                ind("PETITION_HANDLING_SATISFACTION", satisfied, True),
                ind("PETITION_CLASSIFICATION_TTHC", regulation, False),
                ind("PETITION_CLASSIFICATION_STAFF", conduct, False),
            ],
        }
    return rows


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("pakn_indicators", *args, "--json", stdout=out)
    return dict(json.loads(out.getvalue()))


@pytest.mark.parametrize("as_of", ["2026-02-15T12:00:00+07:00", "2026-04-03T17:00:00+07:00", None])
def test_command_matches_an_independent_reading(org: Any, as_of: str | None) -> None:
    units = [org.ward, org.sibling, org.pv01, org.pc06]
    records = generate(units, 600, seed=17)
    args = ["--from", "2026-01-01", "--to", "2026-03-31"]
    if as_of:
        args += ["--as-of", as_of]
    doc = run(*args)
    when = datetime.fromisoformat(as_of) if as_of else datetime(2026, 3, 31, 23, 59, 59, tzinfo=VN_TZ)
    assert doc["as_of"] == when.astimezone(VN_TZ).isoformat()
    expected = reading(records, units, "2026-01-01", "2026-03-31", when)
    got = {u["code"]: {k: v for k, v in u.items() if k not in ("code", "name")} for u in doc["units"]}
    assert set(got) == {code for code, row in expected.items() if row["received"]}
    for code, row in got.items():
        assert row == expected[code], code
        parts = row["refused"] + row["handled"] + row["waiting"] + row["in_progress"]
        assert parts == row["received"] == row["on_time"] + row["overdue"]


@pytest.mark.parametrize("wide", [False, True], ids=["index", "scan-all-then-filter"])
def test_unit_option_reports_the_subtree(org: Any, monkeypatch: pytest.MonkeyPatch, wide: bool) -> None:
    from cchc.pakn import indicators

    monkeypatch.setattr(indicators, "_wide", lambda ids: wide)
    units = [org.ward, org.sibling, org.pv01]
    records = generate(units, 300, seed=3)
    outside = OrgUnit.objects.create(code="OUT", name="Ngoài cây", kind="province")
    generate([outside], 40, seed=4)  # another tree's records: never in HP's rows, whichever way they are read
    doc = run(
        "--from", "2026-01-01", "--to", "2026-06-30", "--unit", "HP", "--as-of", "2026-05-01T10:00:00+07:00"
    )
    codes = [u["code"] for u in doc["units"]]
    assert "OUT" not in codes
    assert codes[0] == "HP" and {"HP.CAP.A", "HP.CAP.B", "HP.PV01", "HP.PC06"} <= set(codes)
    expected = reading(records, units, "2026-01-01", "2026-06-30", datetime(2026, 5, 1, 10, tzinfo=VN_TZ))
    parent = doc["units"][0]
    assert parent["received"] == sum(r["received"] for r in expected.values())
    assert parent["on_time"] == sum(r["on_time"] for r in expected.values())
    pc06 = next(u for u in doc["units"] if u["code"] == "HP.PC06")
    assert pc06["received"] == 0
    assert pc06["indicators"][0]["ratio"] is None and pc06["indicators"][0]["score"] == 6


def test_bad_arguments_exit_2(org: Any) -> None:
    for args in (
        ["--from", "2026-13-01", "--to", "2026-12-31"],
        ["--from", "2026-02-01", "--to", "2026-01-01"],
    ):
        with pytest.raises(SystemExit) as exc:
            run(*args)
        assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run("--from", "2026-01-01", "--to", "2026-01-31", "--unit", "NO.SUCH.UNIT")
    assert exc.value.code == 2
