"""Văn bản đôn đốc: the .docx read back (python-docx) with its NĐ 30 parts, its PDF through LibreOffice,
the timeline, the zip for every unit."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from docx import Document as DocxDocument

from dondoc.tracking.models import AuditEvent, Unit
from dondoc.tracking.services import nd30_docx as nd30
from dondoc.tracking.services.followup_letter import draft_letter
from dondoc.tracking.services.report.export_pdf import docx_to_pdf

from . import register

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "followup-letter"


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
    # the NĐ 30 header (nd30_docx.header_block): issuer over Số and V/v | Quốc hiệu over place and date
    issuer_col, motto_col = ("\n".join(c.text for c in col.cells) for col in letter.tables[0].columns)
    assert "VĂN PHÒNG UBND TỈNH" in issuer_col and "V/v đôn đốc thực hiện nhiệm vụ được giao" in issuer_col
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in motto_col and f"năm {today.year}" in motto_col
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


LETTER_DAY = dt.date(2027, 2, 3)


def _letter(registry: dict[str, Unit], users: dict[str, User]) -> bytes:
    tc = registry["Sở Tài chính"]
    doc = register.document("12/KL-UBND", dt.date(2026, 12, 1))
    register.task(doc, tc, "Báo cáo quyết toán ngân sách năm 2026", dt.date(2027, 1, 20))
    register.task(doc, tc, "Trình phương án phân bổ vốn", dt.date(2027, 2, 3))
    register.task(doc, tc, "Rà soát nợ đọng xây dựng cơ bản", dt.date(2027, 2, 5))
    return draft_letter(users["vanphong"], tc, LETTER_DAY)


def test_letter_has_the_nd30_parts(registry: dict[str, Unit], users: dict[str, User]) -> None:
    letter = DocxDocument(io.BytesIO(_letter(registry, users)))
    head = nd30.letterhead_from_env()
    # the blocks in the NĐ 30 order: header table, Kính gửi, body, task table, body, Nơi nhận | signature
    kinds = [el.tag.rsplit("}", 1)[1] for el in letter.element.body if not el.tag.endswith("sectPr")]
    assert kinds[0] == "tbl" and kinds.count("tbl") == 3
    header, tasks, closing = letter.tables
    number_cell, date_cell = header.rows[1].cells
    assert [p.text for p in number_cell.paragraphs] == [
        f"Số:       /{head.symbol}-TH",
        "V/v đôn đốc thực hiện nhiệm vụ được giao",
    ]
    # day below 10 and month 2 with a leading zero (NĐ 30); the date line in italics
    assert date_cell.text == f"{head.place}, ngày 03 tháng 02 năm 2027"
    assert all(run.italic for run in date_cell.paragraphs[0].runs)
    texts = [p.text for p in letter.paragraphs]
    assert "Kính gửi: Sở Tài chính." in texts
    assert any("tính đến ngày 03/02/2027, Sở Tài chính còn 01 nhiệm vụ đã quá hạn và 02" in t for t in texts)
    rows = [[c.text for c in r.cells] for r in tasks.rows]
    assert [(r[1], r[3], r[4]) for r in rows[1:]] == [
        ("Báo cáo quyết toán ngân sách năm 2026", "20/01/2027", "Quá hạn 14 ngày"),
        ("Trình phương án phân bổ vốn", "03/02/2027", "Đến hạn hôm nay"),
        ("Rà soát nợ đọng xây dựng cơ bản", "05/02/2027", "Còn 2 ngày"),
    ]
    assert all(r[2] == "Thông báo số 12/KL-UBND ngày 01/12/2026" for r in rows[1:])
    recipients, signature = closing.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Lãnh đạo (để b/c);",
        "- Lưu: VT, TH.",
    ]
    assert "KT. CHÁNH VĂN PHÒNG" in signature.text and "PHÓ CHÁNH VĂN PHÒNG" in signature.text
    # the shared page: A4 portrait, NĐ 30 margins, Times New Roman 14 pt
    section = letter.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == nd30.MARGINS_MM["left"]
    normal = letter.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == nd30.BODY_PT


def test_several_addressees_one_line_each() -> None:
    doc = nd30.new_document()
    nd30.addressee_block(doc, ["Sở Tài chính", "Sở Xây dựng"])
    assert [p.text for p in doc.paragraphs] == ["Kính gửi:", "- Sở Tài chính;", "- Sở Xây dựng.", ""]


def test_letter_converts_to_pdf(registry: dict[str, Unit], users: dict[str, User], tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    docx = tmp_path / "cong-van-don-doc.docx"
    docx.write_bytes(_letter(registry, users))
    pdf = tmp_path / "cong-van-don-doc.pdf"
    docx_to_pdf(docx, pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert text.count("\f") == 1  # one page
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kính gửi: Sở Tài chính.", "20/01/2027", "Nơi nhận:"):
        assert part in text
    if shutil.which("pdftoppm") is not None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        png = OUTPUT / "cong-van-don-doc"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
            check=True,
            timeout=60,
        )
        assert png.with_suffix(".png").stat().st_size > 10_000
