"""The one-stop measures of the target register (``cchc.targets.registry``):

* ``onestop.<INDICATOR>`` — the indicator's ``ratio`` over the unit's own dossiers, exactly as
  ``onestop_indicators --from --to --unit`` prints it (one aggregate query for all the units); the records are the
  dossier list's drill-down set of the indicator's denominator;
* ``onestop.766_TOTAL`` — the unit's 766 total (rolled up over its subtree) as the indicator board shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register

from .ontime import CODES

TITLES = {
    "DOSSIER_ON_TIME": _("Tỷ lệ hồ sơ giải quyết đúng hạn"),
    "ORIGINAL_RESULT_AVAILABLE": _("Tỷ lệ hồ sơ trả kết quả bản điện tử"),
    "SO_HOA_GIAY_TO_GIAI_QUYET": _("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
    "REUSED_DIGITIZED_DATA": _("Tỷ lệ khai thác, sử dụng lại dữ liệu đã số hóa"),
    "CITIZEN_DATA_CONNECTED_DOSSIER": _("Tỷ lệ hồ sơ kết nối dữ liệu dân cư"),
    "DOSSIER_RECEIVING_SATISFACTION": _("Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ"),
    "ONLINE_FULL_DOSSIERS": _("Tỷ lệ hồ sơ trực tuyến toàn trình"),
    "ONLINE_PAYMENT_DOSSIERS": _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "766_TOTAL": _("Điểm Bộ chỉ số 766 (tổng)"),
}


def _codes() -> list[tuple[str, str]]:
    return [(c, str(TITLES.get(c, c))) for c in (*CODES, "766_TOTAL")]


def dossier_records_url(unit: OrgUnit, start: date, end: date, code: str, base: str = "") -> str:
    """The dossier list's drill-down set of the indicator's denominator (``base``: the list's path, resolved once)."""
    from .selectors import INDICATOR_SETS

    _num, den = INDICATOR_SETS.get(code, (None, "s"))
    span = {"from": start.isoformat(), "to": end.isoformat()}
    return link(base or reverse("onestop:dossier_list"), unit=unit.code, own="1", set=den or "r", **span)


def _indicators(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from .definitions766 import load_definitions
    from .indicators import unit_counts
    from .ontime import period, unscored
    from .scoring import round2

    p = period(start, end)
    try:
        defs, scored = load_definitions(on=end), True
    except LookupError:
        defs, scored = load_definitions(), False
    counts = unit_counts(p, [u.pk for u in units])
    out: dict[int, Value] = {}
    base = reverse("onestop:dossier_list")
    for u in units:
        c = counts.get(u.pk)
        url = dossier_records_url(u, start, end, key, base)
        if c is None:
            out[u.pk] = Value(None, 0, 0, url)
            continue
        result = c.indicators(defs) if scored else unscored(c.indicators(defs))
        ind = next((i for i in result.indicators if i.code == key), None)
        if ind is None:
            continue
        ratio = None if ind.ratio is None else Decimal(str(round2(ind.ratio)))
        out[u.pk] = Value(ratio, ind.numerator, ind.denominator, url)
    return out


def _total_766(units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    """``board(u).own`` of each unit (its own calendar, as the indicators page of the unit), all at once."""
    from cchc.workdays.services import calendars_by_unit

    from .ontime import period
    from .unitscore import totals

    cals = calendars_by_unit([u.pk for u in units])
    found = totals(units, period(start, end), start, end, lambda u: cals.get(u.pk, cals[None]))
    base = reverse("onestop:indicators")
    out: dict[int, Value] = {}
    for u in units:
        t = found[u.pk]
        url = link(base, unit=u.code, **{"from": start.isoformat(), "to": end.isoformat()})
        note = str(_("Thiếu số liệu một số chỉ số")) if t.mark.missing else ""
        out[u.pk] = Value(Decimal(t.result.total_cents) / 100, None, None, url, note)
    return out


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    if key == "766_TOTAL":
        return _total_766(units, start, end)
    return _indicators(key, units, start, end)


register(
    MeasureSource(
        "onestop",
        compute,
        codes=_codes,
        module="onestop",
        final_failures={"DOSSIER_ON_TIME"},
        not_percent={"766_TOTAL"},
    )
)
