"""The indicator board (on-time ratios, 766 scores, targets) and the Biểu 06 workbook."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.http import xlsx_response
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_enter_data, scope_for
from cchc.workdays.services import calendar_for

from .. import selectors
from ..ontime import period
from ..report06 import PRESETS, preset_period, rows_06, workbook_06
from ..scoring import round2
from ..unitscore import board, traffic_light
from ._common import _period_from_request, _unit_from_request

LIGHT_LABELS = {
    "green": gettext_lazy("Đạt chỉ tiêu"),
    "amber": gettext_lazy("Gần đạt (thiếu dưới 10 điểm %)"),
    "red": gettext_lazy("Chưa đạt"),
    "grey": gettext_lazy("Chưa có số liệu"),
}
RANK_GROUP_LABELS = {"COMMUNE": gettext_lazy("cấp xã"), "AGENCY": gettext_lazy("cơ quan, đơn vị")}


def _indicator_title(defs, code: str) -> str:
    """The indicator's (or directly given group's) Vietnamese title (the code itself when unknown)."""
    for lookup in (defs.indicator, defs.group):
        try:
            return lookup(code).title
        except LookupError:
            continue
    return code


@login_required
def indicators(request: AuthedRequest) -> HttpResponse:
    unit = _unit_from_request(request)
    date_from, date_to, p = _period_from_request(request)
    cal = calendar_for(unit)
    b = board(unit, p, date_from, date_to, cal)
    own = b.own_counts.indicators(b.defs)
    ratios = {i.code: None if i.ratio is None else round2(i.ratio) for i in own.indicators}  # as in as_json()
    targets = []
    for t in selectors.targets_for(unit, date_to.year):
        actual = ratios.get(t.code)
        light = traffic_light(actual, t.min_ratio)
        targets.append(
            {
                "target": t,
                "title": _indicator_title(b.defs, t.code),
                "actual": actual,
                "light": light,
                "light_label": LIGHT_LABELS[light],
            }
        )
    indicator_rows = []
    for i in own.indicators:
        data = i.as_json()
        num_set, den_set = selectors.INDICATOR_SETS.get(i.code, (None, None))
        indicator_rows.append(
            {**data, "title": b.defs.indicator(i.code).title, "num_set": num_set, "den_set": den_set}
        )
    groups = [
        {"code": g.code, "title": g.title, "max": g.max, "score": b.own.group_cents[g.code] / 100}
        for g in b.defs.groups
    ]
    children: list[dict[str, Any]] = []
    for child, counts, result in b.children:
        ind = counts.indicators(b.defs).indicators[0].as_json()
        children.append(
            {
                "unit": child,
                "counts": counts,
                "result": result,
                "ratio": ind["ratio"],
                "total": result.total_cents / 100,
                "group_label": RANK_GROUP_LABELS.get(result.group or "", result.group),
                "mark": b.marks.get(child.code),
            }
        )
    base_q = f"unit={unit.code}&from={date_from.isoformat()}&to={date_to.isoformat()}"
    if request.GET.get("as_of"):
        base_q += f"&as_of={request.GET['as_of']}"
    context = {
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "period": p,
        "board": b,
        "own": own,
        "indicator_rows": indicator_rows,
        "groups": groups,
        "total": b.own.total_cents / 100,
        "children": children,
        "own_766": [
            {
                "code": r.code,
                "title": b.defs.indicator(r.code).title,
                "max": r.max,
                "score": r.score,
                "ratio": None if r.ratio is None else round(r.ratio, 2),
                # the petition items: from the unit's PAKN records when it has some (contracts/pakn.md)
                "source": gettext_lazy("sổ PAKN")
                if r.code.startswith("PETITION_") and b.own.code in b.petitions_from_records
                else r.source,
                "unapproved": r.code in b.own_mark.unapproved,
            }
            for r in b.own.indicators
            if r.score_cents is not None
        ],
        "own_mark": b.own_mark,
        "own_mark_titles": {
            "missing": [_indicator_title(b.defs, c) for c in b.own_mark.missing],
            "unapproved": [_indicator_title(b.defs, c) for c in b.own_mark.unapproved],
        },
        "ranking_flagged": any(c["mark"] and c["mark"].flagged for c in children),
        # units lacking data, said in the ranking: flagged ones, and direct children with no dossier in the period
        "lacking_data": sum(1 for c in children if c["mark"] and c["mark"].flagged)
        + max(0, unit.children.count() - len(children)),
        "no_dossier_units": max(0, unit.children.count() - len(children)),
        # Monthly trend of the on-time ratio over the subtree (12 months up to the end of the period).
        "trend": selectors.on_time_trend(unit, date_to, b.defs, months=12),
        "targets": targets,
        "base_q": base_q,
        "sets": selectors.INDICATOR_SETS,
        "children_units": OrgUnit.objects.filter(parent=unit).order_by("path"),
        "ancestors": OrgUnit.objects.filter(pk__in=unit.ancestor_ids)
        .filter(scope_for(request.user).view.q())
        .order_by("depth"),
        "can_enter": can_enter_data(request.user, unit),
        "can_decide": not scope_for(request.user).manage.empty,
    }
    return render(request, "onestop/indicators.html", context)


@login_required
def report06(request: AuthedRequest) -> HttpResponse:
    """Biểu 06 of a unit's subtree: the period typed (``from``/``to``) or a preset (``preset`` = month, quarter,
    half or year, with ``year`` and ``n``); the receiving unit is the unit above."""
    unit = _unit_from_request(request)
    date_from, date_to, p = _period_from_request(request)
    preset = request.GET.get("preset", "")
    if preset in PRESETS:
        try:
            date_from, date_to = preset_period(
                preset, int(request.GET.get("year") or date_to.year), int(request.GET.get("n") or 1)
            )
        except ValueError:
            return HttpResponseBadRequest(_("Kỳ báo cáo không hợp lệ."))
        p = period(date_from, date_to)
    ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    rows = rows_06(p, ids)
    receiving = unit.parent.name if unit.parent is not None else ""
    return xlsx_response(
        workbook_06(unit.name, date_from, date_to, rows, receiving=receiving),
        f"bieu-06-{unit.code}-{date_from}-{date_to}.xlsx",
    )


@login_required
def processing_times(request: AuthedRequest) -> HttpResponse:
    """Average processing time per procedure (766 item 2.2) for a unit's subtree and period; Excel export."""
    from cchc.core.excel import write_sheet
    from cchc.core.paging import paginate

    from ..models import UNITS_OF_TIME

    unit = _unit_from_request(request)
    date_from, date_to, p = _period_from_request(request)
    rows = selectors.processing_times(unit, p)
    units_of_time = dict(UNITS_OF_TIME)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            write_sheet(
                "Thời gian giải quyết",
                [
                    "Mã TTHC",
                    "Tên thủ tục",
                    "Thời hạn theo quy định",
                    "Số hồ sơ đã giải quyết",
                    "Thời gian giải quyết trung bình (ngày)",
                    "Đúng hạn",
                ],
                [
                    [
                        r["code"],
                        r["name"],
                        f"{r['amount']} {units_of_time.get(str(r['unit_of_time']), '')}",
                        r["finished"],
                        r["average_days"],
                        r["on_time"],
                    ]
                    for r in rows
                ],
            ),
            f"thoi-gian-giai-quyet-{unit.code}-{date_from}-{date_to}.xlsx",
        )
    page, query = paginate(request, rows)
    for r in page.object_list:
        r["unit_label"] = units_of_time.get(str(r["unit_of_time"]), "")
    return render(
        request,
        "onestop/processing_times.html",
        {"unit": unit, "date_from": date_from, "date_to": date_to, "page": page, "query": query},
    )
