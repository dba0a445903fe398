"""Monthly trends of the leaders' view, from the owning modules' own figures: the dossiers' on-time ratio
(``cchc.onestop.selectors.on_time_trend``, the indicators page's trend: one query) and PAKN received and handled
on time (``cchc.pakn.indicators.subtree_trend``: the counts of ``unit_counts`` over the subtree, every month in
one query)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.orgs.models import OrgUnit

from .charts import Point
from .ranks import indicators_url

MONTHS = 12


@dataclass(frozen=True)
class Month:
    first: date
    last: date
    numerator: int
    denominator: int
    value: Decimal | None  # percent, 2 decimals
    url: str

    @property
    def label(self) -> str:
        return self.first.strftime("%m/%Y")


@dataclass
class Trend:
    key: str
    title: str
    numerator_label: str
    denominator_label: str
    months: list[Month] = field(default_factory=list)

    @property
    def points(self) -> list[Point]:
        return [Point(m.label, None if m.value is None else float(m.value)) for m in self.months]


def _pct(num: int, den: int) -> Decimal | None:
    return (Decimal(num * 100) / Decimal(den)).quantize(Decimal("0.01")) if den else None


def dossier_trend(unit: OrgUnit, date_to: date) -> Trend:
    from django.utils.translation import gettext as _

    from cchc.onestop.selectors import on_time_trend
    from cchc.onestop.unitscore import definitions_on

    rows: list[dict[str, Any]] = on_time_trend(unit, date_to, definitions_on(date_to), months=MONTHS)
    trend = Trend(
        "dossiers", _("Tỷ lệ hồ sơ giải quyết đúng hạn (%)"), _("Đúng hạn"), _("Hồ sơ phải giải quyết")
    )
    for r in rows:
        ratio = r["ratio"]
        trend.months.append(
            Month(
                r["from"],
                r["to"],
                int(r["on_time"]),
                int(r["s"]),
                None if ratio is None else Decimal(str(ratio)).quantize(Decimal("0.01")),
                indicators_url(unit, r["from"], r["to"]),
            )
        )
    return trend


def pakn_trend(unit: OrgUnit, date_to: date, subtree_ids: list[int] | None = None) -> Trend:
    """PAKN received and handled on time over the subtree, month by month, in one query (``subtree_ids`` is not
    read: the query selects the subtree by its path)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from cchc.onestop.ontime import Period, period
    from cchc.onestop.selectors import months_back
    from cchc.pakn.indicators import subtree_trend
    from cchc.workdays.services import calendar_for

    from .exceptions import pakn_url

    cal = calendar_for(None)
    now = timezone.now()
    trend = Trend("pakn", _("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (%)"), _("Đúng hạn"), _("Tiếp nhận"))
    months: list[tuple[date, date, Period]] = []
    for m_from, m_to in months_back(date_to, MONTHS):
        p = period(m_from, m_to, now=now)
        if p.as_of < p.start:
            continue  # a month not begun yet
        months.append((m_from, m_to, p))
    counts = subtree_trend([p for _f, _t, p in months], cal, unit.path)
    for (m_from, m_to, _p), (received, on_time) in zip(months, counts, strict=True):
        trend.months.append(
            Month(
                m_from,
                m_to,
                on_time,
                received,
                _pct(on_time, received),
                pakn_url(unit, m_from, m_to, "on_time"),
            )
        )
    return trend
