"""Checks of a criteria framework document before it is imported: every mistake at once (pure, no Django).

The scoring core (:func:`cchc.parindex.scoring.build_framework`) stops at the first mistake; a person fixing a
file wants the whole list. Checked here: codes present and unique; each leaf's ``max`` a number > 0; an inner
node's declared ``max`` equal to the sum of its children's; the declared scale (``total``, "Thang điểm") equal to
the sum of the fields; thresholds (``[{"min": %, "points": p}]``) with ``min`` within 0–100 and ``points`` within
0 and the leaf's ``max``; the bonus cap and the points per penalty not negative; bands with a name and a minimum.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cchc.core.errors import DomainError, gettext_noop


class FrameworkInvalid(DomainError):
    """Every mistake of a framework document; ``errors`` lists them, the message joins them."""

    def __init__(self, errors: list[DomainError]):
        self.errors = errors
        super().__init__(
            "invalid_framework",
            gettext_noop("Bộ tiêu chí có %(n)s lỗi: %(errors)s"),
            n=len(errors),
            errors=" · ".join(e.vi for e in errors),
        )

    def messages(self) -> list[str]:
        """Each mistake in the active language."""
        return [e.message for e in self.errors]


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _pts(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def framework_errors(raw: Any) -> list[DomainError]:
    """Every mistake of a framework document (``{"framework": {...}}`` or the framework itself); [] when none."""
    if not isinstance(raw, Mapping):
        return []  # the parser says it better
    data: Any = raw.get("framework", raw) if "criteria" not in raw else raw
    if not isinstance(data, Mapping):
        return []
    errors: list[DomainError] = []
    seen: set[str] = set()

    def walk(node: Any, where: str) -> Decimal | None:
        if not isinstance(node, Mapping):
            errors.append(
                DomainError("invalid_criterion", gettext_noop("%(w)s: không phải một tiêu chí"), w=where)
            )
            return None
        code = str(node.get("code") or "").strip()
        if not code:
            errors.append(DomainError("missing_code", gettext_noop("%(w)s: thiếu mã tiêu chí"), w=where))
        elif code in seen:
            errors.append(DomainError("duplicate_code", gettext_noop("Mã tiêu chí %(c)s bị trùng"), c=code))
        seen.add(code)
        label = code or where
        children = node.get("children") or []
        declared = _number(node.get("max"))
        if node.get("max") not in (None, "") and declared is None:
            errors.append(
                DomainError(
                    "invalid_number", gettext_noop("Tiêu chí %(c)s: điểm tối đa không phải số"), c=label
                )
            )
        if not children:
            if declared is None or declared <= 0:
                errors.append(
                    DomainError(
                        "invalid_max", gettext_noop("Tiêu chí %(c)s: điểm tối đa phải lớn hơn 0"), c=label
                    )
                )
            else:
                _thresholds(node.get("thresholds"), label, declared, errors)
            return declared
        total = Decimal(0)
        complete = True
        for i, child in enumerate(children if isinstance(children, list) else []):
            value = walk(child, f"{label}/{i + 1}")
            if value is None:
                complete = False
            else:
                total += value
        if complete and declared is not None and declared != total:
            errors.append(
                DomainError(
                    "max_mismatch",
                    gettext_noop("Tiêu chí %(c)s: điểm tối đa %(d)s khác tổng điểm các tiêu chí con %(t)s"),
                    c=label,
                    d=_pts(declared),
                    t=_pts(total),
                )
            )
        return total if complete else None

    criteria = data.get("criteria")
    grand = Decimal(0)
    complete = isinstance(criteria, list) and bool(criteria)
    for i, top in enumerate(criteria if isinstance(criteria, list) else []):
        value = walk(top, f"criteria/{i + 1}")
        if value is None:
            complete = False
        else:
            grand += value
    scale = _number(data.get("total"))
    if complete and scale is not None and scale != grand:
        errors.append(
            DomainError(
                "total_mismatch",
                gettext_noop("Tổng điểm các lĩnh vực %(t)s khác thang điểm %(s)s"),
                t=_pts(grand),
                s=_pts(scale),
            )
        )
    for key, label in (("bonus_cap", "Điểm thưởng tối đa"), ("penalty_points", "Điểm phạt mỗi lỗi")):
        value = _number(data.get(key))
        if data.get(key) not in (None, "") and (value is None or value < 0):
            errors.append(
                DomainError("invalid_number", gettext_noop("%(l)s phải là số không âm"), field=key, l=label)
            )
    for i, band in enumerate(data.get("bands") or []):
        if (
            not isinstance(band, Mapping)
            or not str(band.get("name") or "").strip()
            or _number(band.get("min")) is None
        ):
            errors.append(
                DomainError("invalid_band", gettext_noop("Xếp loại thứ %(i)s: cần tên và điểm từ"), i=i + 1)
            )
    return errors


def _thresholds(raw: Any, code: str, leaf_max: Decimal, errors: list[DomainError]) -> None:
    if raw in (None, "", []):
        return
    if not isinstance(raw, list):
        errors.append(
            DomainError("invalid_thresholds", gettext_noop("Tiêu chí %(c)s: ngưỡng không hợp lệ"), c=code)
        )
        return
    for i, step in enumerate(raw):
        if not isinstance(step, Mapping):
            errors.append(
                DomainError("invalid_thresholds", gettext_noop("Tiêu chí %(c)s: ngưỡng không hợp lệ"), c=code)
            )
            continue
        low, points = _number(step.get("min")), _number(step.get("points"))
        if low is None or not Decimal(0) <= low <= Decimal(100):
            errors.append(
                DomainError(
                    "invalid_threshold",
                    gettext_noop("Tiêu chí %(c)s, ngưỡng %(i)s: mức (%%) phải từ 0 đến 100"),
                    c=code,
                    i=i + 1,
                )
            )
        if points is None or points < 0 or points > leaf_max:
            errors.append(
                DomainError(
                    "threshold_over_max",
                    gettext_noop("Tiêu chí %(c)s, ngưỡng %(i)s: điểm %(p)s vượt khoảng 0–%(m)s"),
                    c=code,
                    i=i + 1,
                    p=step.get("points"),
                    m=_pts(leaf_max),
                )
            )
