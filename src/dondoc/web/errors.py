"""Error answers: Vietnamese pages inside the site's layout (400, 403, 404, 500, CSRF refusal), JSON
under ``/api/``; and a log filter so that expected refusals (403, 404) are one line, not a traceback."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


@dataclass(frozen=True)
class ErrorPage:
    status: int
    code: str
    title: str
    message: str


PAGES = {
    400: ErrorPage(400, "bad_request", "Yêu cầu không hợp lệ", "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ."),
    403: ErrorPage(
        403, "forbidden", "Không có quyền truy cập", "Tài khoản của bạn không có quyền xem hoặc làm việc này."
    ),
    404: ErrorPage(
        404,
        "not_found",
        "Không tìm thấy trang",
        "Không có trang hoặc dữ liệu ở địa chỉ này (có thể đã bị xóa, hoặc địa chỉ gõ sai).",
    ),
    500: ErrorPage(
        500,
        "server_error",
        "Lỗi hệ thống",
        "Hệ thống gặp lỗi khi xử lý yêu cầu; dữ liệu đã lưu không bị ảnh hưởng. Vui lòng thử lại, nếu "
        "vẫn lỗi hãy báo cho người quản trị.",
    ),
}
CSRF_MESSAGE = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu đã cũ, nên yêu cầu không được thực hiện. Hãy tải lại trang "
    "rồi thử lại."
)


def _answer(request: HttpRequest, page: ErrorPage, message: str | None = None) -> HttpResponse:
    text = message or page.message
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": text, "code": page.code}, status=page.status)
    if page.status == 500 or not hasattr(request, "user"):
        # The failure may be the database itself, or the request stopped before the sign-in was read
        # (a refused Host header): the layout without the user's context.
        return _bare_page(page, text)
    context = {"page": page, "message": text}
    return render(request, "tracking/errors/error.html", context, status=page.status)


def _bare_page(page: ErrorPage, text: str) -> HttpResponse:
    from django.template.loader import render_to_string

    html: str
    try:
        html = render_to_string("tracking/errors/error.html", {"page": page, "message": text, "bare": True})
    except Exception:  # the last resort must always answer
        html = f"<!doctype html><html lang='vi'><title>{page.title}</title><h1>{page.title}</h1><p>{text}</p>"
    return HttpResponse(html, status=page.status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, PAGES[400])


def bad_request_page(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 in the site's layout with ``message`` (Vietnamese): what was wrong and what to do."""
    return _answer(request, PAGES[400], message)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A Vietnamese reason given by the view (PermissionDenied("Chỉ Quản trị …")) is shown as is.
    reason = str(exception) if isinstance(exception, PermissionDenied) and exception.args else None
    return _answer(request, PAGES[403], reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, PAGES[404])


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, PAGES[500])


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _answer(request, PAGES[403], CSRF_MESSAGE)


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """On ``django.request``: a 403 (``PermissionDenied``) or 404 is logged as its one warning line,
    without the traceback Django attaches; real errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied | Http404):
            record.exc_info = None
            record.exc_text = None
        return True
