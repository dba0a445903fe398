"""Figures for periodic reports sent by another system, DHIS2 ``dataValueSets`` style (contracts/api.md).

``{"period": "2026Q1", "unit": "HP.PC06", "values": [{"code": "inspections", "value": 3}]}`` writes into the unit's
report for that period (:mod:`cchc.reports.period_codes` maps the period), through the same service as the web form
(:func:`cchc.reports.services.submission_save`: the actor's data scope, the version check, the audit trail).

Rules:

* ``code`` is a field key of the report's template: a number field (``inspections``) or a narrative field
  (``chi_dao.ke_hoach``, text). Numbers are JSON numbers or strings in JSON number form (``"12.5"``), never
  negative.
* **Figures the platform computes** (a number field naming a registered figure source) are never overwritten
  silently. A value equal to the platform's figure changes nothing. A different value is refused
  (``computed_figure``) unless the entry carries a ``note`` giving the reason: it is then stored as the report's
  *adjustment* (override) with that note — exactly what the web form's "điều chỉnh số liệu" stores, shown beside
  the platform's figure. When the platform has no figure for the unit and window, the value is stored as an
  adjustment too (with the note given, else a note saying it came through the API).
* Only a report still being written (not started, draft, returned) takes values: a submitted, approved or
  accepted report is refused (``report_not_editable``, HTTP 409).
* ``version`` (optional): the report's ``edit_version`` as the caller last read it; when someone else saved the
  report since, nothing is written (``StaleEdit``, HTTP 409). Without it the values are written, and the answer
  lists each value's previous content so that no change is silent.
* ``import_strategy`` ``create_and_update`` (default) writes the values; ``delete`` removes them (an adjustment is
  removed, so the platform's figure counts again).
* ``dry_run``: everything runs — lookups, checks, the version check — inside a transaction that is rolled back.
* All or nothing: any bad value rejects the whole set (``ImportRejected`` listing each value from 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError, Message, gettext_noop
from cchc.onestop.importing import ImportRejected, RowError
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_enter_data

from . import figures
from .models import EDITABLE, Submission
from .outline import format_number, parse_number
from .period_codes import parse_period_code

STRATEGIES = ("create_and_update", "delete")
MAX_VALUES = 1000
API_NOTE = "Số liệu gửi qua API khi nền tảng chưa có số liệu"
_JSON_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")


class ReportNotEditable(DomainError):
    """The report was sent (or accepted): it takes no more values (code ``report_not_editable``, HTTP 409)."""


class _DryRun(Exception):
    pass


@dataclass
class ValueOutcome:
    code: str
    action: str  # created | updated | unchanged | deleted | override
    value: str | None
    previous: str | None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "action": self.action, "value": self.value, "previous": self.previous}


@dataclass
class DataValuesResult:
    submission: Submission
    dry_run: bool
    values: list[ValueOutcome] = field(default_factory=list)

    def count(self, *actions: str) -> int:
        return sum(1 for v in self.values if v.action in actions)

    @property
    def written(self) -> int:
        return self.count("created", "updated", "deleted", "override")

    def as_json(self) -> dict[str, Any]:
        s = self.submission
        return {
            "dry_run": self.dry_run,
            "report": {
                "id": s.pk,
                "unit": s.unit.code,
                "period": s.period.title,
                "data_from": s.period.data_from.isoformat(),
                "data_to": s.period.data_to.isoformat(),
                "template": s.template.code,
                "status": s.status,
                "version": s.edit_version,
            },
            "import_count": {
                "imported": self.count("created", "override"),
                "updated": self.count("updated"),
                "deleted": self.count("deleted"),
                "ignored": self.count("unchanged"),
            },
            "values": [v.as_json() for v in self.values],
        }


def _err(row: int, field_name: str, msgid: str, error_code: str = "", **params: object) -> RowError:
    """A value's error: a msgid marked with ``gettext_noop`` at the call, shown in the active language."""
    return RowError(row, field_name, Message(msgid, **params), error_code)


def _find_unit(code: Any) -> OrgUnit | None:
    from cchc.orgs.selectors import find_units

    if not isinstance(code, str) or not code.strip():
        return None
    unit = OrgUnit.objects.filter(code=code.strip()).first()
    if unit is None:
        found = find_units(code.strip())
        unit = found[0] if len(found) == 1 else None
    return unit


