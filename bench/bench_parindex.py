"""PAR index scoring benchmark: 5,000 units × 100 criteria, goal < 5 s for the evaluation (pure, no database).

Run: .venv/bin/python bench/run.py parindex
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc.parindex.loaders import load_input
from cchc.parindex.output import evaluation_to_json
from cchc.parindex.parsing import parse_input
from cchc.parindex.scoring import evaluate

ROOT = Path(__file__).resolve().parents[1]
UNITS = 5_000
FIELDS = 8
CRITERIA = 100
GOAL_SECONDS = 5.0


def _document(seed: int = 2024) -> dict:
    rng = random.Random(seed)
    leaves_per_field = CRITERIA // FIELDS
    criteria: list[dict[str, Any]] = []
    codes: list[tuple[str, Decimal]] = []
    for f in range(FIELDS):
        count = leaves_per_field + (1 if f < CRITERIA % FIELDS else 0)
        children: list[dict[str, Any]] = []
        for c in range(count):
            code = f"{f + 1}.{c + 1}"
            children.append(
                {
                    "code": code,
                    "title": f"Tiêu chí {code}",
                    "max": Decimal(rng.choice(["0.5", "1", "1.5", "2"])),
                }
            )
            codes.append((code, children[-1]["max"]))
        criteria.append({"code": str(f + 1), "title": f"Lĩnh vực {f + 1}", "children": children})
    units = []
    for u in range(UNITS):
        scores: dict[str, dict[str, Any]] = {}
        for code, mx in codes:
            if rng.random() < 0.03:
                scores[code] = {"not_applicable": True}
                continue
            round1 = (mx * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
            entry: dict[str, Any] = {"self": mx, "round1": round1}
            if rng.random() < 0.3:
                entry["round2"] = min(mx, round1 + Decimal("0.25"))
            scores[code] = entry
        units.append(
            {
                "code": f"U{u:05d}",
                "name": f"Đơn vị {u}",
                "scores": scores,
                "bonus": [{"points": Decimal(rng.choice([0, 1, 2, 3]))}],
                "penalties": [{"points": Decimal(2)}] if rng.random() < 0.1 else [],
            }
        )
    framework = {
        "name": "Benchmark",
        "year": 2024,
        "bonus_cap": 2,
        "bands": [
            {"name": n, "min": m}
            for n, m in [
                ("Xuất sắc", 95),
                ("Tốt", 80),
                ("Khá", 70),
                ("Hoàn thành", 50),
                ("Chưa hoàn thành", 0),
            ]
        ],
        "criteria": criteria,
    }
    return {"framework": framework, "stage": "appraised", "units": units}


def main() -> None:
    started = time.perf_counter()
    doc = _document()
    generated = time.perf_counter()
    data = parse_input(doc)
    parsed = time.perf_counter()
    result = evaluate(data.framework, data.units, data.stage)
    evaluated = time.perf_counter()
    out = evaluation_to_json(result)
    rendered = time.perf_counter()
    total = rendered - generated
    print(
        f"   {UNITS} đơn vị × {len(data.framework.leaves)} tiêu chí ({UNITS * len(data.framework.leaves):,} điểm)"
    )
    print(f"   sinh dữ liệu / generate:   {generated - started:6.2f} s")
    print(f"   đọc / parse:               {parsed - generated:6.2f} s")
    print(f"   tính + xếp hạng / evaluate:{evaluated - parsed:6.2f} s")
    print(f"   xuất JSON / render:        {rendered - evaluated:6.2f} s")
    verdict = "đạt / ok" if total < GOAL_SECONDS else "CHẬM / too slow"
    print(f"   tổng parse+evaluate+render:{total:6.2f} s (mục tiêu < {GOAL_SECONDS:.0f} s: {verdict})")
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/units.json"
        with open(path, "w", encoding="utf-8") as fh:
            # Decimals as JSON numbers, as the contract's files hold them (2-place values round-trip via float).
            json.dump(doc, fh, ensure_ascii=False, default=float)
        began = time.perf_counter()
        loaded = load_input(path)
        evaluate(loaded.framework, loaded.units, loaded.stage)
        print(f"   từ tệp JSON / from a JSON file (read+parse+evaluate): {time.perf_counter() - began:.2f} s")
        began = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "parindex_evaluate", path, "--json"],
            cwd=ROOT, capture_output=True, check=True,
        )  # fmt: skip
        command = time.perf_counter() - began
        assert json.loads(proc.stdout)["units"][0]["code"] == out["units"][0]["code"]
        verdict = "đạt / ok" if command < GOAL_SECONDS else "CHẬM / too slow"
        print(
            f"   lệnh / command `manage.py parindex_evaluate --json` (khởi động + đọc + tính + in): {command:.2f} s"
            f" (mục tiêu < {GOAL_SECONDS:.0f} s: {verdict})"
        )
    top = out["units"][0]
    print(f"   hạng 1: {top['code']} {top['index']} {top['band']}; hạng cuối: {out['units'][-1]['rank']}")


if __name__ == "__main__":
    main()
