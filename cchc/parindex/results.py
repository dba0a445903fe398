"""From the database to the pure scoring core and back: the web computes exactly what ``parindex_evaluate`` does.

:func:`framework_document` and :func:`round_input_document` build the JSON documents of `contracts/parindex.md`;
:func:`evaluate_round` parses them with :mod:`cchc.parindex.parsing` and scores them with
:func:`cchc.parindex.scoring.evaluate` — the command's own path. The input document is stored with every published
version, so anyone can re-run ``manage.py parindex_evaluate`` on it and get the published numbers.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from cchc.core.errors import DomainError

from .models import Adjustment, Assessment, Criterion, Framework, Round, Score
from .output import evaluation_to_json, json_number
from .parsing import parse_framework, parse_input
from .scoring import Evaluation, UnitResult, evaluate, gains_to_next_band, score_unit
from .scoring import Framework as CoreFramework


def _num(value: Decimal | None) -> Any:
    return json_number(value)


def framework_document(fw: Framework) -> dict[str, Any]:
    """The framework in the contract's JSON shape (criterion metadata kept as extra keys)."""
    nodes: dict[int, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    criteria = list(fw.criteria.order_by("position"))
    for c in criteria:
        node: dict[str, Any] = {"code": c.code, "title": c.title}
        if c.is_leaf:
            node["max"] = _num(c.max_points)
        if c.guidance:
            node["guidance"] = c.guidance
        node["evidence_required"] = c.evidence_required
        node["method"] = c.method
        if c.thresholds:
            node["thresholds"] = c.thresholds
        node["survey_measured"] = c.survey_measured
        nodes[c.pk] = node
    for c in criteria:
        if c.parent_id is None:
            top.append(nodes[c.pk])
        else:
            nodes[c.parent_id].setdefault("children", []).append(nodes[c.pk])
    doc: dict[str, Any] = {
        "name": fw.name,
        "year": fw.year,
        "bonus_cap": _num(fw.bonus_cap),
        "penalty_points": _num(fw.penalty_points),
        "sample": fw.is_sample,
        "description": fw.description,
        "bands": [{"name": b["name"], "min": _num(Decimal(str(b["min"])))} for b in fw.bands],
        "criteria": top,
    }
    if fw.unit_kind:
        doc["unit_kind"] = fw.unit_kind
    if fw.evidence_from and fw.evidence_to:
        doc["evidence_window"] = {"from": fw.evidence_from.isoformat(), "to": fw.evidence_to.isoformat()}
    return doc


_CORE_CACHE: dict[tuple[int, Any], CoreFramework] = {}


def core_framework(fw: Framework) -> CoreFramework:
    key = (fw.pk, fw.updated_at)
    cached = _CORE_CACHE.get(key)
    if cached is None:
        cached = parse_framework(framework_document(fw))
        _CORE_CACHE.clear() if len(_CORE_CACHE) > 64 else None
        _CORE_CACHE[key] = cached
    return cached


def write_framework_workbook(fw: Framework, path) -> None:
    """The stored framework as the Excel workbook ``loaders.read_xlsx`` reads back — the Excel counterpart of
    :func:`framework_document`, with the settings the pure core does not carry (points per penalty, evidence window)."""
    from .loaders import write_framework_xlsx

    write_framework_xlsx(
        core_framework(fw),
        path,
        penalty_points=fw.penalty_points,
        evidence_window=(fw.evidence_from, fw.evidence_to),
    )


def _score_entry(score: Score, stage: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    crit = score.criterion
    if score.self_score is not None and not crit.survey_measured:
        entry["self"] = _num(score.self_score)
    elif stage == "self" and crit.survey_measured and score.computed_points is not None:
        entry["self"] = _num(
            score.computed_points
        )  # survey criteria are not self-scored: the survey figure counts
    if score.round1 is not None:
        entry["round1"] = _num(score.round1)
    if score.round2 is not None:
        entry["round2"] = _num(score.round2)
    if score.not_applicable:
        entry["not_applicable"] = True
    elif stage == "self" and crit.survey_measured and "self" not in entry:
        # No survey figure yet: the unit's own index leaves the criterion out rather than counting it as 0.
        entry["not_applicable"] = True
    return entry


def unit_document(
    assessment: Assessment, scores: list[Score], adjustments: list[Adjustment], stage: str
) -> dict:
    return {
        "code": assessment.unit.code,
        "name": assessment.unit.name,
        "scores": {s.criterion.code: _score_entry(s, stage) for s in scores},
        "bonus": [
            {"points": _num(a.points), "reason": a.reason}
            for a in adjustments
            if a.kind == Adjustment.Kind.BONUS
        ],
        "penalties": [
            {"points": _num(a.points), "reason": a.reason}
            for a in adjustments
            if a.kind == Adjustment.Kind.PENALTY
        ],
    }


def _load(assessments: list[Assessment]) -> tuple[dict[int, list[Score]], dict[int, list[Adjustment]]]:
    ids = [a.pk for a in assessments]
    scores: dict[int, list[Score]] = defaultdict(list)
    for s in (
        Score.objects.filter(assessment_id__in=ids)
        .select_related("criterion")
        .order_by("criterion__position")
    ):
        scores[s.assessment_id].append(s)
    adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    for adj in Adjustment.objects.filter(assessment_id__in=ids).order_by("created_at", "pk"):
        adjustments[adj.assessment_id].append(adj)
    return scores, adjustments


def round_input_document(
    rnd: Round, stage: str = "appraised", assessments: list[Assessment] | None = None
) -> dict:
    """The whole round as the command's input document."""
    if assessments is None:
        assessments = list(rnd.assessments.select_related("unit").order_by("unit__path"))
    scores, adjustments = _load(assessments)
    return {
        "framework": framework_document(rnd.framework),
        "stage": stage,
        "units": [unit_document(a, scores[a.pk], adjustments[a.pk], stage) for a in assessments],
    }


def evaluate_document(document: dict) -> Evaluation:
    """The command's path: parse the contract document, then score and rank."""
    data = parse_input(_json_roundtrip(document))
    return evaluate(data.framework, data.units, data.stage)


def _json_roundtrip(document: dict) -> dict:
    """Numbers as the command's JSON loader reads them (floats in the document → Decimals)."""
    import json

    return json.loads(json.dumps(document, ensure_ascii=False), parse_float=Decimal)


def evaluate_round(rnd: Round, stage: str = "appraised") -> Evaluation:
    return evaluate_document(round_input_document(rnd, stage))


def unfinished_appraisals(rnd: Round) -> list[tuple[str, list[str]]]:
    """Units whose appraisal still lacks a score on an applicable leaf: [(unit code, [criterion codes])]."""
    missing: dict[str, list[str]] = defaultdict(list)
    qs = (
        Score.objects.filter(assessment__round=rnd, round1__isnull=True, round2__isnull=True)
        .exclude(na_requested=True, na_decision=Score.Decision.APPROVED)
        .select_related("assessment__unit", "criterion")
        .order_by("assessment__unit__path", "criterion__position")
    )
    for s in qs:
        missing[s.assessment.unit.code].append(s.criterion.code)
    return list(missing.items())


def unit_result(assessment: Assessment, stage: str) -> UnitResult | None:
    """One unit's result at a stage (``self`` or ``appraised``); None if the appraisal is not finished."""
    doc = round_input_document(assessment.round, stage, [assessment])
    data = parse_input(_json_roundtrip(doc))
    try:
        return score_unit(data.framework, data.units[0], data.stage)
    except DomainError:
        return None


def hypothetical_result(assessment: Assessment, stage: str, overrides: dict[str, Decimal]) -> UnitResult:
    """What-if: the unit's result with some leaf scores replaced by hypothetical ones (the agreed score when
    ``stage`` is "appraised", the self score when "self"); raises DomainError for a score outside 0–max."""
    doc = round_input_document(assessment.round, stage, [assessment])
    unit = doc["units"][0]
    key = "round2" if stage == "appraised" else "self"
    for code, value in overrides.items():
        entry = dict(unit["scores"].get(code) or {})
        entry.pop("not_applicable", None)
        entry[key] = str(value)  # read back as a number by the parser
        unit["scores"][code] = entry
    data = parse_input(_json_roundtrip(doc))
    return score_unit(data.framework, data.units[0], data.stage)


def published_document(rnd: Round) -> dict | None:
    version = rnd.versions.order_by("-number").first()
    return version.document if version else None


def result_document(evaluation: Evaluation) -> dict:
    """The contract's output document plus, per unit, the leaf scores used (None = hạ chuẩn)."""
    doc = evaluation_to_json(evaluation)
    by_code = {u.code: u for u in evaluation.units}
    for unit in doc["units"]:
        unit["leaves"] = {k: _num(v) for k, v in by_code[unit["code"]].leaf_scores.items()}
    doc["bands"] = [{"name": b.name, "min": _num(b.min)} for b in evaluation.framework.bands]
    return doc


def what_if(fw: Framework, result: UnitResult):
    return gains_to_next_band(core_framework(fw), result)


def criteria_rows(fw: Framework) -> list[Criterion]:
    return list(fw.criteria.order_by("position"))