def _find_submission(unit: OrgUnit, period_text: Any, data_set: str | None) -> Submission:
    spec = parse_period_code(period_text)
    if spec.is_window:
        match = Q(period__data_from=spec.start, period__data_to=spec.end)
    else:
        match = Q(period__kind=spec.kind, period__cycle__year=spec.year)
    qs = Submission.objects.filter(match, unit=unit).select_related("period", "template", "unit")
    if data_set:
        qs = qs.filter(template__code=data_set)
    found = list(qs[:5])
    if not found:
        raise DomainError(
            "no_report_period",
            gettext_lazy("Đơn vị %(unit)s không có báo cáo nào cho kỳ %(period)s."),
            field="period",
            unit=unit.code,
            period=str(period_text)[:64],
        )
    if len(found) > 1:
        raise DomainError(
            "ambiguous_period",
            gettext_lazy(
                "Kỳ %(period)s ứng với nhiều báo cáo của đơn vị %(unit)s (%(reports)s): ghi rõ 'data_set' (mã mẫu)."
            ),
            field="data_set",
            unit=unit.code,
            period=str(period_text)[:64],
            reports="; ".join(f"{s.period.title} — {s.template.code}" for s in found),
        )
    return found[0]


def _number(value: Any) -> Decimal | None:
    """A JSON number, or a string in JSON number form; None for null/"" (ValueError when unreadable)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and _JSON_NUMBER.match(value.strip()):
        return Decimal(value.strip())
    raise ValueError(value)


def _same(stored: str | None, value: Decimal | None) -> bool:
    try:
        return parse_number(stored) == value
    except ValueError:
        return False


def data_values_import(
    *,
    actor: Any,
    unit: Any,
    period: Any,
    values: Any,
    import_strategy: str = "create_and_update",
    dry_run: bool = False,
    version: Any = None,
    data_set: str | None = None,
) -> DataValuesResult:
    """Write (or, ``import_strategy="delete"``, remove) report values; see the module docstring for the rules.

    Raises ``DomainError`` (bad period, unit, strategy), ``ImportRejected`` (bad values, each named by its place in
    ``values`` from 1), ``PermissionDenied`` (the unit is outside the actor's data scope: nothing written),
    ``ReportNotEditable`` and ``StaleEdit`` (HTTP 409)."""
    from .services import submission_save

    if import_strategy not in STRATEGIES:
        raise DomainError(
            "invalid_strategy",
            gettext_lazy("import_strategy phải là create_and_update hoặc delete (nhận: %(s)s)."),
            field="import_strategy",
            s=str(import_strategy)[:40],
        )
    org_unit = _find_unit(unit)
    if org_unit is None:
        raise DomainError(
            "unknown_unit",
            gettext_lazy("Không có đơn vị “%(unit)s”."),
            field="unit",
            unit=str(unit)[:64],
        )
    if actor is not None and not can_enter_data(actor, org_unit):
        raise PermissionDenied(_("Bạn không có quyền nhập liệu cho đơn vị này."))
    if not isinstance(values, list) or not values:
        raise DomainError(
            "no_values",
            gettext_lazy("Danh sách 'values' rỗng."),
            field="values",
        )
    if len(values) > MAX_VALUES:
        raise DomainError(
            "too_many_values",
            gettext_lazy("Tối đa %(n)s giá trị mỗi lần."),
            field="values",
            n=MAX_VALUES,
        )
    submission = _find_submission(org_unit, period, data_set)
    result: DataValuesResult | None = None
    try:
        with transaction.atomic():
            # lock the report: the checks below and the write see the same state
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            if submission.status not in EDITABLE:
                raise ReportNotEditable(
                    "report_not_editable",
                    gettext_lazy(
                        "Báo cáo %(report)s của %(unit)s đã gửi hoặc đã được tiếp nhận (%(state)s): không sửa "
                        "được số liệu. Đề nghị trả lại hoặc mở lại báo cáo trước."
                    ),
                    report=submission.period.title,
                    unit=org_unit.code,
                    state=submission.get_status_display(),
                )
            outcomes, numbers, overrides, narratives = _plan_changes(
                submission, org_unit, values, delete=import_strategy == "delete"
            )
            submission = submission_save(
                submission=submission,
                actor=actor,
                narratives=narratives,
                numbers=numbers,
                overrides=overrides,
                expected_version=version,
            )
            result = DataValuesResult(submission, dry_run, outcomes)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    if dry_run:  # the report as it is (the version the caller would send next)
        result.submission = Submission.objects.select_related("period", "template", "unit").get(
            pk=submission.pk
        )
    return result


def _plan_changes(
    submission: Submission, unit: OrgUnit, values: list[Any], *, delete: bool
) -> tuple[list[ValueOutcome], dict[str, str], dict[str, dict[str, str]], dict[str, str]]:
    """Check every value and work out what to store; raises ``ImportRejected`` naming each bad value."""
    outline = submission.template.outline
    number_fields = {f.key: f for f in outline.number_fields}
    narrative_keys = {f.key for f in outline.narrative_fields}
    computed = figures.collect(
        [f for f in number_fields.values() if f.source],
        OrgUnit.objects.filter(pk=unit.pk),
        submission.period.data_from,
        submission.period.data_to,
    ).get(unit.pk, {})
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    outcomes: list[ValueOutcome] = []
    numbers: dict[str, str] = {}
    overrides: dict[str, dict[str, str]] = {}
    narratives: dict[str, str] = {}
    for row, entry in enumerate(values, start=1):
        if not isinstance(entry, dict):
            errors.append(_err(row, "", gettext_noop("phải là đối tượng {code, value}")))
            continue
        unknown = set(entry) - {"code", "value", "note", "comment"}
        if unknown:
            errors.append(_err(row, sorted(unknown)[0], gettext_noop("trường không hỗ trợ")))
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not code:
            errors.append(_err(row, "code", gettext_noop("thiếu mã chỉ tiêu")))
            continue
        if code in seen:
            errors.append(
                _err(
                    row,
                    "code",
                    gettext_noop("mã %(code)s trùng với giá trị thứ %(first)s"),
                    code=code,
                    first=seen[code],
                )
            )
            continue
        seen[code] = row
        raw = entry.get("value")
        note = str(entry.get("note") or entry.get("comment") or "").strip()
        if code in narrative_keys:
            before = submission.narratives.get(code) or ""
            if delete:
                if before:
                    narratives[code] = ""
                outcomes.append(
                    ValueOutcome(code, "deleted" if before else "unchanged", None, before or None)
                )
                continue
            if isinstance(raw, (bool, list, dict)):
                errors.append(_err(row, "value", gettext_noop("nội dung phải là chữ")))
                continue
            text = "" if raw is None else str(raw)
            if len(text) > 100_000:
                errors.append(_err(row, "value", gettext_noop("nội dung dài quá 100.000 ký tự")))
                continue
            narratives[code] = text
            action = "unchanged" if text == before else ("updated" if before else "created")
            outcomes.append(ValueOutcome(code, action, text, before or None))
            continue
        f = number_fields.get(code)
        if f is None:
            errors.append(
                _err(
                    row,
                    "code",
                    gettext_noop("mẫu báo cáo %(template)s không có chỉ tiêu %(code)r"),
                    template=submission.template.code,
                    code=code,
                )
            )
            continue
        before_text = (
            (submission.overrides.get(code) or {}).get("value") if f.source else submission.numbers.get(code)
        ) or None
        if delete:
            if before_text is not None:
                if f.source:
                    overrides[code] = {"value": "", "note": ""}
                else:
                    numbers[code] = ""
            outcomes.append(
                ValueOutcome(code, "deleted" if before_text is not None else "unchanged", None, before_text)
            )
            continue
        try:
            value = _number(raw)
        except ValueError:
            errors.append(_err(row, "value", gettext_noop("“%(text)s” không phải là số"), text=str(raw)[:40]))
            continue
        if value is not None and value < 0:
            errors.append(_err(row, "value", gettext_noop("số liệu không được âm")))
            continue
        text = format_number(value)
        if not f.source:
            numbers[code] = text
            if _same(before_text, value) and (before_text is not None or value is None):
                outcomes.append(ValueOutcome(code, "unchanged", text or None, before_text))
            else:
                outcomes.append(
                    ValueOutcome(code, "updated" if before_text else "created", text or None, before_text)
                )
            continue
        platform = computed.get(code)
        if platform is not None and value is not None and Decimal(platform) == value:
            if before_text is not None:  # back to the platform's figure: the adjustment goes
                overrides[code] = {"value": "", "note": ""}
                outcomes.append(ValueOutcome(code, "deleted", text, before_text))
            else:
                outcomes.append(ValueOutcome(code, "unchanged", text, None))
            continue
        if value is None:
            errors.append(_err(row, "value", gettext_noop("thiếu giá trị")))
            continue
        if platform is not None and not note:
            errors.append(
                _err(
                    row,
                    "value",
                    gettext_noop(
                        "“%(label)s” do nền tảng tính (%(value)s); muốn điều chỉnh phải gửi kèm 'note' nêu lý do"
                    ),
                    "computed_figure",
                    label=f.label,
                    value=format_number(Decimal(platform)),
                )
            )
            continue
        overrides[code] = {"value": text, "note": note or API_NOTE}
        same = _same(before_text, value) and (submission.overrides.get(code) or {}).get("note") == (
            note or API_NOTE
        )
        outcomes.append(ValueOutcome(code, "unchanged" if same else "override", text, before_text))
    if errors:
        raise ImportRejected("values", errors, len(errors))
    return outcomes, numbers, overrides, narratives
