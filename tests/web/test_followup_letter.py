"""Văn bản đôn đốc: the .docx read back (python-docx), the timeline, the zip for every unit."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from docx import Document as DocxDocument

from dondoc.tracking.models import AuditEvent, Unit

from . import register


def test_letter_lists_overdue_and_due_soon_tasks(registry: dict[str, Unit], users: dict[str, User], login: Any) -> None:
    today = timezone.localdate()
    tc, xd = registry["Sở Tài chính"], registry["Sở Xây dựng"]
    doc = register.document("45/TB-UBND", dt.date(2026, 10, 1))
    late = register.task(doc, tc, "Quyết toán dự án hoàn thành", today - dt.timedelta(days=12))
    soon = register.task(doc, tc, "Rà soát các khoản chi thường xuyên", today + dt.timedelta(days=3))
    register.task(doc, tc, "Còn xa: không liệt kê", today + dt.timedelta(days=40))
    register.task(doc, xd, "Nhiệm vụ quá hạn của Sở Xây dựng", today - dt.timedelta(days=1))
    office = login("vanphong")
    response = office.post(f"/don-vi/{tc.pk}/cong-van-don-doc/")
    assert response.status_code == 200 and "cong-van-don-doc-so-tai-chinh" in response["Content-Disposition"]
    letter = DocxDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in letter.paragraphs)
    header = letter.tables[0].rows[0].cells
    assert "VĂN PHÒNG UBND TỈNH" in header[0].text and "V/v đôn đốc thực hiện nhiệm vụ được giao" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and f"năm {today.year}" in header[1].text
    assert "Kính gửi: Sở Tài chính." in text and "còn 01 nhiệm vụ đã quá hạn và 01 nhiệm vụ sắp đến hạn" in text
    rows = [[c.text for c in r.cells] for r in letter.tables[1].rows]
    assert rows[0] == ["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Thời hạn", "Tình trạng"]
    assert rows[1] == ["1", "Quyết toán dự án hoàn thành", "Thông báo số 45/TB-UBND ngày 01/10/2026",
                       f"{late.deadline:%d/%m/%Y}", "Quá hạn 12 ngày"]
    assert rows[2][1] == "Rà soát các khoản chi thường xuyên" and rows[2][4] == "Còn 3 ngày"
    assert len(rows) == 3
    assert AuditEvent.objects.filter(task=late, action="task.followup_letter").count() == 1
    assert AuditEvent.objects.filter(task=soon, action="task.followup_letter").count() == 1
    timeline = office.get(f"/nhiem-vu/{late.pk}/").content.decode()
    assert "Soạn văn bản đôn đốc gửi Sở Tài chính" in timeline
    assert login("taichinh").post(f"/don-vi/{tc.pk}/cong-van-don-doc/").status_code == 403
    # every unit with overdue tasks at once
    archive = zipfile.ZipFile(io.BytesIO(office.post("/nhac-viec/cong-van-don-doc/").content))
    names = sorted(archive.namelist())
    assert names == [f"cong-van-don-doc-so-tai-chinh-{today:%Y-%m-%d}.docx", f"cong-van-don-doc-so-xay-dung-{today:%Y-%m-%d}.docx"]
    xd_letter = DocxDocument(io.BytesIO(archive.read(names[1])))
    assert xd_letter.tables[1].rows[1].cells[1].text == "Nhiệm vụ quá hạn của Sở Xây dựng"


def test_no_letter_without_late_tasks(registry: dict[str, Unit], login: Any) -> None:
    page = login("vanphong").post(f"/don-vi/{registry['Sở Y tế'].pk}/cong-van-don-doc/", follow=True)
    assert "không có nhiệm vụ quá hạn hoặc sắp đến hạn" in page.content.decode()
