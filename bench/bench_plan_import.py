"""Benchmark: importing seed 000 as text, and as a Word file made from it. Goal: < 1 s each.

Pure (no database). Run alone with `.venv/bin/python bench/bench_plan_import.py`, or through
`bench/run.py`, which imports this file and calls main().
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 5
GOAL_MS = 1000.0


def _median_ms(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def main() -> None:
    from cchc.plans.importing import extract_plan
    from cchc.plans.importing.samples import document_to_docx
    from cchc.plans.importing.text_reader import read_text

    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("000_*.txt"))
    if not seeds:
        print("   seed 000 not found beside the repository (../shared/seeds): skipped")
        return
    seed = seeds[0]
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = document_to_docx(read_text(seed.read_text(encoding="utf-8")), Path(tmp) / "seed000.docx")
        extract_plan(seed)  # warm imports and caches once, as a running server would be
        for label, path in (("text", seed), ("docx", docx_path)):
            tasks = len(extract_plan(path)["tasks"])
            ms = _median_ms(lambda p=path: extract_plan(p))
            verdict = "ok" if ms < GOAL_MS else "SLOW"
            print(
                f"   import seed 000 as {label}: {ms:.0f} ms per run (median of {RUNS}), {tasks} tasks [{verdict}]"
            )


if __name__ == "__main__":
    main()
