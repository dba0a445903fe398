"""Reads of the surveys module. Results are one SQL aggregate (GROUP BY unit, dimension) over ``DailyTally`` fed to
the pure formulas of ``results.py`` (contract ``surveys.md``); a unit's figures include its sub-units'.

PAR index hook: ``unit_survey_index(unit, date_from, date_to) -> Decimal | None``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Q, QuerySet

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import filter_by_unit_scope, scope_for

from . import by_question
from . import results as formulas
from .catalog import DEFAULT_CITIZEN, get_questionnaire, latest
from .models import (
    DossierToken,
    Kind,
    QuestionnaireStatus,
    QuestionnaireVersion,
    Response,
    ResponseTarget,
    ServicePoint,
    Status,
    Survey,
)
from .questionnaires import Questionnaire

if TYPE_CHECKING:
    from cchc.parindex.rules import Measure

COUNTED = (Status.OK.value, Status.ACCEPTED.value)
LEFT_OUT = (Status.FLAGGED.value, Status.REJECTED.value)


# --- scope ------------------------------------------------------------------------------------------------------


def surveys_for(user: User) -> QuerySet[Survey]:
    return filter_by_unit_scope(Survey.objects.select_related("unit"), user)


def service_points_for(user: User, *, text: str = "", under: OrgUnit | None = None) -> QuerySet[ServicePoint]:
    qs = filter_by_unit_scope(ServicePoint.objects.select_related("unit", "survey"), user)
    if under is not None:
        qs = qs.filter(unit__path__startswith=under.path)
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(unit__name__icontains=text) | Q(unit__code__icontains=text)
        )
    return qs


def dossier_tokens_for(user: User, *, text: str = "") -> QuerySet[DossierToken]:
    qs = filter_by_unit_scope(DossierToken.objects.select_related("unit"), user)
    if text:
        qs = qs.filter(Q(dossier_code__icontains=text) | Q(unit__name__icontains=text))
    return qs


def responses_for(user: User, *, kind: str = "view") -> QuerySet[Response]:
    return filter_by_unit_scope(
        Response.objects.select_related("unit", "service_point", "survey", "dossier"), user, kind=kind
    )


# --- results ----------------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: OrgUnit
    result: formulas.UnitResult


@dataclass
class ResultSet:
    date_from: date
    date_to: date
    questionnaire: Questionnaire
    rows: list[UnitRow]
    titles: dict[str, str]

    def as_contract(self) -> dict[str, object]:
        return {
            "from": self.date_from,
            "to": self.date_to,
            "units": [
                {
                    "code": row.unit.code,
                    "name": row.unit.name,
                    **_contract_unit(row.result, self.titles),
                }
                for row in self.rows
            ],
        }


def _contract_unit(result: formulas.UnitResult, titles: Mapping[str, str]) -> dict[str, object]:
    data = formulas.unit_result_as_dict(result, titles)
    for d in cast(list[dict[str, object]], data["dimensions"]):
        d.pop("in_index", None)
    return data


def survey_ids(kind: str = Kind.CITIZEN, survey: Survey | None = None) -> list[int]:
    if survey is not None:
        return [survey.pk]
    return list(Survey.objects.filter(kind=kind).values_list("pk", flat=True))


# One pass over the daily tallies: per (unit, dimension) the counts 1–5 of counted answers; the "" dimension
# carries the responses counted and left out.
_TALLY_SQL = """
SELECT {group}, dimension,
       sum(c1) FILTER (WHERE counted), sum(c2) FILTER (WHERE counted), sum(c3) FILTER (WHERE counted),
       sum(c4) FILTER (WHERE counted), sum(c5) FILTER (WHERE counted),
       sum(responses) FILTER (WHERE counted), sum(responses) FILTER (WHERE NOT counted)
  FROM surveys_dailytally
 WHERE day BETWEEN %s AND %s AND survey_id = ANY(%s) {unit_filter}
 GROUP BY {group}, dimension
