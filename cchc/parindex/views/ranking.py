"""Results of a round: ranking, announcement, year-over-year comparison."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.types import AuthedRequest

from .. import charts, result_tables, results, selectors
from ..models import Round
from ._common import P


def _ranking_document(request: AuthedRequest, rnd: Round, access):
    """(document, version, live): the published version, or a live preview for the council and coordinators."""
    version = rnd.versions.defer("input_document").order_by("-number").first()
    wanted = request.GET.get("v")
    if wanted and wanted.isdigit():
        version = rnd.versions.defer("input_document").filter(number=int(wanted)).first() or version
    if version and (rnd.phase == P.PUBLISHED or not access.sees_all or wanted):
        return version.document, version, False
    if not access.sees_all:
        return None, None, False
    if results.unfinished_appraisals(rnd):
        return None, version, True
    return results.result_document(results.evaluate_round(rnd)), version, True


@login_required
def ranking(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not access.sees_all and not rnd.versions.exists():
        raise Http404(_("Kết quả chưa được công bố."))
    document, version, live = _ranking_document(request, rnd, access)
    units = document["units"] if document else []
    shown = result_tables.find_units(units, request.GET.get("q", ""))
    bands = result_tables.bands(document)
    if request.GET.get("export") == "xlsx" and document:
        fields = units[0]["fields"] if units else []
        headers = [_("Xếp hạng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Điểm đạt"), _("Điểm chuẩn"), _("Điểm thưởng"),
                   _("Điểm phạt"), _("Chỉ số (%)"), _("Xếp loại")] + [f"{f['code']}. {f['title']} (%)" for f in fields]  # fmt: skip
        rows = [
            [
                u["rank"],
                u["code"],
                u["name"],
                u["achieved"],
                u["max"],
                u["bonus"],
                u["penalty"],
                u["index"],
                u["band"],
            ]
            + [f["percent"] for f in u["fields"]]
            for u in shown
        ]
        return xlsx_response(write_sheet(_("Xếp hạng"), headers, rows), f"xep-hang-chi-so-cchc-{rnd.pk}.xlsx")
    bar = charts.bar_chart(
        [charts.Bar(u["name"], None if u["index"] is None else Decimal(str(u["index"]))) for u in shown],
        bands,
        title=_("Chỉ số CCHC theo đơn vị"),
    ) if shown else ""  # fmt: skip
    field_avg = result_tables.field_averages(units)
    field_chart = charts.bar_chart(
        [charts.Bar(f"{f['code']}. {f['title']}", avg) for f, avg in field_avg], bands, title=_("Tỷ lệ điểm bình quân theo lĩnh vực")
    ) if field_avg else ""  # fmt: skip
    ids, own_codes = selectors.scorecard_links(request.user, rnd, access)
    context = {
        "round": rnd,
        "access": access,
        "document": document,
        "units": shown,
        "ranking_rows": result_tables.ranking_rows(shown, ids, own_codes, sees_all=access.sees_all),
        "heat": result_tables.heat_cells(shown),
        "version": version,
        "versions": rnd.versions.only("number", "published_at", "round_id").order_by("-number"),
        "live": live,
        "bar": bar,
        "field_chart": field_chart,
        "field_heads": units[0]["fields"] if units else [],
        "text": request.GET.get("q", ""),
        "own_codes": own_codes,
        "unfinished": results.unfinished_appraisals(rnd) if live else [],
        "lacking_data": selectors.units_lacking_data(rnd) if live else [],
    }
    return render(request, "parindex/ranking.html", context)


@login_required
def announcement(request: AuthedRequest, pk: int) -> HttpResponse:
    """The announcement (Quyết định công bố) as Word, from the published version."""
    rnd, _access = selectors.get_round_for_user(request.user, pk)
    version = rnd.versions.defer("input_document").order_by("-number").first()
    if version is None:
        raise Http404(_("Kết quả chưa được công bố."))
    from ..announce import announcement_docx

    data = announcement_docx(rnd, version)
    return file_response(data, f"cong-bo-chi-so-cchc-{rnd.pk}-v{version.number}.docx", DOCX_CONTENT_TYPE)


@login_required
def compare(request: AuthedRequest) -> HttpResponse:
    """Year over year: published indices of the units of rounds organised by one unit."""
    rounds = selectors.rounds_for_user(request.user).filter(versions__isnull=False).distinct()
    owners = {r.owner_unit_id: r.owner_unit for r in rounds}
    owner_code = request.GET.get("don_vi") or (next(iter(owners.values())).code if owners else "")
    chosen = [r for r in rounds if r.owner_unit.code == owner_code]
    table = result_tables.year_table(selectors.published_results(request.user, chosen))
    chart = (
        charts.line_chart(table.series[:12], title=_("Chỉ số CCHC qua các năm"), years=table.years)
        if table.years
        else ""
    )
    context = {
        "owners": sorted(owners.values(), key=lambda u: u.code),
        "owner_code": owner_code,
        "years": table.years,
        "rows": table.rows,
        "chart": chart,
    }
    return render(request, "parindex/compare.html", context)
