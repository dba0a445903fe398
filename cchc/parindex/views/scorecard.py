"""A unit's scorecard: where it lost points and what would lift it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.core.types import AuthedRequest

from .. import charts, results, selectors
from ..templatetags.parindex_tags import raw
from ._common import P


def _what_if(request: AuthedRequest, assessment, stage):
    """Hypothetical scores typed in the what-if form (``gd-<code>``): the recomputed result, or the error."""
    typed = {
        k.removeprefix("gd-"): v.strip()
        for k, v in request.GET.dict().items()
        if k.startswith("gd-") and v.strip()
    }
    if not typed:
        return None, "", {}
    overrides = {}
    for code, text in typed.items():
        try:
            overrides[code] = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return (
                None,
                _("Điểm giả định '%(v)s' của tiêu chí %(c)s không phải là số.") % {"v": text, "c": code},
                typed,
            )
    try:
        return results.hypothetical_result(assessment, stage, overrides), "", typed
    except DomainError as exc:
        return None, exc.message, typed


@login_required
def scorecard(request: AuthedRequest, pk: int) -> HttpResponse:
    """Where the unit lost points, what the appraisers said, and what would lift it to the next band."""
    assessment, caps = selectors.get_assessment_for_user(request.user, pk)
    rnd = assessment.round
    version = rnd.versions.defer("input_document").order_by("-number").first()
    unit_doc = None
    if version and rnd.phase == P.PUBLISHED:
        unit_doc = next((u for u in version.document["units"] if u["code"] == assessment.unit.code), None)
    live = results.unit_result(assessment, "appraised") if rnd.phase not in (P.DRAFT, P.SELF) else None
    self_result = results.unit_result(assessment, "self")
    result = live
    nxt = results.what_if(rnd.framework, result) if result else None
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    lost = []
    for c in rnd.framework.criteria.filter(is_leaf=True).order_by("position"):
        s = scores.get(c.pk)
        used = result.leaf_scores.get(c.code) if result else None
        if result and used is not None and used < c.max_points:
            lost.append((c, s, used, c.max_points - used))
    lost.sort(key=lambda x: (-x[3], x[0].position))
    fields_chart = ""
    if result:
        fields_chart = charts.bar_chart(
            [charts.Bar(f"{f.code}. {f.title}", f.percent) for f in result.fields],
            [(b.name, b.min) for b in results.core_framework(rnd.framework).bands],
            title=_("Tỷ lệ điểm theo lĩnh vực (%)"),
        )
    trial, trial_error, typed = _what_if(request, assessment, "appraised" if result else "self")
    leaves = list(rnd.framework.criteria.filter(is_leaf=True).order_by("position"))
    base = result or self_result
    context = {
        "trial": trial,
        "trial_error": trial_error,
        "trial_rows": [
            (c, typed.get(c.code, "") or raw(base.leaf_scores.get(c.code) if base else None)) for c in leaves
        ],
        "base": base,
        "a": assessment,
        "round": rnd,
        "caps": caps,
        "result": result,
        "unit_doc": unit_doc,
        "version": version,
        "self_result": self_result,
        "next": nxt,
        "lost": lost,
        "fields_chart": fields_chart,
        "adjustments": assessment.adjustments.all(),
    }
    return render(request, "parindex/scorecard.html", context)
