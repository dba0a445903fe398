"""A unit's scorecard: where it lost points and what would lift it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.core.types import AuthedRequest

from .. import charts, results, selectors
from ._common import P


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
    context = {
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
