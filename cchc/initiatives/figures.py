"""``initiatives`` figures for periodic reports (``cchc.reports.figures``): per unit and data window, the
initiatives it sent, those recognised (any scope) and the adoptions it declared — counted by the same models the
initiatives pages list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from cchc.orgs.models import OrgUnit

from .models import Adoption, Initiative, Review

KEY = "initiatives"
FIELDS = ("submitted", "recognised", "recognised_province", "adopted")


def records(ids: list[int], date_from: date, date_to: date) -> dict[str, QuerySet[Any]]:
    """The records each figure counts, for the units ``ids`` and the data window: initiatives (submitted,
    recognised, recognised at province level or above) and adoptions — one query each, shared by the counts and
    by the drill-down list so that the two always agree."""
    decided = Review.objects.filter(
        initiative__unit_id__in=ids,
        initiative__kind=Initiative.Kind.INITIATIVE,
        outcome=Review.Outcome.RECOGNISED,
        decided_on__gte=date_from,
        decided_on__lte=date_to,
    )
    return {
        "submitted": Initiative.objects.filter(
            unit_id__in=ids,
            kind=Initiative.Kind.INITIATIVE,
            submitted_at__date__gte=date_from,
            submitted_at__date__lte=date_to,
        ),
        "recognised": Initiative.objects.filter(pk__in=decided.values("initiative_id")),
        "recognised_province": Initiative.objects.filter(
            pk__in=decided.filter(scope__in=("province", "national")).values("initiative_id")
        ),
        "adopted": Adoption.objects.filter(unit_id__in=ids, since__gte=date_from, since__lte=date_to),
    }


def initiative_figures(units: Iterable[OrgUnit], date_from: date, date_to: date) -> dict[int, dict[str, int]]:
    ids = [u.pk for u in units]
    out: dict[int, dict[str, int]] = {pk: dict.fromkeys(FIELDS, 0) for pk in ids}
    for name, qs in records(ids, date_from, date_to).items():
        for row in qs.values("unit_id").annotate(n=Count("pk")):
            out[row["unit_id"]][name] = row["n"]
    return out


def records_listing(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, params: Mapping[str, str]
) -> Any:
    """The drill-down list behind one ``initiatives`` figure: the same query, read through the user's scope."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope

    name = params.get("field", "submitted")
    if name not in FIELDS:
        name = "submitted"
    qs = filter_by_unit_scope(records([unit.pk], date_from, date_to)[name], user)
    rows: list[Row] = []
    if name == "adopted":
        for a in qs.select_related("unit", "initiative").order_by("-since", "-pk"):
            rows.append(
                Row(
                    [a.since.strftime("%d/%m/%Y"), a.unit.name, a.initiative.title],
                    reverse("initiatives:detail", args=[a.initiative_id]),
                )
            )
        headers = [_("Áp dụng từ ngày"), _("Đơn vị áp dụng"), _("Sáng kiến")]
    else:
        for i in qs.select_related("unit").order_by("-pk"):
            rows.append(
                Row(
                    [i.title, i.unit.name, i.get_state_display()],
                    reverse("initiatives:detail", args=[i.pk]),
                )
            )
        headers = [_("Sáng kiến"), _("Đơn vị"), _("Trạng thái")]
    title = {f.field: f.title for f in TITLES()}[name]
    return Listing(str(title), headers, rows)


def records_url(unit: OrgUnit, date_from: date, date_to: date, field: str) -> str:
    from cchc.core import drill

    if field not in FIELDS:
        return ""
    return drill.url("initiative_records", unit, date_from, date_to, field=field)


def TITLES() -> tuple[Any, ...]:
    from django.utils.translation import gettext_lazy as _

    from cchc.reports.figures import Figure

    return (
        Figure("submitted", _("Sáng kiến đã gửi")),
        Figure("recognised", _("Sáng kiến được công nhận")),
        Figure("recognised_province", _("Sáng kiến được công nhận cấp tỉnh trở lên")),
        Figure("adopted", _("Sáng kiến được áp dụng, nhân rộng")),
    )


def register() -> None:
    from cchc.core import drill
    from cchc.reports.figures import register_figure_source

    register_figure_source(
        KEY, initiative_figures, module="initiatives", figures=TITLES(), records=records_url
    )
    drill.register("initiative_records", records_listing)
