"""The ninja API object mounted at /api/v1/ (``config/urls.py``). Routers live in ``cchc/api/endpoints/``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import errors
from .auth import token_auth
from .schemas import Problem

API_DESCRIPTION = """API mở của nền tảng CCHC (v1). Xác thực: `Authorization: Bearer <khóa>` (tạo khóa ở trang tài
khoản hoặc `manage.py api_token`). Danh sách phân trang `{"items", "count", "next"}` (`limit` ≤ 1000); lọc theo
đơn vị `unit=MÃ`, `under=MÃ` và kỳ `from`, `to`, `period` (ISO 8601, ví dụ `2025-12-15/P3M`). Lỗi theo
`application/problem+json` (RFC 9457) với `detail` tiếng Việt và `detail_en` tiếng Anh.

The platform's open API (v1): bearer tokens, paginated lists, problem+json errors (Vietnamese `detail`, English
`detail_en`). Every call is logged (NĐ 47/2020 Điều 45) and rate-limited per token."""

# Every operation may answer these (documented once, added to each operation by ``add_router``'s callers via
# ``ERRORS``): bad input, no/bad token, not allowed, not visible, rate-limited.
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: Problem, 413: Problem}


api = NinjaAPI(
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