"""


def _run_tally(
    group: str, params: list[Any], unit_filter: str = "", key: Callable[[Any], str] = str
) -> formulas.Aggregate:
    rows: list[tuple[str, str, int, int]] = []
    responses: dict[str, int] = {}
    flagged: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_TALLY_SQL.format(group=group, unit_filter=unit_filter), params)
        for k, dim, c1, c2, c3, c4, c5, counted, left_out in cursor.fetchall():
            k = key(k)
            if dim == "":
                responses[k] = int(counted or 0)
                flagged[k] = int(left_out or 0)
                continue
            for value, n in enumerate((c1, c2, c3, c4, c5), start=1):
                if n:
                    rows.append((k, dim, value, int(n)))
    return formulas.Aggregate.from_rows(rows, responses, flagged)


def aggregate(
    *, date_from: date, date_to: date, surveys: Sequence[int], unit_ids: Iterable[int] | None = None
) -> formulas.Aggregate:
    """Counts per (unit id, dimension, value) for the units' own responses (no roll-up)."""
    params: list[Any] = [date_from, date_to, list(surveys)]
    unit_filter = ""
    if unit_ids is not None:
        unit_filter = "AND unit_id = ANY(%s)"
        params.append(list(unit_ids))
    return _run_tally("unit_id", params, unit_filter)


def _tree(units: Sequence[OrgUnit]) -> dict[str, list[str]]:
    ids = {u.pk for u in units}
    children: dict[str, list[str]] = {str(u.pk): [] for u in units}
    for u in units:
        if u.parent_id in ids:
            children[str(u.parent_id)].append(str(u.pk))
    return children


def default_questionnaire(kind: str = Kind.CITIZEN, survey: Survey | None = None) -> Questionnaire:
    if survey is not None:
        return survey.questionnaire
    last = Survey.objects.filter(kind=kind).order_by("-opens_at").first()
    if last is not None:
        return last.questionnaire
    return latest(DEFAULT_CITIZEN)


def unit_results(
    *,
    date_from: date,
    date_to: date,
    root: OrgUnit | None = None,
    units: Sequence[OrgUnit] | None = None,
    kind: str = Kind.CITIZEN,
    survey: Survey | None = None,
    only_with_answers: bool = True,
) -> ResultSet:
    """Results per unit (sub-units included) for the units under ``root`` (or ``units``, or all)."""
    if units is None:
        qs = OrgUnit.objects.all()
        if root is not None:
            qs = qs.filter(path__startswith=root.path)
        units = list(qs.order_by("path"))
    ids = [u.pk for u in units]
    surveys = survey_ids(kind, survey)
    restrict = ids if root is not None or len(ids) < 5000 else None
    agg = aggregate(date_from=date_from, date_to=date_to, surveys=surveys, unit_ids=restrict)
    rolled = formulas.roll_up(agg, _tree(units))
    q = default_questionnaire(kind, survey)
    order = [d.code for d in q.dimensions]
    computed = formulas.compute_results(rolled, order=order, not_in_index=q.not_in_index())
    rows = []
    for u in units:
        result = computed.get(str(u.pk))
        if result is None:
            continue
        if only_with_answers and not (result.responses or result.flagged):
            continue
        rows.append(UnitRow(u, result))
    return ResultSet(date_from, date_to, q, rows, q.dimension_titles())


def _own_result(unit: OrgUnit, date_from: date, date_to: date, kind: str) -> formulas.UnitResult | None:
    """The unit's result, its sub-units included; None when nobody answered."""
    result = unit_results(date_from=date_from, date_to=date_to, root=unit, only_with_answers=False, kind=kind)
    row = next((r for r in result.rows if r.unit.pk == unit.pk), None)
    return None if row is None or row.result.index is None else row.result


def unit_survey_index(
    unit: OrgUnit, date_from: date, date_to: date, kind: str = Kind.CITIZEN
) -> Decimal | None:
    """The satisfaction index (0–100, 2 places) of ``unit`` and its sub-units over the dates — the citizens', or the
    organisations' (Phiếu 01, 02) with ``kind``; None when nobody answered."""
    own = _own_result(unit, date_from, date_to, kind)
    return None if own is None else own.index


