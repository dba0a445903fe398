"""``initiatives`` figures for periodic reports (``cchc.reports.figures``): per unit and data window, the
initiatives it sent, those recognised (any scope) and the adoptions it declared — counted by the same models the
initiatives pages list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count

from cchc.orgs.models import OrgUnit

from .models import Adoption, Initiative, Review

KEY = "initiatives"
FIELDS = ("submitted", "recognised", "recognised_province", "adopted")


def initiative_figures(units: Iterable[OrgUnit], date_from: date, date_to: date) -> dict[int, dict[str, int]]:
    ids = [u.pk for u in units]
    out: dict[int, dict[str, int]] = {pk: dict.fromkeys(FIELDS, 0) for pk in ids}
    sent = (
        Initiative.objects.filter(
            unit_id__in=ids,
            kind=Initiative.Kind.INITIATIVE,
            submitted_at__date__gte=date_from,
            submitted_at__date__lte=date_to,
        )
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for row in sent:
        out[row["unit_id"]]["submitted"] = row["n"]
    decided = Review.objects.filter(
        initiative__unit_id__in=ids,
        initiative__kind=Initiative.Kind.INITIATIVE,
        outcome=Review.Outcome.RECOGNISED,
        decided_on__gte=date_from,
        decided_on__lte=date_to,
    )
    for unit_id, n in decided.values_list("initiative__unit_id").annotate(
        n=Count("initiative", distinct=True)
    ):
        out[unit_id]["recognised"] = n
    higher = decided.filter(scope__in=("province", "national"))
    for unit_id, n in higher.values_list("initiative__unit_id").annotate(
        n=Count("initiative", distinct=True)
    ):
        out[unit_id]["recognised_province"] = n
    adopted = Adoption.objects.filter(unit_id__in=ids, since__gte=date_from, since__lte=date_to)
    for row in adopted.values("unit_id").annotate(n=Count("pk")):
        out[row["unit_id"]]["adopted"] = row["n"]
    return out


def register() -> None:
    from cchc.reports.figures import register_figure_source

    register_figure_source(KEY, initiative_figures)
