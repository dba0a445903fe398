"""Writes of the target register: create, edit, delete, enter a manual figure, import. Each checks the actor's
right through the org scope (:func:`cchc.targets.selectors.may_edit`) and validates before saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.core.versioning import claim
from cchc.orgs.models import OrgUnit

from . import registry
from .models import MANUAL_PREFIX, Comparison, Target
from .selectors import may_edit, may_enter_manual

if TYPE_CHECKING:
    from cchc.accounts.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100
UNIQUE = "targets_target_unique"
MAX_VALUE = Decimal("1000000")


@dataclass
class TargetData:
    unit: OrgUnit
    year: int
    code: str
    comparison: str
    value: Decimal
    applies_to_subtree: bool = False
    title: str = ""
    source: str = ""


def validate(data: TargetData, *, existing: Target | None = None) -> None:
    """Raise a DomainError (with ``field``) for a target the register cannot hold."""
    code = data.code.strip()
    if not MIN_YEAR <= data.year <= MAX_YEAR:
        raise DomainError(
            "bad_year", gettext_lazy("Năm %(year)s không hợp lệ."), year=data.year, field="year"
        )
    if data.comparison not in Comparison.values:
        raise DomainError(
            "bad_comparison",
            gettext_lazy("Phép so sánh “%(c)s” không hợp lệ."),
            c=data.comparison,
            field="comparison",
        )
    if code.startswith(MANUAL_PREFIX):
        key = code.removeprefix(MANUAL_PREFIX)
        if not key or not all(ch.isalnum() or ch == "_" for ch in key):
            raise DomainError(
                "bad_manual_key",
                gettext_lazy("Mã chỉ tiêu nhập tay phải có dạng manual.TEN_CHI_SO (chữ, số, dấu gạch dưới)."),
                field="code",
            )
        known = registry.platform_knows_key(key)
        if known:
            raise DomainError(
                "platform_measure",
                gettext_lazy("Hệ thống đã tính được chỉ số này (%(measure)s); không được nhập tay."),
                measure=known,
                field="code",
            )
        if not data.title.strip():
            raise DomainError(
                "title_required", gettext_lazy("Chỉ tiêu nhập tay phải có tên chỉ tiêu."), field="title"
            )
    elif not registry.is_known(code):
        raise DomainError(
            "unknown_measure", gettext_lazy("Không có chỉ số “%(measure)s”."), measure=code, field="code"
        )
    src = registry.source_for(code)
    _prefix, key = registry.split(code)
    percent = src is not None and key not in src.not_percent
    if data.value < 0 or data.value > (Decimal(100) if percent else MAX_VALUE):
        raise DomainError(
            "value_out_of_range",
            gettext_lazy("Giá trị chỉ tiêu phải từ 0 đến %(max)s."),
            max=100 if percent else MAX_VALUE,
            field="value",
        )
    clash = Target.objects.filter(unit=data.unit, year=data.year, code=code)
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if clash.exists():
        raise _duplicate(data)


def _duplicate(data: TargetData) -> DomainError:
    return DomainError(
        "duplicate_target",
        gettext_lazy("Đơn vị %(unit)s đã có chỉ tiêu %(measure)s năm %(year)s."),
        unit=data.unit.code,
        measure=data.code.strip(),
        year=data.year,
        field="code",
    )


def _saved(data: TargetData, write: Callable[[], Target]) -> Target:
    """``write`` in a savepoint: the same target saved by someone else since :func:`validate` looked (two saves at
    once, a double click) is refused as a duplicate, not an IntegrityError."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:
        if UNIQUE in str(exc):
            raise _duplicate(data) from None
        raise


def _check_editor(actor: User, unit: OrgUnit) -> None:
    if not may_edit(actor, unit):
        raise PermissionDenied(
            _("Bạn không có quyền đặt chỉ tiêu cho đơn vị %(unit)s.") % {"unit": unit.name}
        )


@transaction.atomic
def target_create(*, data: TargetData, actor: User) -> Target:
    _check_editor(actor, data.unit)
    validate(data)
    return _saved(
        data,
        lambda: Target.objects.create(
            unit=data.unit,
            year=data.year,
            code=data.code.strip(),
            comparison=data.comparison,
            value=data.value,
            applies_to_subtree=data.applies_to_subtree,
            title=data.title.strip(),
            source=data.source.strip(),
            created_by=actor,
        ),
    )


@transaction.atomic
def target_update(*, target: Target, data: TargetData, actor: User, version: int | None = None) -> Target:
    """Edit a target; ``version`` is the one the user loaded (a save made on a stale copy is refused)."""
    _check_editor(actor, target.unit)
    _check_editor(actor, data.unit)  # never moved to a unit outside the editor's scope
    validate(data, existing=target)
    mine: dict[str, Any] = {"value": data.value, "comparison": data.comparison, "code": data.code}
    claim(target, version, mine=mine)
    target.unit = data.unit
    target.year = data.year
    target.code = data.code.strip()
    target.comparison = data.comparison
    target.value = data.value
    target.applies_to_subtree = data.applies_to_subtree
    target.title = data.title.strip()
    target.source = data.source.strip()
    if not target.is_manual:
        target.manual_value, target.manual_by, target.manual_at = None, None, None

    def write() -> Target:
        target.save()
        return target

    return _saved(data, write)


@transaction.atomic
def target_delete(*, target: Target, actor: User) -> None:
    _check_editor(actor, target.unit)
    target.delete()


@transaction.atomic
def manual_value_enter(
    *, target: Target, value: Decimal | None, actor: User, version: int | None = None
) -> Target:
    """A person's figure for a ``manual.*`` target, with who and when."""
    if not target.is_manual:
        raise DomainError(
            "not_manual",
            gettext_lazy("Chỉ tiêu này do hệ thống tính, không nhập tay số liệu."),
            field="manual_value",
        )
    if not may_enter_manual(actor, target.unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    if value is not None and (value < 0 or value > MAX_VALUE):
        raise DomainError(
            "value_out_of_range",
            gettext_lazy("Số liệu phải từ 0 đến %(max)s."),
            max=MAX_VALUE,
            field="manual_value",
        )
    claim(target, version, mine={"manual_value": value})
    target.manual_value = value
    target.manual_by = actor if value is not None else None
    target.manual_at = timezone.now() if value is not None else None
    target.save(update_fields=["manual_value", "manual_by", "manual_at", "edit_version", "updated_at"])
    return target