def point_results(
    *, root: OrgUnit, date_from: date, date_to: date, kind: str = Kind.CITIZEN, survey: Survey | None = None
) -> list[tuple[ServicePoint, formulas.UnitResult]]:
    """[(service point, UnitResult)] for the points under ``root``."""
    ids = list(OrgUnit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
    params = [date_from, date_to, survey_ids(kind, survey), ids]
    agg = _run_tally("point_id", params, "AND unit_id = ANY(%s) AND point_id <> 0")
    q = default_questionnaire(kind, survey)
    computed = formulas.compute_results(
        agg, order=[d.code for d in q.dimensions], not_in_index=q.not_in_index()
    )
    points = ServicePoint.objects.select_related("unit").in_bulk([int(k) for k in computed])
    return sorted(
        ((points[int(k)], v) for k, v in computed.items() if int(k) in points),
        key=lambda pv: (pv[0].unit.path, pv[0].name),
    )


def monthly_trend(
    *, root: OrgUnit, date_from: date, date_to: date, kind: str = Kind.CITIZEN, survey: Survey | None = None
) -> list[tuple[date, formulas.UnitResult]]:
    """[(first day of month, UnitResult)] for ``root`` and its sub-units, oldest first."""
    ids = list(OrgUnit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
    params = [date_from, date_to, survey_ids(kind, survey), ids]
    agg = _run_tally(
        "date_trunc('month', day)::date", params, "AND unit_id = ANY(%s)", key=lambda d: d.isoformat()
    )
    q = default_questionnaire(kind, survey)
    computed = formulas.compute_results(
        agg, order=[d.code for d in q.dimensions], not_in_index=q.not_in_index()
    )
    return [(date.fromisoformat(k), v) for k, v in sorted(computed.items())]


# Per question and answer value, over the counted responses of the units: one pass with jsonb_each. A multiple
# choice's value is its list (expanded in Python); "answered" counts the responses that gave a non-empty answer.
_QUESTION_SQL = """
SELECT kv.key, kv.value::text, count(*)
  FROM surveys_response r CROSS JOIN LATERAL jsonb_each(r.answers) kv
 WHERE r.day BETWEEN %s AND %s AND r.survey_id = ANY(%s) AND r.status = ANY(%s) AND r.unit_id = ANY(%s)
   AND kv.value NOT IN ('null'::jsonb, '[]'::jsonb, '""'::jsonb)
 GROUP BY 1, 2
"""


def _subtree_ids(root: OrgUnit) -> list[int]:
    return list(OrgUnit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))


def question_results(
    *, root: OrgUnit, date_from: date, date_to: date, kind: str = Kind.CITIZEN, survey: Survey | None = None
) -> list[by_question.QuestionResult]:
    """The distribution of the answers to every question (respondent profile and procedure included) for ``root``
    and its sub-units, over the counted responses."""
    q = default_questionnaire(kind, survey)
    counts: dict[str, dict[object, int]] = {}
    answered: dict[str, int] = {}
    params: list[Any] = [date_from, date_to, survey_ids(kind, survey), list(COUNTED), _subtree_ids(root)]
    with connection.cursor() as cursor:
        cursor.execute(_QUESTION_SQL, params)
        for key, raw, n in cursor.fetchall():
            value = json.loads(raw)
            answered[key] = answered.get(key, 0) + int(n)
            bucket = counts.setdefault(key, {})
            for v in value if isinstance(value, list) else [value]:
                bucket[v] = bucket.get(v, 0) + int(n)
    return by_question.question_results(q, counts, answered)


# The satisfaction per answer of one choice question (e.g. per procedure field): per (answer, question, level).
_BY_ANSWER_SQL = """
SELECT coalesce(r.answers->>%s, ''), kv.key, (kv.value #>> '{}')::int, count(*)
  FROM surveys_response r CROSS JOIN LATERAL jsonb_each(r.answers) kv
 WHERE r.day BETWEEN %s AND %s AND r.survey_id = ANY(%s) AND r.status = ANY(%s) AND r.unit_id = ANY(%s)
   AND jsonb_typeof(kv.value) = 'number' AND kv.key = ANY(%s)
 GROUP BY 1, 2, 3
"""
_BY_ANSWER_COUNT_SQL = """
SELECT coalesce(r.answers->>%s, ''), count(*) FROM surveys_response r
 WHERE r.day BETWEEN %s AND %s AND r.survey_id = ANY(%s) AND r.status = ANY(%s) AND r.unit_id = ANY(%s)
 GROUP BY 1
"""


@dataclass
class GroupRow:
    value: str  # the option's value ("" : not answered)
    label: str
    result: formulas.UnitResult


def results_by_answer(
    *, key: str, root: OrgUnit, date_from: date, date_to: date, kind: str = Kind.CITIZEN
) -> list[GroupRow]:
    """The satisfaction index per answer to the single-choice question ``key`` (per procedure field, per kind of
    respondent …), for ``root`` and its sub-units; the contract's formulas applied to each group."""
    q = default_questionnaire(kind)
    question = next((x for x in q.questions if x.key == key and x.type == "single"), None)
    if question is None:
        return []
    dims = q.dimension_of()
    base: list[Any] = [date_from, date_to, survey_ids(kind), list(COUNTED), _subtree_ids(root)]
    rows: list[tuple[str, str, int, int]] = []
    responses: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_BY_ANSWER_SQL, [key, *base, list(dims)])
        for group, qkey, level, n in cursor.fetchall():
            if 1 <= level <= 5:
                rows.append((group, dims[qkey], level, int(n)))
        cursor.execute(_BY_ANSWER_COUNT_SQL, [key, *base])
        responses = {group: int(n) for group, n in cursor.fetchall()}
    agg = formulas.Aggregate.from_rows(rows, responses, {})
    computed = formulas.compute_results(
        agg, order=[d.code for d in q.dimensions], not_in_index=q.not_in_index()
    )
    labels = {str(o.value): o.label for o in question.options}
    order = [*labels, ""]
    return [
        GroupRow(value, labels.get(value, "Không trả lời"), computed[value])
        for value in order
        if value in computed
    ]


