"""Reads of the one-stop module, always through the org scope (cchc.orgs.scope)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.audit.models import AuditEvent
from cchc.audit.selectors import history_for_object
from cchc.core.privacy import applicant_shown, mask_address, mask_name, mask_phone
from cchc.core.text import fold
from cchc.orgs.models import Fold, OrgUnit
from cchc.orgs.scope import can_enter_data, filter_by_unit_scope, personal_data_reach, scope_for
from cchc.workdays.calendar import VN_TZ

from .definitions766 import Definitions
from .indicators import IN_R_SQL, IN_S_SQL, ON_TIME_SQL, subtree_on_time
from .models import ApologyLetter, Dossier, PortalFigure, Procedure
from .ontime import Period, _ratio, period


def procedure_list(
    *, unit: OrgUnit | None = None, text: str = "", field: str = "", online_level: str = ""
) -> QuerySet[Procedure]:
    """The effective catalogue of ``unit`` (its organisation's procedures over the national list), filtered."""
    from .catalogue import effective_catalogue

    qs = effective_catalogue(unit)
    for word in fold(text).split():
        qs = qs.filter(search_text__contains=word)
    if field:
        qs = qs.filter(field=field)
    if online_level:
        qs = qs.filter(online_level=online_level)
    return qs.order_by("field", "name")


def dossier_search(qs: QuerySet[Dossier], text: str, *, user: User) -> QuerySet[Dossier]:
    """Dossiers whose code or applicant's name contains every word of ``text``, accents and case ignored
    ("nguyen thi hoa" finds "Nguyễn Thị Hoa"). Folded at query time: the dossier table keeps no extra column,
    so bulk loading stays fast, and the unit filter keeps the scan small. A name matches only in the units whose
    applicants ``user`` may see (NĐ 13/2023): elsewhere only the code is searched, so a search cannot reveal a
    masked name."""
    words = fold(text).split()
    if not words:
        return qs
    names_within = personal_data_reach(user).q("unit__")
    qs = qs.annotate(_code=Fold("code"), _applicant=Fold("applicant_name"))
    for word in words:
        qs = qs.filter(Q(_code__contains=word) | (Q(_applicant__contains=word) & names_within))
    return qs


def with_applicants(user: User, dossiers: Iterable[Dossier]) -> list[Dossier]:
    """The dossiers, each with ``.applicant``: its applicant's name, phone and address as ``user`` may see them —
    masked outside the units whose citizens' data they handle (``cchc.orgs.scope.can_see_personal_data``). Every
    page and export that shows an applicant reads them from here."""
    reach = personal_data_reach(user)
    out = list(dossiers)
    for d in out:
        d.applicant = applicant_shown(  # type: ignore[attr-defined]  # a display attribute the pages read
            d.applicant_name, d.applicant_phone, d.applicant_address, visible=reach.contains(d.unit)
        )
    return out


_APPLICANT_MASKS = {
    "applicant_name": mask_name,
    "applicant_phone": mask_phone,
    "applicant_address": mask_address,
}


def dossier_history(user: User, dossier: Dossier, letter: ApologyLetter | None) -> list[AuditEvent]:
    """The dossier's own logged changes (re-imports, edits) and its apology letter's, newest first. The applicant's
    old and new values in them are masked as on the rest of the page for whoever may not see them (NĐ 13/2023)."""
    qs = history_for_object("onestop_dossier", dossier.pk)
    if letter is not None:
        qs = qs | history_for_object("onestop_apologyletter", letter.pk)
    events = list(qs.order_by("-at"))
    if not personal_data_reach(user).contains(dossier.unit):
        for e in events:
            for row in (e.old, e.new):
                for field, mask in _APPLICANT_MASKS.items():
                    if row and isinstance(row.get(field), str):
                        row[field] = mask(row[field])  # in memory only: what the page shows
    return events


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    return filter_by_unit_scope(Dossier.objects.all(), user).select_related("unit", "procedure")


def get_dossier_for_user(user: User, code: str, *, write: bool = False) -> Dossier:
    """The dossier if its unit is visible to the user (404 otherwise); 403 if ``write`` and no data rights."""
    from django.core.exceptions import PermissionDenied

    dossier = Dossier.objects.select_related("unit", "procedure", "unit__parent").filter(code=code).first()
    if dossier is None or not scope_for(user).view.contains(dossier.unit):
        raise Http404(_("Không tìm thấy hồ sơ."))
    if write and not can_enter_data(user, dossier.unit):
        raise PermissionDenied(_("Bạn không có quyền xử lý hồ sơ của đơn vị này."))
    return dossier


def get_portal_figure_for_user(user: User, pk: int, *, decide: bool = False) -> PortalFigure:
    """The figure if its unit is visible to the user (404 otherwise); with ``decide``, 403 unless the user may
    approve or reject it (manages the unit, no conflict of interest)."""
    figure = PortalFigure.objects.select_related("unit", "entered_by", "decided_by").filter(pk=pk).first()
    if figure is None or not scope_for(user).view.contains(figure.unit):
        raise Http404(_("Không tìm thấy số liệu."))
    if decide:
        from .services import check_may_decide_figure

        check_may_decide_figure(user, figure)
    return figure


def figures_to_decide(user: User, *, state: str = PortalFigure.State.PROPOSED) -> QuerySet[PortalFigure]:
    """Portal figures of the units the user manages (a coordinator's queue), oldest proposal first."""
    scope = scope_for(user)
    if scope.manage.empty:
        return PortalFigure.objects.none()
    qs = filter_by_unit_scope(PortalFigure.objects.all(), user, kind="manage").filter(state=state)
    return qs.select_related("unit", "entered_by", "decided_by").order_by("entered_at", "unit__path", "code")


_NAMED = re.compile(r"%\((\w+)\)s")
_ALIAS = re.compile(r"\bd\.")


def _positional(sql: str, params: dict[str, object]) -> tuple[str, list[object]]:
    """Named %(x)s parameters → %s with a list, and the alias ``d.`` → the table (for ``QuerySet.extra``)."""
    values = [params[m.group(1)] for m in _NAMED.finditer(sql)]
    return _ALIAS.sub("onestop_dossier.", _NAMED.sub("%s", sql)), values


DRILL_SETS = {
    # name: (SQL over the per-dossier predicates, label)
    "s": ("{s}", _("Hồ sơ giải quyết trong kỳ (S)")),
    "on_time": ("{s} AND {t}", _("Hồ sơ đúng hạn")),
    "overdue": ("{s} AND NOT {t}", _("Hồ sơ quá hạn")),
    "r": ("{r}", _("Hồ sơ tiếp nhận trong kỳ (R)")),
    "r_overdue": ("{r} AND {s} AND NOT {t}", _("Hồ sơ tiếp nhận trong kỳ đã quá hạn")),
    "r_online": ("{r} AND d.channel = 'online'", _("Hồ sơ trực tuyến tiếp nhận trong kỳ")),
    "r_digitized": ("{r} AND d.digitized", _("Hồ sơ được số hóa")),
    "r_reused": ("{r} AND d.reused_data", _("Hồ sơ tái sử dụng dữ liệu số hóa")),
    "r_citizen": ("{r} AND d.citizen_data", _("Hồ sơ sử dụng dữ liệu dân cư")),
    "r_unhappy": ("{r} AND (d.petition OR d.rating = 'dislike')", _("Hồ sơ có phản ánh hoặc không hài lòng")),
    "r_fee": ("{r} AND d.fee_required", _("Hồ sơ phải nộp phí")),
    "r_fee_paid": ("{r} AND d.fee_required AND d.paid_online", _("Hồ sơ thanh toán trực tuyến")),
    "r_paper": (
        "{r} AND d.procedure_id IN (SELECT id FROM onestop_procedure WHERE paper_result)",
        _("Hồ sơ của TTHC trả kết quả giấy"),
    ),
    "r_paper_electronic": (
        "{r} AND d.result_electronic AND d.procedure_id IN (SELECT id FROM onestop_procedure WHERE paper_result)",
        _("Hồ sơ có kết quả điện tử"),
    ),
    "r_full": (
        "{r} AND d.procedure_id IN (SELECT id FROM onestop_procedure WHERE online_level = 'full')",
        _("Hồ sơ của TTHC trực tuyến toàn trình"),
    ),
    "r_full_online": (
        "{r} AND d.channel = 'online' AND d.procedure_id IN "
        "(SELECT id FROM onestop_procedure WHERE online_level = 'full')",
        _("Hồ sơ nộp trực tuyến toàn trình"),
    ),
}

# numerator set, denominator set of each indicator, for the drill-down links of the indicator table.
INDICATOR_SETS = {
    "DOSSIER_ON_TIME": ("on_time", "s"),
    "ORIGINAL_RESULT_AVAILABLE": ("r_paper_electronic", "r_paper"),
    "SO_HOA_GIAY_TO_GIAI_QUYET": ("r_digitized", "r"),
    "REUSED_DIGITIZED_DATA": ("r_reused", "r"),
    "CITIZEN_DATA_CONNECTED_DOSSIER": ("r_citizen", "r"),
    "DOSSIER_RECEIVING_SATISFACTION": (None, "r"),
    "ONLINE_FULL_DOSSIERS": ("r_full_online", "r_full"),
    "ONLINE_PAYMENT_DOSSIERS": ("r_fee_paid", "r_fee"),
}


def in_set(qs: QuerySet[Dossier], name: str, p: Period) -> QuerySet[Dossier]:
    """The dossiers of ``qs`` in the drill-down set ``name`` for the period (the same SQL as the indicators)."""
    template, _label = DRILL_SETS[name]
    sql = template.format(s=IN_S_SQL, r=IN_R_SQL, t=ON_TIME_SQL)
    where, values = _positional(sql, {"as_of": p.as_of, "start": p.start, "stop": p.stop})
    return qs.extra(where=[where], params=values)


def on_time_at(dossier: Dossier, as_of: datetime) -> bool:
    from .ontime import DossierTimes, is_on_time

    return is_on_time(
        DossierTimes(
            dossier.received_at,
            dossier.due_at,
            dossier.finished_at,
            dossier.supplement_requests,
            dossier.supplement_requested_at,
            dossier.supplement_completed_at,
        ),
        as_of,
    )


# The late list's states, decided by the indicators' own per-dossier rule (``ON_TIME_SQL``) at two moments: now and
# the end of the next working day. A dossier whose clock is stopped (one supplement request made before its due
# date, the citizen not back yet) is on time by the rule at both: it is not on the list.
LATE_STATE_SQL = f"""CASE WHEN NOT {ON_TIME_SQL} THEN 'overdue'
    WHEN NOT {ON_TIME_SQL.replace("%(as_of)s", "%(horizon)s")} THEN 'soon' END"""


def late_dossiers(
    user: User,
    *,
    unit: OrgUnit | None = None,
    now: datetime | None = None,
    procedure_code: str = "",
    state: str = "",
) -> QuerySet[Dossier]:
    """Unfinished dossiers of the user's units that the on-time rule of the indicators (one function:
    ``ON_TIME_SQL``, the SQL of :func:`cchc.onestop.ontime.is_on_time`) finds overdue now (``late_state`` =
    "overdue") or will by the end of the next working day ("soon"), soonest first (methodology.md §9 item 18: the
    apology is due 1 working day before the due date). ``re_overdue``: a re-appointment (Mẫu 04) missed too.
    Filters: ``unit`` (its subtree), ``procedure_code``, ``state`` ("overdue", "soon", "re_overdue")."""
    from cchc.workdays.services import calendar_for

    now = now or timezone.now()
    cal = calendar_for(unit)
    today = now.astimezone(VN_TZ).date()
    horizon = cal.closing_time(cal.next_working_day(today))
    where, values = _positional(LATE_STATE_SQL, {"as_of": now, "horizon": horizon})
    qs = (
        dossiers_visible_to(user)
        .filter(finished_at__isnull=True, received_at__lte=now)
        .extra(select={"late_state": where}, select_params=values)
        .extra(where=[f"({where}) IS NOT NULL"], params=values)
        .annotate(
            re_overdue=Case(
                When(apology__new_due_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if procedure_code:
        qs = qs.filter(procedure__code=procedure_code)
    if state == "re_overdue":
        qs = qs.filter(apology__new_due_at__lt=now)
    elif state in ("overdue", "soon"):
        qs = qs.extra(where=[f"({where}) = %s"], params=[*values, state])
    out: QuerySet[Dossier] = qs.select_related("apology", "unit", "procedure").order_by("due_at")
    return out


def late_by(dossier: Dossier, as_of: datetime) -> timedelta:
    """How late ``dossier`` is at ``as_of`` by the on-time rule (end − pause − due; ≤ 0 when on time)."""
    from .ontime import DossierTimes, lateness

    return lateness(
        DossierTimes(
            dossier.received_at,
            dossier.due_at,
            dossier.finished_at,
            dossier.supplement_requests,
            dossier.supplement_requested_at,
            dossier.supplement_completed_at,
        ),
        as_of,
    )


def default_unit(user: User) -> OrgUnit | None:
    """The unit the one-stop pages open on: the highest unit the user may see."""
    scope = scope_for(user)
    qs = OrgUnit.objects.filter(scope.view.q()).order_by("depth", "path")
    return qs.first()


def quarter_of(day: date) -> tuple[date, date]:
    q = (day.month - 1) // 3
    first = date(day.year, q * 3 + 1, 1)
    last = (date(day.year + (q == 3), (q * 3 + 3) % 12 + 1, 1)) - timedelta(days=1)
    return first, last


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def unit_filter_q(unit: OrgUnit, *, subtree: bool) -> Q:
    return Q(unit__path__startswith=unit.path) if subtree else Q(unit=unit)


def months_back(end: date, n: int) -> list[tuple[date, date]]:
    """The ``n`` calendar months up to the one holding ``end``, oldest first, as (first day, last day)."""
    out = []
    first, last = month_bounds(end)
    for _i in range(n):
        out.append((first, last))
        last = first - timedelta(days=1)
        first = last.replace(day=1)
    return list(reversed(out))


def on_time_trend(
    unit: OrgUnit, date_to: date, defs: Definitions, *, months: int = 12, now: datetime | None = None
) -> list[dict[str, object]]:
    """The monthly on-time ratio of ``unit``'s subtree over the ``months`` months up to ``date_to`` (months not yet
    begun left out): ``{"from", "to", "s", "on_time", "ratio"}`` per month, oldest first — one query in all."""
    now = now or timezone.now()
    chosen = []
    for m_from, m_to in months_back(date_to, months):
        p = period(m_from, m_to, now=now)
        if p.as_of >= p.start:
            chosen.append((m_from, m_to, p))
    counts = subtree_on_time([p for _f, _t, p in chosen], unit.path)
    return [
        {
            "from": m_from,
            "to": m_to,
            "s": s,
            "on_time": on_time,
            "ratio": _ratio("DOSSIER_ON_TIME", on_time, s, defs).as_json()["ratio"],
        }
        for (m_from, m_to, _p), (s, on_time) in zip(chosen, counts, strict=True)
    ]


@dataclass(frozen=True)
class IndicatorTarget:
    """A one-stop indicator's target in force (from the target register, ``cchc.targets``): ``code`` is the
    indicator's code (``DOSSIER_ON_TIME``), ``min_ratio`` the percent it must reach."""

    code: str
    min_ratio: Decimal
    source: str
    unit: OrgUnit
    pk: int


def targets_for(unit: OrgUnit, year: int) -> list[IndicatorTarget]:
    """The register's "≥" targets on one-stop indicators in force for ``unit`` in ``year``: its own, or set at the
    nearest unit above it for its whole subtree (``cchc.targets.selectors.targets_in_force``); deepest first."""
    from cchc.targets.selectors import targets_in_force

    return [
        IndicatorTarget(t.code.removeprefix("onestop."), t.value, t.source, t.unit, t.pk)
        for t in targets_in_force(unit, year)
        if t.code.startswith("onestop.") and not t.code.startswith("onestop.766_") and t.comparison == ">="
    ]


# Average processing time per procedure (766 item 2.2 "thời gian giải quyết trung bình của TTHC"): over the dossiers
# of a subtree finished in the period, finished_at − received_at less the supplement pause (the clock the on-time rule
# runs), in calendar days; with the procedure's own processing time beside it.
PROCESSING_TIME_SQL = """
SELECT p.code, min(p.name), min(p.processing_amount), min(p.processing_unit), count(*),
       avg(EXTRACT(EPOCH FROM (d.finished_at - d.received_at - CASE
           WHEN d.supplement_requested_at <= d.finished_at AND d.supplement_completed_at <= d.finished_at
           THEN GREATEST(d.supplement_completed_at - d.supplement_requested_at, interval '0')
           ELSE interval '0' END))) / 86400.0,
       count(*) FILTER (WHERE d.finished_on_time)
FROM onestop_dossier d JOIN onestop_procedure p ON p.id = d.procedure_id JOIN orgs_orgunit u ON u.id = d.unit_id
WHERE u.path LIKE %(path)s AND d.finished_at >= %(start)s AND d.finished_at <= %(as_of)s
GROUP BY p.code ORDER BY p.code"""


def processing_times(unit: OrgUnit, p: Period) -> list[dict[str, object]]:
    """Per procedure code: ``code``, ``name``, ``amount``/``unit_of_time`` (the legal time), ``finished``,
    ``average_days`` (2 places) and ``on_time`` — the dossiers of ``unit``'s subtree finished in the period."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(PROCESSING_TIME_SQL, {"path": unit.path + "%", "start": p.start, "as_of": p.as_of})
        rows = cur.fetchall()
    return [
        {
            "code": code,
            "name": name,
            "amount": amount,
            "unit_of_time": unit_of_time,
            "finished": n,
            "average_days": Decimal(str(avg)).quantize(Decimal("0.01"), ROUND_HALF_UP),
            "on_time": on_time,
        }
        for code, name, amount, unit_of_time, n, avg, on_time in rows
    ]
