"""POST /pakn: a PAKN record submitted by another system (contracts/api.md, contracts/pakn.md "Records"), on the
router of GET /pakn (:mod:`cchc.api.endpoints.pakn`: one path, one router).

The record is validated exactly as an ``import_pakn`` row (:func:`cchc.pakn.importing.submit_record`), held to the
token user's data scope (a unit outside it: 403, nothing written) and written as the import writes it: a new
record enters its unit's numbered register (sổ tiếp nhận); the same ``code`` again updates it (never moves it to
another unit). ``?dry_run=true`` validates only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status
from pydantic import ConfigDict, Field

from cchc.onestop.importing import ImportRejected
from cchc.pakn.importing import submit_record

from ..auth import require_write
from ..calllog import set_rows_written
from ..main_errors import WRITE_ERRORS
from ._writes import rejected
from .pakn import router  # GET /pakn's router: one path, one router

ERRORS: dict[int, Any] = WRITE_ERRORS

Scalar = str | int | float | bool | None


class PaknRecordIn(Schema):
    """One PAKN record as held by one handling unit: the columns of ``import_pakn`` (contracts/pakn.md). Times are
    ISO 8601 (without an offset: Vietnam time); an absent or null value is "none"."""

    model_config = ConfigDict(extra="forbid")

    code: Scalar = Field(description="Mã PAKN (duy nhất).")
    unit_code: Scalar = Field(description="Mã đơn vị xử lý.")
    received_at: Scalar = Field(description="Thời điểm người gửi gửi (tiếp nhận lần đầu).")
    channel: Scalar = Field(
        description="portal | website | email | phone | post | direct | dialogue | other."
    )
    sender_type: Scalar = Field(description="citizen | organisation.")
    kind: Scalar = Field(description="phan_anh | kien_nghi.")
    category: Scalar = Field(description="regulation | conduct.")
    procedure_code: Scalar = None
    dossier_code: Scalar = None
    transferred_at: Scalar = None
    refused_at: Scalar = None
    refusal_kind: Scalar = Field(None, description="refused | returned | forwarded.")
    supplement_requested_at: Scalar = None
    supplemented_at: Scalar = None
    handled_at: Scalar = None
    published_at: Scalar = None
    likes: Scalar = None
    dislikes: Scalar = None
    follow_up_of: Scalar = None
    title: Scalar = None
    content: Scalar = None
    sender_name: Scalar = None
    sender_phone: Scalar = None
    sender_email: Scalar = None
    sender_address: Scalar = None


class PaknSubmitOut(Schema):
    dry_run: bool
    created: bool = Field(description="true: bản ghi mới (vào sổ); false: cập nhật bản ghi cùng mã.")
    code: str
    unit: str
    register_number: int | None = Field(
        None, description="Số vào sổ tiếp nhận của đơn vị (không có khi dry_run)."
    )
    register_year: int | None = None
    register_label: str | None = Field(None, description="Số/năm như in trên sổ, ví dụ 07/2026.")


@router.post(
    "/pakn",
    response={200: PaknSubmitOut, 201: PaknSubmitOut, **ERRORS},
    summary="Gửi một phản ánh, kiến nghị từ hệ thống khác",
)
def pakn_submit(request: HttpRequest, payload: PaknRecordIn, dry_run: bool = False) -> Status[dict[str, Any]]:
    """Validated as an ``import_pakn`` row; 201 when a new record entered the register, 200 when the record with
    that code was updated (or for a dry run)."""
    user = require_write(request)
    try:
        result, saved = submit_record(payload.model_dump(exclude_unset=True), actor=user, dry_run=dry_run)
    except ImportRejected as exc:
        raise rejected(exc) from None
    created = result.created == 1
    body: dict[str, Any] = {
        "dry_run": dry_run,
        "created": created,
        "code": str(saved.code if saved else payload.code),
        "unit": str(saved.unit.code if saved else payload.unit_code),
        "register_number": saved.register_number if saved else None,
        "register_year": saved.register_year if saved else None,
        "register_label": saved.register_label if saved and saved.register_number is not None else None,
    }
    set_rows_written(request, 0 if dry_run else 1)
    return Status(201 if created and not dry_run else 200, body)