@dataclass
class CoverageRow:
    """A unit's collection in a year: its target, the counted responses (its sub-units' included), its active QR
    service points (its own)."""

    unit: OrgUnit
    target: int | None
    responses: int
    points: int

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return formulas.round_half_up(Fraction(self.responses * 100, self.target))

    @property
    def no_answers(self) -> bool:
        return self.responses == 0

    @property
    def no_point(self) -> bool:
        return self.points == 0

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.responses < self.target


def coverage(
    user: User, *, root: OrgUnit, year: int, until: date, missing: str = "", kind: str = Kind.CITIZEN
) -> list[CoverageRow]:
    """Per unit the user sees under ``root``: target, counted responses of ``year`` up to ``until`` and QR points.
    ``missing``: "answers" (units with no answer), "point" (no active QR service point), "target" (below target),
    "" (all). The units with no answers and no point are what seed 001 PL03 items 4–6 ask the coordinator to chase."""
    units = list(visible_units_under(user, root))
    ids = [u.pk for u in units]
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), until)
    own: dict[int, int] = {}
    if start <= end:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, sum(responses) FROM surveys_dailytally WHERE day BETWEEN %s AND %s "
                "AND survey_id = ANY(%s) AND counted AND dimension = '' AND unit_id = ANY(%s) GROUP BY unit_id",
                [start, end, survey_ids(kind), ids],
            )
            own = {int(u): int(n) for u, n in cursor.fetchall()}
    rolled = dict.fromkeys(ids, 0)
    by_id = {u.pk: u for u in units}
    for unit_id, n in own.items():
        unit = by_id.get(unit_id)
        if unit is None:
            continue
        for a in [*unit.ancestor_ids, unit_id]:
            if a in rolled:
                rolled[a] += n
    targets = dict(
        ResponseTarget.objects.filter(unit_id__in=ids, year=year).values_list("unit_id", "responses")
    )
    points: dict[int, int] = {}
    for unit_id in ServicePoint.objects.filter(unit_id__in=ids, active=True).values_list(
        "unit_id", flat=True
    ):
        points[unit_id] = points.get(unit_id, 0) + 1
    rows = [CoverageRow(u, targets.get(u.pk), rolled[u.pk], points.get(u.pk, 0)) for u in units]
    if missing == "answers":
        rows = [r for r in rows if r.no_answers]
    elif missing == "point":
        rows = [r for r in rows if r.no_point]
    elif missing == "target":
        rows = [r for r in rows if r.below_target]
    return rows


def comments(
    user: User,
    *,
    root: OrgUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
    status: str = "",
    low_only: bool = False,
) -> QuerySet[Response]:
    """Responses with a comment, newest first, filtered."""
    qs = responses_for(user).exclude(comment="")
    if root is not None:
        qs = qs.filter(unit__path__startswith=root.path)
    if date_from:
        qs = qs.filter(day__gte=date_from)
    if date_to:
        qs = qs.filter(day__lte=date_to)
    if text:
        qs = qs.filter(comment__icontains=text)
    if status == "counted":
        qs = qs.filter(status__in=COUNTED)
    elif status == "flagged":
        qs = qs.filter(status__in=LEFT_OUT)
    if low_only:
        qs = qs.filter(Q(answers__q16__in=[1, 2]))
    return qs.order_by("-submitted_at", "-pk")


