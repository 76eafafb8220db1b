"""Which tables are task tables: the column titles (tasks.yaml table_columns) and the programmes that
are not. The titles and rows are made up."""

from __future__ import annotations

import io

import docx
import pytest

from dondoc.extract.tables import column_kind
from dondoc.pipeline import extract_bytes


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Các nhiệm vụ", "content"),
        ("Tên hoạt động", "content"),
        ("Bộ phận thực hiện", "lead"),
        ("Cơ quan chịu trách nhiệm", "lead"),
        ("Đơn vị đầu mối", "lead"),
        ("Đơn vị/cá nhân thực hiện", "lead"),
        ("Cơ quan tham gia", "support"),
        ("Hạn hoàn thành", "deadline"),
        ("Mốc thời gian", "deadline"),
        ("Ngày hoàn thành", "deadline"),
        ("Lãnh đạo phụ trách", None),  # the supervising leader, not who does the task
    ],
)
def test_more_column_titles(title: str, kind: str | None) -> None:
    assert column_kind(title) == kind


HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH HÒA LÂM",
    "Số: 9/KH-UBND",
    "Hòa Lâm, ngày 02 tháng 4 năm 2026",
    "KẾ HOẠCH",
    "Tổ chức hội nghị tổng kết năm 2025",
    "I. CHƯƠNG TRÌNH HỘI NGHỊ",
]
CLOSING = ["Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"]


def _table_tasks(rows: list[list[str]]) -> list[str]:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in CLOSING:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    result = extract_bytes(out.getvalue(), "ke-hoach.docx")
    return [t.content for t in result.tasks or [] if t.evidence.rule == "task.table_row"]


def test_a_programme_with_times_of_day_is_not_a_task_table() -> None:
    rows = [
        ["Thời gian", "Nội dung", "Người thực hiện"],
        ["8h00 - 8h30", "Đón tiếp đại biểu", "Trần Thị Mai"],
        ["8h30 - 9h00", "Báo cáo tổng kết", "Lê Văn Hùng"],
        ["9 giờ 00", "Thảo luận", "Lê Văn Hùng"],
    ]
    assert _table_tasks(rows) == []


def test_a_task_table_with_dates_is_read() -> None:
    rows = [
        ["Nội dung", "Người thực hiện", "Thời gian"],
        ["Chuẩn bị báo cáo tổng kết", "Lê Văn Hùng", "Trước ngày 20/4/2026"],
        ["Gửi giấy mời", "Trần Thị Mai", "15/4/2026"],
    ]
    assert _table_tasks(rows) == ["Chuẩn bị báo cáo tổng kết", "Gửi giấy mời"]
