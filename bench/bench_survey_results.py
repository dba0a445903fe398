"""Survey results, pure path: final computation from aggregated counts, and aggregation of raw responses.

The database path (one SQL aggregate feeding ``compute_results``) is benchmarked separately.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.surveys.results import (
    Aggregate,
    ResponseRecord,
    aggregate_responses,
    compute_results,
    roll_up,
)

DIMENSIONS = ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "gop_y", "tong_the")
QUESTIONS_PER_DIMENSION = (4, 3, 3, 3, 2, 1)  # the shipped sipas_citizen_v1 layout
UNITS = 150
RAW_RESPONSES = 1_000_000


def _question_dimensions() -> dict[str, str]:
    out: dict[str, str] = {}
    for dim, n in zip(DIMENSIONS, QUESTIONS_PER_DIMENSION, strict=True):
        for _ in range(n):
            out[f"q{len(out) + 1}"] = dim
    return out


def _counts(rng: random.Random) -> Aggregate:
    agg = Aggregate()
    for u in range(UNITS):
        unit = f"U{u:03d}"
        for dim in DIMENSIONS:
            agg.counts[(unit, dim)] = {v: rng.randint(0, 400) for v in range(1, 6)}
        agg.responses[unit] = rng.randint(100, 2000)
        agg.flagged[unit] = rng.randint(0, 10)
    return agg


def _records(rng: random.Random, dims: dict[str, str]) -> list[ResponseRecord]:
    # A pool of distinct answer sets, shared between records to keep memory flat (~100 MB for 1M records).
    keys = list(dims)
    pool = [{k: rng.choice((None, 1, 2, 3, 4, 4, 5, 5, 5)) for k in keys} for _ in range(997)]
    units = [f"U{u:03d}" for u in range(UNITS)]
    return [
        ResponseRecord(units[i % UNITS], pool[i % 997], flagged=(i % 211 == 0), accepted=(i % 422 == 0))
        for i in range(RAW_RESPONSES)
    ]


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    rng = random.Random(2025)
    agg = _counts(rng)
    t = _best(lambda: compute_results(agg, order=DIMENSIONS), repeat=20)
    print(f"   compute_results: {UNITS} units × {len(DIMENSIONS)} dimensions from counts: {t * 1000:.2f} ms")

    tree = {"ROOT": [f"G{g}" for g in range(10)]}
    for u in range(UNITS):
        tree.setdefault(f"G{u % 10}", []).append(f"U{u:03d}")
    t = _best(lambda: compute_results(roll_up(agg, tree), order=DIMENSIONS), repeat=10)
    print(f"   roll_up + compute_results: {UNITS} units under 10 groups and a root: {t * 1000:.2f} ms")

    dims = _question_dimensions()
    started = time.perf_counter()
    records = _records(rng, dims)
    built = time.perf_counter() - started
    answers = sum(1 for r in records for v in r.answers.values() if v is not None)
    started = time.perf_counter()
    raw = aggregate_responses(records, dims)
    t = time.perf_counter() - started
    print(
        f"   aggregate_responses: {RAW_RESPONSES:,} responses ({answers:,} answers, {len(dims)} questions each): "
        f"{t:.2f} s ({RAW_RESPONSES / t:,.0f} responses/s; building the records took {built:.2f} s)"
    )
    t = _best(lambda: compute_results(raw, order=DIMENSIONS), repeat=5)
    print(f"   compute_results on that aggregate: {t * 1000:.2f} ms")


if __name__ == "__main__":
    main()