def review_queue(user: User) -> QuerySet[Response]:
    """Flagged responses waiting for a coordinator, in the units the user manages (conflict of interest: not
    those of a unit they belong to, nor the paper forms they typed in)."""
    scope = scope_for(user)
    return (
        Response.objects.filter(scope.manage.q("unit__"), status=Status.FLAGGED)
        .exclude(unit_id__in=sorted(scope.units_with(*Role).unit_ids))
        .exclude(entered_by=user)
        .select_related("unit", "service_point", "survey")
        .order_by("-submitted_at", "-pk")
    )


def questionnaire_versions_for(user: User) -> QuerySet[QuestionnaireVersion]:
    """The versions the user may see: published platform ones, those of organisations whose owner unit they see,
    and drafts only where they may edit."""
    from cchc.orgs.scope import visible_units

    from .services import may_edit_questionnaire

    qs = QuestionnaireVersion.objects.select_related("owner").filter(
        Q(owner__isnull=True) | Q(owner__in=visible_units(user))
    )
    editable_drafts = [
        r.pk for r in qs.filter(status=QuestionnaireStatus.DRAFT) if may_edit_questionnaire(user, r.owner)
    ]
    return qs.filter(Q(status=QuestionnaireStatus.PUBLISHED) | Q(pk__in=editable_drafts)).order_by(
        "qid", "-version"
    )


def get_questionnaire_version_for_user(user: User, pk: int, *, write: bool = False) -> QuestionnaireVersion:
    """404 when the user may not see the version, 403 when ``write`` and they may not edit it."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.utils.translation import gettext as _

    from .services import may_edit_questionnaire

    row = questionnaire_versions_for(user).filter(pk=pk).first()
    if row is None:
        raise Http404(_("Không tìm thấy mẫu phiếu."))
    if write and not may_edit_questionnaire(user, row.owner):
        raise PermissionDenied(_("Bạn không được sửa mẫu phiếu này."))
    return row


def questionnaire_of(survey_id: int) -> Questionnaire:
    s = Survey.objects.get(pk=survey_id)
    return get_questionnaire(s.questionnaire_id, s.questionnaire_version)


def visible_units_under(user: User, root: OrgUnit) -> QuerySet[OrgUnit]:
    from cchc.orgs.scope import visible_units

    return visible_units(user).filter(path__startswith=root.path).order_by("path")


def find_visible_unit(user: User, text: str) -> OrgUnit | None:
    """The unit a results filter names — its code exactly, else the only visible unit matching the code, short
    code, name or alias — when the user may see it; None otherwise (the page says so)."""
    from cchc.orgs.scope import can_view_unit
    from cchc.orgs.selectors import find_units

    found = [u for u in find_units(text[:255]) if can_view_unit(user, u)]
    return found[0] if len(found) == 1 else None


def default_root(user: User) -> OrgUnit | None:
    """The highest unit the user sees (their first membership's unit, or the first root for an administrator)."""
    scope = scope_for(user)
    for m in sorted(scope.memberships, key=lambda m: m.unit.depth):
        if scope.view.contains(m.unit):
            return m.unit
    if scope.is_admin:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    return None


def survey_index_measure(unit: OrgUnit, start: date, end: date, kind: str = Kind.CITIZEN) -> Measure | None:
    """The PAR index's ``survey_index`` data source (``organisation_survey_index`` with ``kind``): the unit's
    satisfaction index as a ``Measure``."""
    from cchc.parindex.rules import Measure

    own = _own_result(unit, start, end, kind)
    if own is None or own.index is None:  # _own_result gives None when there is no index
        return None
    shown = f"{own.index:.2f}".replace(".", ",")  # Vietnamese decimal comma, as on every page
    what = "Chỉ số hài lòng" if kind == Kind.CITIZEN else "Ý kiến cơ quan, tổ chức"
    return Measure(
        percent=own.index,
        detail=f"{what} {shown}% từ {own.responses} phiếu ({start:%d/%m/%Y} – {end:%d/%m/%Y})",
    )


def organisation_survey_index_measure(unit: OrgUnit, start: date, end: date) -> Measure | None:
    """The PAR index's ``organisation_survey_index`` data source (Phiếu 01, 02 of bodies and organisations)."""
    return survey_index_measure(unit, start, end, kind=Kind.ORGANISATION)
