"""The ninja API object mounted at /api/v1/ (``config/urls.py``). Routers live in ``cchc/api/endpoints/``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from cchc.core.http import PROBLEM_CONTENT_TYPE

from . import errors
from .auth import token_auth
from .main_errors import READ_ERRORS, WRITE_ERRORS

__all__ = ["READ_ERRORS", "WRITE_ERRORS", "api"]

API_DESCRIPTION = """API mở của nền tảng CCHC (v1). Xác thực: `Authorization: Bearer <khóa>` (tạo khóa ở trang tài
khoản hoặc `manage.py api_token`). Danh sách phân trang `{"items", "count", "next"}` (`limit` ≤ 1000); lọc theo
đơn vị `unit=MÃ`, `under=MÃ` và kỳ `from`, `to`, `period` (ISO 8601, ví dụ `2025-12-15/P3M`). Lỗi theo
`application/problem+json` (RFC 9457) với `detail` tiếng Việt và `detail_en` tiếng Anh.

The platform's open API (v1): bearer tokens, paginated lists, problem+json errors (Vietnamese `detail`, English
`detail_en`). Every call is logged (NĐ 47/2020 Điều 45) and rate-limited per token."""


class CchcApi(NinjaAPI):
    """Ninja's API with error answers described as ``application/problem+json`` (what they are)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content") or {}
                    if str(code).isdigit() and int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
                        if str(code) == "429":
                            answer["headers"] = {
                                "Retry-After": {
                                    "description": "Số giây cần chờ / seconds to wait",
                                    "schema": {"type": "integer"},
                                }
                            }
        return schema


api = CchcApi(
    title="CCHC API",
    version="1.0.0",
    description=API_DESCRIPTION,
    urls_namespace="api-v1",
    auth=token_auth,
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _register() -> None:
    from .endpoints import register

    register(api)


_register()
