"""POST /onestop/dossiers: upsert dossiers sent by a one-stop system (contracts/api.md, contracts/onestop.md).

The body is a JSON list of rows with the columns of ``import_dossiers``; they go through the importer's own row
validation and bulk write (:func:`cchc.onestop.importing.import_dossier_rows`), all or nothing, held to the token
user's data scope (a row naming a unit outside it, or touching another unit's dossier: 403, nothing written).
``?dry_run=true`` validates and counts what would be created and updated, and writes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field

from cchc.onestop.importing import ImportRejected, import_dossier_rows

from ..auth import require_write
from ..calllog import set_rows_written
from ..errors import ApiError
from ..main_errors import WRITE_ERRORS
from ..schemas import Problem
from ._writes import rejected

router = Router(tags=["onestop"])
ERRORS: dict[int, Any] = {**WRITE_ERRORS, 415: Problem}

Scalar = str | int | float | bool | None
MAX_ROWS = 50_000  # with the core's body cap (API_MAX_BODY_BYTES); a larger load goes through import_dossiers


class DossierRow(Schema):
    """One dossier, the columns of ``import_dossiers`` (contracts/onestop.md); an absent or null value is "none"
    (as an empty cell). Times are ISO 8601 (without an offset: Vietnam time)."""

    model_config = ConfigDict(extra="forbid")

    code: Scalar = Field(description="Mã hồ sơ (duy nhất).")
    unit_code: Scalar = Field(description="Mã đơn vị tiếp nhận.")
    procedure_code: Scalar = Field(description="Mã TTHC trong danh mục của đơn vị.")
    channel: Scalar = Field(None, description="direct | online | postal (mặc định direct).")
    received_at: Scalar = Field(description="Thời điểm tiếp nhận.")
    due_at: Scalar = Field(None, description="Hạn trả; trống: tính theo thời hạn của TTHC.")
    finished_at: Scalar = Field(None, description="Thời điểm kết thúc (trạng thái cuối).")
    status: Scalar = Field(
        None, description="processing | supplement | done | returned | rejected | withdrawn."
    )
    supplement_requests: Scalar = Field(None, description="Số lần yêu cầu bổ sung.")
    supplement_requested_at: Scalar = None
    supplement_completed_at: Scalar = None
    fee_required: Scalar = Field(None, description="0/1 (hoặc true/false).")
    paid_online: Scalar = None
    digitized: Scalar = None
    result_electronic: Scalar = None
    reused_data: Scalar = None
    citizen_data: Scalar = None
    petition: Scalar = None
    rating: Scalar = Field(None, description="like | dislike | trống.")
    applicant_name: Scalar = None
    applicant_address: Scalar = None
    applicant_phone: Scalar = None


class DossierImportOut(Schema):
    dry_run: bool
    rows: int
    created: int = Field(description="Hồ sơ mới (dry_run: sẽ được tạo).")
    updated: int = Field(description="Hồ sơ đã có và thay đổi (dry_run: sẽ được cập nhật).")
    batch: int | None = Field(None, description="Lượt nhập (không có khi dry_run).")


def _body_doc() -> dict[str, Any]:
    row = DossierRow.model_json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "array", "items": row, "maxItems": MAX_ROWS}}
            },
        }
    }


def _rows(request: HttpRequest) -> list[Any]:
    """The JSON list of rows. Read here rather than by a schema: 10,000 rows through pydantic models cost more than
    the import itself; :func:`cchc.onestop.importing.dossier_table` checks the keys and values (every bad row
    named) and the importer everything else."""
    if not (request.content_type or "application/json").lower().startswith("application/json"):
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Gửi dữ liệu dạng application/json."),
        )
    try:
        rows = json.loads(request.body or b"null")
    except ValueError:
        raise NinjaValidationError([{"type": "json_invalid", "loc": ("body",), "msg": ""}]) from None
    if not isinstance(rows, list) or not rows:
        raise NinjaValidationError([{"type": "list_type", "loc": ("body",), "msg": ""}])
    if len(rows) > MAX_ROWS:
        raise ApiError(
            413,
            "too_many_rows",
            _("Tối đa %(n)s dòng mỗi lần gửi."),
            n=MAX_ROWS,
        )
    return rows


@router.post(
    "/onestop/dossiers",
    response={200: DossierImportOut, **ERRORS},
    summary="Cập nhật hồ sơ TTHC (theo mã hồ sơ)",
    openapi_extra=_body_doc(),
)
def dossiers_upsert(request: HttpRequest, dry_run: bool = False) -> dict[str, Any]:
    """Create or update dossiers by ``code`` from a JSON list of rows (the ``DossierRow`` columns); all rows are
    validated first and any bad row rejects the whole list (each named with its row, from 1). Only the columns the
    rows carry are written."""
    user = require_write(request)
    rows = _rows(request)
    try:
        result = import_dossier_rows(rows, actor=user, via="api", name="api", dry_run=dry_run)
    except ImportRejected as exc:
        raise rejected(exc) from None
    set_rows_written(request, 0 if dry_run else result.created + result.updated)
    return {"dry_run": dry_run, **result.as_json()}
