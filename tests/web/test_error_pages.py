"""Error answers: Vietnamese pages inside the layout with a way back, JSON under /api/, documented in
the OpenAPI schema; a 403 is one log line, not a traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, path

from dondoc.web import urls as web_urls

Login = Callable[[str], Client]


def boom(request: Any) -> Any:
    raise RuntimeError("lỗi thử")


# This module is the URLconf of the 500 test: the site's URLs plus a view that fails.
urlpatterns: list[URLPattern | URLResolver] = [
    path("loi-thu/", boom),
    path("api/loi-thu/", boom),
    *web_urls.urlpatterns,
]
handler400, handler403 = web_urls.handler400, web_urls.handler403
handler404, handler500 = web_urls.handler404, web_urls.handler500


def in_layout(html: str) -> None:
    assert '<html lang="vi">' in html and 'class="brand"' in html  # the site's own layout
    assert "Về trang tổng quan" in html  # a way back


def test_404_page_is_vietnamese_in_the_layout(login: Login) -> None:
    response = login("vanphong").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    in_layout(html)
    assert "Không tìm thấy trang" in html and "Not Found" not in html
    assert "Tổng quan" in html  # the navigation of a signed-in user


def test_unknown_api_paths_answer_json_404(login: Login) -> None:
    for client in (Client(), login("vanphong")):
        for url in ("/api/khong-co/", "/api/tasks/abc/", "/api/v2/tasks/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response["Content-Type"].startswith("application/json")
            body = json.loads(response.content)
            assert body["code"] == "not_found" and "Không có" in body["detail"]


def test_403_is_vietnamese_and_not_logged_as_a_traceback(
    login: Login, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login("taichinh").get("/van-ban/nhap/")  # the office's upload page
    assert response.status_code == 403
    html = response.content.decode()
    in_layout(html)
    assert "Không có quyền truy cập" in html
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Traceback" not in caplog.text


def test_400_for_a_bad_host(db: None) -> None:
    response = Client(HTTP_HOST="ke-gia-mao.example").get("/dang-nhap/")
    assert response.status_code == 400
    html = response.content.decode()
    in_layout(html)
    assert "Yêu cầu không hợp lệ" in html
    api = Client(HTTP_HOST="ke-gia-mao.example").get("/api/tasks/")
    assert api.status_code == 400 and json.loads(api.content)["code"] == "bad_request"


def test_csrf_refusal_is_vietnamese(users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["vanphong"])
    response = client.post("/dang-xuat/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in html and "CSRF verification failed" not in html


def test_500_page_and_api_json(settings: Any, login: Login, caplog: pytest.LogCaptureFixture) -> None:
    settings.ROOT_URLCONF = __name__
    client = login("vanphong")
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/loi-thu/")
    assert response.status_code == 500
    html = response.content.decode()
    in_layout(html)
    assert "Lỗi hệ thống" in html and "dữ liệu đã lưu không bị ảnh hưởng" in html
    # A real error keeps its traceback in the log.
    assert any(r.exc_info for r in caplog.records if r.name == "django.request")
    api = client.get("/api/loi-thu/")
    assert api.status_code == 500 and json.loads(api.content)["code"] == "server_error"


def test_openapi_documents_400_401_and_404(login: Login) -> None:
    schema = json.loads(login("vanphong").get("/api/schema/", {"format": "json"}).content)
    paths = schema["paths"]
    assert {"400", "401"} <= paths["/api/tasks/"]["get"]["responses"].keys()
    assert {"404", "401"} <= paths["/api/tasks/{id}/"]["get"]["responses"].keys()
    assert "404" in paths["/api/documents/{id}/"]["get"]["responses"]
    error = paths["/api/tasks/{id}/"]["get"]["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ApiError"}
    assert "detail" in schema["components"]["schemas"]["ApiError"]["properties"]
    assert "401" not in paths["/api/token/"]["post"]["responses"]
