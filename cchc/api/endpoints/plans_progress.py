"""POST /assignments/{id}/progress: a progress report on an assignment (contracts/api.md), same rules as the web
(:func:`cchc.plans.services.progress_submit`: 100% and a completion date for "done", evidence when the task names a
product, the document date of the evidence, the head's own report confirmed at once).

Evidence is given as links (``links``, http/https) in a JSON body, or as files in a ``multipart/form-data`` body
(``files``, repeated; the other fields as form fields, ``links`` repeated). 404 for an assignment outside the token
user's view scope, 403 when visible but the user may not report for its unit (or the token is read-only).
A retried call (the same report still waiting, from the same person) is answered with that report, not sent twice.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from cchc.plans import access
from cchc.plans.models import Assignment, ProgressUpdate
from cchc.plans.services import progress_submit

from ..auth import require_write
from ..calllog import set_rows_written
from ..errors import ApiError
from ..main_errors import WRITE_ERRORS
from ..schemas import Problem
from ._writes import form_errors

router = Router(tags=["plans"])
ERRORS: dict[int, Any] = {**WRITE_ERRORS, 415: Problem}


class ProgressIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: str = Field(description="in_progress | done | done_late | not_done | not_started.")
    text: str = Field(description="Nội dung báo cáo.")
    percent: int | None = Field(None, ge=0, le=100, description="Tiến độ %; 'done' cần 100 (mặc định 100).")
    reason: str = Field("", description="Lý do (bắt buộc khi not_done).")
    completed_on: date | None = Field(None, description="Ngày hoàn thành thực tế (mặc định hôm nay).")
    document_date: date | None = Field(None, description="Ngày của văn bản minh chứng.")
    links: list[str] = Field(default_factory=list, description="Minh chứng là đường dẫn http(s).")


class EvidenceOut(Schema):
    name: str
    url: str | None = Field(None, description="Đường dẫn (minh chứng là link).")
    size: int = Field(description="Dung lượng tệp (0 với link).")
    document_date: date | None = None


class ProgressOut(Schema):
    id: int
    assignment: int
    unit: str
    task: str
    status: str
    percent: int
    state: str = Field(description="submitted (chờ thủ trưởng) | confirmed (chờ đầu mối) | …")
    completed_on: date | None
    created_at: datetime
    evidence: list[EvidenceOut]
    repeated: bool = Field(
        False, description="true: báo cáo giống hệt đang chờ xử lý; không gửi lại lần nữa."
    )


_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ProgressIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["status", "text"],
                    "properties": {
                        **{
                            k: {"type": "string"}
                            for k in ("status", "text", "percent", "reason", "completed_on", "document_date")
                        },
                        "links": {"type": "array", "items": {"type": "string"}},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            },
        },
    }
}


def _parse(request: HttpRequest) -> tuple[ProgressIn, list[Any]]:
    content_type = (request.content_type or "").lower()
    files: list[Any] = []
    if content_type.startswith("multipart/form-data"):
        data: Any = {k: request.POST.get(k) for k in request.POST if k != "links"}
        data = {k: v for k, v in data.items() if v not in ("", None)}
        if request.POST.getlist("links"):
            data["links"] = request.POST.getlist("links")
        files = request.FILES.getlist("files")
    elif content_type in ("application/json", ""):
        try:
            data = json.loads(request.body or b"null")
        except ValueError:
            raise NinjaValidationError([{"type": "json_invalid", "loc": ("body",), "msg": ""}]) from None
        if not isinstance(data, dict):
            raise NinjaValidationError([{"type": "model_attributes_type", "loc": ("body",), "msg": ""}])
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Gửi application/json hoặc multipart/form-data."),
        )
    try:
        return ProgressIn.model_validate(data), files
    except PydanticValidationError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors()]) from None


def progress_out(update: ProgressUpdate, a: Assignment, *, repeated: bool = False) -> dict[str, Any]:
    return {
        "id": update.pk,
        "assignment": a.pk,
        "unit": a.unit.code,
        "task": a.task.code,
        "status": update.status,
        "percent": update.percent,
        "state": update.state,
        "completed_on": update.completed_on,
        "created_at": update.created_at,
        "evidence": [
            {"name": e.name, "url": e.url or None, "size": e.size, "document_date": e.document_date}
            for e in update.evidence.all()
        ],
        "repeated": repeated,
    }


def _pending_twin(a: Assignment, user: Any, body: ProgressIn, files: list[Any]) -> ProgressUpdate | None:
    """The same report from the same person still waiting (a client's retry): answered, not sent twice."""
    if files:
        return None
    last = a.updates.order_by("-created_at", "-pk").first()
    if (
        last is not None
        and last.author_id == user.pk
        and last.state in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.CONFIRMED)
        and (last.text.strip(), last.status) == (body.text.strip(), body.status)
        and (body.percent is None or last.percent == body.percent)
        and sorted(e.url for e in last.evidence.all()) == sorted(body.links)
    ):
        return last
    return None


@router.post(
    "/assignments/{assignment_id}/progress",
    response={200: ProgressOut, 201: ProgressOut, **ERRORS},
    summary="Báo cáo tiến độ một phân công",
    openapi_extra=_BODY_DOC,
)
def progress_report(request: HttpRequest, assignment_id: int) -> Status[dict[str, Any]]:
    """Send a progress report; 201 with the report (``state`` says whose turn it is), 200 for a retry."""
    user = require_write(request)
    a = access.get_assignment_for_user(user, assignment_id, report=True)  # 404 not visible, 403 not allowed
    body, files = _parse(request)
    twin = _pending_twin(a, user, body, files)
    if twin is not None:
        set_rows_written(request, 0)
        return Status(200, progress_out(twin, a, repeated=True))
    update = form_errors(
        lambda: progress_submit(
            assignment=a,
            user=user,
            text=body.text,
            status=body.status,
            percent=body.percent,
            reason=body.reason,
            files=files,
            completed_on=body.completed_on,
            document_date=body.document_date,
            links=body.links,
        )
    )
    set_rows_written(request, 1)
    return Status(201, progress_out(update, a))
