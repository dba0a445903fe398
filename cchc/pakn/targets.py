"""The PAKN measures of the target register: ``pakn.<INDICATOR>`` — the indicator's ``ratio`` of the unit's row
(its whole subtree) exactly as ``pakn_indicators --from --to --unit`` prints it; the records are the register's
list of the PAKN received in the period (the indicators' denominator)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, register

from .scoring import ON_TIME, SATISFACTION, STAFF, TTHC

TITLES = {
    ON_TIME: _("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"),
    SATISFACTION: _("Mức độ hài lòng về xử lý phản ánh, kiến nghị"),
    TTHC: _("Tỷ lệ phản ánh, kiến nghị về quy định TTHC"),
    STAFF: _("Tỷ lệ phản ánh, kiến nghị về hành vi cán bộ"),
}


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.onestop.ontime import period

    from .figures import report

    out: dict[int, Value] = {}
    for u in units:
        row = report(period(start, end), start, end, u)["units"][0]
        ind = next((i for i in row["indicators"] if i["code"] == key), None)
        if ind is None:
            continue
        query = {
            "unit": u.code,
            "subtree": "1",
            "which": "received",
            "from": start.isoformat(),
            "to": end.isoformat(),
        }
        ratio = None if ind["ratio"] is None else Decimal(str(ind["ratio"]))
        out[u.pk] = Value(
            ratio, ind["numerator"], ind["denominator"], f"{reverse('pakn:index')}?{urlencode(query)}"
        )
    return out


register(
    MeasureSource(
        "pakn",
        compute,
        codes=lambda: [(k, str(v)) for k, v in TITLES.items()],
        module="pakn",
        final_failures={ON_TIME},
    )
)
