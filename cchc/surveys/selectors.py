"""Reads of the surveys module. Results are one SQL aggregate (GROUP BY unit, dimension) over ``DailyTally`` fed to
the pure formulas of ``results.py`` (contract ``surveys.md``); a unit's figures include its sub-units'.

PAR index hook: ``unit_survey_index(unit, date_from, date_to) -> Decimal | None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Q, QuerySet

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import filter_by_unit_scope, scope_for

from . import results as formulas
from .catalog import DEFAULT_CITIZEN, get_questionnaire, latest
from .models import DossierToken, Kind, Response, ServicePoint, Status, Survey
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
