"""Computed criteria: a small registry of named rules that measure a unit from platform data.

A criterion whose ``method`` names a rule gets a *suggested* score: the rule returns a percentage for the unit over
the round's evidence window, and the criterion's ``thresholds`` (a step table ``[{"min": 80, "points": 2.25}, …]``,
highest first or in any order) turn it into points. Appraisers keep the last word: the suggestion is shown beside
the score fields and pre-fills the self-assessment, it never overrides a score someone typed.

Hooks for the other modules — each registers a *data source* from its ``AppConfig.ready()``::

    from cchc.parindex.rules import register_source

    def tasks_on_time(unit, start, end):          # -> Measure | None
        ...
        return Measure(percent=Decimal("87.5"), detail="7/8 nhiệm vụ hoàn thành đúng hạn")

    register_source("plan_tasks_on_time", tasks_on_time)   # plans module
    register_source("survey_index", satisfaction_index)    # surveys module (citizens)
    register_source("organisation_survey_index", organisations_index)  # surveys module (Phiếu 01, 02)
    register_source("index766", index_766)                 # onestop module (766 figures)

A criterion may carry ``rule_params`` (JSON) that its rule's source reads — which 766 indicator
(``{"indicator": "SO_HOA_GIAY_TO_GIAI_QUYET"}``), which plan tasks (``{"text": "Đề án 06"}``, ``{"section": …}``,
``{"content": …}``). A source registered with ``params=True`` is called ``source(unit, start, end, params)``.
A ``Measure`` names the records it counted (``records_url``: the drill-down list built by the same query) and, where
it is a ratio, its ``numerator`` and ``denominator``.

Until a source is registered (or when it returns ``None``) the rule answers "no data" and the UI says so.
Pure apart from the registry: a source may touch the database, this module does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    percent: Decimal  # 0–100 (may exceed 100 for some sources; thresholds decide)
    detail: str = ""
    records_url: str = ""  # the records counted (drill-down), built by the same query
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class RuleResult:
    points: Decimal | None  # None: no data
    percent: Decimal | None
    detail: str
    records_url: str = ""

    @property
    def has_data(self) -> bool:
        return self.points is not None


Source = Callable[..., Measure | None]  # (unit, start, end) or, with params=True, (unit, start, end, params)

RULES: dict[str, Any] = {
    "plan_tasks_on_time": _("Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn (phân hệ Kế hoạch)"),
    "survey_index": _("Chỉ số hài lòng của người dân, tổ chức (phân hệ Khảo sát)"),
    "organisation_survey_index": _(
        "Ý kiến của cơ quan, tổ chức về kết quả CCHC — Phiếu 01, 02 (phân hệ Khảo sát)"
    ),
    "index766": _("Số liệu Bộ chỉ số phục vụ người dân, doanh nghiệp – QĐ 766 (phân hệ Một cửa)"),
    "reports_sent": _("Tỷ lệ báo cáo CCHC đến hạn đã gửi (phân hệ Báo cáo)"),
    "report_timeliness": _("Tỷ lệ báo cáo CCHC gửi đúng hạn (phân hệ Báo cáo)"),
    "apology_letters": _("Tỷ lệ hồ sơ quá hạn có thư xin lỗi (phân hệ Một cửa)"),
}
SOURCES: dict[str, Source] = {}
TAKES_PARAMS: set[str] = set()


def register_source(rule: str, source: Source, *, params: bool = False) -> None:
    """Plug a data source into a rule (the plans, surveys and onestop modules call this)."""
    if rule not in RULES:
        raise KeyError(f"unknown PAR index rule {rule!r}; known: {', '.join(RULES)}")
    SOURCES[rule] = source
    if params:
        TAKES_PARAMS.add(rule)
    else:
        TAKES_PARAMS.discard(rule)


def unregister_source(rule: str) -> None:
    SOURCES.pop(rule, None)
    TAKES_PARAMS.discard(rule)


def measure(
    rule: str, unit: Any, start: date, end: date, params: Mapping[str, Any] | None = None
) -> Measure | None:
    """What the rule's source measures for the unit over the window (None: no source or no data)."""
    source = SOURCES.get(rule)
    if source is None:
        return None
    if rule in TAKES_PARAMS:
        return source(unit, start, end, dict(params or {}))
    return source(unit, start, end)


def points_for(
    percent: Decimal, thresholds: Sequence[Mapping[str, Any]] | None, max_points: Decimal
) -> Decimal:
    """Step table: the points of the highest ``min`` not above ``percent``; linear (max × % / 100) without one."""
    if not thresholds:
        value = max_points * percent / Decimal(100)
        return max(Decimal(0), min(max_points, value)).quantize(Decimal("0.01"))
    steps = sorted(((Decimal(str(t["min"])), Decimal(str(t["points"]))) for t in thresholds), reverse=True)
    for minimum, points in steps:
        if percent >= minimum:
            return min(points, max_points)
    return Decimal(0)


def evaluate_rule(
    rule: str,
    unit: Any,
    start: date,
    end: date,
    thresholds: Sequence[Mapping[str, Any]] | None,
    max_points: Decimal,
    params: Mapping[str, Any] | None = None,
) -> RuleResult:
    if rule not in RULES:
        return RuleResult(None, None, str(_("Quy tắc tính không xác định: %(r)s")) % {"r": rule})
    source = SOURCES.get(rule)
    if source is None:
        return RuleResult(
            None, None, str(_("Chưa có dữ liệu: phân hệ cung cấp số liệu cho quy tắc này chưa được kết nối."))
        )
    m = measure(rule, unit, start, end, params)
    if m is None:
        return RuleResult(None, None, str(_("Chưa có dữ liệu của đơn vị trong kỳ đánh giá.")))
    points = points_for(m.percent, thresholds, max_points)
    detail = m.detail or f"{m.percent}%"
    return RuleResult(points, m.percent, detail, m.records_url)
