"""``surveys`` figures from the surveys module: per unit (its sub-units included, as ``survey_results --unit``), over
the report's data window, the citizens' ``responses`` counted and the satisfaction ``index`` — the same code
(:func:`cchc.surveys.selectors.unit_results`). ``satisfaction`` is kept as another name of ``index`` for the report
template's first version. A unit nobody answered for has 0 responses and no index ("chưa có dữ liệu").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.reports.figures import Figure, register_figure_source

KEY = "surveys"
FIGURES = (
    Figure("responses", _("Số phiếu khảo sát sự hài lòng")),
    Figure("index", _("Chỉ số hài lòng (%)")),
)


def survey_figures(units, date_from: date, date_to: date) -> dict[int, dict[str, int | Decimal | None]]:
    from django.db.models import Q

    from cchc.orgs.models import OrgUnit
    from cchc.surveys.selectors import unit_results

    wanted = list(units)
    if not wanted:
        return {}
    under = Q()
    for u in wanted:
        under |= Q(path__startswith=u.path)
    tree = list(OrgUnit.objects.filter(under).order_by("path"))
    result = unit_results(date_from=date_from, date_to=date_to, units=tree, only_with_answers=False)
    by_unit = {row.unit.pk: row.result for row in result.rows}
    out: dict[int, dict[str, int | Decimal | None]] = {}
    for u in wanted:
        r = by_unit.get(u.pk)
        index = None if r is None else r.index
        out[u.pk] = {
            "responses": 0 if r is None else r.responses,
            "index": index,
            "satisfaction": index,
        }
    return out


def counted_responses(unit, date_from: date, date_to: date):
    """The citizens' responses counted in the unit's figures (its sub-units included): the same rule as the daily
    tallies ``survey_results`` reads (counted statuses, the day in the window, citizens' surveys)."""
    from cchc.surveys.models import COUNTED_STATUSES, Kind, Response

    return Response.objects.filter(
        unit__path__startswith=unit.path,
        day__gte=date_from,
        day__lte=date_to,
        status__in=COUNTED_STATUSES,
        survey__kind=Kind.CITIZEN,
    )


def responses_listing(user, unit, date_from: date, date_to: date, params):
    """The responses behind ``surveys.responses`` (no personal data: day, unit, channel, service point)."""
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope

    qs = filter_by_unit_scope(counted_responses(unit, date_from, date_to), user)
    qs = qs.select_related("unit", "service_point").order_by("-day", "-pk")
    rows = [
        Row(
            [
                r.day.strftime("%d/%m/%Y"),
                r.unit.name,
                r.get_origin_display(),
                r.service_point.name if r.service_point else "",
                r.get_status_display(),
            ]
        )
        for r in qs
    ]
    headers = [_("Ngày"), _("Đơn vị"), _("Hình thức"), _("Điểm khảo sát"), _("Trạng thái")]
    return Listing(_("Phiếu khảo sát sự hài lòng được tính"), headers, rows)


def survey_records_url(unit, date_from: date, date_to: date, field: str) -> str:
    from cchc.core import drill

    if field == "responses":
        return drill.url("survey_responses", unit, date_from, date_to)
    if field not in ("index", "satisfaction"):
        return ""
    query = {"unit": unit.code, "from": date_from, "to": date_to}
    return f"{reverse('surveys:index')}?{urlencode(query)}"


def register() -> None:
    from cchc.core import drill

    register_figure_source(KEY, survey_figures, module="surveys", figures=FIGURES, records=survey_records_url)
    drill.register("survey_responses", responses_listing)
