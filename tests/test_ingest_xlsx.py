"""Excel task lists, made with openpyxl: one task per row by the same table logic as a .docx table
(column titles of tasks.yaml, lead cells merged over several rows, group rows, dates), and a corrupt
workbook gets a clear Vietnamese message while the rest of a batch goes on."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from dondoc.errors import CorruptFileError
from dondoc.ingest import ingest_bytes
from dondoc.ingest.sniff import XLSX, sniff
from dondoc.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parents[1]


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phân công"
    sheet.append(["DANH MỤC NHIỆM VỤ"])  # a title over the list, merged across it
    sheet.merge_cells("A1:E1")
    sheet.append(["(Kèm theo Thông báo số 45/TB-UBND ngày 10/5/2026)"])
    sheet.append(["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành"])
    sheet.append(["I", "LĨNH VỰC GIAO THÔNG"])  # a group row, merged over the other columns
    sheet.merge_cells("B4:E4")
    sheet.append([1, "Rà soát quy hoạch mạng lưới giao thông", "Sở Xây dựng", "Sở Tài chính", "30/6/2026"])
    sheet.append([2, "Lập kế hoạch bảo trì đường tỉnh", None, "UBND các huyện", "Quý III/2026"])
    sheet.append([3, "Kiểm tra an toàn các cầu yếu", None, None, dt.datetime(2026, 8, 31)])
    sheet.merge_cells("C5:C7")  # one lead for three tasks
    sheet.append(["II", "LĨNH VỰC Y TẾ"])
    sheet.merge_cells("B8:E8")
    sheet.append([4, "Báo cáo tình hình phòng, chống dịch\nđề xuất giải pháp", "Sở Y tế", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tasks(data: bytes) -> list[tuple[str, list[str], list[str], list[str]]]:
    result = extract_bytes(data, "phan-cong.xlsx").to_contract()
    return [
        (
            t["content"],
            [u["name"] for u in t["lead"]],
            [u["name"] for u in t["support"]],
            t["deadlines"],
        )
        for t in result["tasks"] or []
    ]


def test_the_sheet_is_read_as_a_table_with_its_merged_cells() -> None:
    data = _workbook()
    assert sniff(data, "x.xlsx") == XLSX
    doc = ingest_bytes(data, "x.xlsx")
    assert doc.media_type == XLSX
    assert [line.text for line in doc.lines if line.cell is None] == [
        "DANH MỤC NHIỆM VỤ",
        "(Kèm theo Thông báo số 45/TB-UBND ngày 10/5/2026)",
    ]
    assert {(0, 3, 2), (0, 4, 2)} <= doc.merged_cells  # the lead cell merged over rows 5-7
    assert "31/08/2026" in [line.text for line in doc.lines]  # a date cell as dd/mm/yyyy


def test_one_task_per_row_with_merged_leads_and_group_rows() -> None:
    tasks = _tasks(_workbook())
    assert tasks == [
        ("Rà soát quy hoạch mạng lưới giao thông", ["Sở Xây dựng"], ["Sở Tài chính"], ["2026-06-30"]),
        ("Lập kế hoạch bảo trì đường tỉnh", ["Sở Xây dựng"], ["UBND các huyện"], ["2026-09-30"]),
        ("Kiểm tra an toàn các cầu yếu", ["Sở Xây dựng"], [], ["2026-08-31"]),
        (
            "Báo cáo tình hình phòng, chống dịch\nđề xuất giải pháp",
            ["Sở Y tế"],
            [],
            [],
        ),  # two lines, as in Word
    ]


def test_a_corrupt_workbook_gets_a_clear_message() -> None:
    data = bytearray(_workbook())
    start = data.find(b"xl/worksheets/sheet1.xml")
    data[start + 200 : start + 400] = b"\x00" * 200  # a damaged part
    with pytest.raises(CorruptFileError) as caught:
        ingest_bytes(bytes(data), "hong.xlsx")
    assert "Tệp bị hỏng" in caught.value.message


def test_a_batch_goes_on_past_a_corrupt_workbook(tmp_path: Path) -> None:
    good = tmp_path / "tot.xlsx"
    good.write_bytes(_workbook())
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(_workbook()[:3000])  # cut short
    run = subprocess.run(
        [sys.executable, "-m", "dondoc", "extract", str(bad), str(good), "--out", str(tmp_path / "ra")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
    )
    assert run.returncode != 0
    assert "hỏng" in run.stdout + run.stderr
    assert (tmp_path / "ra" / "tot.json").is_file()
