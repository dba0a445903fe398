"""The reporting rule a plan states (its §III "chế độ báo cáo"), read from its text, as a cycle to propose. Pure.

Seed 001: "Báo cáo Quý I (trước ngày 15/3); Báo cáo 06 tháng (trước ngày 15/6); Báo cáo Quý III (trước ngày 15/9);
Báo cáo năm (trước ngày 15/12)"; seed 000: "Định kỳ hàng quý, 06 tháng, năm hoặc đột xuất" (no dates); seed 002
(OCR, no diacritics): "bdo cdo Quy, bdo cdo 6 thang giri truoc ngay 10 thang cuoi cua quy, bdo cdo nam giri truoc
ngay 1 0/12"; seed 004: "Quy 1, 6 thang dau nam, Quy 3 va nam … cham nhat la ngay 18 cua thang cuoi ky".

:func:`reporting_rule` gives the kinds of report (q1, h1, q3, year, …) with their due day in the period's last
month where the plan says it, and the bundled preset that says the same (``catinh-soctrang``, ``haiphong``,
``hanoi-phuong``, or ``bnv`` when the plan names the kinds but no dates). A coordinator confirms it on the cycle
form (:func:`cycle_create_query` prefills it); nothing is created from the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cchc.core.text import fold

from .periods import DEFAULT_PRESET, get_preset, preset_names

ORDER = ("month", "q1", "q2", "h1", "q3", "9m", "q4", "year")
LAST_MONTH = {"q1": 3, "q2": 6, "h1": 6, "q3": 9, "9m": 9, "q4": 12, "year": 12}

_REPORT = re.compile(r"\bb[a-z]o\s+c[a-z]o\b")  # "bao cao" and OCR "bdo cdo", "beo cdo"
_TRIGGER = re.compile(
    r"che do bao cao|bao cao dinh ky|dinh ky|bao cao\s*(?:cchc\s*)?(?:quy|0?[69]\s*thang|nam\b)"
)
_KINDS = [
    ("q3", re.compile(r"quy\s*(?:iii|3)\b")),
    ("q4", re.compile(r"quy\s*(?:iv|4)\b")),
    ("q2", re.compile(r"quy\s*(?:ii|2)\b")),
    ("q1", re.compile(r"quy\s*(?:i|1)\b")),
    ("quarterly", re.compile(r"(?:hang|bao cao|dinh ky)\s*quy\b(?!\s*(?:i|ii|iii|iv|[1-4])\b)")),
    ("h1", re.compile(r"\b0?6\s*thang")),
    ("9m", re.compile(r"\b0?9\s*thang")),
    (
        "year",
        re.compile(r"(?:bao cao|,|\bva|\bhoac)\s*(?:cchc\s*)?nam\b(?!\s*(?:\d|nay|sau|truoc(?!\s*ngay)))"),
    ),
    ("month", re.compile(r"hang\s*thang")),
]
_DAY_MONTH = re.compile(r"ngay\s*(\d\s?\d?)\s*/\s*(\d{1,2})\b")
_DAY_OF_LAST_MONTH = re.compile(r"ngay\s+(\d{1,2})\s+(?:\S+\s+){0,2}thang\s+cu")
WINDOW = 500


@dataclass(frozen=True)
class ReportingRule:
    kinds: tuple[str, ...]
    due_days: dict[str, int | None] = field(
        default_factory=dict
    )  # kind -> day of its last month (None: unsaid)
    preset: str | None = None  # the bundled preset saying the same, if any
    quote: str = ""  # the words it was read from (folded)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds),
            "due_days": self.due_days,
            "preset": self.preset,
            "quote": self.quote,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ReportingRule | None:
        if not data or not data.get("kinds"):
            return None
        days = {str(k): (int(v) if v else None) for k, v in (data.get("due_days") or {}).items()}
        return cls(tuple(data["kinds"]), days, data.get("preset"), str(data.get("quote", "")))


def _windows(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _TRIGGER.finditer(text):
        start, end = m.start(), min(len(text), m.start() + WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def reporting_rule(text: str) -> ReportingRule | None:
    """The periodic reports a plan's text asks for, or None when it names none."""
    folded = _REPORT.sub("bao cao", fold(text))
    found: dict[str, int | None] = {}
    quotes: list[str] = []
    generic_day: int | None = None
    for start, end in _windows(folded):
        window = folded[start:end]
        hits: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []
        for kind, pattern in _KINDS:
            for m in pattern.finditer(window):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                hits.append((m.start(), m.end(), kind))
        if not hits:
            continue
        hits.sort()
        quotes.append(window[: hits[-1][1] + 40].strip())
        for i, (_s, e, kind) in enumerate(hits):
            stop = hits[i + 1][0] if i + 1 < len(hits) else min(len(window), e + 60)
            day = None
            dm = _DAY_MONTH.search(window, e, stop)
            if dm is not None and kind in LAST_MONTH:
                d, month = int(dm.group(1).replace(" ", "")), int(dm.group(2))
                if month in (LAST_MONTH[kind], LAST_MONTH[kind] % 12 + 1) and 1 <= d <= 31:
                    day = d if month == LAST_MONTH[kind] else None
            for k in ["q1", "q3"] if kind == "quarterly" else [kind]:
                if found.get(k) is None:
                    found[k] = day
        gm = _DAY_OF_LAST_MONTH.search(window)
        if gm is not None and generic_day is None and 1 <= int(gm.group(1)) <= 31:
            generic_day = int(gm.group(1))
    if not found:
        return None
    if "quarterly" in found:
        found.pop("quarterly")
    if "q1" in found and "q3" in found:  # "hằng quý": the half-year and the year reports stand for q2 and q4
        found.setdefault("h1" if "q2" not in found else "q2", None)
        found.setdefault("year" if "q4" not in found else "q4", None)
    if generic_day is not None:
        found = {k: (v if v is not None else generic_day) for k, v in found.items()}
    kinds = tuple(k for k in ORDER if k in found)
    days = {k: found[k] for k in kinds}
    return ReportingRule(kinds, days, _matching_preset(kinds, days), " … ".join(quotes)[:600])


def _preset_days(code: str) -> dict[str, int] | None:
    out: dict[str, int] = {}
    for rule in get_preset(code).rules:
        kind, due = rule.get("kind"), rule.get("due") or {}
        if kind not in LAST_MONTH or set(due) - {"day", "month"}:
            return None
        if "month" in due and due["month"] != LAST_MONTH[kind]:
            return None
        out[kind] = int(due["day"])
    return out


def _matching_preset(kinds: tuple[str, ...], days: dict[str, int | None]) -> str | None:
    if all(d is None for d in days.values()):
        preset = _preset_days(DEFAULT_PRESET)
        return DEFAULT_PRESET if preset is not None and set(preset) == set(kinds) else None
    if any(d is None for d in days.values()):
        return None
    for code in preset_names():
        if _preset_days(code) == days:
            return code
    return None


def cycle_create_query(rule: ReportingRule, *, year: int | None, office_code: str, name: str) -> str:
    """The query string of the cycle form that proposes ``rule`` (see ``reports.views._cycle_initial``)."""
    params: dict[str, Any] = {"name": name, "office": office_code}
    if year:
        params["year"] = year
    if rule.preset:
        params["preset"] = rule.preset
    else:
        params["preset"] = "custom"
        fallback = next((d for d in rule.due_days.values() if d), 20)
        for kind in rule.kinds:
            params[f"due_{kind}"] = rule.due_days.get(kind) or fallback
    return urlencode(params)
