"""Browser step of the report (issue 13): the office opens the report page, downloads the .docx and the
.xlsx, and the test reads them back; a screenshot of the page goes to the test output folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from docx import Document as read_docx
from openpyxl import load_workbook

from dondoc.tracking.models import Unit
from web.report_register import build_register
from web.test_report import EXPECTED_CURRENT, EXPECTED_SUMMARY


def test_office_opens_the_report_and_downloads_it(
    registry: dict[str, Unit],
    users: dict[str, User],
    login_page: Callable[[str], Any],
    live_server: Any,
    shots: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    build_register(registry, users["quantri"])
    page = login_page("vanphong")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_label("Kỳ báo cáo").fill("2026-11")
    page.get_by_label("Số liệu tính đến ngày (dd/mm/yyyy)").fill("30/11/2026")
    page.get_by_role("button", name="Xem báo cáo").click()
    summary = page.locator(".summary p").all_inner_texts()
    assert summary == EXPECTED_SUMMARY
    first = page.locator("#bang-trong-ky tbody tr").first.locator("td").all_inner_texts()
    assert first == EXPECTED_CURRENT[0]
    assert page.locator("svg.chart").count() == 2
    shots(page, "01-bao-cao")

    with page.expect_download() as info:
        page.locator('a[data-format="docx"]').click()
    docx = tmp_path / info.value.suggested_filename
    info.value.save_as(docx)
    texts = [p.text for p in read_docx(str(docx)).paragraphs]
    assert all(line in texts for line in EXPECTED_SUMMARY)

    with page.expect_download() as info:
        page.locator('a[data-format="xlsx"]').click()
    xlsx = tmp_path / info.value.suggested_filename
    info.value.save_as(xlsx)
    ws = load_workbook(xlsx)["Tổng hợp"]
    assert [str(v) for v in next(ws.iter_rows(min_row=5, values_only=True))[:9]] == EXPECTED_CURRENT[0][:9]
