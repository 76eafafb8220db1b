"""The API's error answers in its OpenAPI schema (a drf-spectacular post-processing hook).

Every operation may answer 401 (no or expired token) and, with a parameter or a body, 400 (a value
that is not valid); an operation on one object (``{id}`` in its path) answers 404 when the object does
not exist or is outside the user's scope. An unknown ``/api/…`` address also answers a JSON 404
(``dondoc.web.errors``). The body is always ``{"detail": <Vietnamese message>, "code": <code>}``."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt."},
        "code": {"type": "string", "description": "Mã lỗi (not_found, invalid, …)."},
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "400": "Tham số hoặc dữ liệu gửi lên không hợp lệ: lý do (tiếng Việt) trong `detail`.",
    "401": "Chưa xác thực, hoặc mã truy cập hết hạn hay đã bị thu hồi.",
    "404": "Không có đối tượng này, hoặc nó nằm ngoài phạm vi của người dùng.",
}
PUBLIC = ("/api/token/", "/api/schema/", "/api/docs/")


def _error_response(code: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}},
    }


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    for path, item in result.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = op.setdefault("responses", {})
            codes = []
            if op.get("parameters") or op.get("requestBody"):
                codes.append("400")
            if "{" in path:
                codes.append("404")
            if not path.startswith(PUBLIC):
                codes.append("401")
            for code in codes:
                responses.setdefault(code, _error_response(code))
    return result
