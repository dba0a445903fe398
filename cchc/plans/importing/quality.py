"""Import quality against hand-made truth labels (`shared/truth/seedNNN.json`), as the contract
measures it (`shared/contracts/plans.md`, "How import quality is measured"):

- a truth task is *found* when the output has a task with the same `table` and `code`;
- of the found tasks, each is right on `content` (similarity >= 0.9 after collapsing whitespace
  and case, difflib ratio), on `lead` and on `coordinate` (the same units, each compared the same
  way) and on `deadline` (`kind` and `end` equal).

Truth rows flagged `is_heading` (title-only parents) count neither for nor against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

THRESHOLD = 0.9
FIELDS = ("content", "lead", "coordinate", "deadline")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def similar(a: str | None, b: str | None) -> bool:
    a, b = _norm(a), _norm(b)
    if a == b:
        return True
    return SequenceMatcher(None, a, b).ratio() >= THRESHOLD


def same_units(got: list[str] | None, want: list[str] | None) -> bool:
    got, want = list(got or []), list(want or [])
    if len(got) != len(want):
        return False
    remaining = list(got)
    for unit in want:
        match = next((g for g in remaining if similar(g, unit)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def same_deadline(got: dict[str, Any] | None, want: dict[str, Any] | None) -> bool:
    got, want = got or {}, want or {}
    return got.get("kind") == want.get("kind") and got.get("end") == want.get("end")


def truth_tasks(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Truth tasks with their table ordinal (files label either `tasks` or `tables[].tasks`)."""
    out: list[dict[str, Any]] = []
    if "tables" in truth:
        for ordinal, table in enumerate(truth["tables"], start=1):
            for task in table["tasks"]:
                out.append({**task, "table": task.get("table", ordinal)})
    else:
        for task in truth.get("tasks", []):
            out.append({**task, "table": task.get("table", 1)})
    return [t for t in out if not t.get("is_heading")]


@dataclass
class Report:
    total: int = 0
    found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def percent(self, name: str) -> float:
        if name == "found":
            return 100.0 * self.found / self.total if self.total else 100.0
        return 100.0 * self.right[name] / self.found if self.found else 100.0

    def figures(self) -> dict[str, float]:
        return {name: round(self.percent(name), 1) for name in ("found", *FIELDS)}

    def line(self, label: str = "") -> str:
        f = self.figures()
        return (
            f"{label}tasks {self.total}: found {f['found']}%, content {f['content']}%, lead {f['lead']}%, "
            f"coordinate {f['coordinate']}%, deadline {f['deadline']}%"
        )


def measure(output: dict[str, Any], truth: dict[str, Any]) -> Report:
    """Compare an importer output with a truth file."""
    by_key: dict[tuple[int, str], dict[str, Any]] = {}
    for task in output.get("tasks", []):
        if task.get("code") is not None:
            by_key.setdefault((task.get("table") or 1, str(task["code"])), task)
    report = Report()
    for want in truth_tasks(truth):
        report.total += 1
        key = (want["table"], str(want["code"]))
        got = by_key.get(key)
        if got is None:
            report.misses.append(f"table {key[0]} code {key[1]}: not found")
            continue
        report.found += 1
        checks = {
            "content": similar(got.get("content"), want.get("content")),
            "lead": same_units(got.get("lead"), want.get("lead")),
            "coordinate": same_units(got.get("coordinate"), want.get("coordinate")),
            "deadline": same_deadline(got.get("deadline"), want.get("deadline")),
        }
        for name, ok in checks.items():
            if ok:
                report.right[name] += 1
            else:
                report.misses.append(
                    f"table {key[0]} code {key[1]}: {name}: got {got.get(name)!r}, want {want.get(name)!r}"
                )
    return report
