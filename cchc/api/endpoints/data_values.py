"""POST /data-values: figures for periodic reports, DHIS2 ``dataValueSets`` style (contracts/api.md).

``{"period": "2026Q1" | "2025-12-15/P3M", "unit": "HP.PC06", "values": [{"code": "inspections", "value": 3}]}``
goes into the unit's report for that period through :func:`cchc.reports.data_values.data_values_import` (the web
form's service: data scope, version check, audit). The rules — codes, platform figures (never overwritten silently:
a different value needs a ``note`` and is stored as the report's adjustment), sent reports, ``version`` — are in
that module's docstring. ``?dry_run=true`` writes nothing; ``?import_strategy=delete`` removes the values.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from cchc.core.versioning import StaleEdit
from cchc.onestop.importing import ImportRejected
from cchc.reports.data_values import ReportNotEditable, data_values_import

from ..auth import require_write
from ..calllog import set_rows_written
from ..errors import ApiError
from ..main_errors import WRITE_ERRORS
from ._writes import rejected, stale

router = Router(tags=["reports"])
ERRORS: dict[int, Any] = WRITE_ERRORS


class DataValueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        description="Mã chỉ tiêu (khóa trường số) hoặc mục nội dung (section.field) của mẫu báo cáo."
    )
    value: str | int | float | None = Field(
        None, description="Số (JSON number hoặc chuỗi dạng số) hoặc nội dung."
    )
    note: str | None = Field(
        None, description="Lý do điều chỉnh — bắt buộc khi khác số liệu nền tảng tự tính."
    )


class DataValueSetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    period: str = Field(
        description="2026Q1, 2026S1, 2026, 2026-03 hoặc ISO 8601 start/duration (2025-12-15/P3M)."
    )
    unit: str = Field(description="Mã đơn vị.")
    values: list[DataValueIn] = Field(min_length=1, max_length=1000)
    data_set: str | None = Field(None, description="Mã mẫu báo cáo, khi đơn vị có nhiều báo cáo cùng kỳ.")
    version: int | None = Field(
        None,
        description="edit_version của báo cáo khi đọc; ai khác đã lưu sau đó thì 409 và không ghi gì.",
    )


class ReportRef(Schema):
    id: int
    unit: str
    period: str
    data_from: str
    data_to: str
    template: str
    status: str
    version: int = Field(description="edit_version hiện tại (gửi lại ở lần ghi sau).")


class ImportCount(Schema):
    imported: int
    updated: int
    deleted: int
    ignored: int


class ValueResult(Schema):
    code: str
    action: str = Field(description="created | updated | override | deleted | unchanged")
    value: str | None
    previous: str | None = Field(description="Giá trị trước khi ghi (không ghi đè âm thầm).")


class DataValuesOut(Schema):
    dry_run: bool
    report: ReportRef
    import_count: ImportCount
    values: list[ValueResult]


@router.post(
    "/data-values",
    response={200: DataValuesOut, **ERRORS},
    summary="Số liệu cho báo cáo định kỳ (kiểu dataValueSets)",
)
def data_values(
    request: HttpRequest,
    payload: DataValueSetIn,
    dry_run: bool = False,
    import_strategy: Literal["create_and_update", "delete"] = "create_and_update",
) -> dict[str, Any]:
    """Write the values into the unit's report for the period (all or nothing); the answer lists each value with
    what happened and its previous content.

    - ``period``: ``2026Q1`` (quý I: the report of kind q1 of 2026, data 15/12/2025–14/3/2026), ``2026S1``,
      ``2026``, ``2026-03``, or the data window as ISO 8601 ``2025-12-15/P3M``; ``data_set`` (the template code)
      when the unit has several reports for it.
    - ``code``: a number field of the report's template (``inspections``) or a narrative (``chi_dao.ke_hoach``).
    - A figure the platform computes (``tasks_due``, ``dossiers_received``…) is never overwritten silently: the
      same value changes nothing; a different one is refused unless it carries a ``note`` (the reason), and is then
      stored as the report's adjustment beside the platform's figure, as on the web form.
    - A report already sent or accepted: 409 ``report_not_editable``. ``version`` (the report's ``edit_version``)
      given and someone else saved since: 409 ``stale_write``, nothing written.
    - ``import_strategy=delete`` removes the values (an adjustment removed: the platform's figure counts again).
    """
    user = require_write(request)
    try:
        result = data_values_import(
            actor=user,
            unit=payload.unit,
            period=payload.period,
            values=[v.model_dump(exclude_none=False) for v in payload.values],
            import_strategy=import_strategy,
            dry_run=dry_run,
            version=payload.version,
            data_set=payload.data_set,
        )
    except ImportRejected as exc:
        raise rejected(exc) from None
    except StaleEdit as exc:
        raise stale(exc) from None
    except ReportNotEditable as exc:
        raise ApiError(409, exc.code, exc.template, **exc.params) from None
    set_rows_written(request, 0 if dry_run else result.written)
    return result.as_json()
