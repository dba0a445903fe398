"""``dossiers`` figures from the one-stop module: per unit (its own dossiers), over the report's data window, the
``received`` (R), ``in_process`` (S), ``on_time`` and ``overdue`` counts of ``onestop_indicators --unit`` — the same
SQL (:func:`cchc.onestop.indicators.unit_counts`) for the same period (:func:`cchc.onestop.ontime.period`).
A unit that has no dossier at all on the platform gets no figure (it may not use the one-stop module yet).
``late`` is kept as another name of ``overdue`` for the report template's first version.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.reports.figures import Figure, register_figure_source

KEY = "dossiers"
FIGURES = (
    Figure("received", _("Hồ sơ TTHC tiếp nhận trong kỳ")),
    Figure("in_process", _("Hồ sơ TTHC giải quyết trong kỳ")),
    Figure("on_time", _("Hồ sơ giải quyết đúng hạn")),
    Figure("overdue", _("Hồ sơ giải quyết quá hạn")),
)
# figure field -> the one-stop drill-down set of the same rule (cchc.onestop.selectors.DRILL_SETS)
SETS = {"received": "r", "in_process": "s", "on_time": "on_time", "overdue": "overdue", "late": "overdue"}


def dossier_figures(units, date_from: date, date_to: date) -> dict[int, dict[str, int]]:
    """A unit that never had a dossier on the platform has no figures ("chưa có dữ liệu", not zero)."""
    from cchc.onestop.indicators import Counts, unit_counts
    from cchc.onestop.models import Dossier
    from cchc.onestop.ontime import period

    ids = [u.pk for u in units]
    counts = unit_counts(period(date_from, date_to), ids)
    known = set(counts) | set(
        Dossier.objects.filter(unit_id__in=[i for i in ids if i not in counts])
        .values_list("unit_id", flat=True)
        .distinct()
    )
    out: dict[int, dict[str, int]] = {}
    for unit_id in ids:
        if unit_id not in known:
            continue
        c = counts.get(unit_id, Counts())
        overdue = c.s - c.on_time
        out[unit_id] = {
            "received": c.r,
            "in_process": c.s,
            "on_time": c.on_time,
            "overdue": overdue,
            "late": overdue,
        }
    return out


def dossier_records_url(unit, date_from: date, date_to: date, field: str) -> str:
    if field not in SETS:
        return ""
    query = {"unit": unit.code, "own": "1", "set": SETS[field], "from": date_from, "to": date_to}
    return f"{reverse('onestop:dossier_list')}?{urlencode(query)}"


def register() -> None:
    register_figure_source(
        KEY, dossier_figures, module="onestop", figures=FIGURES, records=dossier_records_url
    )
