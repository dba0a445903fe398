"""Schemas shared by every endpoint (the problem body)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class FieldError(Schema):
    row: int | None = Field(None, description="Dòng (đếm từ 1) trong danh sách gửi lên, nếu có.")
    field: str | None = Field(None, description="Tên trường sai, nếu có.")
    message: str = Field(description="Thông báo tiếng Việt.")
    message_en: str | None = Field(None, description="English message.")


class Problem(Schema):
    """RFC 9457 problem details (``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    code: str = Field(description="Mã lỗi ổn định (snake_case).")
    detail: str = Field(description="Thông báo tiếng Việt.")
    detail_en: str = Field(description="English message.")
    errors: list[FieldError] | None = None
