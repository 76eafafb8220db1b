"""The report page (filters, summary, per-unit tables, ageing, charts) and its downloads (.docx, .xlsx,
.pdf): thin shells over ``services.report``. Every signed-in user; the numbers cover what they may see."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.report.build import build_report
from dondoc.tracking.services.report.charts import grid_bars, trend_line
from dondoc.tracking.services.report.columns import (
    AGEING_HEADER,
    UNIT_HEADER_SUB,
    ageing_cells,
)
from dondoc.tracking.services.report.export_docx import unit_table_rows
from dondoc.tracking.services.report.files import FORMATS, file_name, write_report
from dondoc.tracking.services.report.request import parse_request, query_params

FILTERS = ("ky", "ngay", "don_vi", "lanh_dao", "loai")


def _filters(request: HttpRequest) -> dict[str, str]:
    """The filters as typed, shown back in the form (at most 255 characters each)."""
    return {k: request.GET.get(k, "")[:255] for k in FILTERS}


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"params": _filters(request), "error": "", "form": {}}
    try:
        req = parse_request(request.GET, timezone.localdate())
    except ServiceError as exc:
        context["error"] = exc.message
        return render(request, "tracking/reports/page.html", context, status=400)
    report = build_report(request.user, req.period, req.as_of, req.scope)
    late = [r for r in report.combined.rows if sum(r.ageing)]
    query = urlencode(query_params(req))
    context.update(
        report=report,
        unit_header=UNIT_HEADER_SUB[3:9],
        current_rows=unit_table_rows(report.current),
        carried_rows=unit_table_rows(report.carried),
        ageing_header=AGEING_HEADER,
        ageing_rows=[ageing_cells(str(i), r) for i, r in enumerate(late, start=1)],
        ageing_total=ageing_cells("", report.combined.total),
        bars=grid_bars(report.combined),
        trend=trend_line(report.trend),
        downloads=[
            (fmt, f"{reverse('tracking:report_download')}?{query}&dinh_dang={fmt}") for fmt in FORMATS
        ],
        form=query_params(req),
    )
    return render(request, "tracking/reports/page.html", context)


@login_required
@require_GET
def report_download(request: HttpRequest) -> HttpResponseBase:
    fmt = request.GET.get("dinh_dang", "")
    try:
        if fmt not in FORMATS:
            raise ServiceError("Định dạng tải về không hợp lệ: chọn docx, xlsx hoặc pdf.")
        req = parse_request(request.GET, timezone.localdate())
        report = build_report(request.user, req.period, req.as_of, req.scope)
        tmp = tempfile.TemporaryDirectory(prefix="dondoc-report-")
        out = Path(tmp.name) / file_name(report, fmt)
        write_report(request.user, report, fmt, out)
    except ServiceError as exc:
        return render(
            request,
            "tracking/reports/page.html",
            {"params": _filters(request), "error": exc.message, "form": {}},
            status=400,
        )
    handle = out.open("rb")
    tmp.cleanup()  # the open handle keeps the file's data until the response is sent (POSIX)
    return FileResponse(handle, as_attachment=True, filename=out.name, content_type=FORMATS[fmt])


urlpatterns = [
    path("bao-cao/", report_page, name="report"),
    path("bao-cao/tai-ve/", report_download, name="report_download"),
]
